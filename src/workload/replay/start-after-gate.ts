/**
 * Google 2019 `start_after_collection_ids` in the replay (part of `workload.dependencies`, default
 * on). The proto (clusterdata_trace_format_v3.proto, CollectionEvent field 13) says: "IDs of
 * collections that must finish before this collection may start"; Borg kills a collection "because a
 * depended-upon collection died" (EventType KILL), so an ending of any kind (finish, fail, kill,
 * lost) lets the dependents go: if they were killed instead, the trace kills them too.
 *
 * In the trace a dependent collection started after the collections it lists had ended *there*.
 * Replayed, those may end later (their tasks queued), so the instances (tasks) of a collection with
 * `startAfter` are held back until every listed collection has ended *in the simulation*, then
 * submitted (their wait counts from the release). A collection has ended here when
 *   - the trace ended it (a finish / fail / kill / lost collection event was applied), and
 *   - every task of it replayed here is done (the trace ended it, or it never ran; a task the
 *     simulation lost and re-runs is not done, as in dependency-gate.ts).
 * A collection none of whose tasks run here (sampled out, unmapped, without a request) therefore
 * ends here when the trace ends it. A collection the replay has only seen tasks of (no collection
 * event, e.g. Google 2011 task_events alone) ends when its tasks are done.
 *
 * The decision is per collection, made when its first instance is submitted, as Borg decides when a
 * collection may start: only listed collections running here at that moment are waited for. One
 * that already ended here, or that the replay has not seen (the trace never shows it: it ended before
 * the trace's month began, and Borg starting the dependent proves it had finished), holds nothing
 * and is counted as `dependenciesNotRunning`. A collection listing itself is ignored.
 *
 * While held, an instance keeps following the trace: its terminal record before it ever ran there
 * (the trace cancelled it, e.g. killed with a dependency that died) drops it (`cancelledWhileHeld`);
 * a terminal record of a run the trace did make gives it that run time, which it runs once released.
 * A resubmission replaces the held incarnation.
 *
 * State is per collection running here (seen and not ended) and per open task, as in
 * dependency-gate.ts: ended collections are forgotten, so memory does not grow with the trace.
 */
import type { ReplayOutcome, ReplayTask } from '../../frameworks/trace-replay.ts';
import type { JobEventRecord } from '../records.ts';

interface Collection {
  readonly id: string;
  /** Replayed task incarnations of it not done here (held ones included). */
  open: number;
  /** A collection event of it was applied; one of them ended it. */
  known: boolean;
  traceEnded: boolean;
  startAfter: readonly string[] | null;
  /** Its own start: not decided yet (no instance so far), free, or held until the listed collections end here. */
  start: 'unchecked' | 'free' | HeldGroup;
  /** Held collections waiting for this one to end here. */
  waiters: HeldGroup[] | null;
}

interface HeldGroup {
  readonly collection: Collection;
  /** Listed collections still running here. */
  readonly waiting: Set<string>;
  readonly tasks: HeldTask[];
}

interface HeldTask {
  readonly framework: string;
  readonly task: ReplayTask;
  readonly heldAtMs: number;
  durationMs: number | null;
  outcome: ReplayOutcome;
  cancelled: boolean;
}

export interface StartAfterHost {
  readonly now: () => number;
  /** Submit a released task now. */
  readonly submit: (framework: string, task: ReplayTask) => void;
  /** After a batch of releases: let the frameworks revive. */
  readonly settle: () => void;
}

/** summary.json `replay.feed.startAfter`. */
export interface StartAfterStats {
  /** Collections whose start was held, and their instances (task incarnations) held back. */
  collectionsHeld: number;
  tasksHeld: number;
  /** Held instances submitted once the collections they come after had ended here. */
  released: number;
  /** Held instances the trace ended before they ever ran there (never submitted here). */
  cancelledWhileHeld: number;
  /** Held now (at the end of the run: never released), and the most held at once. */
  heldAtEnd: number;
  peakHeld: number;
  /** How long released instances were held (ms): sum, mean (rounded down), longest. */
  heldMsTotal: number;
  heldMsMean: number;
  heldMsMax: number;
  /** Listed collections that held nothing: ended here already, or not seen by the replay (unknown to the trace). */
  dependenciesNotRunning: number;
}

const TERMINAL = new Set(['finish', 'fail', 'kill', 'lost']);

export class StartAfterGate {
  readonly stats: StartAfterStats = {
    collectionsHeld: 0, tasksHeld: 0, released: 0, cancelledWhileHeld: 0, heldAtEnd: 0, peakHeld: 0,
    heldMsTotal: 0, heldMsMean: 0, heldMsMax: 0, dependenciesNotRunning: 0,
  };
  private readonly host: StartAfterHost;
  /** Collections running here: seen (a collection event or a task) and not ended here. */
  private readonly collections = new Map<string, Collection>();
  /** Open task keys → their collection and open incarnations under that key (a resubmission reuses the key). */
  private readonly ofTask = new Map<string, { collection: Collection; n: number }>();
  private readonly heldByKey = new Map<string, HeldTask>();

