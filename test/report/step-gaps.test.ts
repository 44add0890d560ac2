/**
 * A step series that stops (fairness while no role has demand, a removed framework's share, a
 * service wanting nothing) must break in the charts, not hold its last value to the end of the run.
 * Two batch frameworks of 2 one-minute tasks that suppress offers when idle: some role has demand
 * only in the first second (metrics.fairness has the one segment [0, 1000)), so Jain's index and the
 * gap are undefined for the remaining 9 min 59 s — before this, the fairness chart drew Jain = 1
 * across the whole run.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { reportDataFromMetrics } from '../../src/report/from-metrics.ts';
import { fairnessChart } from '../../src/report/charts/fairness.ts';
import { MAX_SHARE_LINES, sharesChart } from '../../src/report/charts/shares.ts';
import { availabilityChart } from '../../src/report/charts/availability.ts';
import { chartSteps } from '../../src/report/charts/downsample.ts';
import { deriveTimeseries } from '../../src/report/tables.ts';
import type { MetricsResult } from '../../src/metrics/metrics-result.ts';

type Row = Record<string, string | number | null>;
/** Chart data values as the page gets them (JSON: NaN becomes null). */
const valuesOf = (spec: unknown): Row[] => JSON.parse(JSON.stringify((spec as { data: { values: Row[] } }).data.values));

function metrics(): MetricsResult {
  const r = loadScenarioText('gap.yaml', `
name: gap
until: 10m
agents: [{ id: agent, count: 1, resources: "cpus:4;mem:4GiB" }]
frameworks:
  - { id: f, role: r, scheduler: { type: batch, suppressWhenIdle: true, jobs: { count: 1, tasks: 2, resources: "cpus:1;mem:512", duration: 1m } } }
  - { id: g, role: s, scheduler: { type: batch, suppressWhenIdle: true, jobs: { count: 1, tasks: 2, resources: "cpus:1;mem:512", duration: 1m } } }
`);
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return runScenario(r.spec, { outDir: null }).metrics;
}

