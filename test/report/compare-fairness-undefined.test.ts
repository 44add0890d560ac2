/**
 * Compare of a run whose fairness is undefined (fewer than two roles with demand: one `n/a` Jain card,
 * no gap card) with one where it is defined. The gap row read `—` ("not measured") beside the Jain
 * row's `n/a`, and when the undefined run was the baseline the gap row went to the end of the table,
 * far from the Jain row (google-2011-sample --seed 2 without sample.seed vs with it).
 */
import { describe, expect, it } from 'vitest';
import { compareHeadlines, comparisonMarkdown } from '../../src/report/compare.ts';
import type { HeadlineMetric, ReportData } from '../../src/report/report-data.ts';

const data = (headline: HeadlineMetric[]): ReportData => ({
  title: 't', headline, shares: [], waits: [], tables: {},
  utilization: [{ resource: 'cpus', state: 'idle', tStartMs: 0, tEndMs: 3_600_000, fraction: 1 }],
  fairness: [],
});
const alloc: HeadlineMetric = { key: 'utilization.cpus.allocated.mean', label: 'cpus allocated (mean)', value: 0.5, unit: '%', better: 'higher' };
const tasks: HeadlineMetric = { key: 'tasks.launched', label: 'tasks launched', value: 10 };
const jain = (value: number | string): HeadlineMetric => ({ key: 'fairness.jain.mean', label: "Jain's index over roles (mean)", value, better: 'higher' });
const gap: HeadlineMetric = { key: 'fairness.maxMinGap.mean', label: 'max−min dominant-share gap (mean)', value: 0.2, unit: '%', better: 'lower' };

const undefinedRun = data([alloc, jain('n/a'), tasks]);
const definedRun = data([alloc, jain(0.9), gap, tasks]);

describe('compare: fairness undefined in one run', () => {
  it('the gap reads n/a beside the Jain row, with no delta', () => {
    const rows = compareHeadlines([{ run: 'a', data: definedRun }, { run: 'b', data: undefinedRun }]);
    const g = rows.find((r) => r.key === 'fairness.maxMinGap.mean')!;
    expect(g.values.map((v) => v?.value)).toEqual([0.2, 'n/a']);
    expect(g.deltas).toEqual([null, null]);
    expect(comparisonMarkdown([{ run: 'a', data: definedRun }, { run: 'b', data: undefinedRun }])).toContain('| max−min dominant-share gap (mean) | 20% | n/a |  |');
  });
  it('as the baseline: the gap row stays after the Jain row', () => {
    const rows = compareHeadlines([{ run: 'b', data: undefinedRun }, { run: 'a', data: definedRun }]);
    expect(rows.map((r) => r.key)).toEqual(['utilization.cpus.allocated.mean', 'fairness.jain.mean', 'fairness.maxMinGap.mean', 'tasks.launched']);
    expect(rows[2].values.map((v) => v?.value)).toEqual(['n/a', 0.2]);
  });
  it('a metric no run has n/a for stays missing (—)', () => {
    const rows = compareHeadlines([{ run: 'a', data: data([alloc, tasks]) }, { run: 'b', data: definedRun }]);
    expect(rows.find((r) => r.key === 'fairness.maxMinGap.mean')!.values[0]).toBeUndefined();
  });
});
