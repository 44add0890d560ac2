/**
 * Fairness defined for less than one pixel of the time axis (rack-failure's 1 s of 3 h: only one
 * role, which wants offers for an instant) was an empty plot under a caption explaining why; it is
 * now a sentence with the duration and what the index was meanwhile, as the all-zero wait CDF is.
 */
import { describe, expect, it } from 'vitest';
import { fairnessChart } from '../../src/report/charts/fairness.ts';
import { CHART_WIDTH } from '../../src/report/charts/theme.ts';
import type { ReportData } from '../../src/report/report-data.ts';

const H3 = 3 * 3_600_000;

function data(definedMs: number): ReportData {
  return {
    title: 't', headline: [], shares: [], waits: [], tables: {},
    utilization: [{ resource: 'cpus', state: 'idle', tStartMs: 0, tEndMs: H3, fraction: 1 }],
    fairness: [{ tMs: 0, jain: 0.8, maxMinGap: 0.25 }, { tMs: definedMs, jain: Number.NaN, maxMinGap: Number.NaN }],
  };
}

const textOf = (spec: unknown) => (spec as { data: { values: { text?: string }[] } }).data.values[0]?.text;

describe('fairness chart defined too briefly to draw', () => {
  it('is a sentence with the duration and the means meanwhile', () => {
    const c = fairnessChart(data(1000));
    expect(c.id).toBe('fairness');
    expect((c.spec as { mark: { type: string } }).mark.type).toBe('text');
    expect(textOf(c.spec)).toBe('Defined only while some role wants offers: 1 s of the 3 h run (meanwhile Jain\u2019s index 0.8, max\u2013min gap 25%), too short to draw.');
  });

  it('stays a chart from one pixel of the axis on', () => {
    const c = fairnessChart(data(Math.ceil(H3 / CHART_WIDTH)));
    expect((c.spec as { mark: { type: string } }).mark.type).toBe('line');
    expect(c.description).toContain('Defined only while some role wants offers');
  });
});
