/**
 * The hierarchical allocator (Mesos `hierarchical.cpp`), driven by lifecycle notifications from
 * the master and speaking back only through decisions (offers) and its host callbacks.
 *
 * One allocation run (mesos-semantics §1.2):
 *   1. Candidate agents: removed, deactivated and non-whitelisted agents are dropped.
 *   2. Shuffle them with the seeded `allocator.shuffle` stream (Mesos: std::random_shuffle).
 *   3. (quota bookkeeping and stage 1 — quota guarantees — see quota issue; no-op without quota)
 *   4. Stage 2, fair share: for each agent, roles in DRF order, frameworks of the role in DRF
 *      order; offer the framework everything the role may use on that agent (coarse-grained),
 *      skipping frameworks that are filtered, incapable, or below min-allocatable.
 *   5. Return the offers; the master turns each (framework, role, agent) into one Offer.
 *
 * Incremental (our addition, equivalent in outcome): whether an agent can yield an offer depends
 * only on its own state and on framework-wide state, never on the DRF order. So a batch run only
 * visits agents that changed since they were last visited (resources returned, filter expired,
 * added/updated) — or every agent with free resources after a framework-wide change (framework
 * added, activated, revived, reconfigured). A cycle in which nothing changed visits nothing.
 *
 * Triggers (§1.1): addFramework(active), activateFramework and revive request a run over all
 * agents; addAgent and a changed updateAgent request a run for that agent; recoverResources,
 * removals, deactivation, suppress, weights never do.
 */
import { internedName } from '../../cluster/interned-name.ts';
import { add, EMPTY, filter, isEmpty, type Resources } from '../../cluster/resources.ts';
import { createRng, type Rng } from '../../kernel/rng.ts';
import type { Sorter } from '../sorter/sorter.ts';
import { sorterFactory } from '../sorter/registry.ts';
import { SorterPool } from '../sorter/sorter-pool.ts';
import { AllocatorAgent } from './allocator-agent.ts';
import { AllocatorFramework } from './allocator-framework.ts';
import { AllocatorRole } from './allocator-role.ts';
import { FairShareWalk } from './fair-share-stage.ts';
import { QuotaLedger, type Quota } from './quota.ts';
import { rolesCappedByLimits, runQuotaStage } from './quota-stage.ts';
import { applyConversion, type Conversion } from '../../cluster/operations.ts';
import { effectiveRefuseMs, FilterTally } from './refusal-filters.ts';
import type { OfferRestriction } from './static-partition.ts';
import type {
  AllocatorAgentInfo, AllocatorFrameworkInfo, AllocatorHost, AllocatorOptions, FilterToken, OfferDecision, UsedResources,
} from './types.ts';

export class HierarchicalAllocator {
  readonly options: AllocatorOptions;
  readonly frameworks = new Map<string, AllocatorFramework>();
  readonly agents = new Map<string, AllocatorAgent>();
  /** The same agents sorted by id (the canonical pre-shuffle order). */
  private readonly agentsById: AllocatorAgent[] = [];
  readonly roleSorter: Sorter;
  /** Tracked roles (a framework subscribed, or still holding resources for it): framework sorter, frameworks, quota account. */
  readonly roles = new Map<string, AllocatorRole>();
  /** Cluster totals, the share denominator of the role sorter and every framework sorter. */
  readonly pool = new SorterPool();
  /** Quota per top-level role and the consumption/headroom tallies enforcing it (§3.3–3.4). */
  readonly quota = new QuotaLedger();
  /** The chopping rule's resource shuffle (§3.4), its own stream so it never shifts the agent shuffles. */
  readonly chopRng: Rng;
  /** Shared resources already offered in the current run, per agent (offered at most once, §3.6). */
  private readonly sharedOffered = new Map<string, Resources>();
  private readonly host: AllocatorHost;
  private readonly shuffleRng: Rng;
  private readonly makeFrameworkSorter: () => Sorter;
  /** Idle roles are parked in the role sorter (syncRoleActivity): only with DRF sorters. */
  private readonly parksIdleRoles: boolean;
  /** Agents changed since they were last visited (each flagged `dirty`; stale entries are skipped). */
  private dirtyAgents: AllocatorAgent[] = [];
  private allAgentsDirty = true;
  private pendingAll = false;
  private readonly pendingAgents = new Set<string>();
  private runQueued = false;
  private paused = false;
  private nextFilterId = 1;
  runs = 0;
  /** [issue 5 hook] Agents the last executed run was requested for; null = all (inverse offers, §5.2). */
  lastRunScope: readonly string[] | null = null;
  /** Refusal filters held over all frameworks (none: the stages skip every filter check). */
  readonly filterTally = new FilterTally();
  /** Stage 2's walk (fair-share-stage.ts), made once. */
  private readonly fairShareWalk = new FairShareWalk(this);
  /** Candidate offers suppressed by a refusal filter (the "offers filtered" metric). */
  filteredCandidates = 0;
  /** Bumped when an agent is added, removed, (de)activated or its total changes (the free state's shape). */
  agentsVersion = 0;
  /** Issue 8 hook: static partitioning (static-partition.ts); null = every agent is shared. */
  offerRestriction: OfferRestriction | null = null;

