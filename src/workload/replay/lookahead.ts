/**
 * The replay feed's bounded look-ahead window (workload option `lookahead`, docs/workloads.md §9).
 *
 * The feed reads records up to W ahead of simulated time and keeps them here, in reading order,
 * until their own time comes; every record is still *applied* at its own trace time, in the same
 * order as without look-ahead. One thing happens early: when the terminal record (finish / fail /
 * kill / evict / lost) of an incarnation whose trace start (`schedule`) is known enters the
 * buffer, the framework is told the trace run time (end − schedule) and the final state at once,
 * so a task the simulation started before the trace did ends at launch + run time instead of at
 * the trace's end. The terminal record, when applied later, only does the feed's bookkeeping.
 *
 * To know which incarnation a terminal record ends while its `submit` or `schedule` may still be
 * buffered, this keeps its own view of the incarnations as of the last record *read*: the same
 * transitions the feed makes when it applies records (submit replaces, schedule notes the start,
 * terminal ends), using the same pure predicates (window `before`, sampling, mapping), just earlier.
 *
 * Memory: the buffer holds only records dated within (now, now + W] (the feed does not buffer
 * records of sampled-out jobs); the incarnation view holds the live incarnations plus those whose
 * submit is buffered.
 */
import type { ReplayOutcome } from '../../frameworks/trace-replay.ts';
import type { TaskEventRecord, WorkloadRecord } from '../records.ts';
import { runFromWindow } from './window-clip.ts';

/** An end the framework is told ahead of its record. */
export interface AheadEnd {
  readonly framework: string;
  readonly key: string;
  readonly outcome: ReplayOutcome;
  readonly traceRunMs: number;
}

export interface Buffered {
  readonly r: WorkloadRecord;
  /** Simulation time at which the record is applied. */
  readonly atSimMs: number;
  /** A terminal record whose end the framework was already told: applying it must not end the task again. */
  told: boolean;
  /** A submit record whose incarnation's end was read while the submit was still buffered: tell right after submitting. */
  endAfterSubmit: AheadEnd | null;
  applied: boolean;
}

/** Pure decisions of the feed, asked at reading time; they must give the same answer at applying time. */
export interface AheadPolicy {
  /** Whether a task record takes effect at all (not dropped before the window, its job sampled in). */
  taskApplies(r: TaskEventRecord): boolean;
  /** The framework a submit is replayed to, or undefined when it is not replayed (unmapped, no request). */
  submitTarget(r: TaskEventRecord): string | undefined;
}

export class Lookahead {
  readonly windowMs: number;
  /** Largest number of records buffered at once. */
  peak = 0;
  private readonly policy: AheadPolicy;
  private readonly tell: (end: AheadEnd) => void;
  /** Trace time of the window start: run times are counted from it at most (window-clip.ts). */
  private readonly windowStartMs: number;
  private queue: Buffered[] = [];
  private head = 0;
  /** Incarnations as of the last record read: key → framework, trace start, its submit if still buffered. */
  private readonly incarnations = new Map<string, { framework: string; startMs: number | null; submit: Buffered | null }>();

  constructor(windowMs: number, windowStartMs: number, policy: AheadPolicy, tell: (end: AheadEnd) => void) {
    this.windowMs = windowMs;
    this.windowStartMs = windowStartMs;
    this.policy = policy;
    this.tell = tell;
  }

  get size(): number {
    return this.queue.length - this.head;
  }

  /** Simulation time of the oldest buffered record, or undefined when the buffer is empty. */
  headTime(): number | undefined {
    return this.head < this.queue.length ? this.queue[this.head].atSimMs : undefined;
  }

  /** Take the oldest buffered record if its time has come. */
  popDue(nowMs: number): Buffered | undefined {
    if (this.head >= this.queue.length || this.queue[this.head].atSimMs > nowMs) return undefined;
    const e = this.queue[this.head++];
    e.applied = true;
    // Compact now and then so the array does not grow with the trace.
    if (this.head > 1024 && this.head * 2 > this.queue.length) { this.queue = this.queue.slice(this.head); this.head = 0; }
    return e;
  }

  /**
   * A record just read from the source. `due`: its time has come and the buffer is empty, so the
   * feed applies it right away (it is not buffered, and a terminal record then ends its task the
   * ordinary way, at its own time, exactly as without look-ahead). Otherwise it is buffered.
   */
  read(r: WorkloadRecord, atSimMs: number, due: boolean): Buffered {
    const e: Buffered = { r, atSimMs, told: false, endAfterSubmit: null, applied: due };
    if (r.kind === 'task.event') this.track(r, e, due);
    if (!due) {
      this.queue.push(e);
      if (this.size > this.peak) this.peak = this.size;
    }
    return e;
  }

  private track(r: TaskEventRecord, e: Buffered, due: boolean): void {
    if (!this.policy.taskApplies(r)) return;
    const key = `${r.jobId}/${r.taskIndex}`;
    switch (r.event) {
      case 'submit': {
        const framework = this.policy.submitTarget(r);
        // Not replayed: the feed leaves any previous incarnation alone, so do we.
        if (framework === undefined) return;
        this.incarnations.set(key, { framework, startMs: null, submit: due ? null : e });
        return;
      }
      case 'schedule': {
        const inc = this.incarnations.get(key);
        if (inc) inc.startMs = r.atMs;
        return;
      }
      case 'finish': case 'fail': case 'kill': case 'evict': case 'lost': {
        const inc = this.incarnations.get(key);
        if (!inc) return;
        this.incarnations.delete(key);
        // Never started in the trace or ended before the window (no run time to tell), or already due: ended at its own time.
        const traceRunMs = runFromWindow(inc.startMs, r.atMs, this.windowStartMs);
        if (due || traceRunMs === null) return;
        const end: AheadEnd = { framework: inc.framework, key, outcome: outcomeOf(r.event), traceRunMs };
        e.told = true;
        // The submit is still buffered: the framework does not know the task yet; tell it right after the submit.
        if (inc.submit !== null && !inc.submit.applied) inc.submit.endAfterSubmit = end;
        else this.tell(end);
        return;
      }
      default:
    }
  }
}

/** The framework's view of a trace terminal event (kill, evict and lost all become TASK_KILLED). */
export function outcomeOf(event: 'finish' | 'fail' | 'kill' | 'evict' | 'lost'): ReplayOutcome {
  return event === 'finish' ? 'finish' : event === 'fail' ? 'fail' : 'kill';
}
