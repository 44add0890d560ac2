/**
 * The monolithic scheduler baseline — `master.offerModel: monolithic` (docs/offer-models.md).
 *
 * Omega (Schwarzkopf et al., EuroSys 2013, §3.1, §4) calls a scheduler *monolithic* when one
 * central scheduler with a global view of the cell makes every placement decision for every
 * framework's work, one job at a time. Its cost is the decision time, t_job + t_task × tasks, spent
 * on a single queue: a job that is slow to schedule (a service with a careful placement) makes every
 * job behind it wait — head-of-line blocking. Here:
 *
 * 1. **No offers.** The hierarchical allocator still runs (its triggers and batch tick unchanged)
 *    for its bookkeeping only (`allocate(false)`), so frameworks never receive an offer.
 *    Framework models hand their work over instead (pending-work.ts): jobs of tasks with shapes,
 *    durations and placement constraints, submitted to one queue, FIFO within a job priority (trace
 *    replay carries the trace's priorities; the other models have none: for them it is one FIFO queue).
 * 2. **One decision at a time.** The scheduler takes the first job of the queue and decides for
 *    `perJob + perTask × tasks still to place` (per framework when configured: Omega's "multi-path"
 *    scheduler; one setting for all is its "single-path" one). It is busy meanwhile; jobs submitted
 *    in the mean time queue behind.
 * 3. **Placement at the end of the decision**, against the global free state *then* (nobody else
 *    places, so it cannot conflict): first fit, each task in order on the first agent in agent-id
 *    order that is active, whitelisted, passes the whole-agent rules (capabilities, regions, offer
 *    constraints, static partitioning, plugin offer policies: `canOfferFromAgent`, as the allocator's
 *    stage 2), has the shape free for the job's role (total − allocated, unreserved or reserved to the
 *    role) and satisfies the job's placement constraint. A placed task is recorded in the allocator
 *    (`trackAllocation`, the accounting of an accepted offer) and launched through the master, so the
 *    task lifecycle, shares and utilization metrics are the usual ones and a task end recovers it.
 * 4. **What does not fit** goes back to the end of the queue (as in Omega's simulator), but is only
 *    decided on again once resources were freed or agents changed since its last attempt (Omega's
 *    simulator retries after 1 s whatever happened, and gives up after 100/1000 attempts; we neither
 *    spin nor abandon). A job blocked for resources does not block the jobs behind it.
 *
 * Counted for summary.json (`offerModel.central`): busy time, decisions, queue length over time.
 */
import { contains, filter, scalarQuantities, subtract, type Resources } from '../../cluster/resources.ts';
import { topLevelRole } from '../allocator/quota.ts';
import type { EventSink } from '../../core/event-sink.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import { canOfferFromAgent } from '../allocator/fair-share-stage.ts';
import type { AllocatorAgent } from '../allocator/allocator-agent.ts';
import type { HierarchicalAllocator } from '../allocator/hierarchical.ts';
import type { OfferDecision } from '../allocator/types.ts';
import type { MasterFramework } from '../master-state.ts';
import type { Operation } from '../../cluster/operations.ts';
import type { Scheduler, SchedulerDriver, TaskLaunch, Unavailability } from '../scheduler.ts';
import { isWorkClient, type AgentView, type ReleaseRequest, type WorkJob, type WorkTask } from './pending-work.ts';

export interface DecisionTime {
  readonly perJobMs: number;
  readonly perTaskMs: number;
}

export interface MonolithicOptions {
  readonly decision: DecisionTime;
  /** Per-framework decision times (Omega's multi-path scheduler); others use `decision`. */
  readonly frameworks: Readonly<Record<string, DecisionTime>>;
}

