/**
 * The master: owns frameworks, agents, offers and tasks, feeds the allocator its lifecycle
 * notifications, turns allocation decisions into offers, and applies schedulers' replies.
 *
 * Event kinds it handles on the kernel:
 *   allocation.batch  periodic tick every allocation interval; the next tick is armed when the run
 *                     it requested finishes (HA:658-671), so runs happen at t0+I, t0+2I, ...
 *   allocation.run    one coalesced run, queued behind everything already pending at that instant
 *   filter.expire     a refusal filter's timer (created at decline time: FIFO at equal timestamps)
 *   offers.deliver    a framework's batch of offers reaches its scheduler (after its think time)
 *   offer.timeout     --offer_timeout expiry: rescind, no filter (§2.3)
 *   task.end          a task's run time is over: TASK_FINISHED, resources recovered without a run
 *   scheduler.timer   a scheduler's own wake-up (job arrivals, retries)
 */
import { add, contains, EMPTY, filter, isNonRevocable, subtract, type Resources } from '../cluster/resources.ts';
import { formatResources } from '../cluster/resource-text.ts';
import type { EventSink } from '../core/event-sink.ts';
import type { RngStreams } from '../kernel/rng.ts';
import type { Simulation } from '../kernel/simulation.ts';
import { HierarchicalAllocator } from './allocator/hierarchical.ts';
import { RateLimiter, type RateLimitsConfig } from './rate-limiter.ts';
import { isDefaultQuota, type Quota } from './allocator/quota.ts';
import { exceededLimits, offersOverLimit, rejectionReason } from './quota-limit-check.ts';
import { applyConversion, conversionOf, type Operation } from '../cluster/operations.ts';
import { volumeOperationProblem } from './volume-checks.ts';
import { formatMilli } from '../core/units.ts';
import type { AllocatorAgentInfo, AllocatorFrameworkInfo, AllocatorOptions, FilterToken, OfferDecision } from './allocator/types.ts';
import { TERMINAL_STATES, type MasterAgent, type MasterFramework, type Offer, type Task } from './master-state.ts';
import type { MasterExtensions } from './master-extensions.ts';
import { answerUnknownKill, launchReconciledState } from './kill-reconciliation.ts';
import { EndedTasks } from './ended-tasks.ts';
import { OptimisticOffers, type OptimisticOptions } from './optimistic/optimistic-offers.ts';
import { CentralScheduler, type MonolithicOptions } from './monolithic/central-scheduler.ts';
import type { OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch, TaskState, Unavailability } from './scheduler.ts';

export interface MasterOptions extends AllocatorOptions {
  /** --offer_timeout; null = offers never expire (the Mesos default). */
  readonly offerTimeoutMs: number | null;
  /** --rate_limits on framework calls (rate-limiter.ts); absent = unlimited (the Mesos default). */
  readonly rateLimits?: RateLimitsConfig;
}

export interface UsedOnAgent {
  readonly frameworkId: string;
  readonly role: string;
  readonly resources: Resources;
  readonly durationMs: number | null;
}

/** What a scheduler learns of a call the master did not run (Master.call). */
type WhenDropped = 'resend' | 'ignore' | (() => void);

interface DelayedCall {
  readonly frameworkId: string;
  readonly name: string;
  readonly run: () => void;
  readonly whenDropped: WhenDropped;
  readonly bucket: string;
  /** The rate limiter's generation it was admitted in (RateLimiter.epoch). */
  readonly epoch: number;
}

export interface MasterCounters {
  allocationRuns: number;
  offersMade: number;
  offersDeclined: number;
  offersAccepted: number;
  offersRescinded: number;
  filtersInstalled: number;
  tasksLaunched: number;
  tasksFinished: number;
  tasksFailed: number;
  /** Framework calls delayed or dropped by --rate_limits. */
  callsThrottled: number;
  callsDropped: number;
  /** FrameworkErrorMessages sent (each aborts a scheduler driver). */
  frameworkErrors: number;
}

export class Master {
  /** Replaced by a fresh, empty one on master failover (§6.4; see failover/master-failover.ts). */
  allocator: HierarchicalAllocator;
  /** Failure/maintenance hooks (issue 5), empty unless installed. */
  readonly ext: MasterExtensions = {};
  /** the agent each framework's ended tasks ran on, for the answer to a kill of one (ended-tasks.ts) */
  readonly endedTasks = new EndedTasks();
  /** Quotas by top-level role (kept by the registry across master failover, §6.4). */
  readonly quotas = new Map<string, Quota>();
  /** Weights set through setWeight (kept by the registry across master failover, §6.4). */
  readonly roleWeights = new Map<string, number>();
  readonly frameworks = new Map<string, MasterFramework>();
  /** Schedulers of frameworks removed during the run, and when: their model's statistics still belong in the summary. */
  readonly removedFrameworks = new Map<string, { readonly scheduler: Scheduler; readonly removedAtMs: number }>();
  /** Per framework, how many suppress/revive calls its scheduler has made (Master.suppressionCall). */
  private readonly suppressionCalls = new Map<string, number>();
  readonly agents = new Map<string, MasterAgent>();
  readonly offers = new Map<string, Offer>();
  readonly tasks = new Map<string, Task>();
  readonly counters: MasterCounters = {
    allocationRuns: 0, offersMade: 0, offersDeclined: 0, offersAccepted: 0, offersRescinded: 0,
    filtersInstalled: 0, tasksLaunched: 0, tasksFinished: 0, tasksFailed: 0, callsThrottled: 0, callsDropped: 0, frameworkErrors: 0,
  };
  private readonly sim: Simulation;
  private readonly rngs: RngStreams;
  private readonly sink: EventSink;
  private readonly options: MasterOptions;
  private readonly kinds: Record<'batch' | 'run' | 'filter' | 'filterRemove' | 'deliver' | 'timeout' | 'taskEnd' | 'timer' | 'call', number>;
  /** Framework call throttling per principal; null = unlimited. */
  readonly rateLimiter: RateLimiter | null;
  private readonly drivers = new Map<string, SchedulerDriver>();
  private batchWaiting = false;
  private offerCounter = 0;
  /** Story 14: optimistic (Omega-style) offers (optimistic/optimistic-offers.ts); null = pessimistic, the Mesos model. */
  optimistic: OptimisticOffers | null = null;
  /** The monolithic baseline: one central scheduler places every framework's work (monolithic/central-scheduler.ts); null = offers. */
  monolithic: CentralScheduler | null = null;

