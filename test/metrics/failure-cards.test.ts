/**
 * The report's failure cards (src/metrics/metrics-result.ts): shown only when agents went away.
 * Two agents of 4 cpus; a batch job of 8 one-cpu tasks of 30 min fills both. agent-00001 crashes at
 * 1 min for 10 min: unreachable at 2m15s (75 s of missed pings), its 4 tasks TASK_LOST there, back
 * (a fresh agent) at 11 min. Agent time lost = 11 min − 2m15s = 8m45s.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { reportDataFromMetrics } from '../../src/report/from-metrics.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const simulate = (timeline: string) => {
  const r = loadScenarioText('cards.yaml', `
name: cards
until: 20m
agents: [{ id: agent, count: 2, resources: "cpus:4;mem:4GiB" }]
frameworks:
  - { id: f, role: r, scheduler: { type: batch, jobs: { count: 1, tasks: 8, resources: "cpus:1;mem:512", duration: 30m } } }
${timeline}`);
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return runScenario(r.spec, { outDir: null }).metrics;
};
const run = (timeline: string) => simulate(timeline).headline;
const CRASH = 'timeline:\n  - { at: 1m, do: fail, agents: [agent-00001], kind: crash, duration: 10m }\n';

describe('failure headline cards', () => {
  it('count the tasks lost with their agent and the agent time lost', () => {
    const h = run(CRASH);
    expect(h.find((c) => c.key === 'tasks.lost')?.value).toBe(4);
    expect(h.find((c) => c.key === 'agents.downMs')).toMatchObject({ value: 11 * 60_000 - 135_000, unit: 'ms', note: '1 agent removed or unreachable for a while' });
  });

  it('the allocated card says the share of peak capacity when capacity changed', () => {
    // Allocated: 8 of 8 cpus until 2m15s, 4 of 4 while agent-00001 is away, 8 of 8 again from 11 min
    // (the 4 lost tasks re-run there): 100% of the capacity up at each moment, but
    // (8 × 135 + 4 × 525 + 8 × 540) / (8 × 1200) = 78.1% of the peak.
    const card = run(CRASH).find((c) => c.key === 'utilization.cpus.allocated.mean')!;
    expect(card.value).toBe(1);
    expect(card.note).toBe('offered or allocated ÷ capacity up at each moment, time-weighted; 78.1% of peak capacity (capacity changed during the run)');
    expect(run('').find((c) => c.key === 'utilization.cpus.allocated.mean')!.note).toBe('offered or allocated ÷ capacity up at each moment, time-weighted');
  });

  it('are absent when no agent went away', () => {
    const h = run('');
    expect(h.map((c) => c.key)).not.toContain('tasks.lost');
    expect(h.map((c) => c.key)).not.toContain('agents.downMs');
  });
});

describe('capacity over time in the report', () => {
  it('while half the cluster is down, the utilization chart shows it as capacity down, shares of the peak', () => {
    const m = simulate(CRASH);
    // metrics.json: the cluster's cpus capacity, 8 cpus, 4 while agent-00001 is removed (2m15s to 11 min)
    expect(m.capacity!.filter(([r]) => r === 'cpus').map(([, t0, t1, v]) => [t0, t1, v / 1000])).toEqual([[0, 135_000, 8], [135_000, 660_000, 4], [660_000, 1_200_000, 8]]);
    const rows = reportDataFromMetrics(m).utilization.filter((r) => r.resource === 'cpus');
    const down = rows.filter((r) => r.state === 'unavailable');
    expect(down.map((r) => [r.tStartMs, r.tEndMs, r.fraction])).toEqual([[135_000, 660_000, 0.5]]);
    // the other states are halved there, so each interval still sums to 1
    const at = (t: number) => rows.filter((r) => r.tStartMs <= t && t < r.tEndMs).reduce((n, r) => n + r.fraction, 0);
    for (const t of [60_000, 300_000, 900_000]) expect(at(t)).toBeCloseTo(1, 9);
  });

  it('a run whose capacity never changed has no capacity-down state', () => {
    expect(reportDataFromMetrics(simulate('')).utilization.some((r) => r.state === 'unavailable')).toBe(false);
  });
});
