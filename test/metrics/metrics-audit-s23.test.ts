/**
 * Metrics found wrong by the session-23 audits (docs/outputs.md, docs/oversubscription.md). Each case
 * failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import type { MetricsTable } from '../../src/metrics/metrics-result.ts';
import { runYaml } from '../failures/helpers.ts';

type Summary = {
  jobs: { completed: number }; makespanMs: number | null; tasks: { finished: number; running: number };
  cluster: { meanAllocated: { cpus: number } };
  utilizationStates: Record<string, Record<string, number>>;
  oversubscription?: { utilization: Record<string, Record<string, number>> };
};

describe('a task reported lost that comes back (§6.1: TASK_LOST is terminal unless the agent comes back)', () => {
  const scenario = (duration: string) => `
name: lost-back
seed: 1
until: 15m
agents:
  - { id: a1, resources: "cpus:4;mem:4096" }
frameworks:
  - id: b
    role: r
    scheduler:
      type: batch
      jobs: { count: 1, tasks: 2, resources: "cpus:1;mem:1024", duration: ${duration} }
timeline:
  - { at: 60s, do: fail, agents: [a1], kind: partition, duration: 300s }
`;

  it('is not ended: its job completes when it finishes, and the tables say so (they froze it at the loss)', () => {
    const { result } = runYaml(scenario('8m'));
    const s = result.summary as Summary;
    expect(s.jobs.completed).toBe(1);
    expect(s.makespanMs).toBe(480_000);
    const cells = (table: MetricsTable, ...names: string[]) => table.rows.map((row) => names.map((n) => row[table.columns.indexOf(n)]));
    expect(cells(result.metrics.tables.tasks, 'state', 'end_ms')).toEqual([['TASK_FINISHED', 480_000], ['TASK_FINISHED', 480_000]]);
    expect(cells(result.metrics.tables.jobs, 'state', 'end_ms')).toEqual([['finished', 480_000]]);
  });

  it('uses its request again while it runs on (without a usage model `used` = requests of running tasks)', () => {
    const { result } = runYaml(scenario('1h'));
    const s = result.summary as Summary;
    expect(s.makespanMs).toBeNull(); // still running at the end: the workload did not complete
    // 2 of 4 cpus used for the whole run, but for the 60 s–360 s partition's unreachable stretch
    // (135 s–360 s: the agent is out of the cluster, its tasks unreachable).
    expect(s.utilizationStates.cpus.used).toBeGreaterThan(0.45);
    expect(s.utilizationStates.cpus.allocated).toBe(0);
  });
});

describe('revocable resources in the utilization means', () => {
  const UTIL = `
name: util1
seed: 1
until: 10m
agents:
  - { id: a, count: 1, resources: "cpus:8;mem:8192" }
frameworks:
  - id: be
    role: be
    capabilities: [MULTI_ROLE, REVOCABLE_RESOURCES]
    scheduler:
      type: batch
      revocable: true
      jobs: { count: 1, tasks: 1, resources: "cpus:2;mem:1024", duration: 1h }
usage:
  default: 0.5
oversubscription:
  estimator: { type: fixed, resources: "cpus:2;mem:1024" }
  qos: noop
`;
  it('cluster.meanAllocated counts non-revocable resources only (it was 2 revocable cpus ÷ 10)', () => {
    const s = runYaml(UTIL).result.summary as Summary;
    expect(s.cluster.meanAllocated.cpus).toBe(0);
  });

  it('utilizationStates and oversubscription.utilization split the same way (revocable lent out of idle capacity was idle in one, revocable in the other)', () => {
    const s = runYaml(UTIL).result.summary as Summary;
    for (const state of ['used', 'allocated', 'revocable', 'idle']) {
      expect(s.utilizationStates.cpus[state === 'revocable' ? 'revocable' : state]).toBeCloseTo(s.oversubscription!.utilization.cpus[state], 8);
    }
    expect(s.utilizationStates.cpus.revocable).toBeGreaterThan(0.1);
  });
});

describe('metrics while no master leads (§6.4: the new allocator is empty until the election)', () => {
  const { result } = runYaml(`
name: mf
seed: 21
until: 40m
agents:
  - { id: a, count: 4, perRack: 2, resources: "cpus:4;mem:16GiB" }
frameworks:
  - id: svc
    checkpoint: true
    scheduler: { type: replicated-service, instances: 4, resources: "cpus:1;mem:2GiB" }
  - id: batch
    checkpoint: true
    scheduler:
      type: batch
      jobs: { count: 30, start: 1m, interarrival: 45s, tasks: [1, 4], resources: "cpus:1;mem:1GiB", duration: { exponential: 5m } }
timeline:
  - { at: 20m, do: failMaster, electionDelay: 30s }
`);
  const m = result.metrics;
  const s = result.summary as { sharingIncentive: { rolesViolating: string[] } };

  it('capacity stays that of the agents (the probes read the registry; it dropped to the agents no event named)', () => {
    expect(m.capacity!.filter((r) => r[0] === 'cpus').map((r) => r.slice(1))).toEqual([[0, 2_400_000, 16_000]]);
  });

  it('a role\'s share is its frameworks\' (a framework kept 0.25 while its role read 0), and no false shortfall', () => {
    const at = (kind: string, client: string, t: number) => m.shares.find((r) => r[0] === kind && r[1] === client && r[2] <= t && t < r[3])?.[4];
    const t = 1_215_000;
    expect(at('role', '*', t)).toBeGreaterThan(0);
    expect(at('role', '*', t)).toBeCloseTo((at('framework', 'svc', t) ?? 0) + (at('framework', 'batch', t) ?? 0), 9);
    expect(s.sharingIncentive.rolesViolating).toEqual([]);
  });
});

describe('physical availability (failures.availability)', () => {
  const { result } = runYaml(`
name: never-full
seed: 3
until: 1h
agents:
  - { id: a, count: 3, perRack: 1, resources: "cpus:2;mem:8GiB" }
frameworks:
  - id: legacy
    checkpoint: true
    scheduler: { type: replicated-service, instances: 6, resources: "cpus:2;mem:1GiB" }
timeline:
  - { at: 20m, do: fail, agents: [a-00001], kind: partition, duration: 10m }
`);
  it('a service that never reaches full strength has its series from t = 0 (it had none)', () => {
    const rows = result.metrics.availability.filter((r) => r[0] === 'legacy');
    expect(rows[0][1]).toBe(0);
    const integral = rows.reduce((sum, r) => sum + (r[2] - r[1]) * r[3], 0);
    const summary = (result.summary as { failures: { availability: Record<string, { mean: number; min: number }> } }).failures.availability.legacy;
    expect(integral / 3_600_000).toBeCloseTo(summary.mean, 8);
  });

  it('the lowest availability held for a while is not "only for an instant" because of rounding (1/3 vs 0.333333333)', () => {
    const card = result.metrics.headline.find((c) => c.key === 'availability.min')!;
    expect(card.value).toBe(0.333333333);
    expect(card.note).not.toContain('only for an instant');
  });
});