  constructor(sim: Simulation, rngs: RngStreams, options: MasterOptions, sink: EventSink) {
    this.sim = sim;
    this.rngs = rngs;
    this.options = options;
    this.sink = sink;
    this.allocator = this.createAllocator();
    this.rateLimiter = options.rateLimits ? new RateLimiter(options.rateLimits) : null;
    this.kinds = {
      batch: sim.on('allocation.batch', () => this.onBatchTick()),
      run: sim.on('allocation.run', () => this.onAllocationRun()),
      // Like the batch timer, a filter timer only *dispatches* its work to the allocator's queue
      // (HA:1729-1740), so at equal timestamps the removal runs after an allocation queued by an
      // earlier-created batch timer (D1b) and before one queued by a later-created timer (D1a).
      filter: sim.on('filter.expire', (t: FilterToken) => { sim.at(sim.now, this.kinds.filterRemove, t); }),
      filterRemove: sim.on('filter.remove', (t: FilterToken) => this.allocator.expireFilter(t)),
      deliver: sim.on('offers.deliver', (p: { frameworkId: string; offerIds: string[] }) => this.deliverOffers(p.frameworkId, p.offerIds)),
      timeout: sim.on('offer.timeout', (offerId: string) => this.rescindOffer(offerId, 'timeout')),
      // An agent cut off from the master holds the update until it is back (ext.holdTaskEnd, §6.1/§6.2).
      taskEnd: sim.on('task.end', (taskId: string) => { if (!this.ext.holdTaskEnd?.(taskId)) this.endTask(taskId, 'TASK_FINISHED'); }),
      timer: sim.on('scheduler.timer', (p: { frameworkId: string; token: unknown }) => this.fireTimer(p.frameworkId, p.token)),
      call: sim.on('framework.call', (p: DelayedCall) => {
        // Queued in a master that has since failed: lost with it; the scheduler learns so as of a dropped call.
        if (this.rateLimiter !== null && !this.rateLimiter.isCurrent(p.epoch)) { this.afterRestart(p); return; }
        this.rateLimiter?.release(p.bucket);
        this.delayedCall(p);
      }),
    };
  }

  /** An allocator wired to this master; master failover builds a fresh, empty one (§6.4). */
  createAllocator(): HierarchicalAllocator {
    const sim = this.sim;
    const rngs = this.rngs;
    const options = this.options;
    const sorterRng = rngs.stream('allocator.sorter');
    return new HierarchicalAllocator(options, {
      now: () => sim.now,
      scheduleRun: () => { sim.at(sim.now, this.kinds.run); },
      scheduleFilterExpiry: (atMs, token) => { sim.at(atMs, this.kinds.filter, token); },
      onFilter: (ev) => {
        if (ev.type === 'filter.installed') this.counters.filtersInstalled++;
        this.sink.emit(sim.now, ev.type, {
          framework: ev.frameworkId, role: ev.role, agent: ev.agentId, resources: formatResources(ev.resources),
          ...(ev.untilMs !== undefined ? { until: ev.untilMs } : {}),
        });
      },
    }, rngs.stream('allocator.shuffle'), () => sorterRng.next(), rngs.stream('allocator.chop'));
  }

  /** Story 14: switch to optimistic offers (before start); the model gets the master's private steps. */
  useOptimisticOffers(options: OptimisticOptions): void {
    this.optimistic = new OptimisticOffers({
      sink: this.sink, counters: this.counters, frameworks: this.frameworks, offers: this.offers, now: () => this.sim.now,
      allocator: () => this.allocator, takeOffer: (f, o) => this.takeOffer(f, o), driver: (f) => this.driver(f),
      launchTask: (fw, role, agentId, taskId, l) => this.launchTask(fw, role, agentId, taskId, l),
    }, options);
  }

  /** Switch to the monolithic baseline (before start): frameworks hand their work to one central scheduler. */
  useMonolithicScheduler(options: MonolithicOptions): void {
    this.monolithic = new CentralScheduler({
      sim: this.sim, sink: this.sink, frameworks: this.frameworks, allocator: () => this.allocator, driver: (f) => this.driver(f),
      launchTask: (fw, role, agentId, taskId, l) => this.launchTask(fw, role, agentId, taskId, l),
      operate: (f, role, agentId, op, rs) => this.centralOperation(f, agentId, op, { role, resources: rs }),
      operateUnused: (f, agentId, op) => this.centralOperation(f, agentId, op, null) !== null,
      unavailability: (agentId) => this.ext.unavailability?.(agentId) ?? null,
    }, options);
  }

  /**
   * Monolithic baseline: the central scheduler applies a framework's RESERVE/CREATE to what it just
   * allocated it (`held`, like an ACCEPT's operations), or DESTROY/UNRESERVE to unused resources
   * (`held` null, like an operator's). Returns the converted `held` resources (or [] for unused), null if refused.
   */
  private centralOperation(frameworkId: string, agentId: string, op: Operation, held: { role: string; resources: Resources } | null): Resources | null {
    const c = conversionOf(op);
    const refused = typeof c === 'string' ? c : this.agents.has(agentId) ? this.volumeProblem(agentId, op) : null;
    const next = refused !== null || typeof c === 'string' ? null : held ? applyConversion(held.resources, c) : [];
    const ok = next !== null && typeof c !== 'string' && this.agents.has(agentId)
      && (held ? this.allocator.updateAllocation(frameworkId, held.role, agentId, c) : this.allocator.updateAvailable(agentId, c));
    this.sink.emit(this.sim.now, 'central.operation', {
      framework: frameworkId, agent: agentId, operation: op.kind, resources: formatResources(op.resources), ok,
      ...(ok ? {} : { reason: refused ?? (held ? 'resources not allocated' : 'resources not available (offered, allocated or absent)') }),
    });
    if (!ok) return null;
    this.syncAgentTotal(agentId);
    return next;
  }

  /** Arm the first batch allocation one interval from now (Mesos `initialize()`). */
  start(): void {
    this.sim.after(this.options.allocationIntervalMs, this.kinds.batch);
  }

  // ---- allocation ---------------------------------------------------------------------------

  private onBatchTick(): void {
    this.batchWaiting = true;
    this.allocator.requestAllocation();
    // A paused allocator drops the request; keep the batch loop going regardless.
    if (this.allocator.isPaused) this.armNextBatch();
  }

