/**
 * The chart list of a report and of a comparison, in display order. Charts without data are
 * left out (e.g. availability when no service was modelled). Long series are binned for the
 * charts only (see downsample.ts); the description says so when it happened.
 */
import type { ReportData, RunData } from '../report-data.ts';
import { availabilityChart, availabilityCompareChart } from './availability.ts';
import { runEndMs, type ChartDef } from './chart-def.ts';
import { BINS, chartData } from './downsample.ts';
import { fairnessChart, fairnessCompareChart, fairnessUndefinedText } from './fairness.ts';
import { sharesChart, sharesCompareChart } from './shares.ts';
import { utilizationChart, utilizationCompareChart } from './utilization.ts';
import { waitsChart, waitsCompareChart } from './waits.ts';

export type { ChartDef } from './chart-def.ts';

const BINNED_NOTE = ` Long series are drawn as exact time-weighted means over ${BINS} bins; the tables hold every step.`;

function noteIfBinned(c: ChartDef, binned: boolean): ChartDef {
  return binned && c.id !== 'wait-cdf' ? { ...c, description: c.description + BINNED_NOTE } : c;
}

export function reportCharts(input: ReportData): ChartDef[] {
  const { data, binned } = chartData(input, runEndMs(input));
  const charts: ChartDef[] = [];
  if (data.utilization.length) charts.push(utilizationChart(data));
  if (data.shares.length) charts.push(sharesChart(data));
  if (data.fairness.length || fairnessUndefinedText(data) !== null) charts.push(fairnessChart(data));
  if (data.waits.length) charts.push(waitsChart(data));
  if (data.availability?.length) charts.push(availabilityChart(data));
  return charts.map((c) => noteIfBinned(c, binned));
}

export function comparisonCharts(input: RunData[]): ChartDef[] {
  const prepared = input.map((r) => ({ run: r.run, ...chartData(r.data, runEndMs(r.data)) }));
  const runs: RunData[] = prepared.map((p) => ({ run: p.run, data: p.data }));
  const binned = prepared.some((p) => p.binned);
  const any = (f: (d: ReportData) => boolean) => runs.some((r) => f(r.data));
  const charts: ChartDef[] = [];
  if (any((d) => d.utilization.length > 0)) charts.push(utilizationCompareChart(runs));
  if (any((d) => d.shares.length > 0)) charts.push(sharesCompareChart(runs));
  if (any((d) => d.fairness.length > 0 || fairnessUndefinedText(d) !== null)) charts.push(fairnessCompareChart(runs));
  if (any((d) => d.waits.length > 0)) charts.push(waitsCompareChart(runs));
  if (any((d) => (d.availability?.length ?? 0) > 0)) charts.push(availabilityCompareChart(runs));
  return charts.map((c) => noteIfBinned(c, binned));
}
