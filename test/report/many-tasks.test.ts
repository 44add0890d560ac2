/**
 * A run with a million tasks renders its charts. The wait CDF and the share chart took their maxima as
 * Math.max(...values), one call argument per task or share step, which overflows the call stack from a
 * few hundred thousand: an hour of the Alibaba 2017 batch_task sample (482,815 tasks launched) simulated,
 * then `clustersim run` failed with "simulation error: Maximum call stack size exceeded" (exit 3) while
 * writing the report.
 */
import { describe, expect, it } from 'vitest';
import { reportCharts } from '../../src/report/charts/index.ts';
import type { ReportData } from '../../src/report/report-data.ts';
import { tinyReport } from './fixtures.ts';

const N = 1_000_000;

describe('report charts of a run with very many tasks', () => {
  it('the wait CDF and the shares chart are built (their axis ranges from every value)', () => {
    const d: ReportData = tinyReport('many');
    d.waits = Array.from({ length: N }, (_, i) => ({ group: i % 2 ? 'a' : 'b', waitMs: i % 1000 === 0 ? 4 * 3_600_000 : i % 60_000 }));
    d.shares = Array.from({ length: N }, (_, i) => ({ tMs: i, client: 'a', kind: 'role' as const, dominantShare: i === 7 ? 0.9 : 0.5 }));
    const charts = reportCharts(d);
    const wait = charts.find((c) => c.id === 'wait-cdf')!;
    // the largest wait (4 h) sets the unit of the axis
    expect(JSON.stringify(wait.spec)).toContain('wait from submit to launch (hours)');
    expect(charts.some((c) => c.id === 'dominant-shares')).toBe(true);
  });
});