  private armNextBatch(): void {
    this.batchWaiting = false;
    this.sim.after(this.options.allocationIntervalMs, this.kinds.batch);
  }

  private onAllocationRun(): void {
    const runsBefore = this.allocator.runs;
    const decisions = this.optimistic ? this.optimistic.allocate() : this.monolithic ? this.monolithic.allocate() : this.allocator.allocate();
    const trigger = this.batchWaiting ? 'batch' : 'event';
    if (this.allocator.runs > runsBefore) {
      this.counters.allocationRuns++;
      if (decisions.length > 0 || trigger === 'event') {
        this.sink.emit(this.sim.now, 'allocation.run', { run: this.allocator.runs, trigger, offers: decisions.length });
      }
      this.makeOffers(decisions, this.allocator.runs);
      this.ext.afterAllocationRun?.(); // inverse offers (issue 5, §5.2)
    }
    if (this.batchWaiting) this.armNextBatch();
  }

  private makeOffers(decisions: readonly OfferDecision[], run: number): void {
    const byFramework = new Map<string, string[]>();
    for (const d of decisions) {
      const id = `o-${String(++this.offerCounter).padStart(6, '0')}`;
      const offer: Offer = {
        id, frameworkId: d.frameworkId, role: d.role, agentId: d.agentId, resources: d.resources, run,
        madeAtMs: this.sim.now, timeoutHandle: null,
      };
      if (this.options.offerTimeoutMs !== null) offer.timeoutHandle = this.sim.after(this.options.offerTimeoutMs, this.kinds.timeout, id);
      this.offers.set(id, offer);
      this.frameworks.get(d.frameworkId)?.offers.add(id);
      this.counters.offersMade++;
      this.sink.emit(this.sim.now, 'offer', {
        run, offer: id, framework: d.frameworkId, role: d.role, agent: d.agentId, resources: formatResources(d.resources),
      });
      const list = byFramework.get(d.frameworkId);
      if (list) list.push(id); else byFramework.set(d.frameworkId, [id]);
    }
    for (const frameworkId of [...byFramework.keys()].sort()) {
      const fw = this.frameworks.get(frameworkId);
      if (!fw) continue;
      this.sim.after(fw.offerLatencyMs, this.kinds.deliver, { frameworkId, offerIds: byFramework.get(frameworkId)! });
    }
  }

  private deliverOffers(frameworkId: string, offerIds: readonly string[]): void {
    const fw = this.frameworks.get(frameworkId);
    if (!fw) return;
    const views = offerIds.filter((id) => this.offers.has(id)).map((id) => this.view(this.offers.get(id)!));
    if (views.length === 0) return;
    const driver = this.driver(frameworkId);
    const reply = fw.scheduler.onOffers(views, driver);
    if (reply) this.applyReply(frameworkId, reply);
  }

  applyReply(frameworkId: string, reply: OfferReply): void {
    // The agent each accept's tasks name (TaskInfo.agent_id), read before a dropped call rescinds the offers.
    const agents = (reply.accept ?? []).map((a) => this.offers.get(a.offerId)?.agentId);
    for (const [i, a] of (reply.accept ?? []).entries()) {
      const agentId = agents[i];
      this.call(frameworkId, 'accept', () => this.accept(frameworkId, a.offerId, a.launch, a.refuseSeconds, a.operations),
        () => this.launchesNotRun(frameworkId, a.launch, 'reconciliation', agentId));
    }
    for (const d of reply.decline ?? []) this.call(frameworkId, 'decline', () => this.decline(frameworkId, d.offerId, d.refuseSeconds), 'ignore');
  }

  /**
   * A call from a framework's scheduler, through --rate_limits when configured: run now, later
   * (queued behind the principal's earlier calls), or dropped when too many are waiting.
   *
   * A dropped call is answered with a FrameworkErrorMessage, which aborts the scheduler driver
   * (framework-rate-limiting.md; tasks keep running). Once the scheduler has restarted and
   * reconciled, `whenDropped` says what it learns: `resend` (a kill, suppress or revive it sees
   * did not take effect, so it makes it again), `ignore` (a decline: the restart's deactivation
   * rescinds the offer anyway), or a callback (an accept: its tasks are unknown to the master).
   */
  call(frameworkId: string, name: string, run: () => void, whenDropped: WhenDropped = 'resend'): void {
    // A removed framework's scheduler may still call (a trace-replay framework reviving for work
    // that arrives after it was torn down): Mesos answers "framework is not subscribed", no effect.
    if (!this.frameworks.has(frameworkId)) return;
    const admission = this.rateLimiter?.admit(frameworkId, this.sim.now) ?? 'unlimited';
    if (admission === 'unlimited' || (admission !== 'drop' && admission.delayMs === 0)) { run(); return; }
    if (admission === 'drop') {
      this.counters.callsDropped++;
      this.sink.emit(this.sim.now, 'framework.call.dropped', { framework: frameworkId, call: name });
      this.frameworkError(frameworkId, 'rate limit capacity exceeded');
      this.afterRestart({ frameworkId, name, run, whenDropped, bucket: '', epoch: 0 });
      return;
    }
    this.counters.callsThrottled++;
    this.sim.after(admission.delayMs, this.kinds.call, { frameworkId, name, run, whenDropped, bucket: admission.bucket, epoch: admission.epoch });
  }

  /**
   * Suppress or revive. Should it be lost, the restarted scheduler makes it again only if it is
   * still its latest one: it re-states what it wants now, not a stale wish.
   */
  private suppressionCall(frameworkId: string, name: string, run: () => void): void {
    const seq = (this.suppressionCalls.get(frameworkId) ?? 0) + 1;
    this.suppressionCalls.set(frameworkId, seq);
    this.call(frameworkId, name, run, () => { if (this.suppressionCalls.get(frameworkId) === seq) this.suppressionCall(frameworkId, name, run); });
  }

  /**
   * A queued call reaches the front. The master ignores calls of a framework it removed, and of
   * one whose scheduler is disconnected (the connection they came on is gone): that scheduler
   * learns of them once it is back, as of a dropped call.
   */
  private delayedCall(c: DelayedCall): void {
    if (!this.frameworks.has(c.frameworkId)) return;
    if (this.ext.interceptScheduler?.(c.frameworkId, () => this.afterRestart(c))) return;
    c.run();
  }

