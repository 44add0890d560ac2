/**
 * MetricsResult (metrics.json, the metrics layer's plain output) → ReportData (what the report
 * renders). Pure and deterministic: the same metrics give the same ReportData, hence the same bytes.
 *
 * The `timeseries` table is built here from the exact segments (not derived from step rows), so a
 * series that is absent for a while (a removed framework, a service wanting nothing) has a gap
 * rather than a stretched last value.
 */
import type { MetricsResult } from '../metrics/metrics-result.ts';
import { fairnessUnderRule } from './fairness-legacy.ts';
import type { Cell, PlainTable, ReportData, ShareRow, UtilizationRow, UtilizationState } from './report-data.ts';

export interface FromMetricsOptions {
  /** Shown under the title (e.g. the scenario description). */
  subtitle?: string;
}

export function reportDataFromMetrics(recorded: MetricsResult, opts: FromMetricsOptions = {}): ReportData {
  // a run recorded before fairness needed two roles with demand: re-rendered under the rule (fairness-legacy.ts)
  const legacy = fairnessUnderRule(recorded);
  const m: MetricsResult = legacy === undefined ? recorded : { ...recorded, fairness: legacy.fairness };
  // The chart shows resources that were ever allocated or used (an all-idle disk panel says nothing);
  // the timeseries table keeps every resource.
  const busy = new Set(m.utilization.filter(([, state, , , f]) => state !== 'idle' && f > 0).map(([r]) => r));
  const utilization = ofPeakCapacity(m.utilization.filter(([resource]) => busy.has(resource)).map(([resource, state, tStartMs, tEndMs, fraction]) => ({
    resource, state: state as UtilizationState, tStartMs, tEndMs, fraction,
  })), m.capacity ?? []);
  // Step rows: one per segment start, and a NaN row where a series stops (absent: a removed framework,
  // fewer than two roles with demand, a service wanting nothing) so that charts break the line there instead of
  // holding the last value across the gap (withGaps; chart-def.ts extendSteps).
  const shares: ShareRow[] = withGaps(m.shares, ([kind, client]) => `${kind}\u0000${client}`, m.endMs,
    ([kind, client, t0, , v]) => ({ tMs: t0, client, kind, dominantShare: v }), (r, tMs) => ({ ...r, tMs, dominantShare: Number.NaN }));
  const fairByT = new Map<number, { jain: number; gap: number }>();
  for (const [measure, t0, , v] of m.fairness) {
    const e = fairByT.get(t0) ?? { jain: Number.NaN, gap: Number.NaN };
    if (measure === 'jain') e.jain = v; else e.gap = v;
    fairByT.set(t0, e);
  }
  // jain and gap share their segments (one recorder, both NaN while fewer than two roles have demand)
  for (const [, t1] of gapEnds(m.fairness, ([measure]) => measure, m.endMs)) {
    if (!fairByT.has(t1)) fairByT.set(t1, { jain: Number.NaN, gap: Number.NaN });
  }
  const fairness = [...fairByT].sort(([a], [b]) => a - b).map(([tMs, e]) => ({ tMs, jain: e.jain, maxMinGap: e.gap }));
  const availability = withGaps(m.availability, ([service]) => service, m.endMs,
    ([service, tMs, , fraction]) => ({ tMs, service, fraction }), (r, tMs) => ({ ...r, tMs, fraction: Number.NaN }));
  const ts: Cell[][] = [];
  for (const [res, state, t0, t1, v] of m.utilization) ts.push(['utilization', res, state, t0, t1, v]);
  for (const [res, t0, t1, v] of m.capacity ?? []) ts.push(['capacity', res, '', t0, t1, v]);
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
    endMs: m.endMs,
    headline: (legacy?.headline ?? m.headline).map((h) => ({ ...h })),
    utilization,
    shares,
    fairness,
    waits: m.waits.map(([group, waitMs]) => ({ group, waitMs })),
    ...(m.availability.length > 0 ? { availability } : {}),
    ...(legacy === undefined ? fairnessContext(m.summary) : legacy.context ? { fairnessContext: legacy.context } : {}),
    ...(legacy?.legacy ? { fairnessLegacy: legacy.legacy } : {}),
    tables: { ...m.tables, timeseries },
    // metrics.json before `usageModel`: a usage model ran iff the headline has `used` cards (metrics-result.ts)
    usageModel: m.usageModel ?? m.headline.some((h) => /^utilization\..+\.used\.mean$/.test(h.key)),
  };
}

/** summary.fairness.definedMs, singleRoleMs and the roles with demand (sharingIncentive.byRole.<r>.demandMs > 0); nothing for a metrics.json without them. */
function fairnessContext(summary: Record<string, unknown>): { fairnessContext?: ReportData['fairnessContext'] } {
  const f = summary.fairness as { definedMs?: unknown; singleRoleMs?: unknown } | null | undefined;
  const byRole = (summary.sharingIncentive as { byRole?: Record<string, { demandMs?: unknown }> } | undefined)?.byRole;
  if (typeof f?.singleRoleMs !== 'number' || typeof f.definedMs !== 'number' || byRole === undefined) return {};
  const rolesWithDemand = Object.keys(byRole).filter((r) => typeof byRole[r].demandMs === 'number' && (byRole[r].demandMs as number) > 0).sort();
  return { fairnessContext: { definedMs: f.definedMs, singleRoleMs: f.singleRoleMs, rolesWithDemand } };
}

