/**
 * Stage 1 of an allocation run: quota guarantees (mesos-semantics §1.2 step 4, §3.4; HA:2113-2369),
 * and the quota/headroom chopping that stage 2 applies to every offer (HA:2444-2488).
 *
 * Stage 1, for each candidate agent (shuffled), for each role in DRF order that has a guarantee
 * still unmet and frameworks, for each framework of the role in DRF order:
 *   a. what the role may use on the agent, minus shared resources already offered this run, minus
 *      what the framework cannot use (as in stage 2); nothing left → next role;
 *   b. guarantee part = the unreserved non-revocable scalars chopped to the unmet guarantee
 *      (names without a guarantee chopped to zero); empty → skip this framework;
 *   c. additional part = the rest of those scalars chopped to (limit − consumed − guarantee part)
 *      and then to (available headroom − required headroom): a role may burst past its guarantee,
 *      and take resources it has no guarantee for, only out of surplus headroom;
 *   d. offer guarantee part + additional part + the role's reservations, non-scalars and revocable
 *      resources, unless min-allocatable or a refusal filter says no;
 *   e. required headroom −= guarantee part (consumed and available headroom follow from the ledger).
 * Guarantees are handed out even when the cluster is over-committed (HA:2291-2296).
 */
import { withAmount, type Resource } from '../../cluster/resource.ts';
import { add, filter, isEmpty, scalarQuantities, subtract, type Resources } from '../../cluster/resources.ts';
import type { AllocatorAgent } from './allocator-agent.ts';
import type { AllocatorRole } from './allocator-role.ts';
import { chop, hasRepeatedName } from './chop.ts';
import { canOfferFromAgent, stripIncapable } from './fair-share-stage.ts';
import type { HierarchicalAllocator } from './hierarchical.ts';
import { isAllocatable } from './min-allocatable.ts';
import { isZeroQuantities, minusQuantities, type QuotaAccount, type QuotaLedger } from './quota.ts';
import type { OfferDecision } from './types.ts';

/** Unreserved, non-revocable scalars: the part quota and headroom act on. */
const isQuotaEligible = (r: Resources[number]) => r.reservations.length === 0 && !r.revocable && r.ranges === null;

