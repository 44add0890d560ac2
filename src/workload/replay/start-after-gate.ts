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
 * collection may start. Each listed collection (a collection listing itself is ignored) is then
 *   - running here: waited for until it has ended here (above);
 *   - ended here already (remembered among the last ENDED_MEMORY collections that ended): holds nothing
 *     (`dependenciesEnded`);
 *   - not seen yet (`dependenciesUnseen`): a streaming replay cannot tell a collection that ended before
 *     the trace's month (the trace only shows collections alive in it; Borg starting the dependent
 *     proves it had finished) or before the remembered ones, from one the trace shows later (a pipeline
 *     whose later stage was submitted first, or at the same instant and read first). So the
 *     collection is held for it provisionally: if the listed collection appears (any record of it)
 *     while the dependent is still held, it becomes a dependency like any other and is waited for
 *     until it has ended here (`unseenSeenLater`); if the trace starts the dependent first (a
 *     `schedule` of one of its instances, or of the collection), Borg proves it was not waiting for it,
 *     so it is not waited for any longer (`unseenDroppedAtTraceStart`).
 * A dependency cycle (A after B after A, directly or through a chain) would hold every collection on
 * it forever. It is detected when the collection closing it decides: that collection does not wait
 * for the collections of the cycle here, but, like an unseen one, until the trace starts it (Borg
 * did not wait for a cycle either, or the trace would not have run it); counted in `cycles` and
 * reported as a trace warning (CS6013) through `host.warn`.
 *
 * While held, an instance keeps following the trace: its terminal record before it ever ran there
 * (the trace cancelled it, e.g. killed with a dependency that died) drops it (`cancelledWhileHeld`);
 * a terminal record of a run the trace did make gives it that run time, which it runs once released.
 * A resubmission replaces the held incarnation. Instances still held when the run ends (their
 * collections waited for never ended within it, or the trace never started them) are counted in
 * `heldAtEnd`, their collections in `collectionsHeldAtEnd`, and those of them still waiting for an
 * unseen collection or the trace's start in `collectionsWaitingOnTraceAtEnd`.
 *
 * Memory is bounded: state is per collection running here (seen and not ended), per open task, per
 * held collection (and the unseen ids it lists), plus the ids of the last ENDED_MEMORY collections
 * that ended (older ended ones count as unseen: held until the trace starts the dependent, which is
 * what the trace did). A held collection the trace ends before it starts is forgotten with its waits.
 */
import type { ReplayOutcome, ReplayTask } from '../../frameworks/trace-replay.ts';
import type { JobEventRecord } from '../records.ts';

/** How many ended collection ids are remembered (to tell "ended here" from "not seen yet"). */
export const ENDED_MEMORY = 65_536;

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
  /**
   * Held until the trace starts the collection, or (for the unseen ones) until they appear: listed
   * collections not seen when it decided, and those that would have closed a dependency cycle.
   */
  readonly untilTraceStart: Set<string>;
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
  /** A trace warning (a dependency cycle). */
  readonly warn: (message: string) => void;
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
  /** Collections held now (at the end of the run), and of those, the ones still waiting for an unseen collection or the trace's start. */
  collectionsHeldAtEnd: number;
  collectionsWaitingOnTraceAtEnd: number;
  /** How long released instances were held (ms): sum, mean (rounded down), longest. */
  heldMsTotal: number;
  heldMsMean: number;
  heldMsMax: number;
  /** Listed collections that had ended here already when the dependent decided (held nothing). */
  dependenciesEnded: number;
  /** Listed collections not seen yet when the dependent decided: of them, seen later while it was held (then waited for), and given up when the trace started the dependent. */
  dependenciesUnseen: number;
  unseenSeenLater: number;
  unseenDroppedAtTraceStart: number;
  /** Dependency cycles found (each broken where it closed: that collection waits for the trace to start it instead). */
  cycles: number;
}

const TERMINAL = new Set(['finish', 'fail', 'kill', 'lost']);

export class StartAfterGate {
  readonly stats: StartAfterStats = {
    collectionsHeld: 0, tasksHeld: 0, released: 0, cancelledWhileHeld: 0, heldAtEnd: 0, peakHeld: 0,
    collectionsHeldAtEnd: 0, collectionsWaitingOnTraceAtEnd: 0,
    heldMsTotal: 0, heldMsMean: 0, heldMsMax: 0,
    dependenciesEnded: 0, dependenciesUnseen: 0, unseenSeenLater: 0, unseenDroppedAtTraceStart: 0, cycles: 0,
  };
  private readonly host: StartAfterHost;
  private readonly endedMemory: number;
  /** Collections running here: seen (a collection event or a task) and not ended here. */
  private readonly collections = new Map<string, Collection>();
  /** Open task keys → their collection and open incarnations under that key (a resubmission reuses the key). */
  private readonly ofTask = new Map<string, { collection: Collection; n: number }>();
  private readonly heldByKey = new Map<string, HeldTask>();
  /** Unseen listed collection id → held groups provisionally waiting for it. */
  private readonly unseenWaiters = new Map<string, HeldGroup[]>();
  /** The last `endedMemory` collections that ended here: id → its slot's sequence number in the ring. */
  private readonly ended = new Map<string, number>();
  private readonly endedRing: string[] = [];
  private endedSeq = 0;

  constructor(host: StartAfterHost, endedMemory = ENDED_MEMORY) {
    this.host = host;
    this.endedMemory = endedMemory;
  }

