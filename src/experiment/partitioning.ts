/**
 * Static partitioning at build time: RunSpec.master.partitioning (counts per framework) → which
 * agent each framework owns → the allocator's offer restriction. Agents are taken in declaration
 * order (scenario `agents:` in file order, then timeline `addAgent`s in timeline order) and handed
 * out as contiguous blocks, partitions in the order they were declared; what is left stays shared.
 * Agents that register without being declared (a trace's machines) are assigned as they appear, by
 * the partitions' fractions (or counts) over all agents seen so far (StaticPartition.agentAdded).
 */
import { StaticPartition } from '../master/allocator/static-partition.ts';
import type { Master } from '../master/master.ts';
import type { RunSpec } from '../scenario/run-spec.ts';

export function declaredAgentIds(spec: RunSpec): string[] {
  const ids = spec.agents.map((a) => a.id);
  for (const t of spec.timeline) if (t.do === 'addAgent') ids.push(t.agent.id);
  return ids;
}

export function partitionOwners(spec: RunSpec): Map<string, string> | null {
  const p = spec.master.partitioning;
  if (!p) return null;
  const ids = declaredAgentIds(spec);
  const owners = new Map<string, string>();
  let next = 0;
  for (const part of p.static) {
    for (let k = 0; k < part.agents && next < ids.length; k++) owners.set(ids[next++], part.framework);
  }
  return owners;
}

/** Install the restriction on the master's allocator; a no-op for a shared cluster. */
export function installPartitioning(master: Master, spec: RunSpec): void {
  const owners = partitionOwners(spec);
  if (!owners) return;
  const shares = spec.master.partitioning!.static.map((p) => ({ framework: p.framework, fraction: p.fraction ?? null, count: p.agents }));
  master.allocator.offerRestriction = new StaticPartition(owners, shares, declaredAgentIds(spec));
}
