/**
 * Jain's index and the max–min gap need two roles with demand (session 10). With one role alone
 * wanting offers they read 1 and 0 — "perfectly fair" — which oversubscription.on showed for hours
 * next to dominant shares of 37% and 60%. Now they are undefined there: no series rows, means over
 * the time two or more roles had demand only, summary `fairness.definedMs` / `singleRoleMs`, a card
 * `n/a` and a sentence instead of a chart when never defined.
 *
 * The two-agent cluster of two-agent.test.ts: [0, 10 s) a = 0.5, b = 0.25 (Jain 0.9, gap 0.25); B
 * suppresses at 10 s, so from then on only role a wants offers.
 */
import { twoAgentScenario } from './two-agent-scenario.ts';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { reportDataFromMetrics } from '../../src/report/from-metrics.ts';
import { fairnessChart } from '../../src/report/charts/fairness.ts';
import { comparisonCharts, reportCharts } from '../../src/report/charts/index.ts';

const YAML = (suppressAt: string) => twoAgentScenario('fairness-one-role', [`{ at: ${suppressAt}, do: suppress, framework: B }`]);

function run(suppressAt: string) {
  const r = loadScenarioText('fairness-one-role.yaml', YAML(suppressAt));
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return runScenario(r.spec, { outDir: null });
}

const textOf = (spec: unknown) => (spec as { data: { values: { text?: string }[] } }).data.values[0]?.text;

describe('fairness with one role with demand', () => {
  it('is undefined while one role alone wants offers; the means are over the rest', () => {
    const { metrics: m, summary } = run('10s');
    expect(summary.fairness).toEqual({ jainMean: 0.9, maxMinGapMean: 0.25, definedMs: 10_000, singleRoleMs: 20_000 });
    // no rows after 10 s (before: Jain 1, gap 0 for the last 20 s, mean 0.9·1/3 + 2/3 = 0.967)
    expect(m.fairness.every(([, , t1]) => t1 <= 10_000)).toBe(true);
    const card = m.headline.find((h) => h.key === 'fairness.jain.mean')!;
    expect(card.value).toBe(0.9);
    expect(card.note).toBe('weighted dominant shares of roles with demand; defined while two or more roles want offers: 10 s of the 30 s run (33.3%), one role alone 20 s');
    const chart = fairnessChart(reportDataFromMetrics(m));
    expect(chart.description).toContain('Defined only while two or more roles want offers: 10 s of the 30 s run, one role alone 20 s; no line elsewhere.');
  });

  it('never defined: null in the summary, an n/a card and a sentence instead of a chart', () => {
    const { metrics: m, summary } = run('0s');
    expect(summary.fairness).toEqual({ jainMean: null, maxMinGapMean: null, definedMs: 0, singleRoleMs: 30_000 });
    expect(m.fairness).toEqual([]);
    const cards = m.headline.filter((h) => h.key.startsWith('fairness.'));
    expect(cards).toEqual([{ key: 'fairness.jain.mean', label: "Jain's index over roles (mean)", value: 'n/a', note: 'undefined: only one role wanted offers at a time (30 s of the 30 s run); fairness compares two or more roles with demand' }]);
    const data = reportDataFromMetrics(m);
    expect(data.fairnessContext).toEqual({ definedMs: 0, singleRoleMs: 30_000, rolesWithDemand: ['a'] });
    const chart = reportCharts(data).find((c) => c.id === 'fairness')!;
    expect((chart.spec as { mark: { type: string } }).mark.type).toBe('text');
    expect(textOf(chart.spec)).toBe('Undefined in this run: only a wanted offers (for 30 s of the 30 s run), so no two roles ever competed. Jain’s index and the max–min gap compare two or more roles with demand; see the dominant shares above.');
  });
});

describe('the fairness chart of a run defined for a while', () => {
  it('breaks its lines where one role is left alone (no Jain = 1 drawn after 10 s)', () => {
    const { metrics: m } = run('10s');
    const v = (fairnessChart(reportDataFromMetrics(m)).spec as { data: { values: { metric: string; t: number; value: number | null }[] } }).data.values;
    const jain = v.filter((r) => r.metric === 'Jain\u2019s index').map((r) => [Number(r.t.toFixed(4)), r.value === null || Number.isNaN(r.value) ? null : r.value]); // NaN = a break (null in the JSON spec)
    expect(jain).toEqual([[0, 0.9], [10, 0.9], [10, null]]);
  });
});

describe('the comparison fairness chart', () => {
  it('names the runs where it is undefined and says how long it is defined in the others', () => {
    const runs = [{ run: 'never', data: reportDataFromMetrics(run('0s').metrics) }, { run: 'partly', data: reportDataFromMetrics(run('10s').metrics) }];
    const chart = comparisonCharts(runs).find((c) => c.id === 'fairness')!;
    expect(chart.description).toContain('Undefined in never (fewer than two roles wanted offers at a time). Defined only while two or more roles want offers: partly 10 s of 30 s.');
    // no run with it defined: one sentence
    const none = comparisonCharts([runs[0], { ...runs[0], run: 'again' }]).find((c) => c.id === 'fairness')!;
    expect((none.spec as { mark: { type: string } }).mark.type).toBe('text');
  });
});
