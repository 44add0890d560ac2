/**
 * Allocator invariants that hold whatever the sorter (mesos-semantics §1.2, §3.1, §3.4): checked
 * after every allocation run by the property tests (test/property/allocator.prop.test.ts, with the
 * DRF sorter and fast-check sequences) and, with a plugin sorter as role and framework sorter, by
 * `clustersim check --plugin` over seeded random sequences of the same operations:
 *   1. one offer per (framework, role, agent) per run, and only for one of the framework's roles (§3.1);
 *   2. no agent has more offered or allocated than its total (no total shrinks here, so Mesos'
 *      permitted over-allocation never arises);
 *   3. reserved resources reach only their role's subtree;
 *   4. a run never pushes a role's consumed quota past its limit (reservations alone may already);
 *   5. guarantees are met whenever headroom allows: after a run, a quota role with an active,
 *      unfiltered framework and an unmet cpus guarantee leaves no cpus unallocated.
 */
import { isRoleOrDescendant } from '../cluster/resource.ts';
import { parseResources } from '../cluster/resource-text.ts';
import { add, contains, type Resources } from '../cluster/resources.ts';
import { createRng, type Rng } from '../kernel/rng.ts';
import { HierarchicalAllocator } from '../master/allocator/hierarchical.ts';
import { DEFAULT_MIN_ALLOCATABLE } from '../master/allocator/min-allocatable.ts';
import { AGENT_CAPABILITIES, type OfferDecision } from '../master/allocator/types.ts';
import { guarded, rule, type ContractReport } from './policy-contracts.ts';
import { errorMessage } from '../core/error-message.ts';

export const INVARIANTS = {
  once: 'one offer per (framework, role, agent) per run',
  subscribed: 'offers only for one of the framework\'s roles',
  fits: 'no agent offered or allocated beyond its total',
  reservations: 'reserved resources reach only their role\'s subtree',
  limits: 'a run never pushes consumed quota past a limit',
  guarantees: 'guarantees are met whenever headroom allows',
} as const;
export type Invariant = keyof typeof INVARIANTS;
export interface Violation { readonly invariant: Invariant; readonly detail: string }

/** Consumed cpus per quota role, taken before a run (for invariant 4). */
export function consumedCpus(alloc: HierarchicalAllocator): Map<string, number> {
  return new Map([...alloc.quota.quotas.keys()].map((r) => [r, alloc.consumedQuota(r).get('cpus') ?? 0]));
}

/** Invariants 1, 3, 4 and 5 for the offers of one run. */
export function runViolations(alloc: HierarchicalAllocator, offers: readonly OfferDecision[], consumedBefore: ReadonlyMap<string, number>): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const o of offers) {
    const key = `${o.frameworkId} ${o.role} ${o.agentId}`;
    if (seen.has(key)) out.push({ invariant: 'once', detail: `${key} offered twice` });
    seen.add(key);
    const roles = alloc.frameworks.get(o.frameworkId)?.info.roles ?? [];
    if (!roles.includes(o.role)) out.push({ invariant: 'subscribed', detail: `${o.frameworkId} (roles ${roles.join(', ') || 'none'}) offered resources for ${o.role}` });
    for (const r of o.resources) {
      const owner = r.reservations.length > 0 ? r.reservations[r.reservations.length - 1].role : null;
      if (owner !== null && !isRoleOrDescendant(o.role, owner)) out.push({ invariant: 'reservations', detail: `${o.role} offered ${owner}'s reservation on ${o.agentId}` });
    }
  }
  for (const [role, q] of alloc.quota.quotas) {
    const limit = q.limits.get('cpus');
    const consumed = alloc.consumedQuota(role).get('cpus') ?? 0;
    if (limit !== undefined && consumed > Math.max(limit, consumedBefore.get(role) ?? 0)) {
      out.push({ invariant: 'limits', detail: `${role} consumes ${consumed / 1000} cpus, over its limit of ${limit / 1000}` });
    }
    const guarantee = q.guarantees.get('cpus') ?? 0;
    const hasFramework = (alloc.roles.get(role)?.frameworkSorter.count() ?? 0) > 0;
    const filtered = [...alloc.frameworks.values()].some((f) => f.subscribes(role) && f.filters.countForRole(role) > 0);
    const free = alloc.quota.availableHeadroom().get('cpus') ?? 0;
    if (hasFramework && !filtered && consumed < guarantee && free > 0) {
      out.push({ invariant: 'guarantees', detail: `${role} holds ${consumed / 1000} of its ${guarantee / 1000} guaranteed cpus while ${free / 1000} are free` });
    }
  }
  return out;
}

/** Invariant 2 over every agent. */
export function agentViolations(alloc: HierarchicalAllocator): Violation[] {
  const out: Violation[] = [];
  for (const agent of alloc.agents.values()) {
    let sum: Resources = [];
    for (const h of agent.holdings) sum = add(sum, h.resources);
    if (!contains(agent.total, sum)) out.push({ invariant: 'fits', detail: `${agent.info.id} over-offered` });
  }
  return out;
}

