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
import { parseResources } from '../../src/cluster/resource-text.ts';
import type { Resources } from '../../src/cluster/resources.ts';
import { playSequence, ROLES, type AllocatorOp as Op } from '../../src/experiment/allocator-invariants.ts';
import { createRng } from '../../src/kernel/rng.ts';
import { HierarchicalAllocator } from '../../src/master/allocator/hierarchical.ts';
import { DEFAULT_MIN_ALLOCATABLE } from '../../src/master/allocator/min-allocatable.ts';
import { AGENT_CAPABILITIES, type OfferDecision } from '../../src/master/allocator/types.ts';

const res = (t: string): Resources => parseResources(t) as Resources;

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('agent' as const), cpus: fc.integer({ min: 1, max: 8 }), mem: fc.integer({ min: 1, max: 8 }), reservedTo: fc.option(fc.nat(ROLES.length - 1), { nil: null }) }),
  fc.record({ k: fc.constant('framework' as const), role: fc.nat(ROLES.length - 1) }),
  fc.record({ k: fc.constant('quota' as const), role: fc.constantFrom(0, 1, 3), guarantee: fc.integer({ min: 0, max: 6 }), limit: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }) }),
  fc.record({ k: fc.constant('allocate' as const) }),
  fc.record({ k: fc.constant('allocate' as const) }),
  fc.record({ k: fc.constant('recover' as const), pick: fc.nat(50), filter: fc.boolean() }),
);

/** The differential's extra operations: a framework's activity (idle roles are parked, hierarchical.ts syncRoleActivity). */
type ActivityOp = { k: 'suppress' | 'revive' | 'deactivate' | 'activate'; fw: number };
const activityOp: fc.Arbitrary<ActivityOp> = fc.record({ k: fc.constantFrom('suppress' as const, 'revive' as const, 'deactivate' as const, 'activate' as const), fw: fc.nat(20) });

function makeAllocator(exhaustiveWalk = false): HierarchicalAllocator {
  return new HierarchicalAllocator({
    allocationIntervalMs: 1000, minAllocatable: DEFAULT_MIN_ALLOCATABLE, filterGpuResources: true,
    fairnessExcludedResourceNames: [], masterRegion: null, roleSorter: 'drf', frameworkSorter: 'drf', whitelist: null, exhaustiveWalk,
  }, { now: () => 0, scheduleRun: () => {}, scheduleFilterExpiry: () => {} }, createRng('prop/shuffle'), () => 0.5, createRng('prop/chop'));
}

/** Replay `ops` on an allocator; returns every run's offers as text. */
function replay(ops: readonly (Op | ActivityOp)[], exhaustiveWalk: boolean): string[][] {
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
    } else if (o.k === 'suppress' || o.k === 'revive' || o.k === 'deactivate' || o.k === 'activate') {
      if (frameworks === 0) continue;
      const id = `fw${1 + (o.fw % frameworks)}`;
      if (o.k === 'suppress') alloc.suppress(id, []);
      else if (o.k === 'revive') alloc.revive(id, []);
      else if (o.k === 'deactivate') alloc.deactivateFramework(id);
      else alloc.activateFramework(id);
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
    // The checks live in src/experiment/allocator-invariants.ts (check --plugin runs them with plugin sorters).
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
      expect(playSequence(ops)).toEqual([]);
    }), { seed: 20261121, numRuns: 250 });
  });
});

describe('allocator shortcuts (differential property)', () => {
  it('skipping quota-capped roles, roles outside stage 1, roles that cannot use the reservations left and idle roles changes no offer', () => {
    fc.assert(fc.property(fc.array(fc.oneof(op, op, activityOp), { minLength: 1, maxLength: 40 }), (ops) => {
      expect(replay(ops, false)).toEqual(replay(ops, true));
    }), { seed: 20261121, numRuns: 3000 });
  });
});
