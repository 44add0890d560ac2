/**
 * What the metrics read while no master leads (mesos-semantics §6.4). From the failure to the
 * election the allocator is a fresh, empty one: it knows no agent and no allocation until the agents
 * reregister. The cluster has not changed meanwhile: its agents are up and their tasks run. So the
 * probes read the registry then (the master's agents and tasks; no offer exists while no master leads)
 * instead of reporting an empty cluster, or stale values for whatever no event happened to name.
 */
import { add, EMPTY, scalarQuantities, type Resources } from '../cluster/resources.ts';
import type { Master } from '../master/master.ts';

/** Tracks whether a master leads, from the event log's `master.failed` / `master.elected`. */
export class LeadershipWatch {
  masterDown = false;

  /** True when the event changed who leads (every agent and client must be read again). */
  observe(type: string): boolean {
    if (type === 'master.failed') { this.masterDown = true; return true; }
    if (type === 'master.elected') { this.masterDown = false; return true; }
    return false;
  }
}

export const LEADERSHIP_EVENTS = ['master.failed', 'master.elected'] as const;

/** An agent's total and what its tasks hold, from the registry (undefined: not in it). */
export function registryAgent(master: Master, agentId: string): { total: Resources; offeredOrAllocated: Resources } | undefined {
  const agent = master.agents.get(agentId);
  if (!agent) return undefined;
  let held: Resources = EMPTY;
  for (const taskId of agent.tasks) {
    const t = master.tasks.get(taskId);
    if (t) held = add(held, t.resources);
  }
  return { total: agent.info.total, offeredOrAllocated: held };
}

/** Scalar quantities (milli-units by name) the registry's tasks hold, per role and per framework. */
export function registryAllocations(master: Master): { byRole: Map<string, Map<string, number>>; byFramework: Map<string, Map<string, number>> } {
  const byRole = new Map<string, Map<string, number>>(), byFramework = new Map<string, Map<string, number>>();
  const into = (m: Map<string, Map<string, number>>, key: string, q: ReadonlyMap<string, number>) => {
    let acc = m.get(key);
    if (!acc) m.set(key, (acc = new Map()));
    for (const [n, v] of q) acc.set(n, (acc.get(n) ?? 0) + v);
  };
  for (const t of master.tasks.values()) {
    const q = scalarQuantities(t.resources);
    into(byRole, t.role, q);
    into(byFramework, t.frameworkId, q);
  }
  return { byRole, byFramework };
}
