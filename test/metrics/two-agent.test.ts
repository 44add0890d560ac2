/**
 * Probes on a two-agent cluster worked out on paper.
 *
 * Agents a1, a2: cpus 4, mem 8 GiB each (cluster 8 cpus, 16 GiB). Framework A (role a) launches one
 * <4 cpus, 2 GiB> task for 10 s; B (role b) one <2 cpus, 4 GiB> task for 20 s. Both refuse leftovers
 * for 1000 s and decline every later offer at once (no offer is ever outstanding for a positive time).
 *
 *   [0, 10 s)   A on a1, B on a2: cpus used 6/8 = 0.75, mem 6/16 = 0.375; shares a = 0.5, b = 0.25
 *   [10, 20 s)  B only:           cpus 2/8 = 0.25,  mem 4/16 = 0.25;   shares a = 0,   b = 0.25
 *   [20, 30 s)  nothing
 *
 * cpus used mean = (0.75·10 + 0.25·10)/30 = 1/3; mem used mean = (3.75 + 2.5)/30 = 0.208333…
 * Both frameworks stay unsuppressed, so both roles have demand all along (active in Jain's index):
 * Jain = 0.75²/(2·(0.25 + 0.0625)) = 0.9, then 0.25²/(2·0.0625) = 0.5, then 1 (all zero);
 * mean (9 + 5 + 10)/30 = 0.8. Max–min gap 0.25, 0.25, 0 → mean 1/6.
 */
import { twoAgentScenario } from './two-agent-scenario.ts';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { WaitProbe } from '../../src/metrics/wait-probe.ts';

const YAML = twoAgentScenario('two-agent');

function run() {
  const r = loadScenarioText('two-agent.yaml', YAML);
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return runScenario(r.spec, { outDir: null });
}

const integral = (rows: [string, string, number, number, number][], res: string, state: string) =>
  rows.filter((u) => u[0] === res && u[1] === state).reduce((s, u) => s + u[4] * (u[3] - u[2]), 0);

describe('probes on a two-agent cluster (hand-computed)', () => {
  const { metrics: m, summary } = run();

  it('utilization integrals are exact and the five states partition capacity', () => {
    expect(integral(m.utilization, 'cpus', 'used')).toBeCloseTo(0.75 * 10_000 + 0.25 * 10_000, 9);
    expect(integral(m.utilization, 'mem', 'used')).toBeCloseTo(0.375 * 10_000 + 0.25 * 10_000, 9);
    expect(integral(m.utilization, 'cpus', 'allocated')).toBe(0); // no outstanding offer for a positive time
    expect(integral(m.utilization, 'cpus', 'idle')).toBeCloseTo(30_000 - 10_000, 9);
    const u = summary.utilizationStates as Record<string, Record<string, number>>;
    expect(u.cpus.used).toBeCloseTo(1 / 3, 8);
    expect(u.mem.used).toBeCloseTo(0.208333333, 8);
    // partition: per segment and resource, the states sum to 1
    const sums = new Map<string, number>();
    for (const [res, , t0, t1, f] of m.utilization) sums.set(`${res}@${t0}-${t1}`, (sums.get(`${res}@${t0}-${t1}`) ?? 0) + f);
    for (const s of sums.values()) expect(s).toBeCloseTo(1, 12);
  });

  it('dominant shares step as computed', () => {
    const at = (client: string, t: number) => m.shares.find(([k, c, t0, t1]) => k === 'role' && c === client && t0 <= t && t < t1)?.[4];
    expect(at('a', 5_000)).toBeCloseTo(0.5, 12);
    expect(at('b', 5_000)).toBeCloseTo(0.25, 12);
    expect(at('a', 15_000)).toBe(0);
    expect(at('b', 15_000)).toBeCloseTo(0.25, 12);
    expect(at('b', 25_000)).toBe(0);
  });

  it("Jain's index and the max–min gap over roles", () => {
    const at = (measure: string, t: number) => m.fairness.find(([k, t0, t1]) => k === measure && t0 <= t && t < t1)?.[3];
    expect(at('jain', 5_000)).toBeCloseTo(0.9, 12);
    expect(at('jain', 15_000)).toBeCloseTo(0.5, 12);
    expect(at('jain', 25_000)).toBe(1);
    expect(at('max_min_gap', 5_000)).toBeCloseTo(0.25, 12);
    const f = summary.fairness as { jainMean: number; maxMinGapMean: number };
    expect(f.jainMean).toBeCloseTo(0.8, 8);
    expect(f.maxMinGapMean).toBeCloseTo(1 / 6, 8);
  });

  it('tasks, waits and makespan', () => {
    const tasks = m.tables.tasks;
    const col = (name: string) => tasks.columns.indexOf(name);
    expect(tasks.rows).toHaveLength(2);
    expect(tasks.rows.map((r) => [r[col('framework')], r[col('state')], r[col('launch_ms')], r[col('end_ms')], r[col('wait_ms')], r[col('cpus')], r[col('mem_mib')]]))
      .toEqual([['A', 'TASK_FINISHED', 0, 10_000, 0, 4, 2048], ['B', 'TASK_FINISHED', 0, 20_000, 0, 2, 4096]]);
    expect(summary.makespanMs).toBe(20_000);
    const roles = m.tables.roles;
    const rc = (name: string) => roles.columns.indexOf(name);
    expect(roles.rows.map((r) => [r[rc('role')], r[rc('fair_share')], r[rc('dominant_share_max')]])).toEqual([['a', 0.5, 0.5], ['b', 0.5, 0.25]]);
  });

  it('peak allocation per role and waits per framework in summary.json', () => {
    const roles = summary.roles as Record<string, { max: { cpus: number; mem: number; dominantShare: number } }>;
    expect(roles.a.max).toEqual({ cpus: 4, mem: 2048, dominantShare: 0.5 });
    expect(roles.b.max).toEqual({ cpus: 2, mem: 4096, dominantShare: 0.25 });
    const waits = summary.waitMs as { byFramework: Record<string, { count: number; p95: number }> };
    expect(Object.keys(waits.byFramework)).toEqual(['A', 'B']);
    expect(waits.byFramework.A).toMatchObject({ count: 1, p95: 0 });
  });

  it('offers per framework add up to the master counters', () => {
    const fw = m.tables.frameworks;
    const sum = (col: string) => fw.rows.reduce((n, r) => n + (r[fw.columns.indexOf(col)] as number), 0);
    const offers = summary.offers as { made: number; declined: number; accepted: number };
    expect(offers.made).toBeGreaterThan(2);
    expect(sum('offers_received')).toBe(offers.made);
    expect(sum('offers_declined')).toBe(offers.declined);
    expect(sum('offers_accepted')).toBe(offers.accepted);
    expect(m.headline.find((h) => h.key === 'offers.made')?.value).toBe(offers.made);
  });
});

describe('WaitProbe per framework', () => {
  it('keeps each framework\'s waits apart (nearest-rank percentiles)', () => {
    const probe = new WaitProbe();
    for (const [t, fw] of [[10, 'x'], [30, 'y'], [50, 'x'], [70, 'x'], [90, 'y']] as const) probe.emit(t, 'task.launched', { framework: fw, submitted: 0 });
    expect(probe.percentiles()).toMatchObject({ count: 5, p50: 50, p95: 90 });
    expect(probe.frameworkPercentiles()).toEqual({
      x: { count: 3, p50: 50, p95: 70, p99: 70, mean: 130 / 3 },
      y: { count: 2, p50: 30, p95: 90, p99: 90, mean: 60 },
    });
  });
});
