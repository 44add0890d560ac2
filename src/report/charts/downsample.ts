/**
 * Keep chart data small for long runs by exact aggregation, never by dropping points: a series with
 * more than MAX_CHART_INTERVALS steps is replaced by BINS equal time bins, each holding the
 * time-weighted mean of the series over the part of the bin it covers. Integrals (and so every
 * time-weighted mean) are preserved; short spikes are averaged, not lost silently. Tables and the
 * timeseries files always keep the exact, unaggregated rows.
 */
import type { ReportData, UtilizationRow } from '../report-data.ts';

export const MAX_CHART_INTERVALS = 2000;
export const BINS = 800;

interface Interval {
  t0: number;
  t1: number;
  v: number;
}

/** Time-weighted means of `intervals` over `bins` equal bins of [start, end); bins with no coverage are omitted. */
export function binIntervals(intervals: Interval[], start: number, end: number, bins = BINS): Interval[] {
  const width = (end - start) / bins;
  const sum = new Float64Array(bins);
  const covered = new Float64Array(bins);
  for (const { t0, t1, v } of intervals) {
    if (!(t1 > t0) || !Number.isFinite(v)) continue;
    const first = Math.max(0, Math.floor((t0 - start) / width));
    const last = Math.min(bins - 1, Math.ceil((t1 - start) / width) - 1);
    for (let b = first; b <= last; b++) {
      const b0 = start + b * width;
      const overlap = Math.min(t1, b0 + width) - Math.max(t0, b0);
      if (overlap > 0) {
        sum[b] += v * overlap;
        covered[b] += overlap;
      }
    }
  }
  const out: Interval[] = [];
  for (let b = 0; b < bins; b++) {
    if (covered[b] > 0) out.push({ t0: start + b * width, t1: b === bins - 1 ? end : start + (b + 1) * width, v: sum[b] / covered[b] });
  }
  return out;
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    let g = m.get(key(r));
    if (!g) m.set(key(r), (g = []));
    g.push(r);
  }
  return m;
}

/** Utilization rows, binned per (resource, state) when some series is too long for a chart. */
export function chartUtilization(rows: UtilizationRow[]): { rows: UtilizationRow[]; binned: boolean } {
  const groups = groupBy(rows, (r) => `${r.resource}\u0000${r.state}`);
  if (![...groups.values()].some((g) => g.length > MAX_CHART_INTERVALS)) return { rows, binned: false };
  const start = rows.reduce((m, r) => Math.min(m, r.tStartMs), Infinity);
  const end = rows.reduce((m, r) => Math.max(m, r.tEndMs), -Infinity);
  const out: UtilizationRow[] = [];
  for (const g of groups.values()) {
    const binned = binIntervals(g.map((r) => ({ t0: r.tStartMs, t1: r.tEndMs, v: r.fraction })), start, end);
    for (const b of binned) out.push({ tStartMs: b.t0, tEndMs: b.t1, resource: g[0].resource, state: g[0].state, fraction: b.v });
  }
  return { rows: out, binned: true };
}

/**
 * A step series (value from tMs until the key's next row, the last until `endMs`; NaN = absent from
 * there), binned per key when some key has too many steps. Returned rows are the bins' starts with
 * their mean values over the time the series was present, and a NaN row where a run of covered bins
 * ends before the next one (or before `endMs`), so the chart still breaks the line over a gap.
 */
export function chartSteps<T extends { tMs: number }>(
  rows: T[],
  key: (r: T) => string,
  value: (r: T) => number,
  withValue: (r: T, tMs: number, v: number) => T,
  endMs: number,
): { rows: T[]; binned: boolean } {
  const groups = groupBy(rows, key);
  if (![...groups.values()].some((g) => g.length > MAX_CHART_INTERVALS)) return { rows, binned: false };
  const start = rows.reduce((m, r) => Math.min(m, r.tMs), Infinity);
  const out: T[] = [];
  for (const g of groups.values()) {
    const intervals = g.map((r, i) => ({ t0: r.tMs, t1: i + 1 < g.length ? g[i + 1].tMs : Math.max(endMs, r.tMs), v: value(r) }));
    const end = Math.max(endMs, start + 1);
    let prevEnd: number | null = null;
    for (const b of binIntervals(intervals, start, end)) {
      if (prevEnd !== null && b.t0 > prevEnd) out.push(withValue(g[0], prevEnd, Number.NaN));
      out.push(withValue(g[0], b.t0, b.v));
      prevEnd = b.t1;
    }
    if (prevEnd !== null && prevEnd < end) out.push(withValue(g[0], prevEnd, Number.NaN));
  }
  return { rows: out, binned: true };
}

/** Chart copy of a run's data with every long series binned; `binned` says whether anything was. */
export function chartData(data: ReportData, endMs: number): { data: ReportData; binned: boolean } {
  const u = chartUtilization(data.utilization);
  const s = chartSteps(data.shares, (r) => `${r.kind}\u0000${r.client}`, (r) => r.dominantShare, (r, tMs, v) => ({ ...r, tMs, dominantShare: v }), endMs);
  const f1 = chartSteps(data.fairness, () => '', (r) => r.jain, (r, tMs, v) => ({ ...r, tMs, jain: v }), endMs);
  const f2 = chartSteps(data.fairness, () => '', (r) => r.maxMinGap, (r, tMs, v) => ({ ...r, tMs, maxMinGap: v }), endMs);
  const fairness = f1.binned ? f1.rows.map((r, i) => ({ ...r, maxMinGap: f2.rows[i].maxMinGap })) : data.fairness;
  const a = chartSteps(data.availability ?? [], (r) => r.service, (r) => r.fraction, (r, tMs, v) => ({ ...r, tMs, fraction: v }), endMs);
  return {
    data: { ...data, utilization: u.rows, shares: s.rows, fairness, availability: data.availability ? a.rows : undefined },
    binned: u.binned || s.binned || f1.binned || a.binned,
  };
}