export function runQuotaStage(
  allocator: HierarchicalAllocator, agents: readonly AllocatorAgent[], offers: OfferDecision[], required: Map<string, number>,
): void {
  const { roleSorter, roles, frameworks, options, quota } = allocator;
  const rng = allocator.chopRng;
  // Roles this stage serves: guarantees unmet and frameworks to offer to (HA:2127-2160).
  const unmet = new Set<string>();
  for (const [role, q] of quota.quotas) {
    if (q.guarantees.size > 0 && roles.has(role) && !isZeroQuantities(quota.unsatisfied(role))) unmet.add(role);
  }
  if (unmet.size === 0) return;
  // How many unmet roles still need each name. When nothing on an agent is needed by any (and no
  // chop there would draw from the stream), every further role would be skipped there, so the
  // agent's walk ends early. Kept up to date per offer: only the served role's needs change.
  const neededBy = new Map<string, number>();
  for (const r of unmet) for (const n of quota.unsatisfied(r).keys()) neededBy.set(n, (neededBy.get(n) ?? 0) + 1);
  const exhaustive = allocator.options.exhaustiveWalk === true;
  const filtersHeld = allocator.filterTally.count > 0; // filters change only between runs
  const served: string[] = [];
  let agent: AllocatorAgent = agents[0];
  let role = '';
  let entry: AllocatorRole = undefined!;
  const visitFramework = (frameworkId: string): boolean => {
    const fw = (entry.framework(frameworkId) ?? frameworks.get(frameworkId))!; // see fair-share-stage.ts
    let available = agent.availableTo(role);
    const shared = allocator.sharedOfferedThisRun(agent);
    if (shared.length > 0) available = subtract(available, shared);
    if (isEmpty(available)) return false;
    const min = fw.minAllocatableFor(role) ?? options.minAllocatable;
    if (!isAllocatable(available, min)) return true;
    if (!canOfferFromAgent(allocator, fw, role, agent)) return true;
    const usable = stripIncapable(fw, available, agent);
    const eligible = filter(usable, isQuotaEligible);
    const unsatisfied = quota.unsatisfied(role);
    if (isZeroQuantities(unsatisfied)) return false; // met by an earlier framework of the role
    const guaranteePart = chop(eligible, unsatisfied, 'quantities', rng);
    if (isEmpty(guaranteePart)) return true;
    let additional = subtract(eligible, guaranteePart);
    if (!isEmpty(additional)) {
      const room = quota.limitRoomOf(entry.quota);
      if (room !== null) additional = chop(additional, minusQuantities(room, scalarQuantities(guaranteePart)), 'limits', rng);
      additional = chop(additional, minusQuantities(quota.availableHeadroom(), required), 'quantities', rng);
    }
    const toOffer = add(add(guaranteePart, additional), filter(usable, (r) => !isQuotaEligible(r)));
    if (!isAllocatable(toOffer, min)) return true;
    if (filtersHeld && fw.filters.isFiltered(role, agent.info.id, toOffer)) { allocator.filteredCandidates++; return true; }
    allocator.trackAllocation(fw, role, agent, toOffer);
    allocator.noteSharedOffered(agent, toOffer);
    offers.push({ frameworkId, role, agentId: agent.info.id, resources: toOffer });
    agent.quotaStageRun = allocator.runs;
    for (const [n, v] of scalarQuantities(guaranteePart)) {
      const left = (required.get(n) ?? 0) - v;
      if (left > 0) required.set(n, left); else required.delete(n);
    }
    // Only this role's consumption changed: names it no longer needs leave the tally.
    const still = quota.unsatisfied(role);
    for (const n of unsatisfied.keys()) if (!still.has(n)) neededBy.set(n, neededBy.get(n)! - 1);
    if (isZeroQuantities(still)) {
      unmet.delete(role);
      // A served role sits out the rest of the stage (its leaf moves behind the active ones).
      if (!exhaustive) { roleSorter.deactivate(role); served.push(role); }
    }
    return true;
  };
  const visitRole = (r: string): boolean => {
    if (isEmpty(agent.available) || unmet.size === 0) return false;
    if (!exhaustive && !canServeAny(agent.available)) return false;
    if (!unmet.has(r)) return true;
    // Nothing on the agent the role still needs: every framework would come away empty (step b).
    // Skipped only when no chop of step b would have drawn from the shuffle stream (§3.4).
    if (!exhaustive && !canServe(agent.available, r)) return true;
    role = r;
    entry = roles.get(r)!;
    entry.frameworkSorter.forEach(visitFramework);
    return true;
  };
  /** canServe for any unmet role: some unreserved non-revocable scalar is still needed, or a chop would draw. */
  const canServeAny = (available: Resources): boolean => {
    let names = 0;
    for (const res of available) {
      if (!isQuotaEligible(res)) continue;
      if ((neededBy.get(res.name) ?? 0) > 0) return true;
      names++;
    }
    return names > 1 && hasRepeatedName(filter(available, isQuotaEligible));
  };
  /** Some unreserved non-revocable scalar on the agent meets an unmet guarantee of the role, or a chop would draw. */
  const canServe = (available: Resources, r: string): boolean => {
    let names = 0;
    for (const res of available) {
      if (!isQuotaEligible(res)) continue;
      if (quota.unsatisfiedOf(r, res.name) > 0) return true;
      names++;
    }
    return names > 1 && hasRepeatedName(filter(available, isQuotaEligible));
  };
  // Only the served roles take part: the others sit out this stage as inactive sorter clients, so
  // each agent's walk visits served roles only, still in DRF order.
  const sittingOut = exhaustive ? [] : [...roles.keys()].filter((r) => !unmet.has(r));
  allocator.withRolesInactive(sittingOut, () => {
    try {
      for (agent of agents) {
        if (unmet.size === 0) break;
        roleSorter.forEach(visitRole);
      }
    } finally {
      for (const r of served) allocator.activateRole(r);
    }
  });
}

