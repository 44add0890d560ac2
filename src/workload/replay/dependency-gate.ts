/**
 * Dependencies between replayed jobs and stages (`workload.dependencies`, default on): a
 * `job.submitted` record that names what must finish first — stages of its own job (`dependsOn`,
 * Alibaba 2018's DAG `M5_3_4`) or other jobs (`afterJobs` + `thinkTimeMs`, SWF's preceding job and
 * think time) — is held until those have finished *in the simulation*, and then the think time.
 * It is released at the later of its own trace time and that moment.
 *
 * In the trace a stage starts after its parents ended there; replayed, its parents may run later
 * (they queued), and without this gate the stage would run beside them. Only dependencies still
 * running are waited for: one that was never submitted (sampled out, before the window, outside the
 * trace) or that already finished holds nothing. So the state kept is per open stage and job, and
 * per held record; finished ones are forgotten. A record's tasks (`${base}/0` …) are noted as one
 * batch with a bit per task (`tasksSubmitted`), not an entry per task key.
 */
import type { JobSubmittedRecord } from '../records.ts';

interface Held {
  readonly record: JobSubmittedRecord;
  /** Dependencies (stage or job keys) still running. */
  readonly waiting: Set<string>;
  /** Not before: the end of a preceding job (`afterJobs`) + the think time. */
  notBeforeMs: number;
}

export interface DependencyGateHost {
  readonly now: () => number;
  /** Submit the record's tasks now, or after `ms` of simulated time. */
  readonly release: (record: JobSubmittedRecord) => void;
  readonly releaseAfter: (ms: number, record: JobSubmittedRecord) => void;
}

export class DependencyGate {
  /** Open (submitted, not finished) tasks per stage key (`job/stage`) and per job key. */
  private readonly open = new Map<string, number>();
  /** Task key → its stage and job keys, while the task is open (tasks noted one by one). */
  private readonly ofTask = new Map<string, { stage: string | null; job: string }>();
  /** Batches by key prefix: task `${base}/${i}` is open while done[i] is 0; dropped once none is. */
  private readonly batches = new Map<string, Batch>();
  private readonly waiters = new Map<string, Held[]>();
  private readonly host: DependencyGateHost;
  /** Records held now, and the most held at once. */
  held = 0;
  peakHeld = 0;
  /** Records that had to wait. */
  delayed = 0;

  constructor(host: DependencyGateHost) {
    this.host = host;
  }

  /** Submit now (true), or hold until the record's running dependencies have finished (false). */
  admit(r: JobSubmittedRecord): boolean {
    const waiting = new Set<string>();
    for (const s of r.dependsOn ?? []) if (this.open.has(stageKey(r.jobId, s))) waiting.add(stageKey(r.jobId, s));
    for (const j of r.afterJobs ?? []) if (this.open.has(j)) waiting.add(j);
    if (waiting.size === 0) return true;
    const h: Held = { record: r, waiting, notBeforeMs: 0 };
    for (const k of waiting) {
      const list = this.waiters.get(k);
      if (list) list.push(h); else this.waiters.set(k, [h]);
    }
    this.delayed++;
    this.held++;
    if (this.held > this.peakHeld) this.peakHeld = this.held;
    return false;
  }

  /** A task of the record was submitted under `taskKey`. */
  taskSubmitted(r: JobSubmittedRecord, taskKey: string): void {
    const stage = r.group === undefined ? null : stageKey(r.jobId, r.group);
    this.ofTask.set(taskKey, { stage, job: r.jobId });
    this.overwriteInBatch(taskKey);
    if (stage !== null) this.open.set(stage, (this.open.get(stage) ?? 0) + 1);
    this.open.set(r.jobId, (this.open.get(r.jobId) ?? 0) + 1);
  }

