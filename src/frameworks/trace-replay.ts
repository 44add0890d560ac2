/**
 * The trace-replay framework: runs the tasks a workload feed hands it (a public trace or a
 * synthetic generator, mapped by src/workload/replay). It is deliberately plain — the trace's own
 * scheduler made the placement decisions we want the allocator to remake:
 *
 * - Queued tasks are placed first-fit into offers, highest priority first, FIFO within a
 *   priority; at most `maxScan` queued tasks are looked at per offer, and once a shape does not
 *   fit, later tasks of that shape are skipped for that offer.
 * - A task's run time is the trace's when known at launch (`durationMs`). Otherwise (Google
 *   `task_events`, where the end comes later in the stream) it runs until the feed reports the
 *   trace's terminal event: the task then ends at launch + the trace's run time, or at once if
 *   that is already past (the feed reads the trace in time order, so a task the simulation
 *   started earlier than the trace did cannot know its end sooner — unless the workload's
 *   `lookahead` window W reads the terminal record up to W early; src/workload/replay/lookahead.ts).
 * - Terminal states follow the trace: finish → TASK_FINISHED, fail → TASK_FAILED, kill / evict /
 *   lost → TASK_KILLED. A task killed in the trace before it ever ran leaves the queue.
 * - A task the simulation ends, not the trace (lost with its agent, killed by draining or
 *   maintenance, revoked), is queued again and runs from the start, as Borg reschedules a task it
 *   lost (`rerunLost`, default on): the trace never says, since in the trace it kept running. If the
 *   lost task comes back (its agent reregisters, mesos-semantics §6.2) before the re-run started,
 *   the re-run is called off; after, the task that came back is killed.
 * - `distinctMachines` (Google's different-machines flag) becomes UNIQUE hostname per job; other
 *   constraints are placement constraints on agent attributes.
 * - With an empty queue it suppresses; new work revives it.
 * - Under the monolithic baseline (`master.offerModel: monolithic`, pending-work.ts) it takes no
 *   offers: the tasks of one job submitted at one instant are handed to the central scheduler as one
 *   job with the trace's priority (decided highest priority first, as the trace's own Borg-style
 *   scheduler did), and its placement constraints as the job's placement check. A trace end that
 *   arrives while a task is still queued there updates the run time it will launch with; a task the
 *   trace killed before it ran is taken back.
 */
import { subtract, type Resources } from '../cluster/resources.ts';
import type { AgentView, CentralQueue, PlacementCheck, WorkClient } from '../master/monolithic/pending-work.ts';
import type { OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch, TaskState, TaskUpdate } from '../master/scheduler.ts';
import { fit, fitTotals, mayFit, shapeOf, type FitTotals, type TaskShape } from './fit.ts';
import { NoFitMemo } from './no-fit-memo.ts';
import { onlyNarrows, PlacementGroup, type PlacementConstraint } from './placement.ts';
import { registerFramework, type FrameworkContext } from './registry.ts';
import type { ReplayHub } from './replay-hub.ts';
import { ReplayQueue, type QueueEntry } from './replay-queue.ts';
import { RECONCILIATION_REASON } from '../master/kill-reconciliation.ts';
import { QOS_CORRECTION_REASON } from '../master/oversubscription/types.ts';
import { DEFAULT_RETRY_DELAY_MS } from './batch.ts';
import { endOwnTask } from './task-end.ts';
import { Deliberation, type ThinkTime } from './think-time.ts';

export type ReplayOutcome = 'finish' | 'fail' | 'kill';

export interface ReplayTask {
  /** Unique per incarnation within the framework (`job-1/3`, `job-7/stage-2/0`). */
  readonly key: string;
  readonly jobId: string;
  readonly resources: Resources;
  /** Known run time, or null = until the trace reports the end. */
  readonly durationMs: number | null;
  readonly outcome: ReplayOutcome;
  readonly priority: number;
  readonly submittedAtMs: number;
  readonly revocable: boolean;
  readonly distinctMachines: boolean;
  readonly constraints: readonly PlacementConstraint[];
  /** Rigid: the tasks sharing this key start together or not at all (map rule `gang`). */
  readonly gang?: { readonly key: string; readonly size: number };
}

/**
 * `count` identical tasks submitted at once (a trace job's instances): task i is `task` with key
 * `${base}/${i}`. Queued as one entry and made a task of its own only when it launches, so a job of
 * thousands of instances waiting for offers costs one entry (docs/workloads.md "Memory"). Never a gang.
 */
export interface ReplayBatch {
  readonly base: string;
  readonly count: number;
  /** What every task of the batch is; its `key` is not used (each task's is `${base}/${i}`). */
  readonly task: ReplayTask;
}

export interface TraceReplaySpec {
  readonly type: 'trace-replay';
  readonly refuseSeconds: number;
  readonly maxScan: number;
  /** Re-run tasks the simulation ended (default true). */
  readonly rerunLost?: boolean;
  /** While a gang waits, keep the offers nothing took for up to this long instead of declining them (0: never). */
  readonly gangHoldMs?: number;
  readonly think: ThinkTime;
}

