/**
 * Optimistic (Omega-style, shared-state) offers — product story 14. `master.offerModel: optimistic`.
 *
 * Mesos is pessimistic: the allocator offers each resource to one framework at a time and the offer
 * holds it (mesos-semantics §1.2, §2) until it is accepted, declined or rescinded. Omega
 * (Schwarzkopf et al., "Omega: flexible, scalable schedulers for large compute clusters",
 * EuroSys 2013, §3.4) gives every scheduler the whole shared cell state, lets them decide in
 * parallel and resolves conflicts when they commit. Here:
 *
 * - **Snapshot** (`allocate`): at every allocation run the master still runs the hierarchical
 *   allocator (its triggers, coalescing and batch tick are unchanged) but only for its bookkeeping
 *   (`allocate(false)`), so it offers nothing. Instead every active framework, for every
 *   subscribed, unsuppressed role, is offered every agent's free resources (total − launched,
 *   what the role may use) at once, unless it still holds an offer for that (role, agent) or a
 *   refusal filter covers it. The same resources appear in several frameworks' offers. The
 *   whole-agent rules (capabilities, regions, offer constraints, static partitioning, plugin offer
 *   policies) and min-allocatable apply as in the allocator's stage 2; DRF order, quota headroom
 *   and chopping do not (nobody decides who gets what: the first to commit wins).
 * - **Offers hold nothing**: the allocator never sees them. A decline, a rescind or the unused part
 *   of an accept gives nothing back; refuse_seconds installs a filter kept here (optimistic-filters.ts).
 * - **Commit** (`accept`): the launches that fit the offer are validated against the cell state *now*
 *   (fine-grained conflict detection: does the agent still have the resources?). Committed launches
 *   are recorded in the allocator (`trackAllocation`, the same accounting as an accepted pessimistic
 *   offer), so allocation, shares and utilization metrics stay right, and task ends recover them as
 *   usual. A conflicting launch is not started: the framework gets `TASK_DROPPED` (reason
 *   `conflict`: Mesos' state for "failed to launch because of a transient error", which the service
 *   and analytics models retry — the service model after its launch backoff) and retries with the
 *   next offers.
 * - **Transactions**: Omega lets a scheduler choose *incremental* transactions (accept all but the
 *   conflicting changes) or *all-or-nothing* ones (gang scheduling), §3.4. One accept is one
 *   transaction; the default is incremental (per task, in launch order), `transactions:
 *   all-or-nothing` drops every launch of an accept when any one conflicts.
 *
 * Not modelled (docs/offer-models.md): coarse-grained conflict detection (Omega's per-machine
 * sequence numbers), offer operations (reservations and volumes are refused in an optimistic
 * accept), the cost of the master's validation, and schedulers' private copies of the cell state
 * (a framework sees the state of the run that made its offer, and keeps an unanswered offer stale).
 */
import { contains, EMPTY, isEmpty, subtract, type Resources } from '../../cluster/resources.ts';
import { formatResources } from '../../cluster/resource-text.ts';
import type { Operation } from '../../cluster/operations.ts';
import type { EventSink } from '../../core/event-sink.ts';
import { canOfferFromAgent, stripIncapable } from '../allocator/fair-share-stage.ts';
import type { HierarchicalAllocator } from '../allocator/hierarchical.ts';
import { isAllocatable } from '../allocator/min-allocatable.ts';
import { effectiveRefuseMs } from '../allocator/refusal-filters.ts';
import type { OfferDecision } from '../allocator/types.ts';
import type { MasterCounters } from '../master.ts';
import type { MasterFramework, Offer } from '../master-state.ts';
import type { SchedulerDriver, TaskLaunch } from '../scheduler.ts';
import { OptimisticFilters } from './optimistic-filters.ts';

export type TransactionMode = 'incremental' | 'all-or-nothing';

export interface OptimisticOptions {
  readonly transactions: TransactionMode;
}

/** What the master lends the optimistic model (its private steps, wired in Master.useOptimisticOffers). */
export interface OptimisticHost {
  readonly sink: EventSink;
  readonly counters: MasterCounters;
  readonly frameworks: ReadonlyMap<string, MasterFramework>;
  readonly offers: ReadonlyMap<string, Offer>;
  now(): number;
  allocator(): HierarchicalAllocator;
  takeOffer(frameworkId: string, offerId: string): Offer | undefined;
  launchTask(fw: MasterFramework, role: string, agentId: string, taskId: string, l: TaskLaunch): void;
  driver(frameworkId: string): SchedulerDriver;
}

