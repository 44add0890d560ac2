/**
 * The fairness chart's caption said Jain's index is "over roles' dominant shares", but it is over the
 * weighted shares (share ÷ weight; docs/outputs.md, share-probe.ts). On production-vs-throwaway.weighted
 * (weights 4 : 1) the chart above it shows dominant shares of 63% and 16% while the index reads 1
 * ("equal") at 2.1 h: 0.63 / 4 = 0.16 / 1. A capacity planner reading the caption took that for a bug.
 */
import { describe, expect, it } from 'vitest';
import { fairnessCompareChart, fairnessChart } from '../../src/report/charts/fairness.ts';
import type { ReportData } from '../../src/report/report-data.ts';

const H = 3_600_000;
const data: ReportData = {
  title: 't', headline: [], shares: [], waits: [], tables: {},
  utilization: [{ resource: 'cpus', state: 'idle', tStartMs: 0, tEndMs: H, fraction: 1 }],
  fairness: [{ tMs: 0, jain: 1, maxMinGap: 0 }],
};

describe('fairness chart caption', () => {
  it('says the shares are weighted (single run and compare)', () => {
    expect(fairnessChart(data).description).toMatch(/^Jain\u2019s index over roles\u2019 weighted dominant shares \(share \u00f7 weight; 1 = equal\)/);
    expect(fairnessCompareChart([{ run: 'a', data }, { run: 'b', data }]).description).toContain('of the weighted dominant shares (share \u00f7 weight)');
  });
});
