/**
 * The contract through which a usage model (H-oversub's UsageMonitor, src/master/usage/) feeds the
 * utilization probe the resources tasks actually *use*. Structural: anything with this shape works,
 * so the metrics layer does not depend on how usage is modelled. See docs/outputs.md, "Used resources".
 *
 * - `agents`: per agent, current usage of running non-revocable and revocable tasks, by resource name
 *   in milli-units (cpus 1.5 → 1500, mem MiB × 1000). An agent missing from the map uses nothing.
 * - `onChange(fn)`: called after usage changed on one agent (`agentId`) or on all of them (`null`, e.g.
 *   a sampling tick). Usage must be piecewise constant between calls; the probe re-reads the named
 *   agents before the next time advance, so the integral stays exact.
 *
 * With no usage source, a task uses exactly what it requested: `used` = the requests of running tasks
 * (so `allocated, unused` is what sits in outstanding offers).
 */
export interface AgentUsageView {
  readonly usedNonRevocable: ReadonlyMap<string, number>;
  readonly usedRevocable: ReadonlyMap<string, number>;
}

export interface UsageSource {
  readonly agents: ReadonlyMap<string, AgentUsageView>;
  onChange(fn: (agentId: string | null, change: string) => void): void;
}
