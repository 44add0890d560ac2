import { describe, expect, it } from 'vitest';
import { compareHeadlines, comparisonMarkdown, comparisonTable, formatDelta } from '../../src/report/compare.ts';
import type { ReportData } from '../../src/report/report-data.ts';

function run(headline: ReportData['headline']): ReportData {
  return { title: 't', headline, utilization: [], shares: [], fairness: [], waits: [], tables: {} };
}

const runs = [
  {
    run: 'static',
    data: run([
      { key: 'util', label: 'CPU allocated', value: 0.5, unit: '%', better: 'higher' },
      { key: 'wait', label: 'Wait p95', value: 60_000, unit: 'ms', better: 'lower' },
      { key: 'machines', label: 'Machines | needed', value: 40 },
    ]),
  },
  {
    run: 'shared',
    data: run([
      { key: 'util', label: 'CPU allocated', value: 0.8, unit: '%', better: 'higher' },
      { key: 'wait', label: 'Wait p95', value: 30_000, unit: 'ms', better: 'lower' },
      { key: 'only-here', label: 'New metric', value: 'yes' },
    ]),
  },
];

describe('comparison', () => {
  it('matches metrics by key, in first-appearance order, with deltas against the first run', () => {
    const m = compareHeadlines(runs);
    expect(m.map((x) => x.key)).toEqual(['util', 'wait', 'machines', 'only-here']);
    expect(m[0].deltas[1]).toBeCloseTo(0.3, 12);
    expect(m[1].deltas).toEqual([null, -30_000]);
    expect(m[2].values[1]).toBeUndefined();
    expect(m[2].deltas).toEqual([null, null]);
  });

  it('formats deltas in the metric unit', () => {
    const m = compareHeadlines(runs);
    expect(formatDelta(m[0], 1)).toBe('+30 pp');
    // in the unit the values are shown in (1 min and 30 s: minutes)
    expect(formatDelta(m[1], 1)).toBe('\u22120.5 min (\u221250%)');
    expect(formatDelta(m[2], 1)).toBe('');
  });

  it('renders a markdown table with escaped pipes', () => {
    const md = comparisonMarkdown(runs);
    expect(md).toContain('| metric | static (baseline) | shared | Δ shared |');
    expect(md).toContain('| CPU allocated | 50% | 80% | +30 pp |');
    expect(md).toContain('| Machines \\| needed | 40 | — |  |');
  });

  it('has a long-format table for files', () => {
    const t = comparisonTable(runs);
    expect(t.columns).toEqual(['metric_key', 'metric', 'unit', 'run', 'value', 'delta', 'delta_rel']);
    expect(t.rows[3]).toEqual(['wait', 'Wait p95', 'ms', 'shared', 30_000, -30_000, -0.5]);
  });
});

describe('comparison deltas of durations', () => {
  it('use the unit the values are shown in', () => {
    const h = (v: number) => run([{ key: 'down', label: 'agent time down', value: v, unit: 'ms', better: 'lower' }]);
    const same = compareHeadlines([{ run: 'a', data: h(14_100_000) }, { run: 'b', data: h(14_100_000) }]);
    expect(formatDelta(same[0], 1)).toBe('±0 h (±0%)');
    const less = compareHeadlines([{ run: 'a', data: h(14_100_000) }, { run: 'b', data: h(12_600_000) }]);
    expect(formatDelta(less[0], 1)).toBe('\u22120.417 h (\u221210.6%)');
  });
});
