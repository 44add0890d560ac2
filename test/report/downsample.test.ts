import { describe, expect, it } from 'vitest';
import { reportCharts } from '../../src/report/charts/index.ts';
import { BINS, MAX_CHART_INTERVALS, binIntervals, chartData } from '../../src/report/charts/downsample.ts';
import type { ReportData } from '../../src/report/report-data.ts';
import { tinyReport } from './fixtures.ts';

describe('chart downsampling', () => {
  it('bins by exact time-weighted means', () => {
    // 0.0 on [0, 3), 1.0 on [3, 10): bins of 5 → means 0.4 and 1.0
    const bins = binIntervals([{ t0: 0, t1: 3, v: 0 }, { t0: 3, t1: 10, v: 1 }], 0, 10, 2);
    expect(bins).toEqual([{ t0: 0, t1: 5, v: 0.4 }, { t0: 5, t1: 10, v: 1 }]);
  });

  it('leaves short series untouched', () => {
    const d = tinyReport();
    const out = chartData(d, 10_000);
    expect(out.binned).toBe(false);
    expect(out.data.utilization).toBe(d.utilization);
  });

  it('bins long series and preserves their integrals', () => {
    const n = MAX_CHART_INTERVALS + 1000;
    const d: ReportData = { ...tinyReport(), utilization: [], shares: [], availability: undefined };
    for (let i = 0; i < n; i++) {
      const used = (i % 7) / 10;
      d.utilization.push(
        { tStartMs: i * 10, tEndMs: i * 10 + 10, resource: 'cpus', state: 'used', fraction: used },
        { tStartMs: i * 10, tEndMs: i * 10 + 10, resource: 'cpus', state: 'idle', fraction: 1 - used },
      );
      d.shares.push({ tMs: i * 10, client: 'r', kind: 'role', dominantShare: used });
    }
    const { data, binned } = chartData(d, n * 10);
    expect(binned).toBe(true);
    const used = data.utilization.filter((r) => r.state === 'used');
    expect(used).toHaveLength(BINS);
    const integral = (rows: typeof used) => rows.reduce((s, r) => s + r.fraction * (r.tEndMs - r.tStartMs), 0);
    const exact = integral(d.utilization.filter((r) => r.state === 'used'));
    expect(integral(used)).toBeCloseTo(exact, 6);
    // states still partition capacity in every bin
    const idle = data.utilization.filter((r) => r.state === 'idle');
    used.forEach((u, i) => expect(u.fraction + idle[i].fraction).toBeCloseTo(1, 12));
    expect(data.shares).toHaveLength(BINS);
    expect(reportCharts(d)[0].description).toContain(`${BINS} bins`);
  });
});