export interface ConflictCounts {
  /** Launches that fit their offer and were validated against the cell state. */
  attempted: number;
  committed: number;
  conflicts: number;
  /** Accepts with at least one launch validated, and those with at least one conflict. */
  transactions: number;
  conflictedTransactions: number;
}

const zero = (): ConflictCounts => ({ attempted: 0, committed: 0, conflicts: 0, transactions: 0, conflictedTransactions: 0 });

export class OptimisticOffers {
  readonly options: OptimisticOptions;
  readonly totals: ConflictCounts = zero();
  readonly byFramework = new Map<string, ConflictCounts>();
  private readonly host: OptimisticHost;
  private readonly filters = new OptimisticFilters();

  constructor(host: OptimisticHost, options: OptimisticOptions) {
    this.host = host;
    this.options = options;
  }

  /**
   * One allocation run: the allocator does the run's bookkeeping only (no offers), then — if the
   * run executed — every framework is offered the free cell state.
   */
  allocate(): OfferDecision[] {
    const alloc = this.host.allocator();
    const runsBefore = alloc.runs;
    alloc.allocate(false);
    return alloc.runs === runsBefore ? [] : this.snapshot(alloc);
  }

  private snapshot(alloc: HierarchicalAllocator): OfferDecision[] {
    const now = this.host.now();
    const held = new Set<string>();
    for (const o of this.host.offers.values()) held.add(`${o.frameworkId}\u0000${o.role}\u0000${o.agentId}`);
    const frameworks = [...alloc.frameworks.values()].filter((f) => f.active).sort((a, b) => (a.info.id < b.info.id ? -1 : 1));
    const agents = [...alloc.agents.values()].sort((a, b) => (a.info.id < b.info.id ? -1 : 1));
    const whitelist = alloc.options.whitelist;
    const out: OfferDecision[] = [];
    for (const agent of agents) {
      if (!agent.activated || (whitelist !== null && !whitelist.includes(agent.info.hostname))) continue;
      if (isEmpty(agent.available)) continue;
      for (const fw of frameworks) {
        for (const role of fw.info.roles) {
          if (fw.suppressed.has(role) || held.has(`${fw.info.id}\u0000${role}\u0000${agent.info.id}`)) continue;
          const available = agent.availableTo(role);
          const min = fw.minAllocatableFor(role) ?? alloc.options.minAllocatable;
          if (!isAllocatable(available, min) || !canOfferFromAgent(alloc, fw, role, agent)) continue;
          const toOffer = stripIncapable(fw, available, agent);
          if (toOffer !== available && !isAllocatable(toOffer, min)) continue;
          if (this.filters.isFiltered(fw.info.id, role, agent.info.id, toOffer, now)) { alloc.filteredCandidates++; continue; }
          out.push({ frameworkId: fw.info.id, role, agentId: agent.info.id, resources: toOffer });
        }
      }
    }
    return out;
  }