/**
 * Where a series stops: per key, the segment ends (row index, t1) at which no segment of that key
 * starts, and the last end when it is before the run's end, i.e. where the channel became absent.
 */
function gapEnds<R extends readonly [...unknown[]]>(segs: readonly R[], key: (r: R) => string, endMs: number): [number, number][] {
  const starts = new Map<string, Set<number>>();
  const t0 = (r: R) => r[r.length - 3] as number;
  const t1 = (r: R) => r[r.length - 2] as number;
  for (const r of segs) {
    let s = starts.get(key(r));
    if (!s) starts.set(key(r), (s = new Set()));
    s.add(t0(r));
  }
  const out: [number, number][] = [];
  segs.forEach((r, i) => {
    if (!starts.get(key(r))!.has(t1(r)) && t1(r) < endMs) out.push([i, t1(r)]);
  });
  return out;
}

/**
 * Step rows of segments `[...key, t0, t1, value]`: one per segment, and right after a segment where
 * its series stops, a row with the value NaN at the segment's end (the input order is kept).
 */
function withGaps<R extends readonly [...unknown[]], T>(segs: readonly R[], key: (r: R) => string, endMs: number, row: (r: R) => T, absentFrom: (r: T, tMs: number) => T): T[] {
  const gaps = new Map(gapEnds(segs, key, endMs));
  const out: T[] = [];
  segs.forEach((s, i) => {
    const r = row(s);
    out.push(r);
    const t1 = gaps.get(i);
    if (t1 !== undefined) out.push(absentFrom(r, t1));
  });
  return out;
}

/**
 * When a resource's capacity changed during the run (agents down, added or removed), its states are
 * rescaled to shares of the peak capacity and the missing part becomes `unavailable`, so an outage
 * shows as capacity lost rather than as a higher share of what is left. Other resources are unchanged.
 */
function ofPeakCapacity(rows: UtilizationRow[], capacity: readonly [string, number, number, number][]): UtilizationRow[] {
  const segments = new Map<string, [number, number, number][]>();
  for (const [res, t0, t1, v] of capacity) {
    const list = segments.get(res);
    if (list) list.push([t0, t1, v]); else segments.set(res, [[t0, t1, v]]);
  }
  const peak = new Map<string, number>();
  for (const [res, list] of segments) {
    // loops, not Math.max(...values): one spread argument per capacity step overflows the stack on a
    // trace whose machines come and go for a month
    let max = -Infinity, min = Infinity;
    for (const [, , v] of list) if (Number.isFinite(v)) { if (v > max) max = v; if (v < min) min = v; }
    // (sums of fractional milli-units drift in the last digits: that is no change of capacity)
    if (max > 0 && min < max * (1 - 1e-9)) peak.set(res, max);
  }
  if (peak.size === 0) return rows;
  const out: UtilizationRow[] = [];
  const marked = new Set<string>();
  for (const r of rows) {
    if (!peak.has(r.resource)) { out.push(r); continue; }
    // The capacity segments overlapping the row split it (both series are exact step functions).
    const list = segments.get(r.resource)!;
    const top = peak.get(r.resource)!;
    for (let i = firstOverlap(list, r.tStartMs); i < list.length && list[i][0] < r.tEndMs; i++) {
      const [c0, c1, v] = list[i];
      const t0 = Math.max(r.tStartMs, c0), t1 = Math.min(r.tEndMs, c1);
      if (t1 <= t0 || !(v > 0)) continue;
      const f = v >= top * (1 - 1e-9) ? 1 : v / top; // drift in the last digits is no capacity lost
      out.push({ ...r, tStartMs: t0, tEndMs: t1, fraction: r.fraction * f });
      // one `unavailable` row per interval (the chart stacks it on top of the states)
      const interval = `${r.resource}\u0000${t0}\u0000${t1}`;
      if (f < 1 && !marked.has(interval)) {
        marked.add(interval);
        out.push({ resource: r.resource, state: 'unavailable', tStartMs: t0, tEndMs: t1, fraction: 1 - f });
      }
    }
  }
  // With no capacity at all there are no state shares (0 ÷ 0): the whole interval is unavailable.
  for (const [res, list] of segments) {
    if (!peak.has(res)) continue;
    for (const [t0, t1, v] of list) if (!(v > 0)) out.push({ resource: res, state: 'unavailable', tStartMs: t0, tEndMs: t1, fraction: 1 });
  }
  return out;
}

/** Index of the first segment ending after `t` (segments sorted, contiguous). */
function firstOverlap(list: readonly [number, number, number][], t: number): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid][1] <= t) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function formatSpan(ms: number): string {
  if (ms % 3_600_000 === 0 && ms >= 3_600_000) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