  constructor(host: StartAfterHost) {
    this.host = host;
  }

  /** A collection event (job.event) was applied. */
  collectionEvent(r: JobEventRecord): void {
    const c = this.collection(r.jobId);
    c.known = true;
    if (r.startAfter !== undefined) c.startAfter = r.startAfter.filter((id) => id !== r.jobId);
    if (TERMINAL.has(r.event)) {
      c.traceEnded = true;
      this.maybeEnded(c);
    }
  }

  /**
   * A task incarnation of `task.jobId` is submitted by the trace: true = submit it now; false = it
   * is held until the collections its collection comes after have ended here.
   */
  submit(framework: string, task: ReplayTask): boolean {
    const c = this.collection(task.jobId);
    c.open++;
    const t = this.ofTask.get(task.key);
    if (t) t.n++; else this.ofTask.set(task.key, { collection: c, n: 1 });
    if (c.start === 'unchecked') c.start = this.decide(c);
    if (c.start === 'free') return true;
    const h: HeldTask = { framework, task, heldAtMs: this.host.now(), durationMs: task.durationMs, outcome: task.outcome, cancelled: false };
    c.start.tasks.push(h);
    this.heldByKey.set(task.key, h);
    this.stats.tasksHeld++;
    this.stats.heldAtEnd++;
    if (this.stats.heldAtEnd > this.stats.peakHeld) this.stats.peakHeld = this.stats.heldAtEnd;
    return false;
  }

  /**
   * The trace ended a task incarnation after running `traceRunMs` (null: it never ran there), or a
   * resubmission replaced it. True when the incarnation is held here (the gate took the end);
   * false when the framework has it.
   */
  traceEnd(key: string, outcome: ReplayOutcome, traceRunMs: number | null): boolean {
    const h = this.heldByKey.get(key);
    if (!h) return false;
    if (traceRunMs !== null) {
      h.durationMs = traceRunMs;
      h.outcome = outcome;
      return true;
    }
    h.cancelled = true;
    this.heldByKey.delete(key);
    this.stats.cancelledWhileHeld++;
    this.stats.heldAtEnd--;
    this.taskDone(key);
    return true;
  }

  /** A task is done for good (the trace ended it, or it never ran); unknown keys are ignored. */
  taskDone(key: string): void {
    const t = this.ofTask.get(key);
    if (!t) return;
    if (--t.n === 0) this.ofTask.delete(key);
    t.collection.open--;
    this.maybeEnded(t.collection);
  }

  private collection(id: string): Collection {
    let c = this.collections.get(id);
    if (!c) {
      c = { id, open: 0, known: false, traceEnded: false, startAfter: null, start: 'unchecked', waiters: null };
      this.collections.set(id, c);
    }
    return c;
  }

  /** Whether a collection may start: free, or held until the listed collections running here have ended. */
  private decide(c: Collection): 'free' | HeldGroup {
    if (c.startAfter === null || c.startAfter.length === 0) return 'free';
    const waiting = new Set<string>();
    for (const id of c.startAfter) {
      if (this.collections.has(id)) waiting.add(id);
      else this.stats.dependenciesNotRunning++;
    }
    if (waiting.size === 0) return 'free';
    const g: HeldGroup = { collection: c, waiting, tasks: [] };
    for (const id of waiting) {
      const d = this.collections.get(id)!;
      if (d.waiters) d.waiters.push(g); else d.waiters = [g];
    }
    this.stats.collectionsHeld++;
    return g;
  }

  private maybeEnded(c: Collection): void {
    if (c.open > 0 || (c.known && !c.traceEnded)) return;
    if (this.collections.get(c.id) !== c) return; // already ended
    this.collections.delete(c.id);
    const waiters = c.waiters;
    if (!waiters) return;
    c.waiters = null;
    for (const g of waiters) {
      g.waiting.delete(c.id);
      if (g.waiting.size === 0) this.release(g);
    }
  }

  /** Every collection the group comes after has ended here: its held instances are submitted now. */
  private release(g: HeldGroup): void {
    if (g.collection.start === g) g.collection.start = 'free';
    const now = this.host.now();
    let any = false;
    for (const h of g.tasks) {
      if (h.cancelled) continue;
      this.heldByKey.delete(h.task.key);
      const heldMs = now - h.heldAtMs;
      const s = this.stats;
      s.released++;
      s.heldAtEnd--;
      s.heldMsTotal += heldMs;
      if (heldMs > s.heldMsMax) s.heldMsMax = heldMs;
      s.heldMsMean = Math.floor(s.heldMsTotal / s.released);
      this.host.submit(h.framework, { ...h.task, submittedAtMs: now, durationMs: h.durationMs, outcome: h.outcome });
      any = true;
    }
    g.tasks.length = 0;
    if (any) this.host.settle();
  }
}