interface Queued extends QueueEntry {
  /** The task, or for a batch what each of its tasks is (keys from `batch`). */
  readonly task: ReplayTask;
  readonly shape: TaskShape;
  readonly shapeKey: string;
  durationMs: number | null;
  outcome: ReplayOutcome;
  /** A batch's key prefix and the index of its next task to launch; null for a single task. */
  readonly batch: { readonly base: string; next: number } | null;
}

/** Where a task is placed: an offer, or the agent the central scheduler chose (same fields). */
type Placed = Pick<OfferView, 'hostname' | 'attributes' | 'agentId'>;

/** A task handed to the central scheduler (monolithic mode), until it launches or is taken back. */
interface Handed {
  readonly task: ReplayTask;
  /** The launch the central scheduler will make: its run time follows trace ends that arrive meanwhile. */
  readonly launch: { taskId: string; resources: Resources; durationMs: number | null; jobId: string; submittedAtMs: number };
  durationMs: number | null;
  outcome: ReplayOutcome;
  /** Still in `toHand` (not yet submitted to the central scheduler). */
  buffered: boolean;
}

interface Running {
  readonly taskId: string;
  readonly task: ReplayTask;
  readonly key: string;
  readonly jobId: string;
  readonly launchedAtMs: number;
  readonly offer: Placed;
  /** The trace run time was known at launch (the launch ends it), or null when the trace will tell. */
  readonly known: boolean;
  /** The trace run time once known (at launch or from the trace's end), for a re-run. */
  durationMs: number | null;
  outcome: ReplayOutcome;
}

/** Terminal states the simulation gives a task the trace did not end (a re-run follows, `rerunLost`). */
const ENDED_BY_SIMULATION: ReadonlySet<TaskState> = new Set<TaskState>([
  'TASK_LOST', 'TASK_KILLED', 'TASK_FAILED', 'TASK_ERROR', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR', 'TASK_DROPPED', 'TASK_UNREACHABLE',
]);

export interface ReplayStats {
  submitted: number;
  launched: number;
  endedByTrace: number;
  cancelledBeforeStart: number;
  finished: number;
  failed: number;
  killed: number;
  lost: number;
  /** Tasks queued again after the simulation ended them (`rerunLost`). */
  rerun: number;
  /** Lost tasks that came back (their agent reregistered): `rerunCalledOff` of them before their re-run started. */
  cameBack: number;
  rerunCalledOff: number;
  /** Offers whose queue scan stopped at `maxScan` with tasks not looked at. */
  scanCutShort: number;
}

export class TraceReplayScheduler implements Scheduler, WorkClient {
  readonly spec: TraceReplaySpec;
  readonly stats: ReplayStats = { submitted: 0, launched: 0, endedByTrace: 0, cancelledBeforeStart: 0, finished: 0, failed: 0, killed: 0, lost: 0, rerun: 0, cameBack: 0, rerunCalledOff: 0, scanCutShort: 0 };
  private readonly ctx: FrameworkContext;
  private readonly hub: ReplayHub | undefined;
  private readonly think: Deliberation;
  private readonly queue = new ReplayQueue<Queued>();
  /** Queued tasks of each gang, in queue order. */
  private readonly gangs = new Map<string, Queued[]>();
  /** Offers kept for a waiting gang (`gangHold`), and when that hold ends (null: none). */
  private readonly heldForGang = new Map<string, OfferView>();
  private holdEndsAtMs: number | null = null;
  /** Per shape id: the offer (by stamp) it was found not to fit. */
  private readonly tooBigIn: number[] = [];
  private offerStamp = 0;
  /** The last scan in which everything looked at was too big, to answer leftovers like it without a scan. */
  private readonly noFit = new NoFitMemo();
  private readonly queuedByKey = new Map<string, Queued>();
  private readonly running = new Map<string, Running>(); // by key
  private readonly keyOfTask = new Map<string, string>();
  private readonly distinct = new Map<string, PlacementGroup>(); // by job
  private readonly constraintGroups = new Map<string, PlacementGroup>();
  private pending = 0;
  private readonly queuedPerJob = new Map<string, number>();
  private suppressed = false;
  private taskSeq = 0;
  /** Monolithic mode: the central scheduler; tasks submitted this instant, grouped into jobs; handed-over tasks by key. */
  private central: CentralQueue | null = null;
  private readonly toHand = new Map<string, Handed[]>();
  private readonly handedByKey = new Map<string, Handed>();
  /** Tasks this scheduler ended itself, as the trace said (their end is not the simulation's). */
  private readonly endedHere = new Set<string>();
  /** Tasks given up as lost (they may come back, §6.2), by task id. */
  private readonly givenUp = new Map<string, Running>();

  constructor(spec: TraceReplaySpec, ctx: FrameworkContext, hub?: ReplayHub) {
    this.spec = spec;
    this.ctx = ctx;
    this.hub = hub;
    this.think = new Deliberation(spec.think);
  }