/** What the master lends the central scheduler (wired in Master.useMonolithicScheduler). */
export interface MonolithicHost {
  readonly sim: Simulation;
  readonly sink: EventSink;
  readonly frameworks: ReadonlyMap<string, MasterFramework>;
  allocator(): HierarchicalAllocator;
  launchTask(fw: MasterFramework, role: string, agentId: string, taskId: string, l: TaskLaunch): void;
  driver(frameworkId: string): SchedulerDriver;
  /**
   * Apply a resource operation (§3.5–3.6) to `resources` the framework was just allocated on the
   * agent (as an ACCEPT's operations); the converted resources, or null when it does not apply.
   */
  operate(frameworkId: string, role: string, agentId: string, op: Operation, resources: Resources): Resources | null;
  /** Apply an operation to unused resources of the agent (DESTROY / UNRESERVE); false when it cannot now. */
  operateUnused(frameworkId: string, agentId: string, op: Operation): boolean;
  /** The agent's scheduled maintenance (§5.1), null = none. */
  unavailability(agentId: string): Unavailability | null;
}

interface QueuedJob {
  readonly frameworkId: string;
  readonly job: WorkJob;
  /** Tasks not placed yet, in order. */
  pending: WorkTask[];
  attempts: number;
  /** The free-state version of its last attempt; -1 = never tried. */
  triedAt: number;
}

export interface FrameworkDecisions {
  jobs: number;
  tasks: number;
  decisions: number;
  launched: number;
  busyMs: number;
}

export interface CentralStats {
  busyMs: number;
  decisions: number;
  jobs: number;
  tasks: number;
  launched: number;
  /** Decisions that left tasks unplaced (the job went back to the queue). */
  requeued: number;
  maxQueueJobs: number;
  maxQueueTasks: number;
  /** ∫ queue length dt (ms × jobs / tasks), for time-weighted means. */
  jobMs: number;
  taskMs: number;
}

export class CentralScheduler {
  readonly options: MonolithicOptions;
  readonly stats: CentralStats = { busyMs: 0, decisions: 0, jobs: 0, tasks: 0, launched: 0, requeued: 0, maxQueueJobs: 0, maxQueueTasks: 0, jobMs: 0, taskMs: 0 };
  readonly byFramework = new Map<string, FrameworkDecisions>();
  private readonly host: MonolithicHost;
  private readonly kinds: { kick: number; decided: number };
  private queue: QueuedJob[] = [];
  private queuedTasks = 0;
  private current: QueuedJob | null = null;
  private currentEndsAtMs = 0;
  private currentHandle = -1;
  /** No master leads (master failover, §6.4): nothing is decided until one is elected. */
  private masterDown = false;
  /** A job was held back because the allocator is paused: the next run that executes starts it. */
  private heldByPause = false;
  private version = 0;
  private kickPending = false;
  private lastTouchMs = 0;
  /** The allocator and its agentsVersion at the last run (agents changed since → blocked jobs retry). */
  private agentsOf: unknown = null;
  private agentsSeen = -1;

  constructor(host: MonolithicHost, options: MonolithicOptions) {
    this.host = host;
    this.options = options;
    this.kinds = {
      kick: host.sim.on('central.kick', () => { this.kickPending = false; this.startNext(); }),
      decided: host.sim.on('central.decided', () => this.decided()),
    };
  }

  /** A framework subscribes: its model must hand its work over (checked by the scenario too). */
  adopt(frameworkId: string, scheduler: Scheduler): void {
    if (!isWorkClient(scheduler)) throw new Error(`offerModel monolithic: the scheduler of framework ${frameworkId} cannot hand its work to a central scheduler`);
    scheduler.useCentralScheduler({
      submit: (job) => this.submit(frameworkId, job),
      withdraw: (ids) => this.withdraw(frameworkId, ids),
      hosts: () => this.agentsInIdOrder(this.host.allocator()).map((a) => a.info.hostname),
      release: (r) => { this.releases.push({ frameworkId, request: r, done: 0 }); this.tryReleases(); },
    });
  }

  /**
   * An allocation run: the allocator does the run's bookkeeping only (no offers);
   * agents added, removed or changed since the last run count as a change of the free state.
   */
  allocate(): OfferDecision[] {
    const alloc = this.host.allocator();
    const runsBefore = alloc.runs;
    alloc.allocate(false);
    if (alloc.runs === runsBefore) return [];
    // A master failover brings a new allocator: its agents count as changed too.
    if (alloc !== this.agentsOf || alloc.agentsVersion !== this.agentsSeen) {
      this.agentsOf = alloc;
      this.agentsSeen = alloc.agentsVersion;
      this.freed();
    } else if (this.heldByPause) this.kick(); // the first run after a pause: the jobs that waited
    this.heldByPause = false;
    return [];
  }