// ---- random sequences (check --plugin) ------------------------------------------------------

export const ROLES = ['a', 'b', 'a/x', 'c'] as const;

export type AllocatorOp =
  | { readonly k: 'agent'; readonly cpus: number; readonly mem: number; readonly reservedTo: number | null }
  | { readonly k: 'framework'; readonly role: number }
  | { readonly k: 'quota'; readonly role: number; readonly guarantee: number; readonly limit: number | null }
  | { readonly k: 'allocate' }
  | { readonly k: 'recover'; readonly pick: number; readonly filter: boolean };

const SEQUENCES = 200;
const MAX_OPS = 40;

/** Play seeded random sequences on an allocator whose role and framework sorters are `sorter`. */
export function runAllocatorInvariants(sorter: string): ContractReport {
  return guarded('allocator-invariants', sorter, () => {
    const first = new Map<Invariant, string>();
    let threw: string | null = null;
    const rng = createRng(`allocator-invariants/${sorter}`);
    for (let s = 0; s < SEQUENCES; s++) {
      const ops = Array.from({ length: rng.int(1, MAX_OPS) }, () => randomOp(rng));
      try {
        for (const v of playSequence(ops, sorter)) if (!first.has(v.v.invariant)) first.set(v.v.invariant, `sequence ${s + 1}, operation ${v.at + 1}: ${v.v.detail}`);
      } catch (e) {
        threw ??= `sequence ${s + 1}: ${errorMessage(e).split('\n')[0]}`;
      }
    }
    return [
      rule('the allocator runs every sequence without throwing', threw),
      ...(Object.keys(INVARIANTS) as Invariant[]).map((k) => rule(INVARIANTS[k], first.get(k) ?? null)),
    ];
  });
}

/** Replay `ops`; returns each violation with the index of the operation after which it showed. */
export function playSequence(ops: readonly AllocatorOp[], sorter = 'drf'): { at: number; v: Violation }[] {
  const alloc = new HierarchicalAllocator({
    allocationIntervalMs: 1000, minAllocatable: DEFAULT_MIN_ALLOCATABLE, filterGpuResources: true,
    fairnessExcludedResourceNames: [], masterRegion: null, roleSorter: sorter, frameworkSorter: sorter, whitelist: null,
  }, { now: () => 0, scheduleRun: () => {}, scheduleFilterExpiry: () => {} }, createRng('prop/shuffle'), () => 0.5, createRng('prop/chop'));
  const held: OfferDecision[] = [];
  const out: { at: number; v: Violation }[] = [];
  let agents = 0, frameworks = 0;
  ops.forEach((o, at) => {
    if (o.k === 'agent') {
      const id = `agent${++agents}`;
      const owner = o.reservedTo === null ? null : ROLES[o.reservedTo];
      const text = owner === null ? `cpus:${o.cpus};mem:${o.mem * 100}` : `cpus(${owner}):${o.cpus};mem:${o.mem * 100}`;
      alloc.addAgent({ id, hostname: id, total: parseResources(text) as Resources, attributes: {}, capabilities: [...AGENT_CAPABILITIES], region: null }, new Map());
    } else if (o.k === 'framework') {
      alloc.addFramework({ id: `fw${++frameworks}`, roles: [ROLES[o.role]], capabilities: ['MULTI_ROLE'] }, new Map(), true);
    } else if (o.k === 'quota') {
      alloc.setQuota(ROLES[o.role], {
        guarantees: o.guarantee > 0 ? new Map([['cpus', o.guarantee * 1000]]) : new Map(),
        limits: o.limit !== null ? new Map([['cpus', Math.max(o.limit, o.guarantee) * 1000]]) : new Map(),
      });
    } else if (o.k === 'recover') {
      if (held.length === 0) return;
      const [d] = held.splice(o.pick % held.length, 1);
      alloc.recoverResources(d.frameworkId, d.role, d.agentId, d.resources, o.filter ? 10 : null);
    } else {
      const before = consumedCpus(alloc);
      alloc.requestAllocation();
      const offers = alloc.allocate();
      held.push(...offers);
      for (const v of runViolations(alloc, offers, before)) out.push({ at, v });
    }
    for (const v of agentViolations(alloc)) out.push({ at, v });
  });
  return out;
}

/** The property tests' operation mix: allocation runs twice as likely as the other kinds. */
function randomOp(rng: Rng): AllocatorOp {
  switch (rng.int(0, 5)) {
    case 0: return { k: 'agent', cpus: rng.int(1, 8), mem: rng.int(1, 8), reservedTo: rng.next() < 0.5 ? null : rng.int(0, ROLES.length - 1) };
    case 1: return { k: 'framework', role: rng.int(0, ROLES.length - 1) };
    case 2: return { k: 'quota', role: [0, 1, 3][rng.int(0, 2)], guarantee: rng.int(0, 6), limit: rng.next() < 0.5 ? null : rng.int(0, 12) };
    case 3: case 4: return { k: 'allocate' };
    default: return { k: 'recover', pick: rng.int(0, 50), filter: rng.next() < 0.5 };
  }
}