  useCentralScheduler(central: CentralQueue): void {
    this.central = central;
  }

  start(driver: SchedulerDriver): void {
    this.suppressed = true;
    driver.suppress();
    this.hub?.attach(this.ctx.frameworkId, this, driver);
  }

  pendingWork(): number {
    return this.pending;
  }

  /** Metrics view (src/metrics/scheduler-metrics.ts): a job with queued tasks is not complete. */
  queuedTasksOf(jobId: string): number {
    return this.queuedPerJob.get(jobId) ?? 0;
  }

  submit(task: ReplayTask, _driver: SchedulerDriver): void {
    if (this.central) { this.handOver(task); return; }
    const { shape, key } = sharedShape(task.resources, task.revocable);
    // A gang's tasks get a shape of their own: whether they start is decided for the gang as a whole.
    const shapeKey = task.gang ? `gang\u0000${task.gang.key}` : key;
    const q: Queued = {
      task, shape, shapeKey, durationMs: task.durationMs, outcome: task.outcome,
      priority: task.priority, shapeId: -1, removed: false, run: null, count: 1, batch: null,
    };
    this.queue.add(q, q.shapeKey);
    if (task.gang) {
      const members = this.gangs.get(task.gang.key);
      if (members) members.push(q); else this.gangs.set(task.gang.key, [q]);
    }
    this.queuedByKey.set(task.key, q);
    this.queuedPerJob.set(task.jobId, (this.queuedPerJob.get(task.jobId) ?? 0) + 1);
    this.pending++;
    this.stats.submitted++;
  }

  /**
   * `b.count` tasks at once, queued as one entry: the same as submitting `${b.base}/0` … in order
   * (same launches, same order), without an object per task until it launches. Under the central
   * scheduler (monolithic mode) they are handed over one by one as before.
   */
  submitBatch(b: ReplayBatch, driver: SchedulerDriver): void {
    if (b.count <= 0) return;
    if (b.task.gang) throw new Error('internal: a gang is submitted task by task');
    if (this.central) {
      for (let i = 0; i < b.count; i++) this.submit({ ...b.task, key: `${b.base}/${i}` }, driver);
      return;
    }
    const { shape, key } = sharedShape(b.task.resources, b.task.revocable);
    const q: Queued = {
      task: b.task, shape, shapeKey: key, durationMs: b.task.durationMs, outcome: b.task.outcome,
      priority: b.task.priority, shapeId: -1, removed: false, run: null, count: b.count, batch: { base: b.base, next: 0 },
    };
    this.queue.add(q, q.shapeKey);
    this.queuedPerJob.set(b.task.jobId, (this.queuedPerJob.get(b.task.jobId) ?? 0) + b.count);
    this.pending += b.count;
    this.stats.submitted += b.count;
  }

  /** What its queue holds now: tasks, and the entries they take (a batch is one). Tests and `clustersim` debugging. */
  queueFootprint(): { tasks: number; entries: number } {
    return { tasks: this.queue.size, entries: this.queue.entries };
  }

  /** The trace says this incarnation ended after running `traceRunMs` (null = never ran in the trace). */
  end(key: string, outcome: ReplayOutcome, traceRunMs: number | null, driver: SchedulerDriver): void {
    const h = this.handedByKey.get(key);
    if (h) { this.endHanded(h, outcome, traceRunMs); return; }
    const q = this.queuedByKey.get(key);
    if (q) {
      if (traceRunMs === null) { this.dequeue(q); this.stats.cancelledBeforeStart++; this.hub?.taskDone(key); return; }
      q.durationMs = traceRunMs;
      q.outcome = outcome;
      return;
    }
    const r = this.running.get(key);
    if (!r || r.known) return;
    if (traceRunMs === null && this.think.isPending(r.taskId)) { this.takeBackLaunch(r); return; }
    this.stats.endedByTrace++;
    r.durationMs = traceRunMs;
    r.outcome = outcome;
    const left = traceRunMs === null ? 0 : r.launchedAtMs + traceRunMs - driver.now;
    if (left <= 0) this.finish(r, outcome, driver);
    else driver.setTimer(left, { replayEnd: r.taskId, outcome });
  }

