/**
 * Stage 2 visits each role at most once per agent (mesos-semantics §1.2 step 6). Once only reserved
 * resources are left, the walk's shortcut visits the reservations' owners directly
 * (fair-share-stage.ts visitReservationOwners); an owner the walk had already visited on that agent
 * must not be visited again. A second visit offers nothing new, but counted a refusal filter twice
 * in `offers.filtered`.
 */
import { describe, expect, it } from 'vitest';
import { parseResources } from '../../src/cluster/resource-text.ts';
import type { Resources } from '../../src/cluster/resources.ts';
import { createRng } from '../../src/kernel/rng.ts';
import { HierarchicalAllocator } from '../../src/master/allocator/hierarchical.ts';
import { DEFAULT_MIN_ALLOCATABLE } from '../../src/master/allocator/min-allocatable.ts';
import { AGENT_CAPABILITIES } from '../../src/master/allocator/types.ts';

const res = (t: string) => parseResources(t) as Resources;
const agent = (id: string, total: string) => ({ id, hostname: id, total: res(total), attributes: {}, capabilities: [...AGENT_CAPABILITIES], region: null });
const text = (rs: Resources) => rs.map((r) => `${r.key}=${r.amount}`).join(',');

describe('reservation owners in stage 2', () => {
  it('an owner the walk visited (and a filter covered) is not visited again when only its reservation is left', () => {
    const alloc = new HierarchicalAllocator({
      allocationIntervalMs: 1000, minAllocatable: DEFAULT_MIN_ALLOCATABLE, filterGpuResources: true,
      fairnessExcludedResourceNames: [], masterRegion: null, roleSorter: 'drf', frameworkSorter: 'drf', whitelist: null,
    }, { now: () => 0, scheduleRun: () => {}, scheduleFilterExpiry: () => {} }, createRng('t'), () => 0.5);
    alloc.addAgent(agent('a2', 'cpus:2;mem:200'), new Map());
    alloc.addAgent(agent('a3', 'cpus:2;mem:200'), new Map());
    alloc.addAgent(agent('a1', 'cpus(a):4;cpus:4;mem:400'), new Map());
    alloc.addFramework({ id: 'A', roles: ['a'], capabilities: ['MULTI_ROLE'] }, new Map(), true);
    // b and c hold a2 and a3 whole, so their shares sort them after a (share 0).
    alloc.addFramework({ id: 'B', roles: ['b'], capabilities: ['MULTI_ROLE'] }, new Map([['a2', new Map([['b', res('cpus:2;mem:200')]])]]), true);
    alloc.addFramework({ id: 'C', roles: ['c'], capabilities: ['MULTI_ROLE'] }, new Map([['a3', new Map([['c', res('cpus:2;mem:200')]])]]), true);
    alloc.requestAllocation();
    const [first] = alloc.allocate();
    expect([first.frameworkId, first.agentId]).toEqual(['A', 'a1']);
    alloc.recoverResources('A', 'a', 'a1', first.resources, 100); // a filter over all of a1
    alloc.requestAllocation();
    const offers = alloc.allocate();
    // a (share 0) is visited first and filtered; b takes the unreserved part; c finds only a's
    // reservation left, whose owner was visited already.
    expect(offers.map((o) => `${o.frameworkId} ${o.agentId} ${text(o.resources)}`)).toEqual(['B a1 cpus=4000,mem=400000']);
    expect(alloc.filteredCandidates).toBe(1);
  });
});
