/**
 * MetricsResult (metrics.json, the metrics layer's plain output) → ReportData (what the report
 * renders). Pure and deterministic: the same metrics give the same ReportData, hence the same bytes.
 *
 * The `timeseries` table is built here from the exact segments (not derived from step rows), so a
 * series that is absent for a while (a removed framework, a service wanting nothing) has a gap
 * rather than a stretched last value.
 */
import type { MetricsResult } from '../metrics/metrics-result.ts';
import type { Cell, PlainTable, ReportData, ShareRow, UtilizationState } from './report-data.ts';

export interface FromMetricsOptions {
  /** Shown under the title (e.g. the scenario description). */
  subtitle?: string;
}

export function reportDataFromMetrics(m: MetricsResult, opts: FromMetricsOptions = {}): ReportData {
  // The chart shows resources that were ever allocated or used (an all-idle disk panel says nothing);
  // the timeseries table keeps every resource.
  const busy = new Set(m.utilization.filter(([, state, , , f]) => state !== 'idle' && f > 0).map(([r]) => r));
  const utilization = m.utilization.filter(([resource]) => busy.has(resource)).map(([resource, state, tStartMs, tEndMs, fraction]) => ({
    resource, state: state as UtilizationState, tStartMs, tEndMs, fraction,
  }));
  // Step rows: one per segment start; a gap (absent channel) is closed by a NaN-free re-start.
  const shares: ShareRow[] = m.shares.map(([kind, client, t0, , v]) => ({ tMs: t0, client, kind, dominantShare: v }));
  const fairByT = new Map<number, { jain: number; gap: number }>();
  for (const [measure, t0, , v] of m.fairness) {
    const e = fairByT.get(t0) ?? { jain: Number.NaN, gap: Number.NaN };
    if (measure === 'jain') e.jain = v; else e.gap = v;
    fairByT.set(t0, e);
  }
  const fairness = [...fairByT].sort(([a], [b]) => a - b).map(([tMs, e]) => ({ tMs, jain: e.jain, maxMinGap: e.gap }));
  const availability = m.availability.map(([service, tMs, , fraction]) => ({ tMs, service, fraction }));
  const ts: Cell[][] = [];
  for (const [res, state, t0, t1, v] of m.utilization) ts.push(['utilization', res, state, t0, t1, v]);
  for (const [kind, client, t0, t1, v] of m.shares) ts.push(['dominant_share', client, kind, t0, t1, v]);
  for (const [measure, t0, t1, v] of m.fairness) ts.push(['fairness', 'roles', measure, t0, t1, v]);
  for (const [svc, t0, t1, v] of m.availability) ts.push(['availability', svc, '', t0, t1, v]);
  const timeseries: PlainTable = { columns: ['series', 'name', 'detail', 't_start_ms', 't_end_ms', 'value'], rows: ts };
  const grid = Math.max(m.gridMs.utilization, m.gridMs.shares, m.gridMs.fairness, m.gridMs.availability);
  const sub = [opts.subtitle, `seed ${m.seed} · ${formatSpan(m.endMs)} simulated`, grid > 0 ? `time series exact, merged into exact means over ${formatSpan(grid)} cells where they changed faster` : null]
    .filter(Boolean).join(' · ');
  return {
    title: m.scenario,
    subtitle: sub,
    headline: m.headline.map((h) => ({ ...h })),
    utilization,
    shares,
    fairness,
    waits: m.waits.map(([group, waitMs]) => ({ group, waitMs })),
    ...(m.availability.length > 0 ? { availability } : {}),
    tables: { ...m.tables, timeseries },
  };
}

function formatSpan(ms: number): string {
  if (ms % 3_600_000 === 0 && ms >= 3_600_000) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
