/**
 * Without a usage model (no usage profiles / oversubscription) tasks count at their requests, so the
 * utilization chart must not call that state "used": it is labelled as allocation to running tasks,
 * and the caption says no usage model ran. With a usage model the state is "used".
 */
import { describe, expect, it } from 'vitest';
import { utilizationChart } from '../../src/report/charts/utilization.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { reportDataFromMetrics } from '../../src/report/from-metrics.ts';
import { NO_USAGE_MODEL_LABEL } from '../../src/report/report-data.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';

function metricsOf(file: string, set: { path: string[]; value: unknown }[] = []) {
  const r = loadScenarioFile(file, set);
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return runScenario(r.spec, { outDir: null }).metrics;
}

function legendOf(chart: ReturnType<typeof utilizationChart>): string[] {
  const spec = chart.spec as { spec: { encoding: { color: { scale: { domain: string[] } } } }; data: { values: { state: string }[] } };
  return [...spec.spec.encoding.color.scale.domain, ...new Set(spec.data.values.map((v) => v.state))];
}

describe('utilization chart and the usage model', { timeout: 120_000 }, () => {
  it('a run without a usage model does not claim "used"; the caption says so', () => {
    const m = metricsOf('scenarios/drf-paper.yaml');
    expect(m.usageModel).toBe(false);
    const chart = utilizationChart(reportDataFromMetrics(m));
    const labels = legendOf(chart);
    expect(labels).toContain(NO_USAGE_MODEL_LABEL);
    expect(labels).not.toContain('used');
    expect(chart.description).toMatch(/No usage model ran/);
    expect(chart.description).not.toMatch(/that was used/);
  });

  it('metrics.json written before the usageModel field: inferred from the headline (no used cards = none)', () => {
    const m = metricsOf('scenarios/drf-paper.yaml');
    delete m.usageModel;
    expect(reportDataFromMetrics(m).usageModel).toBe(false);
    const withUsed = { ...m, headline: [...m.headline, { key: 'utilization.cpus.used.mean', label: 'cpus used (mean)', value: 0.4, unit: '%' }] };
    expect(reportDataFromMetrics(withUsed).usageModel).toBe(true);
  });

  it('a run with a usage model keeps "used"', () => {
    const m = metricsOf('scenarios/oversubscription.yaml', [{ path: ['until'], value: '10m' }]);
    expect(m.usageModel).toBe(true);
    const chart = utilizationChart(reportDataFromMetrics(m));
    expect(legendOf(chart)).toContain('used');
    expect(legendOf(chart)).not.toContain(NO_USAGE_MODEL_LABEL);
    expect(chart.description).not.toMatch(/No usage model/);
  });
});