  /**
   * The record's `count` tasks were submitted as `${base}/0` … `${base}/${count - 1}`: the same as
   * `taskSubmitted` for each key in order, kept as one batch. Keys noted again (a record repeated in
   * the trace) are open again, each under the record that noted it last, as `taskSubmitted` does.
   */
  tasksSubmitted(r: JobSubmittedRecord, base: string, count: number): void {
    if (count <= 0) return;
    const stage = r.group === undefined ? null : stageKey(r.jobId, r.group);
    const b = this.batches.get(base);
    if (b !== undefined && (b.stage !== stage || b.job !== r.jobId)) {
      // Same keys, other stage or job (a job id containing '/'): noted one by one, over the batch's.
      for (let i = 0; i < count; i++) this.taskSubmitted(r, `${base}/${i}`);
      return;
    }
    if (this.ofTask.size > 0) for (let i = 0; i < count; i++) this.ofTask.delete(`${base}/${i}`);
    if (b === undefined) {
      this.batches.set(base, { stage, job: r.jobId, done: new Uint8Array(count), open: count });
    } else {
      if (b.done.length < count) { const done = new Uint8Array(count); done.set(b.done); done.fill(0, b.done.length); b.open += count - b.done.length; b.done = done; }
      for (let i = 0; i < count && i < b.done.length; i++) if (b.done[i] === 1) { b.done[i] = 0; b.open++; }
    }
    if (stage !== null) this.open.set(stage, (this.open.get(stage) ?? 0) + count);
    this.open.set(r.jobId, (this.open.get(r.jobId) ?? 0) + count);
  }

  /** A task finished for good (ended by the trace, or never ran); unknown keys are ignored. */
  taskDone(taskKey: string): void {
    let t: { stage: string | null; job: string } | undefined = this.ofTask.get(taskKey);
    if (t) this.ofTask.delete(taskKey);
    else if ((t = this.batchTaskDone(taskKey)) === undefined) return;
    if (t.stage !== null) this.close(t.stage);
    this.close(t.job);
  }

  /** Tasks noted now and not done: one by one and in batches (a test's view of what the gate holds). */
  openTasks(): { keys: number; batches: number; batchTasks: number } {
    let batchTasks = 0;
    for (const b of this.batches.values()) batchTasks += b.open;
    return { keys: this.ofTask.size, batches: this.batches.size, batchTasks };
  }

  /** The batch task `${base}/${i}` is done: its batch (undefined when no open batch task has that key). */
  private batchTaskDone(taskKey: string): Batch | undefined {
    const slash = taskKey.lastIndexOf('/');
    if (slash < 0) return undefined;
    const b = this.batches.get(taskKey.slice(0, slash));
    if (b === undefined) return undefined;
    const digits = taskKey.slice(slash + 1);
    const i = Number(digits);
    if (!Number.isInteger(i) || i < 0 || i >= b.done.length || String(i) !== digits || b.done[i] === 1) return undefined;
    b.done[i] = 1;
    if (--b.open === 0) this.batches.delete(taskKey.slice(0, slash));
    return b;
  }

  /** A key noted one by one replaces the batch's entry for it (Map.set semantics): the batch forgets it. */
  private overwriteInBatch(taskKey: string): void {
    if (this.batches.size === 0) return;
    const slash = taskKey.lastIndexOf('/');
    const b = slash < 0 ? undefined : this.batches.get(taskKey.slice(0, slash));
    if (b === undefined) return;
    const digits = taskKey.slice(slash + 1);
    const i = Number(digits);
    if (!Number.isInteger(i) || i < 0 || i >= b.done.length || String(i) !== digits || b.done[i] === 1) return;
    b.done[i] = 1;
    if (--b.open === 0) this.batches.delete(taskKey.slice(0, slash));
  }

  private close(key: string): void {
    const n = (this.open.get(key) ?? 1) - 1;
    if (n > 0) { this.open.set(key, n); return; }
    this.open.delete(key);
    const list = this.waiters.get(key);
    if (!list) return;
    this.waiters.delete(key);
    const now = this.host.now();
    for (const h of list) {
      h.waiting.delete(key);
      // SWF's think time runs from the end of the preceding job; a stage starts as its parents end.
      if (h.record.afterJobs?.includes(key)) h.notBeforeMs = Math.max(h.notBeforeMs, now + (h.record.thinkTimeMs ?? 0));
      if (h.waiting.size > 0) continue;
      this.held--;
      if (h.notBeforeMs > now) this.host.releaseAfter(h.notBeforeMs - now, h.record);
      else this.host.release(h.record);
    }
  }
}

interface Batch {
  readonly stage: string | null;
  readonly job: string;
  /** 1 = task i is done (or noted since one by one, under another record). */
  done: Uint8Array;
  open: number;
}

function stageKey(jobId: string, group: string): string {
  return `${jobId}/${group}`;
}