  constructor(options: AllocatorOptions, host: AllocatorHost, shuffleRng: Rng, sorterRandom: () => number, chopRng?: Rng) {
    this.options = options;
    this.host = host;
    this.shuffleRng = shuffleRng;
    this.chopRng = chopRng ?? createRng('allocator.chop');
    const roleFactory = sorterFactory(options.roleSorter);
    const fwFactory = sorterFactory(options.frameworkSorter);
    if (!roleFactory || !fwFactory) throw new Error(`unknown sorter ${options.roleSorter}/${options.frameworkSorter}`);
    const sorterOptions = { excludedResourceNames: options.fairnessExcludedResourceNames, random: sorterRandom, pool: this.pool };
    this.roleSorter = roleFactory(sorterOptions);
    this.makeFrameworkSorter = () => fwFactory(sorterOptions);
    // Not in the exhaustive walk: it is the reference the shortcuts are tested against.
    // (Mesos requires both sorters to be the same; DRF's framework sorters answer `anyActive`.)
    this.parksIdleRoles = options.exhaustiveWalk !== true && this.roleSorter.kind === 'drf' && options.frameworkSorter === 'drf';
  }

  // ---- run scheduling ---------------------------------------------------------------------

  /** Request a run over `agentIds`, or over all agents when omitted; coalesced until it runs. */
  requestAllocation(agentIds?: readonly string[]): void {
    if (this.paused) return; // a paused allocator drops requests (HA:1911-1915)
    if (agentIds === undefined) this.pendingAll = true;
    else for (const id of agentIds) this.pendingAgents.add(id);
    if (!this.runQueued) {
      this.runQueued = true;
      this.host.scheduleRun();
    }
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * Execute the queued run. Returns offers in the order they were made. With `makeOffers: false`
   * (another offer model decides who gets what, docs/offer-models.md) only the run's bookkeeping
   * happens: the run is counted and scoped, and the agents it visits are no longer dirty.
   */
  allocate(makeOffers = true): OfferDecision[] {
    this.runQueued = false;
    const all = this.pendingAll;
    const requested = [...this.pendingAgents];
    this.pendingAll = false;
    this.pendingAgents.clear();
    if (this.paused) return [];
    this.runs++;
    this.lastRunScope = all ? null : requested; // [issue 5 hook] inverse offers follow the run (§5.2)
    // With quota, whether an agent can be offered depends on cluster-wide headroom, so a run over
    // all agents visits every agent with free resources (no incremental shortcut).
    if (all && this.quota.active) this.allAgentsDirty = true;
    const agents = this.candidates(all, requested);
    if (!makeOffers) return [];
    this.sharedOffered.clear();
    this.shuffleRng.shuffle(agents); // HA:1993
    const offers: OfferDecision[] = [];
    const required = this.quota.active ? this.quota.requiredHeadroom() : new Map<string, number>();
    if (required.size > 0) runQuotaStage(this, agents, offers, required);
    const stage1 = offers.length;
    this.shuffleRng.shuffle(agents); // HA:2390-2393: spread stage 1's bias
    const capped = this.quota.active && this.options.exhaustiveWalk !== true ? rolesCappedByLimits(this) : [];
    const onStage1Agents: number[] = []; // stage 2 offers on agents stage 1 offered on
    this.withRolesInactive(capped, () => this.fairShareWalk.run(agents, offers, required, capped, onStage1Agents));
    return onStage1Agents.length > 0 ? mergeOffers(offers, stage1, onStage1Agents) : offers;
  }

  /**
   * Run `fn` with `roles` deactivated in the role sorter (an allocation stage none of them can
   * take part in), then activate them again. Role-sorter clients are otherwise always active.
   */
  withRolesInactive(roles: readonly string[], fn: () => void): void {
    for (const r of roles) this.roleSorter.deactivate(r);
    try {
      fn();
    } finally {
      for (const r of roles) this.activateRole(r);
    }
  }

  /** Let a role take part in a stage's walk again (an idle role stays parked: it can take nothing). */
  activateRole(role: string): void {
    if (this.roles.get(role)?.idle !== true) this.roleSorter.activate(role);
  }

  /** Roles with at least one tracked strict descendant ("a" when "a/b" is tracked). */
  rolesWithTrackedDescendants(): Set<string> {
    const out = new Set<string>();
    for (const role of this.roles.keys()) {
      for (let i = role.indexOf('/'); i >= 0; i = role.indexOf('/', i + 1)) out.add(role.slice(0, i));
    }
    return out;
  }

  /** Shared resources offered on `agent` so far in this run. */
  sharedOfferedThisRun(agent: AllocatorAgent): Resources {
    if (!agent.hasShared) return EMPTY;
    return this.sharedOffered.get(agent.info.id) ?? EMPTY;
  }

  /** Record the shared part of an offer; returns everything shared offered on the agent this run. */
  noteSharedOffered(agent: AllocatorAgent, offered: Resources): Resources {
    const before = this.sharedOfferedThisRun(agent);
    let shared = false;
    for (const r of offered) if (r.shared) { shared = true; break; }
    if (!shared) return before;
    const now = add(before, filter(offered, (r) => r.shared));
    this.sharedOffered.set(agent.info.id, now);
    return now;
  }

  // ---- quota ------------------------------------------------------------------------------

  /**
   * Set (or, with empty guarantees and limits, remove) a top-level role's quota. Never triggers
   * a run (§1.1). The first quota starts the allocation tallies from the current allocations.
   */
  setQuota(role: string, quota: Quota): void {
    const wasActive = this.quota.active;
    this.quota.set(internedName(role), quota);
    // The last quota gone: batch runs visit only changed agents again, and resources that limits or
    // headroom held back are on agents nothing changed. The next batch visits all of them (§1.1:
    // what updateQuota frees is offered at the next batch tick).
    if (wasActive && !this.quota.active) this.frameworkWideChange(false);
    if (!wasActive && this.quota.active) {
      this.quota.clearAllocations();
      for (const agent of this.agents.values()) {
        for (const h of agent.holdings) this.quota.allocation(h.role, h.resources, 1);
      }
    }
  }

  quotaOf(role: string): Quota {
    return this.quota.get(role);
  }

  /**
   * Consumed quota of a top-level role (§3.4): reservations plus offered or allocated unreserved
   * non-revocable scalars. Reservations are always tallied; allocations only while some quota is
   * set, so without one they are summed from the agents here.
   */
  consumedQuota(role: string): Map<string, number> {
    if (this.quota.active) return this.quota.consumed(role);
    const scratch = new QuotaLedger();
    for (const agent of this.agents.values()) {
      scratch.agentTotal(agent.total, 1);
      for (const h of agent.holdings) scratch.allocation(h.role, h.resources, 1);
    }
    return scratch.consumed(role);
  }

  /** Guarantees of a role with quota (the metrics' QuotaSource, docs/outputs.md). */
  quotaGuarantee(role: string): ReadonlyMap<string, number> | undefined {
    return this.quota.quotas.get(role)?.guarantees;
  }

  /** The roles with a quota (the metrics' QuotaSource: only these are asked for a guarantee). */
  quotaRoles(): Iterable<string> {
    return this.quota.quotas.keys();
  }

  /**
   * The agents this run visits, in agent-id order before the shuffle (so the outcome does not
   * depend on how they were collected): the requested ones, plus on a run over all agents every
   * agent that changed since it was last visited — or every agent with free resources after a
   * framework-wide change.
   */
  private candidates(all: boolean, requested: readonly string[]): AllocatorAgent[] {
    const run = this.runs;
    const marked: AllocatorAgent[] = [];
    for (const id of requested) markCandidate(this.agents.get(id), run, marked);
    // Indexed loops over the agents here and below: this runs once per cycle, often before V8
    // optimizes it, and an unoptimized for…of makes an iterator result per step (10,000 agents).
    if (all) {
      if (this.allAgentsDirty) {
        const byId = this.agentsById;
        for (let i = 0; i < byId.length; i++) if (!isEmpty(byId[i].available)) markCandidate(byId[i], run, marked);
        this.allAgentsDirty = false;
      }
      const dirty = this.dirtyAgents;
      for (let i = 0; i < dirty.length; i++) if (dirty[i].dirty) markCandidate(dirty[i], run, marked);
      this.dirtyAgents = []; // every dirty agent is a candidate of this run
    } else if (this.dirtyAgents.length > 4 * this.agentsById.length + 64) {
      this.dirtyAgents = [...new Set(this.dirtyAgents)].filter((a) => a.dirty); // drop stale and repeated entries
    }
    // Many candidates: filter the id-sorted list rather than sorting strings (all of them: take it whole).
    const chosen = marked.length === this.agentsById.length ? this.agentsById
      : marked.length * 8 >= this.agentsById.length ? this.agentsById.filter((a) => a.candidateInRun === run)
        : marked.sort((a, b) => (a.info.id < b.info.id ? -1 : 1));
    const out: AllocatorAgent[] = [];
    for (let i = 0; i < chosen.length; i++) {
      const agent = chosen[i];
      agent.dirty = false;
      if (!agent.activated || !this.isWhitelisted(agent)) continue;
      out.push(agent);
      // Shared volumes stay available while in use and are re-offered every run (§3.6).
      if (agent.hasShared && agent.available.some((r) => r.shared)) this.markDirty(agent);
    }
    return out;
  }

  // ---- frameworks -------------------------------------------------------------------------

  addFramework(given: AllocatorFrameworkInfo, used: ReadonlyMap<string, ReadonlyMap<string, Resources>>, active: boolean): void {
    if (this.frameworks.has(given.id)) throw new Error(`framework ${given.id} added twice`);
    const info = withInternedNames(given);
    const fw = new AllocatorFramework(info, active, this.filterTally);
    this.frameworks.set(info.id, fw);
    for (const role of info.roles) this.trackFrameworkUnderRole(fw, role);
    // `used`: agent → role → resources already running for this framework (e.g. after failover)
    for (const [agentId, byRole] of used) {
      const agent = this.agents.get(agentId);
      if (!agent) continue;
      for (const [role, res] of byRole) this.trackAllocation(fw, role, agent, res);
    }
    this.refreshActivation(fw);
    if (active) this.frameworkWideChange(true);
  }

  removeFramework(frameworkId: string): void {
    const fw = this.mustFramework(frameworkId);
    for (const agent of this.agents.values()) {
      if (!agent.holds(frameworkId)) continue;
      for (const h of agent.holdings) if (h.frameworkId === frameworkId) this.untrackAllocation(fw, h.role, agent, h.resources);
    }
    for (const role of [...fw.trackedRoles]) this.untrackFrameworkUnderRole(fw, role);
    this.frameworks.delete(frameworkId);
  }

  activateFramework(frameworkId: string): void {
    const fw = this.mustFramework(frameworkId);
    fw.active = true;
    this.refreshActivation(fw);
    this.frameworkWideChange(true);
  }

  /** Deactivation drops all of the framework's filters (HA:899-900) and triggers nothing. */
  deactivateFramework(frameworkId: string): void {
    const fw = this.mustFramework(frameworkId);
    fw.active = false;
    fw.filters.clearAll();
    this.refreshActivation(fw);
  }

  /** New roles/capabilities/suppressed roles; no run is triggered (§1.1). */
  updateFramework(given: AllocatorFrameworkInfo): void {
    const fw = this.mustFramework(given.id);
    const info = withInternedNames(given);
    const oldRoles = new Set(fw.info.roles);
    fw.update(info);
    // A role dropped while still held stays tracked (HA updateFramework: "a framework can unsubscribe
    // from a role while it still has resources allocated to the role"): subscribing again finds it so.
    for (const role of info.roles) if (!oldRoles.has(role) && !fw.trackedRoles.has(role)) this.trackFrameworkUnderRole(fw, role);
    for (const role of oldRoles) {
      if (fw.subscribes(role)) continue;
      fw.filters.clearRole(role); // unsubscribing drops that role's filters (HA:940-942)
      if (!fw.holdsRole(role)) this.untrackFrameworkUnderRole(fw, role);
    }
    this.refreshActivation(fw);
    this.frameworkWideChange(false);
  }

  suppress(frameworkId: string, roles: readonly string[]): void {
    const fw = this.mustFramework(frameworkId);
    for (const role of roles.length > 0 ? roles : fw.info.roles) fw.suppressed.add(role);
    this.refreshActivation(fw);
  }

  /** Revive clears the roles' filters and triggers a run over all agents (HA:1797-1837). */
  revive(frameworkId: string, roles: readonly string[]): void {
    const fw = this.mustFramework(frameworkId);
    for (const role of roles.length > 0 ? roles : fw.info.roles) {
      fw.suppressed.delete(role);
      fw.filters.clearRole(role);
    }
    this.refreshActivation(fw);
    this.frameworkWideChange(true);
  }

  /** Weight changes re-order but never trigger a run (HA:1865-1870). */
  updateWeight(role: string, weight: number): void {
    this.roleSorter.updateWeight(role, weight);
  }

  // ---- agents -----------------------------------------------------------------------------

  addAgent(info: AllocatorAgentInfo, used: UsedResources): void {
    if (this.agents.has(info.id)) throw new Error(`agent ${info.id} added twice`);
    this.offerRestriction?.agentAdded?.(info.id); // static partitioning assigns agents a trace adds (static-partition.ts)
    this.quota.agentTotal(info.total, 1);
    const agent = new AllocatorAgent(info);
    this.agents.set(agent.id, agent); // the interned id (allocator-agent.ts): looked up on every return
    this.agentsById.splice(this.agentIndex(info.id), 0, agent);
    this.agentsVersion++;
    this.pool.add(info.total);
    for (const [fwId, byRole] of used) {
      const fw = this.frameworks.get(fwId);
      // Resources of frameworks the allocator does not know yet are still unavailable (H1b).
      for (const [role, res] of byRole) {
        if (fw) this.trackAllocation(fw, role, agent, res);
        else { agent.allocate(fwId, role, res); if (this.quota.active) this.quota.allocation(role, res, 1); }
      }
    }
    // Dirty as well as requested: a paused allocator drops the request, and the first batch after
    // resume must still visit the new agent (§1.1: a batch covers every agent).
    this.markDirty(agent);
    this.requestAllocation([info.id]);
  }

  removeAgent(agentId: string): void {
    const agent = this.mustAgent(agentId);
    for (const h of agent.holdings) { // a copy: untracking changes the agent's holdings
      const fw = this.frameworks.get(h.frameworkId);
      if (fw) this.untrackAllocation(fw, h.role, agent, h.resources);
      else this.unallocateUnknown(agent, h.frameworkId, h.role, h.resources);
    }
    this.pool.remove(agent.total);
    this.quota.agentTotal(agent.total, -1);
    for (const fw of this.frameworks.values()) fw.filters.clearAgent(agentId);
    this.agents.delete(agentId);
    this.agentsById.splice(this.agentIndex(agentId), 1);
    this.agentsVersion++;
    agent.dirty = false;
  }

  /**
   * New total / attributes / capabilities. Triggers a run on the agent only if something changed;
   * an attribute change clears every filter for the agent (HA:1125-1173).
   */
  updateAgent(info: AllocatorAgentInfo): boolean {
    const agent = this.mustAgent(info.id);
    const old = agent.info;
    const attrsChanged = JSON.stringify(old.attributes) !== JSON.stringify(info.attributes);
    const capsChanged = old.capabilities.join() !== info.capabilities.join();
    const totalChanged = !sameResources(old.total, info.total);
    if (!attrsChanged && !capsChanged && !totalChanged && old.hostname === info.hostname && old.region === info.region) return false;
    if (attrsChanged) for (const fw of this.frameworks.values()) fw.filters.clearAgent(info.id);
    if (totalChanged) {
      // Agent total changes are applied to the pools as remove-then-add (HA:3049-3055).
      this.pool.remove(old.total);
      this.pool.add(info.total);
      this.quota.agentTotal(old.total, -1);
      this.quota.agentTotal(info.total, 1);
      this.agentsVersion++;
    }
    agent.update(info);
    this.markDirty(agent);
    this.requestAllocation([info.id]);
    return true;
  }

  activateAgent(agentId: string): void {
    const agent = this.mustAgent(agentId);
    agent.activated = true;
    this.agentsVersion++;
    this.markDirty(agent);
  }

  deactivateAgent(agentId: string): void {
    this.mustAgent(agentId).activated = false;
    this.agentsVersion++;
  }

  // ---- reservations and volumes (§3.5, §3.6) -----------------------------------------------

  /**
   * An offer operation (RESERVE/UNRESERVE/CREATE/DESTROY) on resources the framework holds on the
   * agent: both its allocation and the agent's total are converted (HA:1289-1416). Scalar
   * quantities are unchanged, so shares are too; quota consumption follows the reservations.
   * Returns false when the framework does not hold what the conversion consumes.
   */
  updateAllocation(frameworkId: string, role: string, agentId: string, c: Conversion): boolean {
    const agent = this.mustAgent(agentId);
    const held = agent.heldBy(frameworkId, role);
    const total = applyConversion(agent.total, c);
    if (held === undefined || applyConversion(held, c) === null || total === null) return false;
    // Same scalar quantities before and after: the sorters and the pool are untouched.
    agent.unallocate(frameworkId, role, c.consumed);
    agent.allocate(frameworkId, role, c.converted);
    if (this.quota.active) {
      this.quota.allocation(role, c.consumed, -1);
      this.quota.allocation(role, c.converted, 1);
    }
    this.setAgentTotal(agent, total);
    return true;
  }

  /**
   * An operator operation on unused resources (`/reserve`, `/unreserve`, `/create-volumes`,
   * `/destroy-volumes`; HA:1419-1459): fails if what it consumes is offered or allocated. The agent
   * is visited by the next run; no run is triggered.
   */
  updateAvailable(agentId: string, c: Conversion): boolean {
    const agent = this.mustAgent(agentId);
    const total = applyConversion(agent.total, c);
    if (total === null || applyConversion(agent.available, c) === null) return false;
    this.setAgentTotal(agent, total);
    this.markDirty(agent);
    return true;
  }

  private setAgentTotal(agent: AllocatorAgent, total: Resources): void {
    this.quota.agentTotal(agent.total, -1);
    this.quota.agentTotal(total, 1);
    this.agentsVersion++;
    agent.update({ ...agent.info, total });
  }

  // ---- resources --------------------------------------------------------------------------

  /**
   * Resources come back (decline, unused part of an accept, task finished, offer rescinded).
   * Never triggers a run; installs a refusal filter when `refuseSeconds` asks for one.
   */
  recoverResources(frameworkId: string, role: string, agentId: string, resources: Resources, refuseSeconds?: number | null): void {
    const agent = this.agents.get(agentId);
    const fw = this.frameworks.get(frameworkId);
    if (!agent) return; // agent already removed: its resources left with it
    if (!fw) { this.unallocateUnknown(agent, frameworkId, role, resources); this.markDirty(agent); return; }
    const released = this.untrackAllocation(fw, role, agent, resources);
    this.markDirty(agent);
    if (refuseSeconds === null || isEmpty(released)) return;
    const ms = effectiveRefuseMs(refuseSeconds, this.options.allocationIntervalMs);
    if (ms === null) return;
    const id = this.nextFilterId++;
    const expiresAtMs = this.host.now() + ms;
    fw.filters.add(role, agentId, { id, resources: released, expiresAtMs });
    this.host.scheduleFilterExpiry(expiresAtMs, { frameworkId, role, agentId, id });
    this.host.onFilter?.({ type: 'filter.installed', frameworkId, role, agentId, resources: released, untilMs: expiresAtMs });
  }

  expireFilter(token: FilterToken): void {
    const fw = this.frameworks.get(token.frameworkId);
    const removed = fw?.filters.remove(token.role, token.agentId, token.id);
    if (!removed) return; // cleared earlier (revive, deactivation, agent change)
    const agent = this.agents.get(token.agentId);
    if (agent) this.markDirty(agent);
    this.host.onFilter?.({ type: 'filter.expired', frameworkId: token.frameworkId, role: token.role, agentId: token.agentId, resources: removed.resources });
  }

  /** Scalar quantities offered or allocated to a framework, over all its roles. */
  frameworkAllocation(frameworkId: string): Map<string, number> {
    const q = new Map<string, number>();
    const fw = this.frameworks.get(frameworkId);
    if (!fw) return q;
    for (const role of fw.trackedRoles) {
      const byName = this.roles.get(role)?.frameworkSorter.allocation(frameworkId);
      if (byName) for (const [n, v] of byName) q.set(n, (q.get(n) ?? 0) + v);
    }
    return q;
  }

  activeFilterCount(role: string): number {
    let n = 0;
    for (const fw of this.frameworks.values()) n += fw.filters.countForRole(role);
    return n;
  }

  // ---- bookkeeping shared with the stages -------------------------------------------------

  /** Record an offer or allocation in the agent and both sorters. */
  trackAllocation(fw: AllocatorFramework, role: string, agent: AllocatorAgent, resources: Resources): void {
    if (!fw.trackedRoles.has(role)) this.trackFrameworkUnderRole(fw, role);
    this.recordOffer(fw, this.roles.get(role)!, agent, resources);
  }

  /**
   * trackAllocation for an offer made in an allocation stage's walk, where the framework was just
   * visited in the role's framework sorter, so it is tracked under the role.
   */
  recordOffer(fw: AllocatorFramework, role: AllocatorRole, agent: AllocatorAgent, resources: Resources): void {
    const frameworkId = fw.id, name = role.name;
    if (agent.allocate(frameworkId, name, resources)) fw.holdOn(name);
    if (this.quota.active) this.quota.charge(role.quotaRow, resources, 1);
    this.roleSorter.allocated(name, resources);
    role.frameworkSorter.allocated(frameworkId, resources);
  }

  private untrackAllocation(fw: AllocatorFramework, role: string, agent: AllocatorAgent, resources: Resources): Resources {
    const { released, roleEmptied } = agent.unallocate(fw.id, role, resources);
    if (isEmpty(released)) return EMPTY;
    if (roleEmptied) fw.releaseOn(role);
    const entry = this.roles.get(role); // a tracked role is a client of the role sorter
    if (this.quota.active) { if (entry) this.quota.charge(entry.quotaRow, released, -1); else this.quota.allocation(role, released, -1); }
    if (entry) {
      this.roleSorter.unallocated(role, released);
      entry.frameworkSorter.unallocated(fw.id, released);
    }
    if (!fw.subscribes(role) && !fw.holdsRole(role)) this.untrackFrameworkUnderRole(fw, role);
    return released;
  }

  /** Resources of a framework the allocator does not know (e.g. running when the agent registered). */
  private unallocateUnknown(agent: AllocatorAgent, frameworkId: string, role: string, resources: Resources): void {
    const { released } = agent.unallocate(frameworkId, role, resources);
    if (this.quota.active) this.quota.allocation(role, released, -1);
  }

  private trackFrameworkUnderRole(fw: AllocatorFramework, role: string): void {
    let entry = this.roles.get(role);
    if (!entry) {
      entry = new AllocatorRole(role, this.makeFrameworkSorter(), this.quota.accountOf(role));
      this.roles.set(role, entry);
      this.roleSorter.add(role);
      this.roleSorter.activate(role);
    }
    entry.track(fw);
    fw.trackedRoles.add(role);
    entry.frameworkSorter.add(fw.info.id);
    this.syncRoleActivity(entry);
  }

  private untrackFrameworkUnderRole(fw: AllocatorFramework, role: string): void {
    const entry = this.roles.get(role);
    fw.trackedRoles.delete(role);
    if (!entry) return;
    entry.untrack(fw);
    entry.frameworkSorter.remove(fw.info.id);
    if (entry.frameworks.size === 0) {
      this.roles.delete(role);
      this.roleSorter.remove(role);
    } else {
      this.syncRoleActivity(entry);
    }
  }

  /** A framework's leaf in a role's sorter is active iff it is active, subscribed and not suppressed. */
  private refreshActivation(fw: AllocatorFramework): void {
    for (const role of fw.trackedRoles) {
      const entry = this.roles.get(role)!;
      const on = fw.active && fw.subscribes(role) && !fw.suppressed.has(role);
      if (on) entry.frameworkSorter.activate(fw.info.id); else entry.frameworkSorter.deactivate(fw.info.id);
      this.syncRoleActivity(entry);
    }
  }

  /**
   * A role none of whose frameworks is active for it (all suppressed, deactivated or not
   * subscribed) can be offered nothing, so with the DRF sorters it is parked (inactive) in the role
   * sorter: a walk over 1,000 roles of which 990 are idle visits 10, not 1,000 per agent. The same
   * offers: inactive leaves sort last and the order of the others is by their own keys (§1.3), and
   * Mesos' walk (§1.2 step 6) would find the role's framework sorter empty and go on. Not with
   * other sorters: the random sorter draws per active client, so its order would change. Framework
   * activity changes only between runs, so no stage's walk sees a role change state.
   */
  private syncRoleActivity(entry: AllocatorRole): void {
    if (!this.parksIdleRoles) return;
    const idle = !entry.frameworkSorter.anyActive!();
    if (idle === entry.idle) return;
    entry.idle = idle;
    if (idle) this.roleSorter.deactivate(entry.name); else this.roleSorter.activate(entry.name);
  }

  private markDirty(agent: AllocatorAgent): void {
    if (agent.dirty) return;
    agent.dirty = true;
    this.dirtyAgents.push(agent);
  }

  private frameworkWideChange(triggerRun: boolean): void {
    this.allAgentsDirty = true;
    if (triggerRun) this.requestAllocation();
  }

  /** Position of `id` in agentsById (where it is, or where it would be inserted). */
  private agentIndex(id: string): number {
    const list = this.agentsById;
    let lo = 0, hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].info.id < id) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  private isWhitelisted(agent: AllocatorAgent): boolean {
    return this.options.whitelist === null || this.options.whitelist.includes(agent.info.hostname);
  }