  settle(driver: SchedulerDriver): void {
    if (this.central) { this.submitHanded(); return; } // no offers to revive for: stays suppressed
    const needs = this.pending > 0;
    if (needs && this.suppressed) { this.suppressed = false; driver.revive(); }
    else if (!needs && !this.suppressed) { this.suppressed = true; driver.suppress(); }
  }

  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): OfferReply | void {
    const accept: { offerId: string; launch: TaskLaunch[]; refuseSeconds: number }[] = [];
    const decline: { offerId: string; refuseSeconds: number }[] = [];
    const planned: { q: Queued; task: ReplayTask; taskId: string; offer: OfferView }[] = [];
    // The offers held for a waiting gang (gangHold) come first: gangs may use them, other work may not.
    if (this.heldForGang.size > 0) {
      const outstanding = new Set(driver.heldOffers().map((o) => o.id));
      for (const id of [...this.heldForGang.keys()]) if (!outstanding.has(id)) this.heldForGang.delete(id);
    }
    const pool = [...this.heldForGang.values(), ...offers];
    const first = this.heldForGang.size;
    // Per offer: what is left of it and what it launches (a gang may take from several offers).
    const remaining = pool.map((o) => o.resources);
    const launches: TaskLaunch[][] = pool.map(() => []);
    const gangsTried = new Set<string>();
    let gangWaits = false;
    const launch = (q: Queued, oi: number, picked: Resources): void => {
      const taskId = `${this.ctx.frameworkId}-t${String(++this.taskSeq).padStart(7, '0')}`;
      launches[oi].push({ taskId, resources: picked, durationMs: q.outcome === 'finish' ? q.durationMs : null, jobId: q.task.jobId, submittedAtMs: q.task.submittedAtMs });
      planned.push({ q, task: this.takeNext(q), taskId, offer: pool[oi] });
    };
    pool.forEach((offer, oi) => {
      if (oi < first) return;
      let totals: FitTotals | null = null;
      // A leftover too small for every shape the last such scan looked at, the queue unchanged since
      // (no-fit-memo.ts): that scan's outcome, without scanning. Not with gangs queued (trying one
      // has effects of its own).
      const version = this.queue.version;
      const memoUsable = this.gangs.size === 0;
      if (memoUsable) {
        totals = fitTotals(remaining[oi]);
        const cutShort = this.noFit.recall(version, totals);
        if (cutShort !== null) { if (cutShort) this.stats.scanCutShort++; return; }
      }
      // Shapes found not to fit this offer (stamped): later tasks of those shapes are skipped, and
      // once every queued shape is among them, nothing else can fit.
      const stamp = ++this.offerStamp;
      let tooBig = 0;
      let scanned = 0;
      const cutBefore = this.stats.scanCutShort;
      const tooBigShapes: TaskShape[] = []; // the shapes looked at, while all of them were too big (for the memo)
      let onlyTooBig = true;
      // The rest of a run of same-shape tasks that did not fit is one step, however long the run: a
      // scheduler checks a job's identical tasks once (Borg's equivalence classes), so one job that
      // can never fit does not hide the tasks queued behind it.
      const passedRun = (): boolean => {
        if (++scanned <= this.spec.maxScan) return true;
        this.stats.scanCutShort++;
        return false;
      };
      this.queue.scan((q) => {
        if (++scanned > this.spec.maxScan) { this.stats.scanCutShort++; return false; }
        const gang = q.task.gang;
        if (gang) {
          // A gang is tried once per batch, across all its offers; its shape is its own, so the
          // stamp passes over the rest of its tasks (those of a gang that started are gone).
          if (!gangsTried.has(gang.key)) {
            gangsTried.add(gang.key);
            if (this.startGang(gang.key, pool, remaining, launch)) { totals = null; return remaining[oi].length > 0; }
            gangWaits = true;
          }
          onlyTooBig = false;
          this.tooBigIn[q.shapeId] = stamp; // waits: it counts as a shape that does not fit here
          return ++tooBig < this.queue.distinctShapes;
        }
        // Whether the shape fits does not depend on placement, so the cheap size check goes first.
        totals ??= fitTotals(remaining[oi]);
        if (!mayFit(totals, q.shape)) {
          if (onlyTooBig) tooBigShapes.push(q.shape);
          this.tooBigIn[q.shapeId] = stamp;
          return ++tooBig < this.queue.distinctShapes;
        }
        onlyTooBig = false;
        if (!this.placeable(q.task, offer)) return true;
        const picked = fit(remaining[oi], q.shape);
        if (!picked) { this.tooBigIn[q.shapeId] = stamp; return ++tooBig < this.queue.distinctShapes; }
        remaining[oi] = subtract(remaining[oi], picked);
        totals = null;
        launch(q, oi, picked);
        this.place(q.task, offer, 1);
        return remaining[oi].length > 0;
      }, (shapeId) => this.tooBigIn[shapeId] === stamp, passedRun);
      if (memoUsable && onlyTooBig) this.noFit.record(version, tooBigShapes, this.stats.scanCutShort > cutBefore);
    });
    // A gang that waits keeps the offers nothing took (gangHold), up to the hold's end; otherwise
    // they are declined as usual.
    const hold = gangWaits && (this.spec.gangHoldMs ?? 0) > 0;
    pool.forEach((offer, oi) => {
      if (launches[oi].length > 0) {
        accept.push({ offerId: offer.id, launch: launches[oi], refuseSeconds: this.spec.refuseSeconds });
        this.heldForGang.delete(offer.id);
      } else if (hold) {
        this.heldForGang.set(offer.id, offer);
      } else {
        decline.push({ offerId: offer.id, refuseSeconds: this.spec.refuseSeconds });
        this.heldForGang.delete(offer.id);
      }
    });
    if (hold && this.holdEndsAtMs === null) {
      this.holdEndsAtMs = driver.now + this.spec.gangHoldMs!;
      driver.setTimer(this.spec.gangHoldMs!, { gangHoldEnd: this.holdEndsAtMs });
    }
    if (this.heldForGang.size === 0) this.holdEndsAtMs = null;
    this.settle(driver);
    const reply = this.think.submit(driver, { accept, decline }, (lost) => {
      for (const l of lost) {
        const key = this.keyOfTask.get(l.taskId!);
        const r = key === undefined ? undefined : this.running.get(key);
        if (!r) continue;
        this.forget(r);
        // Queued again as it was, with what the trace told meanwhile (its end may have come).
        this.submit({ ...r.task, durationMs: r.durationMs, outcome: r.outcome }, driver);
        this.stats.submitted--;
      }
      this.settle(driver);
    }, (l) => this.tracks(l.taskId!)); // a launch taken back while thinking (takeBackLaunch) is not sent
    // The launches take effect when the think time is over (at once without one): trace run times count from then.
    const launchAt = reply === undefined ? this.think.readyAtMs : driver.now;
    for (const { q, task, taskId, offer } of planned) {
      const known = q.durationMs !== null;
      this.running.set(task.key, { taskId, task, key: task.key, jobId: task.jobId, launchedAtMs: launchAt, offer, known, durationMs: q.durationMs, outcome: q.outcome });
      this.keyOfTask.set(taskId, task.key);
      this.stats.launched++;
      // A known run that the trace says failed or was killed ends by its executor's report.
      if (known && q.outcome !== 'finish') driver.setTimer(launchAt - driver.now + q.durationMs!, { replayEnd: taskId, outcome: q.outcome });
    }
    return reply;
  }

  /**
   * Start every queued task of a gang at once, first fit over the batch's offers in their order, or
   * none (a rigid parallel job: `gang` in the workload map). Mesos has no gang scheduling: a
   * framework gets what one allocation run offers it, so a gang larger than that waits, and
   * smaller work behind it goes first (backfilling without a reservation).
   */
  private startGang(key: string, offers: readonly OfferView[], remaining: Resources[], launch: (q: Queued, oi: number, picked: Resources) => void): boolean {
    const members = [...(this.gangs.get(key) ?? [])];
    // The usual answer, cheaply: the whole batch holds less than the gang needs.
    const need = new Map<string, number>();
    for (const q of members) for (const [n, v] of q.shape.quantities) need.set(n, (need.get(n) ?? 0) + v);
    const have = new Map<string, number>();
    for (const rs of remaining) {
      const t = fitTotals(rs);
      for (const [n, v] of members[0]?.shape.revocable ? t.withRevocable : t.regular) have.set(n, (have.get(n) ?? 0) + v);
    }
    for (const [n, v] of need) if (v > (have.get(n) ?? 0)) return false;
    const left = [...remaining];
    const chosen: { q: Queued; oi: number; picked: Resources }[] = [];
    for (const q of members) {
      let placed = false;
      for (let oi = 0; oi < offers.length && !placed; oi++) {
        if (!this.placeable(q.task, offers[oi])) continue;
        const picked = fit(left[oi], q.shape);
        if (!picked) continue;
        left[oi] = subtract(left[oi], picked);
        this.place(q.task, offers[oi], 1); // counted at once: a gang's own tasks spread too
        chosen.push({ q, oi, picked });
        placed = true;
      }
      if (!placed) {
        for (const c of chosen) this.place(c.q.task, offers[c.oi], -1);
        return false;
      }
    }
    for (let oi = 0; oi < left.length; oi++) remaining[oi] = left[oi];
    for (const c of chosen) launch(c.q, c.oi, c.picked);
    return true;
  }

  /**
   * Updates of tasks it does not run (any more) are ignored: the answer to a kill of a task the master
   * no longer has (reason `reconciliation`, src/master/kill-reconciliation.ts) after the task's own
   * end, an older update still queued. One that shows up running is killed (below).
   */
  onTaskUpdate(u: TaskUpdate, driver: SchedulerDriver): void {
    if (u.state === 'TASK_RUNNING') { this.cameBack(u.taskId, driver); return; }
    const key = this.keyOfTask.get(u.taskId);
    if (key === undefined) return;
    const r = this.running.get(key);
    if (!r || r.taskId !== u.taskId) return;
    const endedHere = this.endedHere.delete(u.taskId);
    // The trace ended it and the master answers the kill by reconciliation, not having the task
    // (its own end, e.g. TASK_LOST, still on its way): it counts as the trace's end, not as a loss.
    this.count(endedHere && u.reason === RECONCILIATION_REASON ? stateOf(r.outcome) : u.state);
    this.forget(r);
    const byTrace = endedHere || u.state === 'TASK_FINISHED';
    if (byTrace || this.spec.rerunLost === false || !ENDED_BY_SIMULATION.has(u.state)) { this.hub?.taskDone(key); return; }
    if (u.state === 'TASK_LOST' || u.state === 'TASK_UNREACHABLE') this.givenUp.set(r.taskId, r);
    const rerun: ReplayTask = { ...r.task, submittedAtMs: driver.now, durationMs: r.durationMs, outcome: r.outcome };
    // Revoked by QoS: queued again after the batch model's retry delay (our default, batch.ts), not at
    // once, which relaunched it into the same revocable slot to be revoked again in the same instant,
    // forever (the run never ended).
    if (u.reason?.startsWith(QOS_CORRECTION_REASON) === true) { this.waitToRerun(rerun, driver); return; }
    this.rerun(rerun, driver);
  }

  /** The re-run waits, counted as queued work meanwhile (its job is not complete, pendingWork counts it). */
  private waitToRerun(task: ReplayTask, driver: SchedulerDriver): void {
    this.queuedPerJob.set(task.jobId, (this.queuedPerJob.get(task.jobId) ?? 0) + 1);
    this.pending++;
    driver.setTimer(DEFAULT_RETRY_DELAY_MS, { rerunRevoked: task });
  }

  private rerunAfterWait(task: ReplayTask, driver: SchedulerDriver): void {
    const n = this.queuedPerJob.get(task.jobId)! - 1;
    if (n > 0) this.queuedPerJob.set(task.jobId, n); else this.queuedPerJob.delete(task.jobId);
    this.pending--;
    this.rerun({ ...task, submittedAtMs: driver.now }, driver);
  }

  /** Run a task the simulation ended again from the start, as a new submission now; its trace run time, if known, goes with it. */
  private rerun(task: ReplayTask, driver: SchedulerDriver): void {
    this.stats.rerun++;
    this.submit(task, driver);
    this.stats.submitted--;
    this.settle(driver);
  }

  /**
   * A task given up as lost runs after all (its agent reregistered; since Mesos 1.5 its tasks are
   * not killed, §6.2). A re-run not started yet is called off and the task that came back carries
   * on; otherwise the task that came back is killed, so the work runs once.
   */
  private cameBack(taskId: string, driver: SchedulerDriver): void {
    const r = this.givenUp.get(taskId);
    if (!r) {
      // Not given up and not run (any more): one it killed when it came back before, whose kill the
      // master answered by reconciliation while its agent was unreachable again, and that is back
      // again. Killed again, as often as it comes back: its work runs elsewhere or is over.
      if (!this.tracks(taskId)) driver.killTask(taskId);
      return;
    }
    this.givenUp.delete(taskId);
    this.stats.cameBack++;
    const rerun = this.takeBackRerun(r.key);
    if (rerun === null || this.running.has(r.key)) {
      driver.killTask(taskId); // its updates are ignored from now on (it is not in `running`)
      return;
    }
    this.stats.rerunCalledOff++;
    this.running.set(r.key, r);
    this.keyOfTask.set(taskId, r.key);
    this.place(r.task, r.offer, 1);
    // The trace's end may have been told to the re-run meanwhile.
    if (!r.known && rerun.durationMs !== null) {
      r.durationMs = rerun.durationMs;
      r.outcome = rerun.outcome;
      const left = r.launchedAtMs + rerun.durationMs - driver.now;
      if (left <= 0) this.finish(r, rerun.outcome, driver);
      else driver.setTimer(left, { replayEnd: taskId, outcome: rerun.outcome });
    }
  }

  /** Take a queued (or handed-over) re-run of the trace task back; null when none is waiting. */
  private takeBackRerun(key: string): { durationMs: number | null; outcome: ReplayOutcome } | null {
    const q = this.queuedByKey.get(key);
    if (q) { this.dequeue(q); return q; }
    const h = this.handedByKey.get(key);
    if (!h) return null;
    if (!h.buffered && this.central!.withdraw([h.launch.taskId]) === 0) return null;
    h.buffered = false; // a buffered one is dropped when its group is submitted
    this.forgetHanded(h);
    return h;
  }

  onTimer(token: unknown, driver: SchedulerDriver): void {
    if (this.think.handles(token)) { this.think.fire(token, driver); return; }
    if (typeof token === 'object' && token !== null && 'gangHoldEnd' in token) { this.endGangHold(token.gangHoldEnd as number, driver); return; }
    if (typeof token === 'object' && token !== null && 'rerunRevoked' in token) { this.rerunAfterWait(token.rerunRevoked as ReplayTask, driver); return; }
    const t = token as { replayEnd: string; outcome: ReplayOutcome };
    const key = this.keyOfTask.get(t.replayEnd);
    const r = key === undefined ? undefined : this.running.get(key);
    if (r && r.taskId === t.replayEnd) this.finish(r, t.outcome, driver);
  }

  /** The hold for a waiting gang is over: what it kept goes back (declined with the usual filter). */
  private endGangHold(endsAtMs: number, driver: SchedulerDriver): void {
    if (this.holdEndsAtMs !== endsAtMs) return; // a later hold
    this.holdEndsAtMs = null;
    for (const id of this.heldForGang.keys()) driver.decline(id, this.spec.refuseSeconds);
    this.heldForGang.clear();
  }

  onRescind(offerId: string): void {
    this.heldForGang.delete(offerId);
  }

  // ---- monolithic mode ------------------------------------------------------------------------

  /** Queue a task for the central scheduler; tasks of one job at one instant go as one job (settle). */
  private handOver(task: ReplayTask): void {
    const taskId = `${this.ctx.frameworkId}-t${String(++this.taskSeq).padStart(7, '0')}`;
    const durationMs = task.outcome === 'finish' ? task.durationMs : null;
    const h: Handed = {
      task, durationMs: task.durationMs, outcome: task.outcome, buffered: true,
      launch: { taskId, resources: task.resources, durationMs, jobId: task.jobId, submittedAtMs: task.submittedAtMs },
    };
    // One central job = same trace job, priority and placement rules (they share one check), and
    // a gang is one job of its own, placed whole.
    const group = `${task.jobId}\u0000${task.priority}\u0000${task.distinctMachines}\u0000${JSON.stringify(task.constraints)}\u0000${task.gang?.key ?? ''}`;
    const list = this.toHand.get(group);
    if (list) list.push(h); else this.toHand.set(group, [h]);
    this.handedByKey.set(task.key, h);
    this.keyOfTask.set(taskId, task.key);
    this.queuedPerJob.set(task.jobId, (this.queuedPerJob.get(task.jobId) ?? 0) + 1);
    this.pending++;
    this.stats.submitted++;
  }

  private submitHanded(): void {
    for (const handed of this.toHand.values()) {
      const tasks = handed.filter((h) => h.buffered);
      if (tasks.length === 0) continue;
      for (const h of tasks) h.buffered = false;
      const first = tasks[0].task;
      const placement: PlacementCheck | undefined = first.distinctMachines || first.constraints.length > 0
        ? { allows: (agent) => this.placeable(first, agent), place: (agent) => this.place(first, agent, 1), onlyNarrows: onlyNarrows(first.constraints) }
        : undefined;
      this.central!.submit({
        jobId: first.jobId, submittedAtMs: first.submittedAtMs, priority: first.priority, tasks: tasks.map((h) => h.launch), placement,
        ...(first.gang ? { allOrNothing: true } : {}),
        onLaunched: (t, agent, driver) => this.launchedCentrally(t.taskId, agent, driver),
      });
    }
    this.toHand.clear();
  }

  /** The trace ended a task still with the central scheduler: a new run time, or (never ran) take it back. */
  private endHanded(h: Handed, outcome: ReplayOutcome, traceRunMs: number | null): void {
    if (traceRunMs === null) {
      if (h.buffered) h.buffered = false; // dropped from its group when the group is submitted
      else this.central!.withdraw([h.launch.taskId]);
      this.forgetHanded(h);
      this.stats.cancelledBeforeStart++;
      this.hub?.taskDone(h.task.key);
      return;
    }
    h.durationMs = traceRunMs;
    h.outcome = outcome;
    h.launch.durationMs = outcome === 'finish' ? traceRunMs : null;
  }

  private launchedCentrally(taskId: string, agent: AgentView, driver: SchedulerDriver): void {
    const key = this.keyOfTask.get(taskId);
    const h = key === undefined ? undefined : this.handedByKey.get(key);
    if (!h) return;
    this.forgetHanded(h);
    const known = h.durationMs !== null;
    this.running.set(h.task.key, { taskId, task: h.task, key: h.task.key, jobId: h.task.jobId, launchedAtMs: driver.now, offer: agent, known, durationMs: h.durationMs, outcome: h.outcome });
    this.keyOfTask.set(taskId, h.task.key);
    this.stats.launched++;
    // As with offers: a known run that the trace says failed or was killed ends by its executor's report.
    if (known && h.outcome !== 'finish') driver.setTimer(h.durationMs!, { replayEnd: taskId, outcome: h.outcome });
  }

  private forgetHanded(h: Handed): void {
    this.handedByKey.delete(h.task.key);
    this.keyOfTask.delete(h.launch.taskId);
    const n = (this.queuedPerJob.get(h.task.jobId) ?? 1) - 1;
    if (n <= 0) this.queuedPerJob.delete(h.task.jobId); else this.queuedPerJob.set(h.task.jobId, n);
    this.pending--;
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** Is this task id one it runs now (launched or about to be)? */
  private tracks(taskId: string): boolean {
    const key = this.keyOfTask.get(taskId);
    return key !== undefined && this.running.get(key)?.taskId === taskId;
  }

  /**
   * The trace killed a task before it ever ran while its launch is still being thought about (think
   * time): the launch is not sent (the `keep` of its deliberation) and the task leaves as a queued one
   * would. Killing it instead would kill a task the master does not have yet (answered by
   * reconciliation), and the launch would follow with no run time: a task nobody tracks, running on.
   */
  private takeBackLaunch(r: Running): void {
    this.forget(r);
    this.stats.launched--;
    this.stats.cancelledBeforeStart++;
    this.hub?.taskDone(r.key);
  }

  private finish(r: Running, outcome: ReplayOutcome, driver: SchedulerDriver): void {
    const state = stateOf(outcome);
    this.endedHere.add(r.taskId);
    if (state === 'TASK_KILLED') driver.killTask(r.taskId);
    else endOwnTask(driver, r.taskId, state, 'trace');
  }

  private count(state: TaskState): void {
    if (state === 'TASK_FINISHED') this.stats.finished++;
    else if (state === 'TASK_FAILED') this.stats.failed++;
    else if (state === 'TASK_KILLED') this.stats.killed++;
    else this.stats.lost++;
  }

  private forget(r: Running): void {
    this.running.delete(r.key);
    this.keyOfTask.delete(r.taskId);
    for (const map of [this.distinct, this.constraintGroups]) {
      const g = map.get(r.jobId);
      if (!g) continue;
      g.place(r.offer, -1);
      if (g.isEmpty()) map.delete(r.jobId); // bounded by the jobs running now, not the trace length
    }
  }

  /** The entry's next task leaves the queue to launch: a single task, or a batch's next (made now). */
  private takeNext(q: Queued): ReplayTask {
    if (q.batch === null) { this.dequeue(q); return q.task; }
    const task: ReplayTask = { ...q.task, key: `${q.batch.base}/${q.batch.next++}` };
    this.queue.takeOne(q, q.shapeKey);
    const n = (this.queuedPerJob.get(task.jobId) ?? 1) - 1;
    if (n <= 0) this.queuedPerJob.delete(task.jobId); else this.queuedPerJob.set(task.jobId, n);
    this.pending--;
    return task;
  }

  private dequeue(q: Queued): void {
    this.queue.remove(q, q.shapeKey);
    const gang = q.task.gang;
    if (gang) {
      const rest = (this.gangs.get(gang.key) ?? []).filter((m) => m !== q);
      if (rest.length > 0) this.gangs.set(gang.key, rest); else this.gangs.delete(gang.key);
    }
    this.queuedByKey.delete(q.task.key);
    const n = (this.queuedPerJob.get(q.task.jobId) ?? 1) - 1;
    if (n <= 0) this.queuedPerJob.delete(q.task.jobId); else this.queuedPerJob.set(q.task.jobId, n);
    this.pending--;
  }

  private placeable(task: ReplayTask, offer: Placed): boolean {
    if (task.distinctMachines && !this.group(this.distinct, task.jobId, UNIQUE_HOST).allows(offer)) return false;
    if (task.constraints.length > 0 && !this.group(this.constraintGroups, task.jobId, task.constraints).allows(offer)) return false;
    return true;
  }

  private place(task: ReplayTask, offer: Placed, delta: number): void {
    if (task.distinctMachines) this.group(this.distinct, task.jobId, UNIQUE_HOST).place(offer, delta);
    if (task.constraints.length > 0) this.group(this.constraintGroups, task.jobId, task.constraints).place(offer, delta);
  }

  private group(map: Map<string, PlacementGroup>, jobId: string, constraints: readonly PlacementConstraint[]): PlacementGroup {
    let g = map.get(jobId);
    if (!g) { g = new PlacementGroup(constraints); map.set(jobId, g); }
    return g;
  }
}

