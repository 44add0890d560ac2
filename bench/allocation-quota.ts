/**
 * Allocation cycles with quota, through the allocator API, in the shapes of Mesos' benchmarks:
 *
 * - `quotaAndReservations(10_000, 1_000)`: 10,000 agents `cpus:24;mem:4096;disk:4096;ports:[31000-32000]`
 *   with 8 cpus of each statically reserved for one role (round robin), 1,000 roles with one
 *   framework each, every tenth role with quota (guarantee = limit = cpus:48;mem:8192). Times one
 *   full cycle offering everything, after all offers were returned.
 * - `largeAndSmallQuota(2500, 500)`: Mesos BENCHMARK_HierarchicalAllocator_WithQuotaParam.
 *   LargeAndSmallQuota/2 (benchmarks.cpp:490-653): 3,000 agents `cpus:2;mem:2048;disk:2048`, 2,500
 *   roles with quota `cpus:1;mem:1024;disk:1024` and 500 with `cpus:4;mem:4096;disk:4096`
 *   (guarantee = limit, as `createQuota` does), one framework per role. Times the first run (Mesos:
 *   "3500 allocations", ~15 s) and the following empty run (~13-14 s).
 */
import { performance } from 'node:perf_hooks';
import { parseResources } from '../src/cluster/resource-text.ts';
import { scalarQuantities, type Resources } from '../src/cluster/resources.ts';
import { createRng } from '../src/kernel/rng.ts';
import { HierarchicalAllocator } from '../src/master/allocator/hierarchical.ts';
import { DEFAULT_MIN_ALLOCATABLE } from '../src/master/allocator/min-allocatable.ts';
import { AGENT_CAPABILITIES } from '../src/master/allocator/types.ts';
import { median } from './allocation-cycle.ts';

const res = (t: string) => parseResources(t) as Resources;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

function allocator(): HierarchicalAllocator {
  return new HierarchicalAllocator({
    allocationIntervalMs: 1000, minAllocatable: DEFAULT_MIN_ALLOCATABLE, filterGpuResources: true,
    fairnessExcludedResourceNames: [], masterRegion: null, roleSorter: 'drf', frameworkSorter: 'drf', whitelist: null,
  }, { now: () => 0, scheduleRun: () => {}, scheduleFilterExpiry: () => {} }, createRng('bench'), () => 0.5, createRng('bench/chop'));
}

const quota = (text: string) => { const q = scalarQuantities(res(text)); return { guarantees: q, limits: q }; };

export function benchQuotaAndReservations(agents: number, roles: number): Record<string, number> {
  const alloc = allocator();
  const role = (r: number) => `role-${pad(r, 5)}`;
  for (let r = 0; r < roles; r++) {
    alloc.addFramework({ id: `fw-${pad(r, 5)}`, roles: [role(r)], capabilities: ['MULTI_ROLE'] }, new Map(), true);
    if (r % 10 === 0) alloc.setQuota(role(r), quota('cpus:48;mem:8192'));
  }
  for (let a = 0; a < agents; a++) {
    const total = res(`cpus:16;cpus(${role(a % roles)}):8;mem:4096;disk:4096;ports:[31000-32000]`);
    alloc.addAgent({ id: `agent-${pad(a, 6)}`, hostname: `h${a}`, total, attributes: {}, capabilities: [...AGENT_CAPABILITIES], region: null }, new Map());
  }
  let offers = alloc.allocate();
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) { // median of 5 rounds: return everything, re-offer everything
    for (const o of offers) alloc.recoverResources(o.frameworkId, o.role, o.agentId, o.resources, null);
    alloc.requestAllocation();
    const t = performance.now();
    offers = alloc.allocate();
    rounds.push(performance.now() - t);
  }
  return { agents, roles, quotaRoles: Math.ceil(roles / 10), fullCycleMs: median(rounds), fullCycleMinMs: Math.min(...rounds), fullCycleOffers: offers.length };
}

export function benchLargeAndSmallQuota(small: number, large: number): Record<string, number> {
  const alloc = allocator();
  const agents = small / 5 + large * 5;
  const roles = small + large;
  const t0 = performance.now();
  for (let a = 0; a < agents; a++) {
    alloc.addAgent({ id: `agent-${pad(a, 5)}`, hostname: `h${a}`, total: res('cpus:2;mem:2048;disk:2048'), attributes: {}, capabilities: [...AGENT_CAPABILITIES], region: null }, new Map());
  }
  const addAgentsMs = performance.now() - t0;
  const t1 = performance.now();
  for (let r = 0; r < roles; r++) {
    const name = `role-${pad(r, 5)}`;
    alloc.setQuota(name, quota(r < small ? 'cpus:1;mem:1024;disk:1024' : 'cpus:4;mem:4096;disk:4096'));
    alloc.addFramework({ id: `fw-${pad(r, 5)}`, roles: [name], capabilities: ['MULTI_ROLE'] }, new Map(), true);
  }
  const addFrameworksMs = performance.now() - t1;
  alloc.requestAllocation();
  const t2 = performance.now();
  const offers = alloc.allocate();
  const firstRunMs = performance.now() - t2;
  alloc.requestAllocation();
  const t3 = performance.now();
  alloc.allocate();
  const emptyRunMs = performance.now() - t3;
  return { agents, roles, frameworks: roles, addAgentsMs, addFrameworksMs, firstRunMs, firstRunOffers: offers.length, emptyRunMs };
}