  /** Resources came back (a task ended, an agent changed): blocked jobs may fit now. */
  freed(): void {
    this.version++;
    this.tryReleases();
    if (this.queue.length > 0) this.kick();
  }

  /** Release requests (DESTROY / UNRESERVE of what a framework gave up) waiting for their agent. */
  private releases: { readonly frameworkId: string; readonly request: ReleaseRequest; done: number }[] = [];

  /** Apply the release requests whose agent is registered and active now; keep the others. */
  private tryReleases(): void {
    if (this.releases.length === 0 || this.masterDown) return;
    const alloc = this.host.allocator();
    const done: (() => void)[] = [];
    this.releases = this.releases.filter((r) => {
      if (!this.host.frameworks.has(r.frameworkId)) return false;
      const a = alloc.agents.get(r.request.agentId);
      if (!a || !a.activated) return true;
      const ops = r.request.operations;
      while (r.done < ops.length && this.host.operateUnused(r.frameworkId, r.request.agentId, ops[r.done])) r.done++;
      if (r.done < ops.length) return true;
      if (r.request.onDone) done.push(r.request.onDone);
      return false;
    });
    for (const f of done) f();
  }

  private submit(frameworkId: string, job: WorkJob): void {
    if (job.tasks.length === 0) return;
    this.touch();
    const q: QueuedJob = { frameworkId, job, pending: [...job.tasks], attempts: 0, triedAt: -1 };
    this.enqueue(q, 'back');
    this.queuedTasks += q.pending.length;
    const s = this.statsOf(frameworkId);
    s.jobs++;
    s.tasks += job.tasks.length;
    this.stats.jobs++;
    this.stats.tasks += job.tasks.length;
    this.stats.maxQueueJobs = Math.max(this.stats.maxQueueJobs, this.queue.length);
    this.stats.maxQueueTasks = Math.max(this.stats.maxQueueTasks, this.queuedTasks);
    this.host.sink.emit(this.host.sim.now, 'central.queued', { framework: frameworkId, job: job.jobId, tasks: job.tasks.length, queue: this.queue.length });
    this.kick();
  }

  private withdraw(frameworkId: string, taskIds: readonly string[]): number {
    const ids = new Set(taskIds);
    let n = 0;
    this.touch();
    for (const q of this.current ? [...this.queue, this.current] : this.queue) {
      if (q.frameworkId !== frameworkId) continue;
      const keep = q.pending.filter((l) => l.taskId === undefined || !ids.has(l.taskId));
      const gone = q.pending.length - keep.length;
      if (gone === 0) continue;
      n += gone;
      if (q !== this.current) this.queuedTasks -= gone;
      q.pending = keep;
    }
    this.queue = this.queue.filter((q) => q.pending.length > 0);
    return n;
  }

  private kick(): void {
    if (this.kickPending || this.current) return;
    this.kickPending = true;
    this.host.sim.at(this.host.sim.now, this.kinds.kick);
  }

  /** Take the first job not tried since the free state last changed, and decide on it. */
  private startNext(): void {
    // A paused allocator (an operator's pause, or master recovery waiting for agents with quota,
    // §1.1, §6.4) stops the central scheduler too: it decides on the allocator's view.
    if (this.current || this.masterDown) return;
    if (this.host.allocator().isPaused) { this.heldByPause = true; return; }
    const i = this.queue.findIndex((q) => q.triedAt !== this.version);
    if (i < 0) return;
    this.touch();
    const q = this.queue.splice(i, 1)[0];
    this.queuedTasks -= q.pending.length;
    this.current = q;
    const t = this.options.frameworks[q.frameworkId] ?? this.options.decision;
    const ms = t.perJobMs + t.perTaskMs * q.pending.length;
    this.stats.busyMs += ms;
    this.statsOf(q.frameworkId).busyMs += ms;
    this.currentEndsAtMs = this.host.sim.now + ms;
    this.currentHandle = this.host.sim.after(ms, this.kinds.decided);
  }