describe('step series with gaps', () => {
  it('fairness needs two roles with demand: here only s wants offers (1 s), so no rows and a sentence', () => {
    const m = metrics();
    // before session 10: Jain 1, gap 0 on [0, 1 s) — one role "perfectly fair" with itself
    expect(m.fairness).toEqual([]);
    const spec = fairnessChart(reportDataFromMetrics(m)).spec as { mark: { type: string }; data: { values: { text: string }[] } };
    expect(spec.mark.type).toBe('text');
    expect(spec.data.values[0].text).toMatch(/^Undefined in this run: only s wanted offers \(for 1 s of the 10 min run\)/);
  });

  it('a framework whose share series stops is not drawn past its last segment; the timeseries table has no row for the gap', () => {
    const m = metrics();
    // as if framework g were removed at 61 s: its segments end there
    m.shares = m.shares.filter(([kind, client, t0]) => !(kind === 'framework' && client === 'g' && t0 >= 61_000));
    const data = reportDataFromMetrics(m);
    const g = valuesOf(sharesChart(data).spec).filter((r) => r.kind === 'frameworks' && r.client === 'g').map((r) => [Number(r.t).toFixed(4), r.share]);
    expect(g.at(-2)).toEqual([(61_000 / 60_000).toFixed(4), 0.5]);
    expect(g.at(-1)).toEqual([(61_000 / 60_000).toFixed(4), null]);
    // framework f still runs to the end (10 min)
    expect(valuesOf(sharesChart(data).spec).filter((r) => r.client === 'f' && r.kind === 'frameworks').at(-1)).toMatchObject({ t: 10, share: 0 });
    const ts = deriveTimeseries({ ...data, tables: {} });
    expect(ts.rows.filter((r) => r[0] === 'dominant_share' && r[1] === 'g').every((r) => Number(r[4]) <= 61_000)).toBe(true);
    expect(ts.rows.some((r) => r[0] === 'fairness' && !Number.isFinite(r[5]))).toBe(false);
  });

  it('a panel draws the clients with the highest peak share, at most MAX_SHARE_LINES, and says so', () => {
    // 1,000 roles used to overflow vega's expression compiler (an explicit colour sort of every name)
    // and made the chart's data hundreds of MB; the tables keep every series.
    const base = reportDataFromMetrics(metrics());
    const shares = Array.from({ length: 1000 }, (_, i) => ({ tMs: 0, kind: 'role' as const, client: `r${String(i).padStart(4, '0')}`, dominantShare: i === 500 ? 0.9 : i / 10_000 }));
    const spec = sharesChart({ ...base, shares }).spec as { vconcat: { title: { text: string }; encoding: { color: Record<string, unknown> } }[] };
    expect(spec.vconcat.map((p) => p.title.text)).toEqual([`roles: the ${MAX_SHARE_LINES} of 1000 with the highest peak share`]);
    const drawn = [...new Set(valuesOf(spec).map((r) => r.client))];
    expect(drawn).toHaveLength(MAX_SHARE_LINES);
    expect(drawn).toContain('r0500');
    expect(drawn).toContain('r0999');
    expect(drawn).not.toContain('r0000');
    expect(spec.vconcat[0].encoding.color.sort).toBeUndefined(); // the colour domain orders the legend
    expect(JSON.stringify(sharesChart({ ...base, shares: shares.slice(0, 3) }).spec)).not.toContain('highest peak share');
  });

  it('availability of a service that stops wanting instances breaks too', () => {
    const data = reportDataFromMetrics({ ...metrics(), availability: [['svc', 0, 30_000, 1], ['svc', 30_000, 60_000, 0.5], ['svc', 120_000, 600_000, 1]] });
    const v = valuesOf(availabilityChart(data).spec).map((r) => [Number(r.t).toFixed(2), r.fraction]);
    expect(v).toEqual([['0.00', 1], ['0.50', 0.5], ['1.00', 0.5], ['1.00', null], ['2.00', 1], ['10.00', 1]]);
  });

  it('binned long series keep their gaps', () => {
    // 3000 one-ms steps on [0, 3000), absent on [3000, 6000), present again on [6000, 9000), run ends at 10000
    const rows: { tMs: number; v: number }[] = [];
    for (let t = 0; t < 3000; t++) rows.push({ tMs: t, v: t % 2 });
    rows.push({ tMs: 3000, v: Number.NaN });
    for (let t = 6000; t < 9000; t++) rows.push({ tMs: t, v: 1 });
    rows.push({ tMs: 9000, v: Number.NaN });
    const out = chartSteps(rows, () => '', (r) => r.v, (r, tMs, v) => ({ ...r, tMs, v }), 10_000);
    expect(out.binned).toBe(true);
    const absent = out.rows.filter((r) => Number.isNaN(r.v)).map((r) => r.tMs);
    expect(absent).toEqual([3000, 9000]);
    expect(out.rows.some((r) => r.tMs > 3000 && r.tMs < 6000)).toBe(false);
  });
});

describe('fairness chart description', () => {
  it('says how long the index is defined when that is not the whole run', () => {
    const data = reportDataFromMetrics(metrics());
    // defined on [0, 1 s) of the 10 min run (drawn data; the metrics above never define it)
    const fairness = [{ tMs: 0, jain: 1, maxMinGap: 0 }, { tMs: 1000, jain: Number.NaN, maxMinGap: Number.NaN }];
    const chart = fairnessChart({ ...data, fairness, fairnessContext: { ...data.fairnessContext!, definedMs: 1000 } });
    expect(chart.description).toContain('Defined only while two or more roles want offers: 1 s of the 10 min run, one role alone 1 s; no line elsewhere.');
    // the summary's exact time, not the rows': a chart's rows may be binned, and a bin with any defined instant counts whole
    const binned = fairnessChart({ ...data, fairness: [{ tMs: 0, jain: 1, maxMinGap: 0 }, { tMs: 60_000, jain: Number.NaN, maxMinGap: Number.NaN }], fairnessContext: { ...data.fairnessContext!, definedMs: 30_000 } });
    expect(binned.description).toContain('Defined only while two or more roles want offers: 30 s of the 10 min run, one role alone 1 s; no line elsewhere.');
    // without the summary figures (old metrics.json, hand-made data): from the rows
    expect(fairnessChart({ ...data, fairness, fairnessContext: undefined }).description).toContain('Defined only while two or more roles want offers: 1 s of the 10 min run; no line elsewhere.');
  });
});