  /** What the restarted scheduler does about a call that did not take effect (see `call`). */
  private afterRestart(c: DelayedCall): void {
    const { frameworkId, whenDropped } = c;
    // toScheduler holds these until the scheduler is back.
    if (whenDropped === 'resend') this.toScheduler(frameworkId, () => this.call(frameworkId, c.name, c.run, whenDropped));
    else if (whenDropped !== 'ignore') this.toScheduler(frameworkId, whenDropped);
  }

  /**
   * A FrameworkErrorMessage: the scheduler driver aborts and the scheduler gets nothing more until
   * it restarts and fails over with its framework id; its tasks keep running. The restart is a
   * scheduler disconnection for the framework's `restartAfterError` (failover/runtime.ts, installed
   * whenever a rate limit has a capacity: experiment/install-failures.ts). Without it the restarted
   * scheduler would re-send its lost calls at once, into the same full queue, without end.
   */
  private frameworkError(frameworkId: string, message: string): void {
    // Its driver has aborted already when its scheduler is not connected (restarting, or awaiting
    // reregistration with a new master): what it sent is held until it is back. An inactive framework
    // whose scheduler is connected (deactivated by the operator) aborts like any other: its lost call
    // must wait for the restart, or it would be made again at once into the same full queue.
    if (!this.frameworks.has(frameworkId) || this.ext.schedulerConnected?.(frameworkId) === false) return;
    if (!this.ext.frameworkError) throw new Error('internal: a rate-limit capacity needs the failure runtime (scheduler restarts)');
    this.counters.frameworkErrors++;
    this.sink.emit(this.sim.now, 'framework.error', { framework: frameworkId, message });
    this.ext.frameworkError(frameworkId);
  }

  /**
   * Launches the master never ran: the ACCEPT named an offer that is no longer valid (rescinded,
   * timed out; reason `invalid offers`), or the call was dropped and the restarted scheduler
   * reconciles tasks the master never heard of (reason `reconciliation`). Mesos answers each task
   * with TASK_DROPPED for a PARTITION_AWARE framework and TASK_LOST otherwise (accept validation,
   * REASON_INVALID_OFFERS). A restarted scheduler's reconciliation of tasks whose ACCEPT was dropped
   * (reason `reconciliation`, with the agent of the accepted offer, `agentId`) is answered as Mesos
   * `reconcile` answers an unknown task (kill-reconciliation.ts `launchReconciledState`).
   */
  private launchesNotRun(frameworkId: string, launches: readonly TaskLaunch[], reason: string, agentId?: string): void {
    const fw = this.frameworks.get(frameworkId);
    if (!fw || launches.length === 0) return;
    const pa = fw.info.capabilities.includes('PARTITION_AWARE');
    const state: TaskState = reason === 'reconciliation' ? launchReconciledState(this, agentId, pa) : pa ? 'TASK_DROPPED' : 'TASK_LOST';
    for (const l of launches) {
      const taskId = l.taskId ?? `${frameworkId}-task-${String(++fw.taskCounter).padStart(6, '0')}`;
      this.counters.tasksFailed++;
      this.sink.emit(this.sim.now, 'task.status', { task: taskId, framework: frameworkId, state, reason, ...(l.jobId !== undefined ? { job: l.jobId } : {}) });
      this.toScheduler(frameworkId, () => fw.scheduler.onTaskUpdate?.({ taskId, state, agentId: '', jobId: l.jobId, reason }, this.driver(frameworkId)));
    }
  }

  // ---- framework calls ----------------------------------------------------------------------

  /**
   * ACCEPT: first the resource operations (RESERVE/UNRESERVE/CREATE/DESTROY, §3.5–3.6) in order,
   * each converting the offered resources and the agent's total; then LAUNCH: tasks that fit in
   * what is left of the offer start; the unused rest is recovered with the accept's filter
   * (default refuse_seconds 5 s, MC:5357-5361).
   */
  accept(frameworkId: string, offerId: string, launches: readonly TaskLaunch[], refuseSeconds?: number, operations: readonly Operation[] = []): void {
    if (this.optimistic) { this.optimistic.accept(frameworkId, offerId, launches, refuseSeconds, operations); return; } // story 14
    const offer = this.takeOffer(frameworkId, offerId);
    if (!offer) { this.launchesNotRun(frameworkId, launches, 'invalid offers'); return; }
    const fw = this.frameworks.get(frameworkId)!;
    let remaining = offer.resources;
    for (const op of operations) {
      const c = conversionOf(op);
      const refused = typeof c === 'string' ? c : this.volumeProblem(offer.agentId, op);
      const next = refused !== null || typeof c === 'string' ? null : applyConversion(remaining, c);
      const ok = next !== null && typeof c !== 'string' && this.allocator.updateAllocation(frameworkId, offer.role, offer.agentId, c);
      this.sink.emit(this.sim.now, 'offer.operation', {
        offer: offerId, framework: frameworkId, role: offer.role, agent: offer.agentId, operation: op.kind,
        resources: formatResources(op.resources), ok, ...(ok ? {} : { reason: refused ?? 'resources not in offer' }),
      });
      if (!ok) continue;
      remaining = next!;
      this.syncAgentTotal(offer.agentId);
    }
    const launched: string[] = [];
    for (const l of launches) {
      const taskId = l.taskId ?? `${frameworkId}-task-${String(++fw.taskCounter).padStart(6, '0')}`;
      if (!contains(remaining, l.resources)) {
        this.sink.emit(this.sim.now, 'task.status', { task: taskId, framework: frameworkId, agent: offer.agentId, state: 'TASK_ERROR', reason: 'resources not in offer' });
        this.counters.tasksFailed++;
        fw.scheduler.onTaskUpdate?.({ taskId, state: 'TASK_ERROR', agentId: offer.agentId, jobId: l.jobId, reason: 'resources not in offer' }, this.driver(frameworkId));
        continue;
      }
      remaining = subtract(remaining, l.resources);
      this.launchTask(fw, offer.role, offer.agentId, taskId, l);
      launched.push(taskId);
    }
    this.counters.offersAccepted++;
    this.sink.emit(this.sim.now, 'offer.accepted', {
      offer: offerId, framework: frameworkId, role: offer.role, agent: offer.agentId, tasks: launched.length, unused: formatResources(remaining),
    });
    if (remaining.length > 0) this.allocator.recoverResources(frameworkId, offer.role, offer.agentId, remaining, refuseSeconds);
  }

