/** A bare master on a kernel, with an in-memory event list (Mesos allocator-test style). */
import { parseResources } from '../../src/cluster/resource-text.ts';
import type { Resources } from '../../src/cluster/resources.ts';
import { RngStreams } from '../../src/kernel/rng.ts';
import { Simulation } from '../../src/kernel/simulation.ts';
import { parseMinAllocatable } from '../../src/master/allocator/min-allocatable.ts';
import type { AllocatorAgentInfo, FrameworkCapability, MinAllocatable } from '../../src/master/allocator/types.ts';
import { Master } from '../../src/master/master.ts';
import type { Scheduler } from '../../src/master/scheduler.ts';

export function res(text: string): Resources {
  const r = parseResources(text);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

export interface Ev { t: number; type: string; [k: string]: unknown }

export function bareMaster(seed = 1) {
  const sim = new Simulation();
  const events: Ev[] = [];
  const sinks: { emit(t: number, type: string, f: Record<string, unknown>): void }[] = [];
  const sink = { emit: (t: number, type: string, f: Record<string, unknown>) => { events.push({ t, type, ...f }); for (const s of sinks) s.emit(t, type, f); } };
  const master = new Master(sim, new RngStreams(seed), {
    allocationIntervalMs: 1000, minAllocatable: parseMinAllocatable('cpus:0.01|mem:32') as MinAllocatable, filterGpuResources: true,
    fairnessExcludedResourceNames: [], masterRegion: null, roleSorter: 'drf', frameworkSorter: 'drf', whitelist: null, offerTimeoutMs: null,
  }, sink);
  return { sim, master, events, sinks, sink };
}

export const hold: Scheduler = { onOffers: () => ({}) };

export function agentInfo(id: string, total: string): AllocatorAgentInfo {
  return { id, hostname: id, total: res(total), attributes: {}, capabilities: ['MULTI_ROLE', 'HIERARCHICAL_ROLE', 'RESERVATION_REFINEMENT'], region: null };
}

export function frameworkInfo(id: string, role: string, caps: FrameworkCapability[] = ['MULTI_ROLE']) {
  return { id, roles: [role], capabilities: caps };
}

export const offers = (events: Ev[]) => events.filter((e) => e.type === 'offer').map((e) => ({ t: e.t, framework: e.framework, agent: e.agent, resources: e.resources }));