  private mustFramework(id: string): AllocatorFramework {
    const fw = this.frameworks.get(id);
    if (!fw) throw new Error(`allocator: unknown framework ${id}`);
    return fw;
  }

  private mustAgent(id: string): AllocatorAgent {
    const a = this.agents.get(id);
    if (!a) throw new Error(`allocator: unknown agent ${id}`);
    return a;
  }
}

/**
 * The framework's id and roles as canonical strings (interned-name.ts; reservations carry the same
 * role strings), so that the sorters, the quota ledger and the agents' holdings, keyed by them,
 * match by identity.
 */
function withInternedNames(info: AllocatorFrameworkInfo): AllocatorFrameworkInfo {
  return { ...info, id: internedName(info.id), roles: info.roles.map(internedName) };
}

/**
 * Stage 2 offers for a (framework, role, agent) that stage 1 (the first `stage1` offers) already
 * offered merge into that offer (HA:2533-2540). Only `candidates` are looked up: the stage 2 offers
 * made on agents stage 1 offered on.
 */
function mergeOffers(offers: OfferDecision[], stage1: number, candidates: readonly number[]): OfferDecision[] {
  const key = (o: OfferDecision) => `${o.frameworkId}\u0000${o.role}\u0000${o.agentId}`;
  const index = new Map<string, number>();
  for (let i = 0; i < stage1; i++) index.set(key(offers[i]), i);
  let merged = 0;
  for (const i of candidates) {
    const at = index.get(key(offers[i]));
    if (at === undefined) continue;
    offers[at] = { ...offers[at], resources: add(offers[at].resources, offers[i].resources) };
    offers[i] = MERGED;
    merged++;
  }
  return merged === 0 ? offers : offers.filter((o) => o !== MERGED);
}

const MERGED: OfferDecision = { frameworkId: '', role: '', agentId: '', resources: EMPTY };

function sameResources(a: Resources, b: Resources): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].key !== b[i].key || a[i].amount !== b[i].amount || JSON.stringify(a[i].ranges) !== JSON.stringify(b[i].ranges)) return false;
  }
  return true;
}

/**
 * Add the agent to the run's candidates once (a module function, not a closure per run: see
 * FairShareWalk on named closures under tsx).
 */
function markCandidate(agent: AllocatorAgent | undefined, run: number, marked: AllocatorAgent[]): void {
  if (agent === undefined || agent.candidateInRun === run) return;
  agent.candidateInRun = run;
  marked.push(agent);
}
