/**
 * Allocator invariants under random operation sequences (fast-check, fixed seed, bounded runs),
 * driving HierarchicalAllocator directly:
 *   - nothing is offered twice: one offer per (framework, role, agent) per run, and no agent ever
 *     has more offered or allocated than its total (no agent total shrinks here, so Mesos'
 *     permitted over-allocation never arises);
 *   - reserved resources reach only their role's subtree;
 *   - quota limits are never exceeded by an allocation run;
 *   - guarantees are met whenever headroom allows: after a run, a quota role with an active
 *     framework and an unmet guarantee for a resource leaves none of it unallocated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRoleOrDescendant } from '../../src/cluster/resource.ts';
import { parseResources } from '../../src/cluster/resource-text.ts';
import { add, contains, type Resources } from '../../src/cluster/resources.ts';
import { createRng } from '../../src/kernel/rng.ts';
import { HierarchicalAllocator } from '../../src/master/allocator/hierarchical.ts';
import { DEFAULT_MIN_ALLOCATABLE } from '../../src/master/allocator/min-allocatable.ts';
import type { Quota } from '../../src/master/allocator/quota.ts';
import { AGENT_CAPABILITIES, type OfferDecision } from '../../src/master/allocator/types.ts';

const ROLES = ['a', 'b', 'a/x', 'c'];
const res = (t: string): Resources => parseResources(t) as Resources;

type Op =
  | { k: 'agent'; cpus: number; mem: number; reservedTo: number | null }
  | { k: 'framework'; role: number }
  | { k: 'quota'; role: number; guarantee: number; limit: number | null }
  | { k: 'allocate' }
  | { k: 'recover'; pick: number; filter: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('agent' as const), cpus: fc.integer({ min: 1, max: 8 }), mem: fc.integer({ min: 1, max: 8 }), reservedTo: fc.option(fc.nat(ROLES.length - 1), { nil: null }) }),
  fc.record({ k: fc.constant('framework' as const), role: fc.nat(ROLES.length - 1) }),
  fc.record({ k: fc.constant('quota' as const), role: fc.constantFrom(0, 1, 3), guarantee: fc.integer({ min: 0, max: 6 }), limit: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }) }),
  fc.record({ k: fc.constant('allocate' as const) }),
  fc.record({ k: fc.constant('allocate' as const) }),
  fc.record({ k: fc.constant('recover' as const), pick: fc.nat(50), filter: fc.boolean() }),
);

function makeAllocator(exhaustiveWalk = false): HierarchicalAllocator {
  return new HierarchicalAllocator({
    allocationIntervalMs: 1000, minAllocatable: DEFAULT_MIN_ALLOCATABLE, filterGpuResources: true,
    fairnessExcludedResourceNames: [], masterRegion: null, roleSorter: 'drf', frameworkSorter: 'drf', whitelist: null, exhaustiveWalk,
  }, { now: () => 0, scheduleRun: () => {}, scheduleFilterExpiry: () => {} }, createRng('prop/shuffle'), () => 0.5, createRng('prop/chop'));
}

/** Replay `ops` on an allocator; returns every run's offers as text. */
function replay(ops: readonly Op[], exhaustiveWalk: boolean): string[][] {
  const alloc = makeAllocator(exhaustiveWalk);
  const held: OfferDecision[] = [];
  const runs: string[][] = [];
  let agents = 0, frameworks = 0;
  for (const o of ops) {
    if (o.k === 'agent') {
      const id = `agent${++agents}`;
      const owner = o.reservedTo === null ? null : ROLES[o.reservedTo];
      const text = owner === null ? `cpus:${o.cpus};mem:${o.mem * 100}` : `cpus(${owner}):${o.cpus};cpus:${o.mem};mem:${o.mem * 100};ports:[1-9]`;
      alloc.addAgent({ id, hostname: id, total: res(text), attributes: {}, capabilities: [...AGENT_CAPABILITIES], region: null }, new Map());
    } else if (o.k === 'framework') {
      alloc.addFramework({ id: `fw${++frameworks}`, roles: [ROLES[o.role]], capabilities: ['MULTI_ROLE'] }, new Map(), true);
    } else if (o.k === 'quota') {
      const limit = o.limit === null ? new Map<string, number>() : new Map([['cpus', Math.max(o.limit, o.guarantee) * 1000], ['mem', o.limit * 100_000]]);
      // Odd guarantees are on cpus, even ones on mem: agents left with only the other name are skipped in stage 1.
      const guarantee = o.guarantee % 2 === 1 ? new Map([['cpus', o.guarantee * 1000]]) : new Map([['mem', o.guarantee * 100_000]]);
      alloc.setQuota(ROLES[o.role], { guarantees: o.guarantee > 0 ? guarantee : new Map(), limits: limit });
    } else if (o.k === 'recover') {
      if (held.length === 0) continue;
      const [d] = held.splice(o.pick % held.length, 1);
      alloc.recoverResources(d.frameworkId, d.role, d.agentId, d.resources, o.filter ? 10 : null);
    } else {
      alloc.requestAllocation();
      const offers = alloc.allocate();
      held.push(...offers);
      runs.push(offers.map((d) => `${d.frameworkId} ${d.role} ${d.agentId} ${d.resources.map((r) => `${r.key}=${r.amount}`).join(',')}`));
    }
  }
  return runs;
}