  /** DECLINE: everything goes back, with a refusal filter (default 5 s; 0 = none). */
  decline(frameworkId: string, offerId: string, refuseSeconds?: number): void {
    const offer = this.takeOffer(frameworkId, offerId);
    if (!offer) return;
    this.counters.offersDeclined++;
    this.sink.emit(this.sim.now, 'offer.declined', {
      offer: offerId, framework: frameworkId, role: offer.role, agent: offer.agentId, resources: formatResources(offer.resources),
      refuseSeconds: refuseSeconds ?? 5,
    });
    this.recoverOffered(frameworkId, offer.role, offer.agentId, offer.resources, refuseSeconds);
  }

  /**
   * Give back part of a held offer (Mesos tests call recoverResources directly with a subset);
   * the rest stays offered to the framework.
   */
  returnPart(frameworkId: string, offerId: string, part: Resources, refuseSeconds?: number): void {
    const offer = this.offers.get(offerId);
    if (!offer || offer.frameworkId !== frameworkId) return;
    const rest = subtract(offer.resources, part);
    const returned = subtract(offer.resources, rest);
    if (rest.length === 0) { this.decline(frameworkId, offerId, refuseSeconds); return; }
    offer.resources = rest;
    this.counters.offersDeclined++;
    this.sink.emit(this.sim.now, 'offer.declined', {
      offer: offerId, framework: frameworkId, role: offer.role, agent: offer.agentId, resources: formatResources(returned),
      refuseSeconds: refuseSeconds ?? 5, partial: true,
    });
    this.recoverOffered(frameworkId, offer.role, offer.agentId, returned, refuseSeconds);
  }

  rescindOffer(offerId: string, reason: string): void {
    const offer = this.offers.get(offerId);
    if (!offer) return;
    this.takeOffer(offer.frameworkId, offerId);
    this.counters.offersRescinded++;
    this.sink.emit(this.sim.now, 'offer.rescinded', {
      offer: offerId, framework: offer.frameworkId, role: offer.role, agent: offer.agentId, resources: formatResources(offer.resources), reason,
    });
    // Rescinded resources come back with no filter (MC:11841-11862).
    this.recoverOffered(offer.frameworkId, offer.role, offer.agentId, offer.resources, null);
    const fw = this.frameworks.get(offer.frameworkId);
    fw?.scheduler.onRescind?.(offerId, this.driver(offer.frameworkId));
  }

  suppress(frameworkId: string, roles: readonly string[] = []): void {
    this.allocator.suppress(frameworkId, roles);
    this.sink.emit(this.sim.now, 'framework.suppressed', { framework: frameworkId, roles: [...roles] });
  }

  revive(frameworkId: string, roles: readonly string[] = []): void {
    this.allocator.revive(frameworkId, roles);
    this.optimistic?.revived(frameworkId, roles); // story 14
    this.sink.emit(this.sim.now, 'framework.revived', { framework: frameworkId, roles: [...roles] });
  }

  /** A kill; `frameworkId`: the framework's KILL call (none: the agent's own, e.g. a drain). */
  killTask(taskId: string, frameworkId?: string): void {
    const t = this.tasks.get(taskId);
    if (frameworkId !== undefined && t?.frameworkId !== frameworkId) { // unknown: Mesos reconciles it (kill-reconciliation.ts)
      answerUnknownKill(this, this.sink, this.sim.now, frameworkId, taskId);
      return;
    }
    if (this.ext.holdKill?.(taskId)) return; // the agent is cut off: the kill waits for it (§6.2, failover/held-kills.ts)
    this.endTask(taskId, 'TASK_KILLED');
  }

  // ---- tasks --------------------------------------------------------------------------------

  private launchTask(fw: MasterFramework, role: string, agentId: string, taskId: string, l: TaskLaunch): void {
    const task: Task = {
      id: taskId, frameworkId: fw.info.id, role, agentId, resources: l.resources, state: 'TASK_RUNNING',
      launchedAtMs: this.sim.now, submittedAtMs: l.submittedAtMs ?? null, durationMs: l.durationMs,
      jobId: l.jobId ?? null, endHandle: null, usage: l.usage ?? null,
    };
    if (l.durationMs !== null) task.endHandle = this.sim.after(l.durationMs, this.kinds.taskEnd, taskId);
    this.tasks.set(taskId, task);
    fw.tasks.add(taskId);
    this.agents.get(agentId)?.tasks.add(taskId);
    this.counters.tasksLaunched++;
    this.sink.emit(this.sim.now, 'task.launched', {
      task: taskId, framework: fw.info.id, role, agent: agentId, resources: formatResources(l.resources),
      ...(task.jobId !== null ? { job: task.jobId } : {}),
      ...(task.submittedAtMs !== null ? { submitted: task.submittedAtMs } : {}),
    });
  }

  /**
   * Terminal transition: resources go back to the allocator with no filter and no run (§6.1).
   * `notify` false: the framework is not told (a recovering agent marked gone: failover/agent-gone.ts).
   */
  endTask(taskId: string, state: TaskState, reason?: string, recover = true, notify = true): void {
    const task = this.tasks.get(taskId);
    if (!task || TERMINAL_STATES.has(task.state)) return;
    if (task.endHandle !== null) this.sim.cancel(task.endHandle);
    task.state = state;
    this.tasks.delete(taskId);
    const fw = this.frameworks.get(task.frameworkId);
    fw?.tasks.delete(taskId);
    this.agents.get(task.agentId)?.tasks.delete(taskId);
    this.endedTasks.record(task.frameworkId, taskId, task.agentId, task.jobId); // a later kill of it names this agent (kill-reconciliation.ts)
    if (state === 'TASK_FINISHED') this.counters.tasksFinished++; else this.counters.tasksFailed++;
    this.sink.emit(this.sim.now, 'task.status', {
      task: taskId, framework: task.frameworkId, agent: task.agentId, state, ...(reason ? { reason } : {}),
      ...(task.jobId !== null ? { job: task.jobId } : {}), ...(notify ? {} : { unannounced: true }),
    });
    if (recover) this.allocator.recoverResources(task.frameworkId, task.role, task.agentId, task.resources, null);
    this.monolithic?.freed();
    if (fw && notify) this.toScheduler(task.frameworkId, () => fw.scheduler.onTaskUpdate?.({ taskId, state, agentId: task.agentId, jobId: task.jobId ?? undefined, reason }, this.driver(task.frameworkId)));
  }

