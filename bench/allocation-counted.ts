/**
 * Driver for `bench/count-allocation.sh`: sets up the allocator in one of the `npm run bench -- alloc`
 * shapes and runs `rounds` full cycles (return every offer, allocate again). Run under cachegrind
 * twice with different `rounds`; the difference divided by the extra rounds is the cost of one cycle
 * with its returns, in instructions and simulated cache misses, free of this machine's timing noise.
 *
 *   node allocation-counted.mjs <quota|plain> <rounds>
 *
 * quota: 10,000 agents `cpus:16;cpus(<role>):8;mem:4096;disk:4096;ports:[31000-32000]` (agent i's
 * reservation for role i mod 1,000), 1,000 roles with one framework each, every tenth role with quota
 * guarantee = limit = cpus:48;mem:8192 (the shape of allocation-quota.ts). plain: 10,000 agents
 * `cpus:24;mem:4096;disk:4096;ports:[31000-32000]`, 1,000 roles, no quota (allocation-cycle.ts).
 */
import { parseResources } from '../src/cluster/resource-text.ts';
import { scalarQuantities, type Resources } from '../src/cluster/resources.ts';
import { createRng } from '../src/kernel/rng.ts';
import { HierarchicalAllocator } from '../src/master/allocator/hierarchical.ts';
import { DEFAULT_MIN_ALLOCATABLE } from '../src/master/allocator/min-allocatable.ts';
import { AGENT_CAPABILITIES } from '../src/master/allocator/types.ts';

const mode = process.argv[2] === 'plain' ? 'plain' : 'quota';
const rounds = Number(process.argv[3] ?? 2);
const res = (t: string) => parseResources(t) as Resources;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const role = (r: number) => `role-${pad(r, 5)}`;
const AGENTS = 10_000, ROLES = 1_000;

const alloc = new HierarchicalAllocator({
  allocationIntervalMs: 1000, minAllocatable: DEFAULT_MIN_ALLOCATABLE, filterGpuResources: true,
  fairnessExcludedResourceNames: [], masterRegion: null, roleSorter: 'drf', frameworkSorter: 'drf', whitelist: null,
}, { now: () => 0, scheduleRun: () => {}, scheduleFilterExpiry: () => {} }, createRng('bench'), () => 0.5, createRng('bench/chop'));
for (let r = 0; r < ROLES; r++) {
  alloc.addFramework({ id: `fw-${pad(r, 5)}`, roles: [role(r)], capabilities: ['MULTI_ROLE'] }, new Map(), true);
  if (mode === 'quota' && r % 10 === 0) {
    const q = scalarQuantities(res('cpus:48;mem:8192'));
    alloc.setQuota(role(r), { guarantees: q, limits: q });
  }
}
for (let a = 0; a < AGENTS; a++) {
  const text = mode === 'quota' ? `cpus:16;cpus(${role(a % ROLES)}):8;mem:4096;disk:4096;ports:[31000-32000]` : 'cpus:24;mem:4096;disk:4096;ports:[31000-32000]';
  alloc.addAgent({ id: `agent-${pad(a, 6)}`, hostname: `h${a}`, total: res(text), attributes: {}, capabilities: [...AGENT_CAPABILITIES], region: null }, new Map());
}
let offers = alloc.allocate();
let made = 0;
for (let round = 0; round < rounds; round++) {
  for (const o of offers) alloc.recoverResources(o.frameworkId, o.role, o.agentId, o.resources, null);
  alloc.requestAllocation();
  offers = alloc.allocate();
  made += offers.length;
}
console.log(JSON.stringify({ mode, rounds, offers: made }));
