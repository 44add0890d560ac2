/**
 * The chart list of a report and of a comparison, in display order. Charts without data are
 * left out (e.g. availability when no service was modelled).
 */
import type { ReportData, RunData } from '../report-data.ts';
import { availabilityChart, availabilityCompareChart } from './availability.ts';
import type { ChartDef } from './chart-def.ts';
import { fairnessChart, fairnessCompareChart } from './fairness.ts';
import { sharesChart, sharesCompareChart } from './shares.ts';
import { utilizationChart, utilizationCompareChart } from './utilization.ts';
import { waitsChart, waitsCompareChart } from './waits.ts';

export type { ChartDef } from './chart-def.ts';

export function reportCharts(data: ReportData): ChartDef[] {
  const charts: ChartDef[] = [];
  if (data.utilization.length) charts.push(utilizationChart(data));
  if (data.shares.length) charts.push(sharesChart(data));
  if (data.fairness.length) charts.push(fairnessChart(data));
  if (data.waits.length) charts.push(waitsChart(data));
  if (data.availability?.length) charts.push(availabilityChart(data));
  return charts;
}

export function comparisonCharts(runs: RunData[]): ChartDef[] {
  const any = (f: (d: ReportData) => boolean) => runs.some((r) => f(r.data));
  const charts: ChartDef[] = [];
  if (any((d) => d.utilization.length > 0)) charts.push(utilizationCompareChart(runs));
  if (any((d) => d.shares.length > 0)) charts.push(sharesCompareChart(runs));
  if (any((d) => d.fairness.length > 0)) charts.push(fairnessCompareChart(runs));
  if (any((d) => d.waits.length > 0)) charts.push(waitsCompareChart(runs));
  if (any((d) => (d.availability?.length ?? 0) > 0)) charts.push(availabilityCompareChart(runs));
  return charts;
}