  // ---- operator / lifecycle -----------------------------------------------------------------

  addFramework(info: AllocatorFrameworkInfo, scheduler: Scheduler, active = true, offerLatencyMs = 0): void {
    if (this.frameworks.has(info.id)) throw new Error(`framework ${info.id} already added`);
    this.frameworks.set(info.id, { info, scheduler, active, offers: new Set(), tasks: new Set(), offerLatencyMs, taskCounter: 0 });
    this.sink.emit(this.sim.now, 'framework.added', { framework: info.id, roles: [...info.roles], active });
    this.allocator.addFramework(info, new Map(), active);
    this.monolithic?.adopt(info.id, scheduler); // monolithic baseline: work goes to the central scheduler
    scheduler.start?.(this.driver(info.id));
  }

  removeFramework(frameworkId: string): void {
    const fw = this.frameworks.get(frameworkId);
    if (!fw) return;
    for (const id of [...fw.offers]) this.rescindOffer(id, 'framework removed');
    for (const id of [...fw.tasks]) this.endTask(id, 'TASK_KILLED', 'framework removed');
    this.allocator.removeFramework(frameworkId);
    this.frameworks.delete(frameworkId);
    this.removedFrameworks.set(frameworkId, { scheduler: fw.scheduler, removedAtMs: this.sim.now });
    this.drivers.delete(frameworkId);
    this.endedTasks.dropFramework(frameworkId);
    this.sink.emit(this.sim.now, 'framework.removed', { framework: frameworkId });
  }

  activateFramework(frameworkId: string): void {
    const fw = this.mustFramework(frameworkId);
    fw.active = true;
    this.sink.emit(this.sim.now, 'framework.activated', { framework: frameworkId });
    this.allocator.activateFramework(frameworkId);
  }

  /** Deactivation rescinds outstanding offers (no filter) and drops filters; tasks keep running (§6.3). */
  deactivateFramework(frameworkId: string): void {
    const fw = this.mustFramework(frameworkId);
    fw.active = false;
    this.sink.emit(this.sim.now, 'framework.deactivated', { framework: frameworkId });
    this.allocator.deactivateFramework(frameworkId);
    for (const id of [...fw.offers]) this.rescindOffer(id, 'framework deactivated');
  }

  updateFramework(info: AllocatorFrameworkInfo): void {
    const fw = this.mustFramework(info.id);
    fw.info = info;
    this.sink.emit(this.sim.now, 'framework.updated', { framework: info.id, roles: [...info.roles] });
    this.allocator.updateFramework(info);
  }

  /**
   * An agent registers, possibly already running resources for frameworks (`used`). Returns false
   * when the master refuses it (its machine is DOWN, §5.1): logged `agent.refused`, nothing added.
   */
  addAgent(info: AllocatorAgentInfo, used: readonly UsedOnAgent[] = []): boolean {
    if (this.agents.has(info.id)) throw new Error(`agent ${info.id} already added`);
    const refused = this.ext.registrationRefused?.(info) ?? null;
    if (refused !== null) {
      this.sink.emit(this.sim.now, 'agent.refused', { agent: info.id, reason: refused });
      return false;
    }
    this.agents.set(info.id, { info, tasks: new Set() });
    this.sink.emit(this.sim.now, 'agent.added', { agent: info.id, resources: formatResources(info.total) });
    const usedMap = new Map<string, Map<string, Resources>>();
    for (const u of used) {
      let byRole = usedMap.get(u.frameworkId);
      if (!byRole) usedMap.set(u.frameworkId, (byRole = new Map()));
      byRole.set(u.role, add(byRole.get(u.role) ?? EMPTY, u.resources));
    }
    this.allocator.addAgent(info, usedMap);
    for (const u of used) {
      const fw = this.frameworks.get(u.frameworkId);
      if (fw) this.launchTask(fw, u.role, info.id, `${u.frameworkId}-task-${String(++fw.taskCounter).padStart(6, '0')}`, { resources: u.resources, durationMs: u.durationMs });
    }
    return true;
  }

  /** Operator removal: offers rescinded, tasks lost; the allocator drops the agent without a run. */
  removeAgent(agentId: string, taskState: TaskState = 'TASK_LOST'): void {
    const agent = this.agents.get(agentId);
    if (!agent) return;
    this.duringAgentTransition(agentId, () => {
      for (const offer of [...this.offers.values()]) if (offer.agentId === agentId) this.rescindOffer(offer.id, 'agent removed');
      for (const taskId of [...agent.tasks]) this.endTask(taskId, taskState, 'agent removed', false);
    });
    this.allocator.removeAgent(agentId);
    this.agents.delete(agentId);
    this.sink.emit(this.sim.now, 'agent.removed', { agent: agentId });
    this.sendAgentLost(agentId);
  }

  /**
   * Run `fn`, which ends or restores the agent's tasks one by one because the agent is being removed
   * or reregistering, with isAgentInTransition(agentId) true: what those task updates set off
   * synchronously (a drain completing, §5.3; an upgrade batch taking its machines down) must not act
   * on the agent half-way — removing it a second time mid-removal, or marking it gone before all of
   * its surviving tasks are back. Such reactions wait for the transition to end.
   */
  duringAgentTransition(agentId: string, fn: () => void): void {
    this.agentsInTransition.set(agentId, (this.agentsInTransition.get(agentId) ?? 0) + 1);
    try {
      fn();
    } finally {
      const n = this.agentsInTransition.get(agentId)! - 1;
      if (n > 0) this.agentsInTransition.set(agentId, n); else this.agentsInTransition.delete(agentId);
    }
  }

  isAgentInTransition(agentId: string): boolean {
    return this.agentsInTransition.has(agentId);
  }

  /** Agents whose removal or reregistration is under way, with how many are nested. */
  private readonly agentsInTransition = new Map<string, number>();

  /**
   * LostSlaveMessage to every connected framework, in framework-id order (master.cpp
   * `sendSlaveLost`, §6.2): not queued for a disconnected one. Not in the event log: it is one
   * message per framework per removal, and the removal itself is there (`agent.removed`).
   */
  private sendAgentLost(agentId: string): void {
    for (const id of [...this.frameworks.keys()].sort()) {
      const fw = this.frameworks.get(id)!;
      if (fw.scheduler.onAgentLost === undefined || this.ext.schedulerConnected?.(id) === false) continue;
      fw.scheduler.onAgentLost(agentId, this.driver(id));
    }
  }