  /**
   * ACCEPT as a transaction against the shared cell state: launches outside the offer fail as in
   * pessimistic mode (TASK_ERROR); the rest commit if the agent still has the resources, otherwise
   * they conflict (TASK_DROPPED, reason `conflict`), per task or all-or-nothing.
   */
  accept(frameworkId: string, offerId: string, launches: readonly TaskLaunch[], refuseSeconds?: number, operations: readonly Operation[] = []): void {
    const h = this.host;
    const offer = h.takeOffer(frameworkId, offerId);
    if (!offer) return;
    const fw = h.frameworks.get(frameworkId)!;
    const now = h.now();
    for (const op of operations) {
      h.sink.emit(now, 'offer.operation', {
        offer: offerId, framework: frameworkId, role: offer.role, agent: offer.agentId, operation: op.kind,
        resources: formatResources(op.resources), ok: false, reason: 'offer operations are not supported with offerModel optimistic',
      });
    }
    const notify: (() => void)[] = [];
    let remaining = offer.resources;
    const attempts: { taskId: string; l: TaskLaunch }[] = [];
    for (const l of launches) {
      const taskId = l.taskId ?? `${frameworkId}-task-${String(++fw.taskCounter).padStart(6, '0')}`;
      if (!contains(remaining, l.resources)) {
        h.sink.emit(now, 'task.status', { task: taskId, framework: frameworkId, agent: offer.agentId, state: 'TASK_ERROR', reason: 'resources not in offer' });
        h.counters.tasksFailed++;
        notify.push(() => fw.scheduler.onTaskUpdate?.({ taskId, state: 'TASK_ERROR', agentId: offer.agentId, jobId: l.jobId, reason: 'resources not in offer' }, h.driver(frameworkId)));
        continue;
      }
      remaining = subtract(remaining, l.resources);
      attempts.push({ taskId, l });
    }
    // Validate against the cell state now (fine-grained: the agent's free resources for the role).
    const alloc = h.allocator();
    const agent = alloc.agents.get(offer.agentId);
    const afw = alloc.frameworks.get(frameworkId);
    let free: Resources = agent && afw && agent.activated ? agent.availableTo(offer.role) : EMPTY;
    const fits: boolean[] = attempts.map((a) => {
      if (!contains(free, a.l.resources)) return false;
      free = subtract(free, a.l.resources);
      return true;
    });
    const gangFails = this.options.transactions === 'all-or-nothing' && fits.includes(false);
    let committed = 0;
    attempts.forEach((a, i) => {
      if (!fits[i] || gangFails) return;
      alloc.trackAllocation(afw!, offer.role, agent!, a.l.resources);
      h.launchTask(fw, offer.role, offer.agentId, a.taskId, a.l);
      committed++;
    });
    const conflicts = attempts.length - committed;
    for (const [i, a] of attempts.entries()) {
      if (fits[i] && !gangFails) continue;
      const reason = fits[i] ? 'conflict: another launch of the transaction conflicted' : 'conflict: resources taken since the offer';
      h.sink.emit(now, 'task.status', {
        task: a.taskId, framework: frameworkId, agent: offer.agentId, state: 'TASK_DROPPED', reason,
        ...(a.l.jobId !== undefined ? { job: a.l.jobId } : {}),
      });
      h.counters.tasksFailed++;
      notify.push(() => fw.scheduler.onTaskUpdate?.({ taskId: a.taskId, state: 'TASK_DROPPED', agentId: offer.agentId, jobId: a.l.jobId, reason }, h.driver(frameworkId)));
    }
    this.count(frameworkId, attempts.length, committed, conflicts);
    h.counters.offersAccepted++;
    h.sink.emit(now, 'offer.accepted', {
      offer: offerId, framework: frameworkId, role: offer.role, agent: offer.agentId, tasks: committed, unused: formatResources(remaining), conflicts,
    });
    if (remaining.length > 0) this.returned(frameworkId, offer.role, offer.agentId, remaining, refuseSeconds);
    // Status updates last, once the master's state is settled (a scheduler may call back in).
    for (const n of notify) n();
  }

  /**
   * Offered resources given back (decline, unused part of an accept, rescind): nothing to recover,
   * since the offer held nothing; refuse_seconds installs a filter (mesos-semantics §2.1).
   */
  returned(frameworkId: string, role: string, agentId: string, resources: Resources, refuseSeconds?: number | null): void {
    if (refuseSeconds === null || isEmpty(resources)) return;
    const ms = effectiveRefuseMs(refuseSeconds, this.host.allocator().options.allocationIntervalMs);
    if (ms === null) return;
    const until = this.host.now() + ms;
    this.filters.add(frameworkId, role, agentId, resources, until);
    this.host.counters.filtersInstalled++;
    this.host.sink.emit(this.host.now(), 'filter.installed', { framework: frameworkId, role, agent: agentId, resources: formatResources(resources), until });
  }

  /** Revive clears the roles' filters (all subscribed roles when none are named). */
  revived(frameworkId: string, roles: readonly string[]): void {
    const fw = this.host.frameworks.get(frameworkId);
    this.filters.clear(frameworkId, roles.length > 0 ? roles : fw?.info.roles ?? []);
  }

  private count(frameworkId: string, attempted: number, committed: number, conflicts: number): void {
    if (attempted === 0) return;
    let c = this.byFramework.get(frameworkId);
    if (!c) this.byFramework.set(frameworkId, (c = zero()));
    for (const x of [c, this.totals]) {
      x.attempted += attempted;
      x.committed += committed;
      x.conflicts += conflicts;
      x.transactions++;
      if (conflicts > 0) x.conflictedTransactions++;
    }
  }
}