  /** A collection event (job.event) was applied. */
  collectionEvent(r: JobEventRecord): void {
    const c = this.collection(r.jobId);
    c.known = true;
    if (r.startAfter !== undefined) c.startAfter = [...new Set(r.startAfter)].filter((id) => id !== r.jobId);
    if (r.event === 'schedule') this.traceStarted(r.jobId);
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
   * The trace started (scheduled) an instance of collection `jobId`, or the collection: Borg was not
   * waiting for anything then, so listed collections it has not shown by now are not waited for.
   */
  traceStarted(jobId: string): void {
    const c = this.collections.get(jobId);
    if (!c || c.start === 'unchecked' || c.start === 'free') return;
    const g = c.start;
    if (g.untilTraceStart.size === 0) return;
    for (const id of g.untilTraceStart) {
      if (this.dropUnseenWaiter(id, g)) this.stats.unseenDroppedAtTraceStart++;
    }
    g.untilTraceStart.clear();
    this.stats.collectionsWaitingOnTraceAtEnd--;
    if (g.waiting.size === 0) this.release(g);
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
      // Held collections listed it before it was seen: now they wait for it to end here.
      const groups = this.unseenWaiters.get(id);
      if (groups) {
        this.unseenWaiters.delete(id);
        for (const g of groups) {
          g.untilTraceStart.delete(id);
          if (g.untilTraceStart.size === 0) this.stats.collectionsWaitingOnTraceAtEnd--;
          g.waiting.add(id);
          this.stats.unseenSeenLater++;
        }
        c.waiters = groups;
      }
    }
    return c;
  }

  /** Whether a collection may start: free, or held until the listed collections running here have ended. */
  private decide(c: Collection): 'free' | HeldGroup {
    if (c.startAfter === null || c.startAfter.length === 0) return 'free';
    const waiting = new Set<string>();
    const untilTraceStart = new Set<string>();
    const unseen: string[] = [];
    for (const id of c.startAfter) {
      if (this.collections.has(id)) {
        if (!this.reaches(id, c.id)) { waiting.add(id); continue; }
        this.stats.cycles++;
        untilTraceStart.add(id);
        this.host.warn(`start_after_collection_ids: dependency cycle: ${c.id} comes after ${id}, which (directly or through others) comes after ${c.id}; ` +
          `${c.id} does not wait for ${id} here but for the trace to start it (summary.json replay.feed.startAfter.cycles)`);
      } else if (this.ended.has(id)) this.stats.dependenciesEnded++;
      else if (!untilTraceStart.has(id)) { this.stats.dependenciesUnseen++; untilTraceStart.add(id); unseen.push(id); }
    }
    if (waiting.size === 0 && untilTraceStart.size === 0) return 'free';
    const g: HeldGroup = { collection: c, waiting, untilTraceStart, tasks: [] };
    for (const id of waiting) {
      const d = this.collections.get(id)!;
      if (d.waiters) d.waiters.push(g); else d.waiters = [g];
    }
    for (const id of unseen) {
      const list = this.unseenWaiters.get(id);
      if (list) list.push(g); else this.unseenWaiters.set(id, [g]);
    }
    this.stats.collectionsHeld++;
    this.stats.collectionsHeldAtEnd++;
    if (untilTraceStart.size > 0) this.stats.collectionsWaitingOnTraceAtEnd++;
    return g;
  }

  /** Whether collection `from` waits here (directly or through other held collections) for `target`. */
  private reaches(from: string, target: string): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id === target) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      const start = this.collections.get(id)?.start;
      if (start !== undefined && typeof start !== 'string') for (const w of start.waiting) stack.push(w);
    }
    return false;
  }

  /** Removes `g` from the groups provisionally waiting for unseen `id`; false when it was not one (a cycle's). */
  private dropUnseenWaiter(id: string, g: HeldGroup): boolean {
    const list = this.unseenWaiters.get(id);
    if (!list) return false;
    const i = list.indexOf(g);
    if (i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) this.unseenWaiters.delete(id);
    return true;
  }

  private remember(id: string): void {
    if (this.endedMemory <= 0) return;
    const seq = this.endedSeq++;
    const slot = seq % this.endedMemory;
    const old = this.endedRing[slot];
    if (old !== undefined && this.ended.get(old) === seq - this.endedMemory) this.ended.delete(old);
    this.endedRing[slot] = id;
    this.ended.set(id, seq);
  }

  private maybeEnded(c: Collection): void {
    if (c.open > 0 || (c.known && !c.traceEnded)) return;
    if (this.collections.get(c.id) !== c) return; // already ended
    this.collections.delete(c.id);
    this.remember(c.id);
    // Held and ended before it started (the trace cancelled its instances): forget its waits.
    if (typeof c.start !== 'string') this.forget(c.start);
    const waiters = c.waiters;
    if (!waiters) return;
    c.waiters = null;
    for (const g of waiters) {
      if (!g.waiting.delete(c.id)) continue;
      if (g.waiting.size === 0 && g.untilTraceStart.size === 0) this.release(g);
    }
  }

  /** A held collection ended here without starting: it no longer waits for anything. */
  private forget(g: HeldGroup): void {
    for (const id of g.untilTraceStart) this.dropUnseenWaiter(id, g);
    if (g.untilTraceStart.size > 0) this.stats.collectionsWaitingOnTraceAtEnd--;
    g.untilTraceStart.clear();
    for (const id of g.waiting) {
      const d = this.collections.get(id);
      if (d?.waiters) {
        const i = d.waiters.indexOf(g);
        if (i >= 0) d.waiters.splice(i, 1);
      }
    }
    g.waiting.clear();
    this.stats.collectionsHeldAtEnd--;
    g.collection.start = 'free';
  }

  /** Every collection the group comes after has ended here: its held instances are submitted now. */
  private release(g: HeldGroup): void {
    if (g.collection.start !== g) return;
    g.collection.start = 'free';
    this.stats.collectionsHeldAtEnd--;
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