describe('allocator invariants (property)', () => {
  it('hold over random agents, frameworks, quotas, runs and returns', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
      const alloc = makeAllocator();
      const held: OfferDecision[] = [];
      let agents = 0, frameworks = 0;
      for (const o of ops) {
        if (o.k === 'agent') {
          const id = `agent${++agents}`;
          const owner = o.reservedTo === null ? null : ROLES[o.reservedTo];
          const text = owner === null ? `cpus:${o.cpus};mem:${o.mem * 100}` : `cpus(${owner}):${o.cpus};mem:${o.mem * 100}`;
          alloc.addAgent({ id, hostname: id, total: res(text), attributes: {}, capabilities: [...AGENT_CAPABILITIES], region: null }, new Map());
        } else if (o.k === 'framework') {
          const id = `fw${++frameworks}`;
          alloc.addFramework({ id, roles: [ROLES[o.role]], capabilities: ['MULTI_ROLE'] }, new Map(), true);
        } else if (o.k === 'quota') {
          const quota: Quota = {
            guarantees: o.guarantee > 0 ? new Map([['cpus', o.guarantee * 1000]]) : new Map(),
            limits: o.limit !== null ? new Map([['cpus', Math.max(o.limit, o.guarantee) * 1000]]) : new Map(),
          };
          alloc.setQuota(ROLES[o.role], quota);
        } else if (o.k === 'recover') {
          if (held.length === 0) continue;
          const [d] = held.splice(o.pick % held.length, 1);
          alloc.recoverResources(d.frameworkId, d.role, d.agentId, d.resources, o.filter ? 10 : null);
        } else {
          const before = new Map([...alloc.quota.quotas.keys()].map((r) => [r, alloc.consumedQuota(r).get('cpus') ?? 0]));
          alloc.requestAllocation();
          const offers = alloc.allocate();
          held.push(...offers);
          checkRun(alloc, offers, before);
        }
        checkAgents(alloc);
      }
    }), { seed: 20261121, numRuns: 250 });
  });
});

describe('allocator shortcuts (differential property)', () => {
  it('skipping quota-capped roles, roles outside stage 1 and roles that cannot use the reservations left changes no offer', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
      expect(replay(ops, false)).toEqual(replay(ops, true));
    }), { seed: 20261121, numRuns: 3000 });
  });
});

function checkAgents(alloc: HierarchicalAllocator): void {
  for (const agent of alloc.agents.values()) {
    let sum: Resources = [];
    for (const byRole of agent.allocations.values()) for (const r of byRole.values()) sum = add(sum, r);
    expect(contains(agent.total, sum), `${agent.info.id} over-offered`).toBe(true);
  }
}

function checkRun(alloc: HierarchicalAllocator, offers: readonly OfferDecision[], consumedBefore: Map<string, number>): void {
  const keys = offers.map((o) => `${o.frameworkId}|${o.role}|${o.agentId}`);
  expect(new Set(keys).size, 'one offer per (framework, role, agent) per run').toBe(keys.length);
  for (const o of offers) {
    for (const r of o.resources) {
      const owner = r.reservations.length > 0 ? r.reservations[r.reservations.length - 1].role : null;
      if (owner !== null) expect(isRoleOrDescendant(o.role, owner), `${o.role} offered ${owner}'s reservation`).toBe(true);
    }
  }
  for (const [role, q] of alloc.quota.quotas) {
    const limit = q.limits.get('cpus');
    const consumed = alloc.consumedQuota(role).get('cpus') ?? 0;
    // A run never pushes consumption past a limit (reservations alone may already exceed it).
    if (limit !== undefined) expect(consumed <= Math.max(limit, consumedBefore.get(role) ?? 0), `${role} over its cpus limit`).toBe(true);
    const guarantee = q.guarantees.get('cpus') ?? 0;
    const hasFramework = (alloc.frameworkSorters.get(role)?.count() ?? 0) > 0;
    const filtered = [...alloc.frameworks.values()].some((f) => f.info.roles.includes(role) && f.filters.countForRole(role) > 0);
    if (hasFramework && !filtered && consumed < guarantee) {
      expect(alloc.quota.availableHeadroom().get('cpus') ?? 0, `${role}'s guarantee unmet while cpus are free`).toBe(0);
    }
  }
}