  /**
   * The agent's resources declared anew (timeline `updateAgent`, a trace's machine update), as an agent
   * restarted with new `--resources` declares them. When what is offered and allocated there no
   * longer fits in the new total, its outstanding offers are rescinded first (resources back, no
   * filter): the restart's disconnect rescinds them (§6.2), and an offer left standing could be
   * accepted into capacity the agent no longer has. Deviation: offers that still fit stay (Mesos
   * rescinds them at the restart and offers the agent again at once).
   */
  redeclareAgent(info: AllocatorAgentInfo): void {
    // Non-revocable resources only: a revocable total below what is held over-allocates, as an
    // estimate that shrinks does (§4; allocator UpdateSlaveOversubscribedResources, conformance f1a).
    const held = this.allocator.agents.get(info.id)?.offeredOrAllocated;
    if (held !== undefined && !contains(filter(info.total, isNonRevocable), filter(held, isNonRevocable))) {
      for (const offer of [...this.offers.values()]) if (offer.agentId === info.id) this.rescindOffer(offer.id, 'agent updated');
    }
    this.updateAgent(info);
  }

  updateAgent(info: AllocatorAgentInfo): void {
    const agent = this.agents.get(info.id);
    if (!agent) throw new Error(`unknown agent ${info.id}`);
    agent.info = info;
    const changed = this.allocator.updateAgent(info);
    this.sink.emit(this.sim.now, 'agent.updated', { agent: info.id, resources: formatResources(info.total), changed });
  }

  /**
   * Operator RESERVE/UNRESERVE/CREATE/DESTROY on an agent's unused resources (§3.5; HA:1419-1459):
   * refused when what it consumes is offered or allocated. Triggers no allocation run.
   */
  operatorOperation(agentId: string, op: Operation): boolean {
    const c = conversionOf(op);
    const refused = typeof c === 'string' ? c : this.agents.has(agentId) ? this.volumeProblem(agentId, op) : null;
    const ok = refused === null && typeof c !== 'string' && this.agents.has(agentId) && this.allocator.updateAvailable(agentId, c);
    this.sink.emit(this.sim.now, 'operator.operation', {
      agent: agentId, operation: op.kind, resources: formatResources(op.resources), ok,
      ...(ok ? {} : { reason: refused ?? 'resources not available (offered, allocated or absent)' }),
    });
    if (ok) this.syncAgentTotal(agentId);
    return ok;
  }

  /**
   * Quota of a top-level role (§3.3); kept here like weights so it survives master failover. Triggers
   * no run. A limit below consumption is rejected unless `force`, which rescinds offers instead
   * (quota-limit-check.ts).
   */
  setQuota(role: string, quota: Quota, force = false): void {
    const text = (q: ReadonlyMap<string, number>) => [...q].map(([n, v]) => `${n}:${formatMilli(v)}`).join(';');
    const exceeded = exceededLimits(this.allocator.consumedQuota(role), quota.limits);
    if (exceeded.length > 0 && !force) {
      this.sink.emit(this.sim.now, 'quota.rejected', { role, guarantee: text(quota.guarantees), limit: text(quota.limits), reason: rejectionReason(role, exceeded) });
      return;
    }
    if (isDefaultQuota(quota)) this.quotas.delete(role); else this.quotas.set(role, quota);
    this.allocator.setQuota(role, quota);
    this.monolithic?.freed(); // monolithic baseline: jobs blocked by quota are decided again
    this.sink.emit(this.sim.now, 'quota.set', { role, guarantee: text(quota.guarantees), limit: text(quota.limits) });
    if (exceeded.length === 0) return;
    for (const offer of offersOverLimit(role, this.offers.values(), this.allocator.consumedQuota(role), quota.limits)) this.rescindOffer(offer.id, 'quota limit');
  }

  /** What the tasks running on the agent hold, summed. */
  resourcesInUse(agentId: string): Resources {
    let sum: Resources = EMPTY;
    for (const id of this.agents.get(agentId)?.tasks ?? []) { const t = this.tasks.get(id); if (t) sum = add(sum, t.resources); }
    return sum;
  }

  /** Mesos' volume checks on an agent (volume-checks.ts): its total, and what its running tasks hold. */
  private volumeProblem(agentId: string, op: Operation): string | null {
    if (op.kind !== 'create' && op.kind !== 'destroy') return null;
    const total = this.allocator.agents.get(agentId)?.total ?? [];
    const inUse: Resources[] = [];
    for (const id of this.agents.get(agentId)?.tasks ?? []) { const t = this.tasks.get(id); if (t) inUse.push(t.resources); }
    return volumeOperationProblem(op, total, inUse);
  }

  private syncAgentTotal(agentId: string): void {
    const agent = this.agents.get(agentId);
    const total = this.allocator.agents.get(agentId)?.total;
    if (agent && total) agent.info = { ...agent.info, total };
  }