/**
 * One shape (and shape key) per resource set and revocability: the feed shares parsed resources
 * by text, so queued tasks of the same request share one shape instead of a map each.
 */
const shapes = new WeakMap<Resources, { plain?: { shape: TaskShape; key: string }; revocable?: { shape: TaskShape; key: string } }>();

function sharedShape(rs: Resources, revocable: boolean): { shape: TaskShape; key: string } {
  let byKind = shapes.get(rs);
  if (!byKind) shapes.set(rs, (byKind = {}));
  const kind = revocable ? 'revocable' : 'plain';
  let s = byKind[kind];
  if (!s) {
    const shape = shapeOf(rs, revocable);
    s = byKind[kind] = { shape, key: `${revocable ? 'r' : ''}${[...shape.quantities].join(';')}` };
  }
  return s;
}

/** The terminal state a trace outcome is reported with. */
function stateOf(outcome: ReplayOutcome): TaskState {
  return outcome === 'finish' ? 'TASK_FINISHED' : outcome === 'fail' ? 'TASK_FAILED' : 'TASK_KILLED';
}

/** Google's different-machines flag as a placement constraint. */
const UNIQUE_HOST: readonly PlacementConstraint[] = [{ field: 'hostname', op: 'UNIQUE' }];

registerFramework('trace-replay', (spec, ctx) => new TraceReplayScheduler(spec as TraceReplaySpec, ctx, ctx.replayHub as ReplayHub | undefined));