/**
 * Roles stage 2 cannot offer anything to on an agent holding none of their reservations (the walk
 * may skip them there): every framework of the role needs, in each of its min-allocatable
 * alternatives, a resource whose quota limit is used up, and none takes revocable resources
 * (never chopped). Reservations are never chopped either, so on an agent holding reservations a
 * capped role can use, the stage wakes it up for that agent's walk.
 */
export function rolesCappedByLimits(allocator: HierarchicalAllocator): string[] {
  const { quota, options } = allocator;
  const capped: string[] = [];
  for (const [role, entry] of allocator.roles) {
    const room = quota.limitRoomOf(entry.quota);
    if (room === null) continue;
    const exhausted = new Set([...room].filter(([, v]) => v <= 0).map(([n]) => n));
    if (exhausted.size === 0) continue;
    let blocked = true;
    for (const fw of entry.frameworks.values()) {
      const min = fw.minAllocatableFor(role) ?? options.minAllocatable;
      if (fw.takesRevocable || min.length === 0 || !min.every((set) => [...set.keys()].some((n) => exhausted.has(n)))) { blocked = false; break; }
    }
    if (blocked) capped.push(role);
  }
  return capped;
}

/**
 * Stage 2's cut of one candidate offer (HA:2444-2488): the unreserved non-revocable scalars are
 * chopped to the role's remaining limit, then — if any guarantee headroom is required — to the
 * surplus headroom; reservations, non-scalars and revocable resources are never chopped.
 */
export function chopForQuota(allocator: HierarchicalAllocator, account: QuotaAccount, toOffer: Resources, required: ReadonlyMap<string, number>): Resources {
  const quota: QuotaLedger = allocator.quota;
  if (required.size === 0) {
    if (account.quota === null || account.quota.limits.size === 0) return toOffer; // no limit, no headroom to keep: nothing to cut
    const cut = cutToLimits(quota, account, toOffer);
    if (cut !== null) return cut;
  }
  const room = quota.limitRoomOf(account);
  const eligible = filter(toOffer, isQuotaEligible);
  if (isEmpty(eligible)) return toOffer;
  let kept = eligible;
  if (room !== null) kept = chop(kept, room, 'limits', allocator.chopRng);
  if (required.size > 0) kept = chop(kept, minusQuantities(quota.availableHeadroom(), required), 'quantities', allocator.chopRng);
  if (kept === eligible) return toOffer;
  return add(kept, filter(toOffer, (r) => !isQuotaEligible(r)));
}

/**
 * chopForQuota's limit cut when no headroom is required, entry by entry against the account's
 * tallies instead of through a room map and three intermediate sets (it runs for every stage-2
 * offer to a role with limits). The same result as `chop(eligible, room, 'limits')` put back
 * together with the rest: each eligible entry of a limited name is kept whole if it fits what is
 * left of the limit, cut down to it if divisible, dropped otherwise; everything else passes.
 * Null when two eligible entries share a name: then the chop shuffles (drawing from its stream)
 * and the general path does it.
 */
export function cutToLimits(quota: QuotaLedger, account: QuotaAccount, toOffer: Resources): Resources | null {
  const limits = account.quota!.limits;
  let out: Resource[] | null = null;
  for (let k = 0; k < toOffer.length; k++) {
    const r = toOffer[k];
    let kept: Resource | null = r;
    if (isQuotaEligible(r)) {
      for (let j = 0; j < k; j++) if (toOffer[j].name === r.name && isQuotaEligible(toOffer[j])) return null;
      const limit = limits.get(r.name);
      if (limit !== undefined) {
        const room = Math.max(0, limit - quota.consumedBy(account, r.name));
        if (r.amount > room) kept = !r.mount && room > 0 ? withAmount(r, room) : null;
      }
    }
    if (kept !== r && out === null) out = toOffer.slice(0, k);
    if (out !== null && kept !== null) out.push(kept);
  }
  return out ?? toOffer;
}