  setWeight(role: string, weight: number): void {
    this.roleWeights.set(role, weight);
    this.allocator.updateWeight(role, weight);
    this.sink.emit(this.sim.now, 'weight.set', { role, weight });
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** An offer's resources come back; optimistic offers held nothing (story 14: only a filter, if asked). */
  private recoverOffered(frameworkId: string, role: string, agentId: string, resources: Resources, refuseSeconds?: number | null): void {
    if (this.optimistic) this.optimistic.returned(frameworkId, role, agentId, resources, refuseSeconds);
    else this.allocator.recoverResources(frameworkId, role, agentId, resources, refuseSeconds);
  }

  offersHeldBy(frameworkId: string): Offer[] {
    const fw = this.frameworks.get(frameworkId);
    return fw ? [...fw.offers].map((id) => this.offers.get(id)!).filter(Boolean) : [];
  }

  private takeOffer(frameworkId: string, offerId: string): Offer | undefined {
    const offer = this.offers.get(offerId);
    if (!offer || offer.frameworkId !== frameworkId) return undefined;
    this.offers.delete(offerId);
    this.frameworks.get(frameworkId)?.offers.delete(offerId);
    if (offer.timeoutHandle !== null) this.sim.cancel(offer.timeoutHandle);
    return offer;
  }

  private view(o: Offer): OfferView {
    const agent = this.agents.get(o.agentId);
    return {
      id: o.id, frameworkId: o.frameworkId, role: o.role, agentId: o.agentId, resources: o.resources,
      hostname: agent?.info.hostname ?? o.agentId, attributes: agent?.info.attributes ?? {},
      ...unavailabilityOf(this.ext, o.agentId),
    };
  }

  private fireTimer(frameworkId: string, token: unknown): void {
    const fw = this.frameworks.get(frameworkId);
    if (fw) this.toScheduler(frameworkId, () => fw.scheduler.onTimer?.(token, this.driver(frameworkId)));
  }

  // ---- failures, failover, maintenance (issue 5: the logic lives in failover/ and maintenance/) ----

  /** Call into a scheduler unless it is disconnected (then the call is queued, §6.3). */
  toScheduler(frameworkId: string, call: () => void): void {
    if (this.ext.interceptScheduler?.(frameworkId, call)) return;
    call();
  }

  /** The allocator stops offering the agent; its outstanding offers are rescinded (§6.2, §5.3). */
  deactivateAgent(agentId: string, reason: string): void {
    if (!this.agents.has(agentId)) return;
    this.allocator.deactivateAgent(agentId);
    for (const offer of [...this.offers.values()]) if (offer.agentId === agentId) this.rescindOffer(offer.id, reason);
  }

  /** Re-activation does not trigger a run (§1.1): the agent is offered at the next batch tick. */
  activateAgent(agentId: string): void {
    if (this.agents.has(agentId)) this.allocator.activateAgent(agentId);
  }

  /**
   * An agent the master had removed (unreachable) reregisters with the tasks still running on it:
   * the allocator sees a fresh addAgent with them as used resources, the tasks are RUNNING again
   * (§6.2). Tasks of frameworks the master no longer knows are not restored.
   */
  reregisterAgent(info: AllocatorAgentInfo, tasks: readonly Task[]): void {
    if (this.agents.has(info.id)) throw new Error(`agent ${info.id} already registered`);
    this.agents.set(info.id, { info, tasks: new Set() });
    const kept = tasks.filter((t) => this.frameworks.has(t.frameworkId));
    this.sink.emit(this.sim.now, 'agent.reregistered', { agent: info.id, resources: formatResources(info.total), tasks: kept.length });
    const usedMap = new Map<string, Map<string, Resources>>();
    for (const t of kept) {
      let byRole = usedMap.get(t.frameworkId);
      if (!byRole) usedMap.set(t.frameworkId, (byRole = new Map()));
      byRole.set(t.role, add(byRole.get(t.role) ?? EMPTY, t.resources));
    }
    this.allocator.addAgent(info, usedMap);
    this.duringAgentTransition(info.id, () => { for (const t of kept) this.restoreTask(t); });
  }

  private restoreTask(t: Task): void {
    const fw = this.frameworks.get(t.frameworkId)!;
    const task: Task = { ...t, state: 'TASK_RUNNING', endHandle: null };
    if (t.durationMs !== null) task.endHandle = this.sim.at(Math.max(this.sim.now, t.launchedAtMs + t.durationMs), this.kinds.taskEnd, t.id);
    this.tasks.set(t.id, task);
    fw.tasks.add(t.id);
    this.agents.get(t.agentId)?.tasks.add(t.id);
    this.sink.emit(this.sim.now, 'task.status', { task: t.id, framework: t.frameworkId, agent: t.agentId, state: 'TASK_RUNNING', reason: 'agent reregistered' });
    this.toScheduler(t.frameworkId, () => fw.scheduler.onTaskUpdate?.({ taskId: t.id, state: 'TASK_RUNNING', agentId: t.agentId, jobId: t.jobId ?? undefined, reason: 'agent reregistered' }, this.driver(t.frameworkId)));
  }

  driver(frameworkId: string): SchedulerDriver {
    let d = this.drivers.get(frameworkId);
    if (d) return d;
    const master = this;
    const sim = this.sim;
    const rng = this.rngs.stream(`framework/${frameworkId}`);
    d = {
      get now() { return sim.now; },
      frameworkId,
      rng,
      suppress: (roles) => master.suppressionCall(frameworkId, 'suppress', () => master.suppress(frameworkId, roles ?? [])),
      revive: (roles) => master.suppressionCall(frameworkId, 'revive', () => master.revive(frameworkId, roles ?? [])),
      killTask: (taskId) => master.call(frameworkId, 'kill', () => master.killTask(taskId, frameworkId)),
      decline: (offerId, refuse) => master.call(frameworkId, 'decline', () => master.decline(frameworkId, offerId, refuse), 'ignore'),
      accept: (offerId, launch, refuse) => {
        const agentId = master.offers.get(offerId)?.agentId;
        master.call(frameworkId, 'accept', () => master.accept(frameworkId, offerId, launch, refuse),
          () => master.launchesNotRun(frameworkId, launch, 'reconciliation', agentId));
      },
      heldOffers: () => master.offersHeldBy(frameworkId).map((o) => master.view(o)),
      setTimer: (delayMs, token) => { sim.after(delayMs, master.kinds.timer, { frameworkId, token }); },
      sendStatusUpdate: (taskId, state, reason) => { // issue 6; held while the agent is cut off (§6.1/§6.2)
        if (master.tasks.get(taskId)?.frameworkId === frameworkId && !master.ext.holdTaskEnd?.(taskId, state, reason)) master.endTask(taskId, state, reason);
      },
      acceptInverseOffers: (ids, refuse) => master.ext.inverseOffers?.accept(frameworkId, ids, refuse),
      declineInverseOffers: (ids, refuse) => master.ext.inverseOffers?.decline(frameworkId, ids, refuse),
      runningTasks: (agentId) => {
        const fw = master.frameworks.get(frameworkId);
        if (!fw) return [];
        return [...fw.tasks].sort().map((id) => master.tasks.get(id)!).filter((t) => t && (agentId === undefined || t.agentId === agentId))
          .map((t) => ({ taskId: t.id, agentId: t.agentId, resources: t.resources, launchedAtMs: t.launchedAtMs }));
      },
    };
    this.drivers.set(frameworkId, d);
    return d;
  }

  private mustFramework(id: string): MasterFramework {
    const fw = this.frameworks.get(id);
    if (!fw) throw new Error(`unknown framework ${id}`);
    return fw;
  }
}

function unavailabilityOf(ext: MasterExtensions, agentId: string): { unavailability?: Unavailability } {
  const u = ext.unavailability?.(agentId) ?? null;
  return u === null ? {} : { unavailability: u };
}