  /**
   * The master fails, and this scheduler, which runs in it, with it: the decision in flight is
   * lost (its job goes back to the front of the queue; busy time counts up to now) and nothing is
   * decided until a master is elected. The queue itself survives, as if kept in replicated state
   * (Borgmaster keeps its pending queue in its Paxos store); frameworks need not submit again.
   */
  masterFailed(): void {
    this.masterDown = true;
    const q = this.current;
    if (!q) return;
    this.host.sim.cancel(this.currentHandle);
    this.touch();
    const unspent = Math.max(0, this.currentEndsAtMs - this.host.sim.now);
    this.stats.busyMs -= unspent;
    this.statsOf(q.frameworkId).busyMs -= unspent;
    this.current = null;
    this.enqueue(q, 'front');
    this.queuedTasks += q.pending.length;
  }

  /**
   * The queue is ordered by job priority, highest first, and FIFO within a priority (Borg's pending
   * queue, Verma et al. EuroSys 2015 §3.2; jobs without a priority are 0, so models without
   * priorities keep one FIFO queue). 'back' = behind every job of the same priority, 'front' =
   * before them (a decision cut by a master failure keeps its place).
   */
  private enqueue(q: QueuedJob, where: 'back' | 'front'): void {
    const p = q.job.priority ?? 0;
    const queue = this.queue;
    let lo = 0, hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const pm = queue[mid].job.priority ?? 0;
      if (pm > p || (where === 'back' && pm === p)) lo = mid + 1; else hi = mid;
    }
    if (lo === queue.length) queue.push(q); else queue.splice(lo, 0, q);
  }

  /** A master leads again: decide on with what the new allocator knows. */
  masterRecovered(): void {
    this.masterDown = false;
    this.freed();
  }

  /** Decision time spent up to `atMs` (a decision still running then counts up to `atMs`). */
  busyMsUntil(atMs: number): number {
    return this.stats.busyMs - (this.current ? Math.max(0, this.currentEndsAtMs - atMs) : 0);
  }

  /** One framework's part of busyMsUntil. */
  frameworkBusyMsUntil(frameworkId: string, atMs: number): number {
    const spent = this.byFramework.get(frameworkId)?.busyMs ?? 0;
    return spent - (this.current?.frameworkId === frameworkId ? Math.max(0, this.currentEndsAtMs - atMs) : 0);
  }

  private decided(): void {
    const q = this.current!;
    const now = this.host.sim.now;
    q.attempts++;
    const notify = this.place(q);
    const launched = notify.length;
    this.stats.decisions++;
    this.stats.launched += launched;
    const s = this.statsOf(q.frameworkId);
    s.decisions++;
    s.launched += launched;
    this.touch();
    this.current = null;
    const frameworkGone = !this.host.frameworks.has(q.frameworkId);
    if (q.pending.length > 0 && !frameworkGone) {
      q.triedAt = this.version;
      this.enqueue(q, 'back');
      this.queuedTasks += q.pending.length;
      this.stats.requeued++;
    }
    this.host.sink.emit(now, 'central.decided', {
      framework: q.frameworkId, job: q.job.jobId, attempt: q.attempts, launched, unplaced: frameworkGone ? 0 : q.pending.length, queue: this.queue.length,
    });
    for (const n of notify) n();
    this.startNext();
  }

  /** First fit of the job's pending tasks against the free state now; returns the launch callbacks. */
  private place(q: QueuedJob): (() => void)[] {
    const h = this.host;
    const fw = h.frameworks.get(q.frameworkId);
    const alloc = h.allocator();
    const afw = alloc.frameworks.get(q.frameworkId);
    if (!fw || !afw) return [];
    const role = q.job.role ?? afw.info.roles[0];
    const agents = this.agentsInIdOrder(alloc);
    // Whole-agent rules, asked only of the agents this decision reaches.
    const eligibility = new Map<AllocatorAgent, boolean>();
    const eligible = (a: AllocatorAgent): boolean => {
      let ok = eligibility.get(a);
      if (ok === undefined) eligibility.set(a, (ok = canOfferFromAgent(alloc, afw, role, a)));
      return ok;
    };
    if (q.job.allOrNothing && !this.fitsWhole(q, agents, eligible, role)) return [];
    // Within one decision the free state only shrinks: a shape that did not fit agent i still does not
    // (nor is it allowed there again, when placing only narrows the job's placement constraint).
    const firstCandidate = new Map<string, number>();
    const notify: (() => void)[] = [];
    const left: WorkTask[] = [];
    const driver = h.driver(q.frameworkId);
    const placement = q.job.placement;
    const resumable = !placement || (placement.onlyNarrows === true && !placement.score);
    const view = (a: AllocatorAgent): AgentView => {
      const u = h.unavailability(a.info.id);
      return { agentId: a.info.id, hostname: a.info.hostname, attributes: a.info.attributes, ...(u ? { unavailability: u } : {}) };
    };
    const quotaAllows = alloc.quota.active ? quotaCheck(alloc, role) : null;
    for (const l of q.pending) {
      // Quota (§3.3–3.4), as the allocator's stages cut offers: not past the role's limits, and
      // beyond its own unmet guarantee not into the headroom other roles' guarantees need.
      if (quotaAllows && !quotaAllows(l.resources)) { left.push(l); continue; }
      const shape = shapeKey(l.resources);
      let placedAt = -1;
      let best: { i: number; v: AgentView; score: readonly number[] } | null = null;
      for (let i = resumable ? firstCandidate.get(shape) ?? 0 : 0; i < agents.length; i++) {
        const a = agents[i];
        if (!eligible(a) || !contains(a.availableTo(role), l.resources)) continue;
        const v = view(a);
        if (placement && !placement.allows(v)) continue;
        if (!placement?.score) { best = { i, v, score: [] }; break; }
        // Scored placement (Borg): every feasible agent is scored, the lowest wins, ties in id order.
        const sc = placement.score(v);
        if (best === null || lessThan(sc, best.score)) best = { i, v, score: sc };
      }
      if (best !== null) {
        placedAt = best.i;
        const a = agents[best.i];
        const taskId = l.taskId ?? `${q.frameworkId}-task-${String(++fw.taskCounter).padStart(6, '0')}`;
        alloc.trackAllocation(afw, role, a, l.resources);
        // RESERVE / CREATE on what was just allocated (§3.5–3.6), as an ACCEPT's operations.
        let resources = l.resources;
        for (const op of l.operations ?? []) resources = h.operate(q.frameworkId, role, a.info.id, op, resources) ?? resources;
        placement?.place(best.v);
        const { operations: _ops, ...launch } = l;
        h.launchTask(fw, role, a.info.id, taskId, { ...launch, resources });
        const onLaunched = q.job.onLaunched;
        const v = best.v;
        if (onLaunched) notify.push(() => onLaunched({ ...launch, taskId, resources }, v, driver));
        else notify.push(() => undefined);
      }
      if (placedAt < 0) { left.push(l); if (resumable) firstCandidate.set(shape, agents.length); }
      else if (resumable) firstCandidate.set(shape, placedAt);
    }
    q.pending = left;
    return notify;
  }

  /**
   * A rigid job fits whole: first fit of all its pending tasks on what is free now, without placing
   * anything. Placement checks are asked of each agent as it stands (a gang's own spreading among
   * its tasks is not foreseen).
   */
  private fitsWhole(q: QueuedJob, agents: readonly AllocatorAgent[], eligible: (a: AllocatorAgent) => boolean, role: string): boolean {
    const free = new Map<AllocatorAgent, Resources>();
    for (const l of q.pending) {
      const a = agents.find((x) => {
        if (!eligible(x)) return false;
        const left = free.get(x) ?? x.availableTo(role);
        if (!contains(left, l.resources)) return false;
        const u = this.host.unavailability(x.info.id);
        return !q.job.placement || q.job.placement.allows({ agentId: x.info.id, hostname: x.info.hostname, attributes: x.info.attributes, ...(u ? { unavailability: u } : {}) });
      });
      if (a === undefined) return false;
      free.set(a, subtract(free.get(a) ?? a.availableTo(role), l.resources));
    }
    return true;
  }

  /**
   * Active, whitelisted agents in agent-id order, rebuilt only when the allocator (a master failover
   * brings a new one) or its agents changed: a large cell is not re-sorted for every decision.
   */
  private agentsInIdOrder(alloc: HierarchicalAllocator): readonly AllocatorAgent[] {
    if (this.agentList.alloc !== alloc || this.agentList.version !== alloc.agentsVersion) {
      const whitelist = alloc.options.whitelist;
      const agents = [...alloc.agents.values()]
        .filter((a) => a.activated && (whitelist === null || whitelist.includes(a.info.hostname)))
        .sort((a, b) => (a.info.id < b.info.id ? -1 : 1));
      this.agentList = { alloc, version: alloc.agentsVersion, agents };
    }
    return this.agentList.agents;
  }

  private agentList: { alloc: HierarchicalAllocator | null; version: number; agents: readonly AllocatorAgent[] } = { alloc: null, version: -1, agents: [] };

  /** The framework has work with the central scheduler (queued or being decided): it has demand. */
  hasWork(frameworkId: string): boolean {
    return this.current?.frameworkId === frameworkId || this.queue.some((q) => q.frameworkId === frameworkId);
  }

  /** Jobs (and their tasks) waiting in the queue, not counting the one being decided. */
  queueLength(): { jobs: number; tasks: number } {
    return { jobs: this.queue.length, tasks: this.queuedTasks };
  }

  /** Integrate the queue length up to now (call before it changes and at the end of the run). */
  touch(): void {
    const now = this.host.sim.now;
    const dt = now - this.lastTouchMs;
    if (dt > 0) {
      this.stats.jobMs += dt * this.queue.length;
      this.stats.taskMs += dt * this.queuedTasks;
    }
    this.lastTouchMs = now;
  }

  private statsOf(frameworkId: string): FrameworkDecisions {
    let s = this.byFramework.get(frameworkId);
    if (!s) this.byFramework.set(frameworkId, (s = { jobs: 0, tasks: 0, decisions: 0, launched: 0, busyMs: 0 }));
    return s;
  }
}

