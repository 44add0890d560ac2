import { describe, expect, it } from 'vitest';
import { reportCharts, comparisonCharts } from '../../src/report/charts/index.ts';
import { utilizationChart } from '../../src/report/charts/utilization.ts';
import { sharesChart } from '../../src/report/charts/shares.ts';
import { fairnessChart } from '../../src/report/charts/fairness.ts';
import { availabilityChart } from '../../src/report/charts/availability.ts';
import { ecdf, MAX_POINTS, waitsChart, waitsCompareChart } from '../../src/report/charts/waits.ts';
import { chartToSvg, compileToVega } from '../../src/report/render/svg.ts';
import { tinyReport } from './fixtures.ts';
import { PANEL_HEIGHT } from '../../src/report/charts/theme.ts';

type Row = Record<string, string | number>;
const valuesOf = (spec: unknown): Row[] => (spec as { data: { values: Row[] } }).data.values;

describe('utilization chart', () => {
  it('stacks states in fixed order per (resource, interval), whatever the input order', () => {
    const v = valuesOf(utilizationChart(tinyReport()).spec);
    const cpu0 = v.filter((r) => r.resource === 'cpus' && r.t0 === 0);
    expect(cpu0.map((r) => [r.state, r.y0, r.y1])).toEqual([
      ['used', 0, 0.5],
      ['allocated, unused', 0.5, 0.6],
      ['idle', 0.6, 1],
    ]);
    // 10 s run → seconds; second interval spans [4, 10)
    expect(v.find((r) => r.resource === 'cpus' && r.t0 === 4)).toMatchObject({ t1: 10, y0: 0, y1: 1 });
    const mem = v.filter((r) => r.resource === 'mem').map((r) => r.state);
    expect(mem).toEqual(['revocable (oversubscribed)', 'reserved, idle', 'idle']);
  });
});

describe('step series', () => {
  it('extends each client to the end of the run', () => {
    const v = valuesOf(sharesChart(tinyReport()).spec);
    const analytics = v.filter((r) => r.client === 'analytics').map((r) => [r.t, r.share]);
    expect(analytics).toEqual([[0, 0.5], [4, 0], [10, 0]]);
    expect(v.filter((r) => r.kind === 'frameworks')).toHaveLength(2);
  });

  it('folds fairness into two metrics', () => {
    const v = valuesOf(fairnessChart(tinyReport()).spec);
    expect(v).toHaveLength(6);
    expect(v.filter((r) => r.t === 10).map((r) => r.value)).toEqual([0.5, 0.25]);
  });

  it('draws availability per service', () => {
    const v = valuesOf(availabilityChart(tinyReport()).spec);
    expect(v.filter((r) => r.service === 'memcached').map((r) => [r.t, r.fraction])).toEqual([[0, 1], [5, 0.5], [10, 0.5]]);
  });
});

describe('wait CDF', () => {
  it('is the exact empirical CDF for small samples', () => {
    expect(ecdf([3, 1, 2, 2])).toEqual([[1, 0], [1, 0.25], [2, 0.75], [3, 1]]);
    expect(ecdf([])).toEqual([]);
  });

  it('keeps exact quantile points for large samples', () => {
    const w = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);
    const pts = ecdf(w);
    expect(pts).toHaveLength(MAX_POINTS + 1);
    expect(pts[pts.length - 1]).toEqual([9999, 1]);
    expect(pts[MAX_POINTS / 2]).toEqual([4999, 0.5]);
  });

  it('groups per group, or per run when comparing', () => {
    const single = valuesOf(waitsChart(tinyReport()).spec);
    expect(single.filter((r) => r.group === 'analytics').map((r) => [r.wait, r.p])).toEqual([
      [0, 0],
      [0, 0.333333333], // 9 significant digits
      [1000, 1], // waits under 3 s are shown in ms
    ]);
    const cmp = waitsCompareChart([{ run: 'a', data: tinyReport() }, { run: 'b', data: tinyReport() }]);
    // comparing: colour stays the group (role), the run is the dash pattern
    const enc = (cmp.spec as { encoding: { color: { field: string }; strokeDash: { field: string } } }).encoding;
    expect([enc.color.field, enc.strokeDash.field]).toEqual(['group', 'run']);
  });
});

describe('chart lists', () => {
  it('omit charts without data', () => {
    const d = tinyReport();
    expect(reportCharts(d).map((c) => c.id)).toEqual(['utilization', 'dominant-shares', 'fairness', 'wait-cdf', 'availability']);
    delete d.availability;
    d.waits = [];
    expect(reportCharts(d).map((c) => c.id)).toEqual(['utilization', 'dominant-shares', 'fairness']);
  });

  it('are pure: same input, same spec', () => {
    expect(JSON.stringify(reportCharts(tinyReport()))).toBe(JSON.stringify(reportCharts(tinyReport())));
  });

  it('compile without vega-lite warnings and render to SVG without a canvas', async () => {
    const runs = [{ run: 'base', data: tinyReport() }, { run: 'next', data: tinyReport() }];
    for (const c of [...reportCharts(tinyReport()), ...comparisonCharts(runs)]) {
      const warnings: string[] = [];
      compileToVega(c.spec, (m) => warnings.push(m));
      expect(warnings, c.id).toEqual([]);
      const svg = await chartToSvg(c.spec);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).not.toContain('<script>');
    }
  });

  it('render the same SVG bytes twice', async () => {
    const spec = utilizationChart(tinyReport()).spec;
    expect(await chartToSvg(spec)).toBe(await chartToSvg(spec));
  });
});

describe('y axis labels', () => {
  it('sit on their ticks: "100%" level with the top of a stack filled to 100%, "0%" with its bottom', async () => {
    const svg = await chartToSvg(utilizationChart(tinyReport()).spec);
    const y = (label: string) => [...svg.matchAll(new RegExp(`translate\\(-?[0-9.]+,(-?[0-9.]+)\\)"[^>]*>${label}</text>`, 'g'))].map((m) => Number(m[1]));
    const top = y('100%'), bottom = y('0%');
    expect(top.length).toBeGreaterThan(0);
    // one panel per resource; the label pair of a panel spans the panel's height (flush labels were pulled inside)
    expect(bottom.map((b, i) => b - top[i])).toEqual(top.map(() => PANEL_HEIGHT));
  });
});
