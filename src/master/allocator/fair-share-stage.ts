/**
 * Stage 2 of an allocation run: fair share (mesos-semantics §1.2 step 6, HA:2395-2523).
 *
 * For each candidate agent (already shuffled), for each role in the role sorter's DRF order, for
 * each framework of that role in its framework sorter's order:
 *   a. skip if the framework's offer constraints exclude the agent;
 *   b. available = what the role may use on the agent (unreserved, or reserved to the role or an
 *      ancestor) minus shared resources already offered this run; empty → next role;
 *   c. skip if that fails min-allocatable, or the framework cannot use this agent at all
 *      (GPU agent without GPU_RESOURCES, remote region without REGION_AWARE, MULTI_ROLE on an agent
 *      without it, hierarchical role on an agent without HIERARCHICAL_ROLE);
 *   d. strip what the framework is not capable of (shared, revocable, refined reservations);
 *   e. skip if the result fails min-allocatable or is covered by a refusal filter;
 *   e'. with quota configured, chop the unreserved non-revocable scalars to the role's limit and to
 *      the surplus headroom (quota-stage.ts chopForQuota, §3.4);
 *   f. otherwise offer it all (coarse-grained) and record it in the sorters at once, so the next
 *      agent sees the new shares; then keep going with the next framework and role.
 */
import { EMPTY, filter, isEmpty, subtract, type Resources } from '../../cluster/resources.ts';
import type { AllocatorAgent } from './allocator-agent.ts';
import type { AllocatorFramework } from './allocator-framework.ts';
import type { HierarchicalAllocator } from './hierarchical.ts';
import type { AllocatorRole } from './allocator-role.ts';
import { isAllocatable } from './min-allocatable.ts';
import { chopForQuota } from './quota-stage.ts';
import type { OfferDecision } from './types.ts';

/**
 * The stage's walk, made once per allocator: its visitors are created with it, not per run. Under
 * tsx (the CLI's loader, which keeps function names) every named closure made in a run costs a
 * defineProperty of its `name`: with the visitors made per run, that was a third of `clustersim
 * plan` on static-vs-dynamic (many small runs). The walk's state is the run's and the current
 * agent's, kept in fields.
 */
export class FairShareWalk {
  private agent: AllocatorAgent = undefined!;
  private role = '';
  private entry: AllocatorRole | undefined = undefined;
  private offeredShared: Resources = EMPTY;
  private reservedOnly = false;
  /** Stamp of the current agent's walk (never repeats): a role's `walkStamp` equal to it was visited on this agent. */
  private walkStamp = 0;
  // The run's
  private runNumber = 0;
  private quotaActive = false;
  private exhaustive = false;
  private filtersHeld = false;
  private offers: OfferDecision[] = [];
  private required: ReadonlyMap<string, number> = new Map();
  private onStage1Agents: number[] = [];
  private parents: ReadonlySet<string> = new Set();

  private readonly allocator: HierarchicalAllocator;

  constructor(allocator: HierarchicalAllocator) {
    this.allocator = allocator;
  }

  run(agents: readonly AllocatorAgent[], offers: OfferDecision[], required: ReadonlyMap<string, number>, capped: readonly string[], onStage1Agents: number[]): void {
    const allocator = this.allocator;
    const roleSorter = allocator.roleSorter;
    this.runNumber = allocator.runs;
    this.quotaActive = allocator.quota.active;
    this.exhaustive = allocator.options.exhaustiveWalk === true;
    this.filtersHeld = allocator.filterTally.count > 0; // filters change only between runs
    this.offers = offers;
    this.required = required;
    this.onStage1Agents = onStage1Agents;
    this.parents = allocator.rolesWithTrackedDescendants();
    // Capped roles (inactive for this stage) that can use a reservation owned by a given role.
    const cappedUnder = new Map<string, string[]>();
    for (const r of capped) {
      for (let path = r; ; path = path.slice(0, path.lastIndexOf('/'))) {
        const list = cappedUnder.get(path);
        if (list) list.push(r); else cappedUnder.set(path, [r]);
        if (!path.includes('/')) break;
      }
    }
    // Indexed loops: this one runs once per cycle, often before V8 optimizes it, and an unoptimized
    // for…of makes an iterator and a result per step.
    for (let a = 0; a < agents.length; a++) {
      const agent = agents[a];
      this.agent = agent;
      this.offeredShared = allocator.sharedOfferedThisRun(agent);
      this.reservedOnly = false;
      this.walkStamp++;
      const woken = cappedUnder.size > 0 && agent.hasReserved ? wakeFor(agent.reservationOwners, cappedUnder) : NONE;
      for (let w = 0; w < woken.length; w++) allocator.activateRole(woken[w]);
      roleSorter.forEach(this.visitRole);
      if (this.reservedOnly) this.visitReservationOwners();
      for (let w = 0; w < woken.length; w++) roleSorter.deactivate(woken[w]);
    }
    this.offers = [];
    this.onStage1Agents = [];
  }