/**
 * May a task of `role` take `resources` now under quota? Only its unreserved, non-revocable scalars
 * count (reserved resources are consumed already). Limits: each limited quantity within what the
 * role's top-level role may still take. Guarantees: the part beyond the role's own unmet guarantee
 * must fit in the surplus headroom (unallocated unreserved − Σ unmet guarantees), as stage 2 chops
 * offers (quota-stage.ts chopForQuota); the part within its guarantee is always allowed (stage 1).
 */
function quotaCheck(alloc: HierarchicalAllocator, role: string): (resources: Resources) => boolean {
  const quota = alloc.quota;
  const top = topLevelRole(role);
  return (resources) => {
    const u = scalarQuantities(filter(resources, (r) => r.reservations.length === 0 && !r.revocable && r.ranges === null));
    if (u.size === 0) return true;
    const room = quota.limitRoom(role);
    if (room) for (const [n, v] of u) { const left = room.get(n); if (left !== undefined && v > left) return false; }
    const required = quota.requiredHeadroom();
    if (required.size === 0) return true;
    const unmet = quota.unsatisfied(top);
    const available = quota.availableHeadroom();
    for (const [n, need] of required) {
      const beyond = Math.max(0, (u.get(n) ?? 0) - (unmet.get(n) ?? 0));
      if (beyond > Math.max(0, (available.get(n) ?? 0) - need)) return false;
    }
    return true;
  };
}

/** Lexicographic order of scores (a shorter prefix is smaller). */
function lessThan(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i];
  return a.length < b.length;
}

function shapeKey(rs: Resources): string {
  return rs.map((r) => `${r.key}:${r.amount}`).join(';');
}
