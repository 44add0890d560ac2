/**
 * Re-rendering a metrics.json recorded before fairness needed two roles with demand (commit 44ded62,
 * session 10): `clustersim report` on it still drew Jain = 1 (and a card of 1) for the time one role
 * alone wanted offers. Now the rule is applied as far as the recorded data decides it
 * (src/report/fairness-legacy.ts), and the report says the run predates it.
 *
 * The old-format files are made here from the two-agent run of test/metrics/fairness-one-role.test.ts
 * ([0, 10 s) a = 0.5, b = 0.25: Jain 0.9, gap 0.25; from 10 s only role a wants offers) the way the
 * code before 44ded62 wrote them: Jain 1 / gap 0 segments while one role alone had demand, means over
 * that time too, summary fairness without definedMs / singleRoleMs, the old cards.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import type { MetricsResult } from '../../src/metrics/metrics-result.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { reportDataFromMetrics } from '../../src/report/from-metrics.ts';
import { predatesTwoRoleRule } from '../../src/report/fairness-legacy.ts';
import { comparisonCharts, reportCharts } from '../../src/report/charts/index.ts';
import { comparisonHeadlineHtml, comparisonMarkdown } from '../../src/report/compare.ts';
import { twoAgentScenario } from '../metrics/two-agent-scenario.ts';

const root = mkdtempSync(join(tmpdir(), 'cs-fairness-legacy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(suppressAt: string, outDir: string | null = null) {
  const r = loadScenarioText('fairness-legacy.yaml', twoAgentScenario('fairness-legacy', [`{ at: ${suppressAt}, do: suppress, framework: B }`]));
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return runScenario(r.spec, { outDir });
}

/** What the code before 44ded62 wrote for the same run: `alone` = the [t0, t1) where one role alone had demand. */
function oldFormat(m: MetricsResult, alone: [number, number] | null, jainMean: number, gapMean: number): MetricsResult {
  const plain = JSON.parse(JSON.stringify(m)) as MetricsResult;
  if (alone) plain.fairness = [...plain.fairness, ['jain', alone[0], alone[1], 1], ['max_min_gap', alone[0], alone[1], 0]];
  plain.summary = { ...plain.summary, fairness: { jainMean, maxMinGapMean: gapMean } };
  plain.headline = [
    ...plain.headline.filter((h) => !h.key.startsWith('fairness.')),
    { key: 'fairness.jain.mean', label: "Jain's index over roles (mean)", value: jainMean, better: 'higher', note: 'weighted dominant shares of roles with demand' },
    { key: 'fairness.maxMinGap.mean', label: 'max−min dominant-share gap (mean)', value: gapMean, unit: '%', better: 'lower' },
  ];
  return plain;
}

const chartOf = (m: MetricsResult) => reportCharts(reportDataFromMetrics(m)).find((c) => c.id === 'fairness')!;
const jainRows = (spec: unknown) => (spec as { data: { values: { metric: string; t: number; value: number | null }[] } }).data.values
  .filter((r) => r.metric === 'Jain\u2019s index' && r.value !== null && Number.isFinite(r.value));
const textOf = (spec: unknown) => (spec as { data: { values: { text?: string }[] } }).data.values[0]?.text;

