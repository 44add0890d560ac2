/**
 * `master.partitioning` → RunSpec: fractions become agent counts (largest remainder over all agents
 * the scenario declares, ties by file order), every framework named must exist, and the partitions
 * must fit in the cluster. Agents are handed out as contiguous blocks in declaration order at build
 * time (src/experiment/partitioning.ts), so with `perRack` a partition is a set of whole racks where
 * the sizes allow. Agents a trace adds are not known here: they are assigned as they register, by
 * the fractions kept in the spec (src/master/allocator/static-partition.ts).
 */
import type { ScenarioParsed } from './schema.ts';
import type { StaticPartitionSpec } from './run-spec.ts';

type Fail = (path: (string | number)[], message: string) => void;

export function normalizePartitioning(
  p: ScenarioParsed['master']['partitioning'], agentCount: number, frameworkIds: ReadonlySet<string>, fail: Fail,
): StaticPartitionSpec | undefined {
  if (p === undefined || p === 'shared') return undefined;
  const entries = Object.entries(p.static);
  const base: ['master', 'partitioning', 'static'] = ['master', 'partitioning', 'static'];
  const counts = new Map<string, number>();
  const fractions: { framework: string; exact: number }[] = [];
  const fractionOf = new Map<string, number>();
  let fractionSum = 0;
  for (const [framework, size] of entries) {
    if (!frameworkIds.has(framework)) fail([...base, framework], `unknown framework "${framework}" (declared: ${[...frameworkIds].join(', ') || 'none'})`);
    if (typeof size === 'object' && 'count' in size) counts.set(framework, size.count);
    else {
      const f = typeof size === 'number' ? size : size.fraction;
      fractionSum += f;
      fractionOf.set(framework, f);
      fractions.push({ framework, exact: f * agentCount });
    }
  }
  if (fractionSum > 1 + 1e-9) fail(base, `the fractions add up to ${fractionSum.toFixed(4)}, more than the whole cluster`);
  // Largest remainder: floor everything, then hand the agents the fractions jointly account for
  // (rounded to the nearest) to the largest remainders, first declared first.
  const target = Math.min(agentCount, Math.round(fractionSum * agentCount + 1e-9));
  let given = 0;
  for (const f of fractions) { counts.set(f.framework, Math.floor(f.exact + 1e-9)); given += Math.floor(f.exact + 1e-9); }
  const byRemainder = fractions.map((f, i) => ({ ...f, i, r: f.exact - Math.floor(f.exact + 1e-9) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const f of byRemainder) {
    if (given >= target) break;
    counts.set(f.framework, counts.get(f.framework)! + 1);
    given++;
  }
  // The fraction is kept for agents a trace adds at run time (src/master/allocator/static-partition.ts).
  const partitions = entries.map(([framework]) => {
    const fraction = fractionOf.get(framework);
    return fraction === undefined ? { framework, agents: counts.get(framework)! } : { framework, agents: counts.get(framework)!, fraction };
  });
  const total = partitions.reduce((a, b) => a + b.agents, 0);
  if (total > agentCount) fail(base, `the partitions need ${total} agents but the scenario declares ${agentCount}`);
  return { static: partitions };
}
