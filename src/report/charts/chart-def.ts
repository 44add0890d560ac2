/**
 * What a chart builder returns, plus small helpers shared by the builders.
 * Builders are pure: same ReportData in, same spec out (data inline as `values`).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData, RunData } from '../report-data.ts';

export interface ChartDef {
  /** File stem and element id: `charts/<id>.svg`. [a-z0-9-] only. */
  id: string;
  title: string;
  /** One sentence telling the reader what to look for. */
  description: string;
  spec: TopLevelSpec;
}

/** Last simulated instant any series of a run mentions (the right edge of every time axis). */
export function runEndMs(data: ReportData): number {
  // the run's own end, when known: a run where nothing was ever allocated had an axis of [0, 0]
  let end = data.endMs ?? 0;
  for (const r of data.utilization) end = Math.max(end, r.tEndMs);
  for (const r of data.shares) end = Math.max(end, r.tMs);
  for (const r of data.fairness) end = Math.max(end, r.tMs);
  for (const r of data.availability ?? []) end = Math.max(end, r.tMs);
  return end;
}

/** Largest run end over several runs (comparison charts share one time axis). */
export function maxRunEndMs(runs: RunData[]): number {
  return runs.reduce((m, r) => Math.max(m, runEndMs(r.data)), 0);
}

/**
 * Step series are "value from tMs until the next row"; a row whose value is absent (NaN: the series
 * stops there, from-metrics.ts) ends the step before it. Drawn with `interpolate: 'step-after'`, a
 * step only shows up to the next point, so: before an absent row, repeat the key's previous row at
 * that time (the step reaches the gap, then the line breaks at the null value instead of holding the
 * last value across the gap); and to draw the last step to the end of the run, repeat each series'
 * last present row at `endMs` (when it lies beyond it). Keeps input order otherwise.
 */
export function extendSteps<T extends { tMs: number }>(rows: T[], key: (row: T) => string, endMs: number, absent: (row: T) => boolean = () => false): T[] {
  const last = new Map<string, T>();
  const out: T[] = [];
  for (const r of rows) {
    const k = key(r);
    const prev = last.get(k);
    if (prev !== undefined && absent(r) && !absent(prev) && r.tMs > prev.tMs) out.push({ ...prev, tMs: r.tMs });
    out.push(r);
    last.set(k, r);
  }
  for (const r of last.values()) if (endMs > r.tMs && !absent(r)) out.push({ ...r, tMs: endMs });
  return out;
}

/** Distinct values in order of first appearance (legend and facet order follow the producer's order). */
export function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** vega-lite's `$schema` for every top-level spec. */
export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Tooltip field helpers: keep the `type` literal so specs type-check against vega-lite. */
export function tipQ(field: string, title?: string, format?: string) {
  return { field, type: 'quantitative' as const, ...(title ? { title } : {}), ...(format ? { format } : {}) };
}
export function tipN(field: string, title?: string) {
  return { field, type: 'nominal' as const, ...(title ? { title } : {}) };
}

/**
 * Step lines often coincide exactly (DRF equalises shares; healthy services all sit at 100%).
 * Earlier series (by `rank`, the series' index within its panel) are drawn wider, so a later,
 * narrower line on top leaves them visible. Past six series that turns into clutter: no encoding.
 */
export function overlapWidthEncoding(seriesPerPanel: number, field = 'rank') {
  const n = seriesPerPanel;
  if (n < 2 || n > 6) return {};
  const domain = Array.from({ length: n }, (_, i) => i);
  const range = domain.map((i) => Math.round((1.8 + (2.4 * (n - 1 - i)) / (n - 1)) * 100) / 100);
  return { strokeWidth: { field, type: 'ordinal' as const, scale: { domain, range }, legend: null } };
}
