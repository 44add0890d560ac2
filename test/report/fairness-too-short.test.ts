/**
 * Fairness defined for less than one pixel of the time axis (rack-failure's 1 s of 3 h: only one
 * role, which wants offers for an instant) was an empty plot under a caption explaining why; it is
 * now a sentence with the duration and what the index was meanwhile, as the all-zero wait CDF is.
 */
import { describe, expect, it } from 'vitest';
import { fairnessChart } from '../../src/report/charts/fairness.ts';
import { CHART_WIDTH } from '../../src/report/charts/theme.ts';
import { sentenceSpec, wrap } from '../../src/report/charts/sentence.ts';
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
    expect(textOf(c.spec)).toBe('Defined only while two or more roles want offers: 1 s of the 3 h run (meanwhile Jain\u2019s index 0.8, max\u2013min gap 25%), too short to draw.');
  });

  it('stays a chart from one pixel of the axis on', () => {
    const c = fairnessChart(data(Math.ceil(H3 / CHART_WIDTH)));
    expect((c.spec as { mark: { type: string } }).mark.type).toBe('line');
    expect(c.description).toContain('Defined only while two or more roles want offers');
  });

  it('a sentence longer than the chart is wide wraps onto lines (it ran off the card behind a scrollbar)', () => {
    const long = 'word '.repeat(60).trim();
    const spec = sentenceSpec('d', long) as { data: { values: { text: string; lines: string[] }[] }; height: number };
    const lines = spec.data.values[0].lines;
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join(' ')).toBe(long);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(Math.floor(CHART_WIDTH / 7.5));
    expect(spec.height).toBe(12 + 18 * lines.length);
    expect(wrap('a b', 1)).toEqual(['a', 'b']);
    expect(wrap('abcdef g', 3)).toEqual(['abcdef', 'g']);
  });
});
