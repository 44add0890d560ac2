/**
 * One full allocation cycle over N agents × R roles (one framework per role), driven through the
 * allocator API directly, like Mesos' hierarchical_allocator_benchmarks:
 *   - first cycle: every agent is new, so every agent is offered (N offers);
 *   - declined cycle: every offer declined with a long filter, then a batch run (Mesos'
 *     DeclineOffers shape; Mesos 1.7+ takes ~1.06 s for 10k agents × 1k frameworks);
 *   - idle cycle: a batch run in which nothing changed.
 */
import { performance } from 'node:perf_hooks';
import { parseResources } from '../src/cluster/resource-text.ts';
import type { Resources } from '../src/cluster/resources.ts';
import { createRng } from '../src/kernel/rng.ts';
import { HierarchicalAllocator } from '../src/master/allocator/hierarchical.ts';
import { DEFAULT_MIN_ALLOCATABLE } from '../src/master/allocator/min-allocatable.ts';
import { AGENT_CAPABILITIES } from '../src/master/allocator/types.ts';

export function benchAllocationCycle(agents: number, roles: number): Record<string, number> {
  let now = 0;
  const alloc = new HierarchicalAllocator({
    allocationIntervalMs: 1000, minAllocatable: DEFAULT_MIN_ALLOCATABLE, filterGpuResources: true,
    fairnessExcludedResourceNames: [], masterRegion: null, roleSorter: 'drf', frameworkSorter: 'drf', whitelist: null,
  }, { now: () => now, scheduleRun: () => {}, scheduleFilterExpiry: () => {} }, createRng('bench'), () => 0.5);
  for (let r = 0; r < roles; r++) {
    const id = `fw-${String(r).padStart(5, '0')}`;
    alloc.addFramework({ id, roles: [`role-${String(r).padStart(5, '0')}`], capabilities: ['MULTI_ROLE'] }, new Map(), true);
  }
  const total = parseResources('cpus:24;mem:4096;disk:4096;ports:[31000-32000]') as Resources;
  const t0 = performance.now();
  for (let a = 0; a < agents; a++) {
    alloc.addAgent({ id: `agent-${String(a).padStart(6, '0')}`, hostname: `h${a}`, total, attributes: {}, capabilities: [...AGENT_CAPABILITIES], region: null }, new Map());
  }
  const addMs = performance.now() - t0;
  alloc.allocate(); // the coalesced event-triggered run after adding agents is not what we time
  // Full cycles: return everything (no filter), time one batch run re-offering every agent; the
  // median of FULL_CYCLES rounds (GC pauses land in single rounds, not in the median).
  const fullRounds: number[] = [];
  let offers: ReturnType<HierarchicalAllocator['allocate']> = [];
  for (let round = 0; round < FULL_CYCLES; round++) {
    for (const [id, agent] of alloc.agents) for (const h of agent.holdings) alloc.recoverResources(h.frameworkId, h.role, id, h.resources, 0);
    alloc.requestAllocation();
    const t1 = performance.now();
    offers = alloc.allocate();
    fullRounds.push(performance.now() - t1);
  }
  const fullCycleMs = median(fullRounds);
  for (const o of offers) alloc.recoverResources(o.frameworkId, o.role, o.agentId, o.resources, 365 * 86400);
  now += 1000;
  alloc.requestAllocation();
  const t2 = performance.now();
  const declinedOffers = alloc.allocate();
  const declinedCycleMs = performance.now() - t2;
  const idleRounds: number[] = [];
  for (let round = 0; round < FULL_CYCLES; round++) {
    alloc.requestAllocation();
    const t3 = performance.now();
    alloc.allocate();
    idleRounds.push(performance.now() - t3);
  }
  const idleCycleMs = median(idleRounds);
  const fullCycleMinMs = Math.min(...fullRounds);
  return { agents, roles, addAgentsMs: addMs, fullCycleMs, fullCycleMinMs, fullCycleOffers: offers.length, declinedCycleMs, declinedCycleOffers: declinedOffers.length, idleCycleMs };
}

const FULL_CYCLES = 9;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}