  private readonly visitFramework = (frameworkId: string): boolean => {
    const allocator = this.allocator, agent = this.agent, role = this.role, entry = this.entry!;
    // A plugin sorter may name a framework not tracked under the role: found all the same, so the
    // allocator's invariant checks (allocator-invariants.ts) see what such a sorter makes it offer.
    const fw = (entry.framework(frameworkId) ?? allocator.frameworks.get(frameworkId))!;
    let available = agent.availableTo(role);
    if (this.offeredShared.length > 0) available = subtract(available, this.offeredShared);
    if (isEmpty(available)) return false;
    const min = fw.minAllocatableFor(role) ?? allocator.options.minAllocatable;
    if (!isAllocatable(available, min)) return true;
    if (!canOfferFromAgent(allocator, fw, role, agent)) return true;
    let toOffer = stripIncapable(fw, available, agent);
    if (this.quotaActive) toOffer = chopForQuota(allocator, entry.quota, toOffer, this.required);
    if (toOffer !== available && !isAllocatable(toOffer, min)) return true;
    if (this.filtersHeld && fw.filters.isFiltered(role, agent.id, toOffer)) { allocator.filteredCandidates++; return true; }
    allocator.recordOffer(fw, entry, agent, toOffer);
    this.offeredShared = allocator.noteSharedOffered(agent, toOffer);
    if (agent.quotaStageRun === this.runNumber) this.onStage1Agents.push(this.offers.length); // to merge with stage 1's offer (HA:2533-2540)
    this.offers.push({ frameworkId, role, agentId: agent.id, resources: toOffer });
    return true;
  };

  private readonly visitRoleFrameworks = (r: string): boolean => {
    if (isEmpty(this.agent.available)) return false;
    const entry = this.allocator.roles.get(r);
    this.entry = entry;
    if (!entry) return true;
    this.role = r;
    entry.walkStamp = this.walkStamp;
    entry.frameworkSorter.forEach(this.visitFramework);
    return true;
  };

  /** visitRoleFrameworks for a role this agent's walk has not visited yet. */
  private readonly visitUnvisitedRole = (r: string): boolean => this.allocator.roles.get(r)?.walkStamp === this.walkStamp || this.visitRoleFrameworks(r);

  // Once only reserved resources are left on the agent, only their owners' subtrees can take
  // them (§3.1): rather than walking every other role in DRF order to reach them, visit the
  // owners directly. Same offers: no other role could have been offered anything. Like the walk
  // it stands in for (§1.2 step 6), it visits each role at most once per agent: an owner the walk
  // already visited is not visited again (it was offered all it could take, or a refusal filter
  // covered it, and `offers.filtered` counts that once).
  private readonly visitRole = (r: string): boolean => {
    if (!this.exhaustive && this.agent.onlyReserved) { this.reservedOnly = true; return false; }
    return this.visitRoleFrameworks(r);
  };

  private visitReservationOwners(): void {
    const roleSorter = this.allocator.roleSorter;
    const owners = this.agent.reservationOwners;
    // Owners with tracked subroles: the subtree competes for the reservation in DRF order.
    if (this.parents.size > 0) for (const owner of owners) if (this.parents.has(owner)) { roleSorter.forEach(this.visitUnvisitedRole); return; }
    for (const owner of owners) if (roleSorter.isActive(owner) && !this.visitUnvisitedRole(owner)) return; // isActive: false when not a client
  }
}

const NONE: readonly string[] = [];

/** Capped roles that may use a reservation on the agent: they take part in its walk after all. */
function wakeFor(owners: readonly string[], cappedUnder: ReadonlyMap<string, readonly string[]>): readonly string[] {
  let out: string[] | null = null;
  for (const owner of owners) {
    const list = cappedUnder.get(owner);
    if (list) for (const role of list) if (!(out ??= []).includes(role)) out.push(role);
  }
  return out ?? NONE;
}

/** Whole-agent exclusions (HA:2438-2440, 2743-2764, 3095-3114). */
export function canOfferFromAgent(allocator: HierarchicalAllocator, fw: AllocatorFramework, role: string, agent: AllocatorAgent): boolean {
  const { options } = allocator;
  const info = agent.info;
  if (options.filterGpuResources && agent.hasGpus && !fw.has('GPU_RESOURCES')) return false;
  // Remote region (§7). Deviation: Mesos rejects agents with a domain when the master has none;
  // we accept them and treat them as local, so topology can be modelled without a master domain.
  if (options.masterRegion !== null && info.region !== null && info.region !== options.masterRegion && !fw.has('REGION_AWARE')) return false;
  if (!agent.multiRoleCapable && fw.has('MULTI_ROLE')) return false;
  if (!agent.hierarchicalRoleCapable && role.includes('/')) return false;
  if (fw.hasConstraints) { // offer constraints (HA:2416-2420)
    const accepts = fw.constraints.get(role);
    if (accepts !== undefined && !accepts(info.attributes)) return false;
  }
  if (allocator.offerRestriction && !allocator.offerRestriction.allows(fw.info.id, info.id, role, info)) return false; // issue 8: static partitioning, plugin offer policies
  return true;
}

/** Drop resource kinds the framework cannot handle (HA:2442, 3117-3148). */
export function stripIncapable(fw: AllocatorFramework, rs: Resources, agent: AllocatorAgent): Resources {
  if (!agent.strippable) return rs; // rs is part of the agent's total, which holds nothing to strip
  const shared = fw.takesShared, revocable = fw.takesRevocable, refinement = fw.takesRefinement;
  if (shared && revocable && refinement) return rs;
  let needed = false; // scan first: the usual offer holds nothing to strip and is returned as is
  for (const r of rs) if ((!shared && r.shared) || (!revocable && r.revocable) || (!refinement && r.reservations.length > 1)) { needed = true; break; }
  if (!needed) return rs;
  return filter(rs, (r) => (shared || !r.shared) && (revocable || !r.revocable) && (refinement || r.reservations.length <= 1));
}
