/**
 * "cpus allocated (mean)" is allocated ÷ capacity up at each moment. A rack outage shrinks the
 * capacity, so the share rose (google-2011-sample rack_outage 56.4% vs drf 55.1%) and compare
 * coloured it green, an improvement. A run whose capacity changed gives the card no direction, and
 * compare colours a metric only when every run that has it gives the same direction.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { compareHeadlines } from '../../src/report/compare.ts';
import { reportDataFromMetrics } from '../../src/report/from-metrics.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

function run(timeline: string) {
  const { spec, diagnostics } = loadScenarioText('cap.yaml', [
    'name: cap', 'until: 10m', 'agents: [{ id: a, count: 2, resources: "cpus:4;mem:8GiB" }]',
    'frameworks: [{ id: f, role: r, scheduler: { type: batch, jobs: { count: 1, tasks: 4, resources: "cpus:1;mem:512", duration: 8m } } }]',
    timeline,
  ].join('\n') + '\n');
  expect(diagnostics).toEqual([]);
  return runScenario(spec!).metrics;
}

describe('allocation card when the capacity changed', () => {
  it('has no direction, and compare does not call its rise an improvement', () => {
    const steady = run('');
    const outage = run('timeline: [{ at: 2m, do: removeAgent, agent: a-00002 }]');
    const card = (m: typeof steady) => m.headline.find((h) => h.key === 'utilization.cpus.allocated.mean')!;
    expect(card(steady).better).toBe('higher');
    expect(card(outage).note).toContain('(capacity changed during the run)');
    expect(card(outage).better).toBeUndefined();
    const rows = compareHeadlines([{ run: 'steady', data: reportDataFromMetrics(steady) }, { run: 'outage', data: reportDataFromMetrics(outage) }]);
    const alloc = rows.find((r) => r.key === 'utilization.cpus.allocated.mean')!;
    expect(alloc.better).toBeUndefined();
    // two steady runs keep the direction
    const same = compareHeadlines([{ run: 'a', data: reportDataFromMetrics(steady) }, { run: 'b', data: reportDataFromMetrics(steady) }]);
    expect(same.find((r) => r.key === 'utilization.cpus.allocated.mean')!.better).toBe('higher');
  });
});