describe('an old metrics.json (before the two-roles rule) re-rendered', () => {
  it('is recognised by its summary; a run today is left as it is', () => {
    const { metrics } = run('10s');
    expect(predatesTwoRoleRule(metrics)).toBe(false);
    expect(predatesTwoRoleRule(oldFormat(metrics, [10_000, 30_000], 0.966666667, 0.0833333333))).toBe(true);
    expect(reportDataFromMetrics(metrics).fairnessLegacy).toBeUndefined();
  });

  it('two roles for a while: the stretch that read Jain 1 is not drawn; the card is recomputed and says why', () => {
    const { metrics } = run('10s');
    const old = oldFormat(metrics, [10_000, 30_000], 0.966666667, 0.0833333333);
    const data = reportDataFromMetrics(old);
    const card = data.headline.find((h) => h.key === 'fairness.jain.mean')!;
    expect(card.value).toBe(0.9); // what a run today records (before: 0.967, Jain 1 for 20 s counted in)
    expect(card.note).toBe('weighted dominant shares of roles with demand; defined while two or more roles want offers: 10 s of the 30 s run (33.3%); re-rendered: the run predates the two-roles rule, so the 20 s at Jain 1, gap 0 (one role alone, or equal shares) are left out; re-run for the exact figure');
    expect(data.headline.find((h) => h.key === 'fairness.maxMinGap.mean')!.value).toBe(0.25);
    const chart = chartOf(old);
    expect(jainRows(chart.spec).every((r) => r.value === 0.9)).toBe(true); // no Jain = 1 drawn
    expect(jainRows(chart.spec).length).toBeGreaterThan(0);
    expect(chart.description).toContain('This run predates the rule that fairness needs two roles with demand: the 20 s that read Jain 1 and gap 0 exactly (one role alone, or equal shares) are not drawn; re-run the scenario for the exact figures.');
    // the same data as a run today, apart from the saying so
    const today = reportDataFromMetrics(metrics);
    expect(data.fairness.filter((r) => Number.isFinite(r.jain))).toEqual(today.fairness.filter((r) => Number.isFinite(r.jain)));
  });

  it('one role alone all along: undefined exactly as today (the n/a card, the sentence), and it says it re-rendered', () => {
    const { metrics } = run('0s');
    const old = oldFormat(metrics, [0, 30_000], 1, 0);
    const data = reportDataFromMetrics(old);
    expect(data.headline.filter((h) => h.key.startsWith('fairness.'))).toEqual([{
      key: 'fairness.jain.mean', label: "Jain's index over roles (mean)", value: 'n/a',
      note: 'undefined: only one role wanted offers at a time (30 s of the 30 s run); fairness compares two or more roles with demand; re-rendered: the run predates the rule that fairness needs two roles with demand and recorded Jain 1',
    }]);
    const chart = chartOf(old);
    expect((chart.spec as { mark: { type: string } }).mark.type).toBe('text');
    expect(textOf(chart.spec)).toBe('Undefined in this run: only a wanted offers (for 30 s of the 30 s run), so no two roles ever competed. Jain’s index and the max–min gap compare two or more roles with demand; see the dominant shares above. (Re-rendered from a run that predates this rule: it recorded Jain 1 there.)');
  });

  it('two roles with demand but Jain 1 all along: not measured (one role alone, or equal shares), no line of 1', () => {
    const { metrics } = run('10s');
    const old = oldFormat({ ...metrics, fairness: [] }, [0, 30_000], 1, 0);
    const data = reportDataFromMetrics(old);
    const card = data.headline.find((h) => h.key === 'fairness.jain.mean')!;
    expect(card.value).toBe('n/a');
    expect(card.note).toMatch(/^not measured: the run recorded Jain 1 and gap 0 exactly for the whole 30 s with demand — one role alone, or equal shares — and the run predates the rule/);
    expect(data.headline.some((h) => h.key === 'fairness.maxMinGap.mean')).toBe(false);
    expect(textOf(chartOf(old).spec)).toMatch(/^Not measured in this run: it predates the rule that fairness needs two roles with demand, and read Jain’s index 1 and gap 0 exactly for all of its 30 s with demand/);
  });

  it('compare names an old run whose Jain-1 stretches are not drawn; not measured is not "undefined"', () => {
    const { metrics } = run('10s');
    const partly = reportDataFromMetrics(oldFormat(metrics, [10_000, 30_000], 0.966666667, 0.0833333333));
    const today = reportDataFromMetrics(metrics);
    const chart = comparisonCharts([{ run: 'old', data: partly }, { run: 'today', data: today }]).find((c) => c.id === 'fairness')!;
    expect(chart.description).toContain(' old predates the rule that fairness needs two roles with demand: stretches reading Jain 1 and gap 0 exactly (one role alone, or equal shares) are not drawn.');
    const flat = reportDataFromMetrics(oldFormat({ ...metrics, fairness: [] }, [0, 30_000], 1, 0));
    const never = reportDataFromMetrics(run('0s').metrics);
    const both = comparisonCharts([{ run: 'old', data: flat }, { run: 'today', data: never }]).find((c) => c.id === 'fairness')!;
    expect(textOf(both.spec)).toBe('No run has a Jain’s index to draw. old predates the rule that fairness needs two roles with demand: stretches reading Jain 1 and gap 0 exactly (one role alone, or equal shares) are not drawn. Jain’s index and the max–min gap compare two or more roles with demand; re-run the scenarios for the exact figures.');
  });

  it("compare's table marks an old run's recomputed fairness means as approximate, with a footnote", () => {
    const { metrics } = run('10s');
    const old = reportDataFromMetrics(oldFormat(metrics, [10_000, 30_000], 0.966666667, 0.0833333333));
    const today = reportDataFromMetrics(metrics);
    const md = comparisonMarkdown([{ run: 'old', data: old }, { run: 'today', data: today }]);
    const jainRow = md.split('\n').find((l) => l.startsWith("| Jain's index"))!;
    expect(jainRow).toMatch(/^\| Jain's index over roles \(mean\) \| ≈ 0\.9 \| 0\.9 \| ≈ ±0/);
    expect(md).toContain('≈ old: re-rendered from a metrics.json recorded before fairness needed two roles with demand');
    const html = comparisonHeadlineHtml([{ run: 'today', data: today }, { run: 'old', data: old }]);
    expect(html).toContain('<td class="num">≈ 0.9</td>');
    expect(html).toContain('<p class="note">≈ old: re-rendered from a metrics.json');
    const plain = comparisonMarkdown([{ run: 'a', data: today }, { run: 'b', data: today }]);
    expect(plain).not.toContain('≈'); // runs recorded under the rule: nothing marked
  });

  it('clustersim report on an old run directory: no Jain card of 1, the report says the run predates the rule', () => {
    const dir = join(root, 'run');
    const { metrics } = run('0s', dir);
    const path = join(dir, 'metrics.json');
    writeFileSync(path, JSON.stringify(oldFormat(JSON.parse(readFileSync(path, 'utf8')) as MetricsResult, [0, 30_000], 1, 0)));
    expect(metrics.fairness).toEqual([]);
    const r = spawnSync(process.execPath, ['bin/clustersim.js', 'report', dir], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('re-rendered: the run predates the rule that fairness needs two roles with demand and recorded Jain 1');
    expect(html).toContain('Re-rendered from a run that predates this rule');
  });
});
