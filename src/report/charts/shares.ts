/**
 * Dominant share per role and per framework over time, as step lines (a share holds until the
 * client's next row). Roles and frameworks get separate panels with separate legends; colours are
 * the page's (colors.ts: one per name in every chart). The comparison variant tells runs apart by
 * dash pattern, never by colour.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Encoding } from 'vega-lite/types_unstable/encoding.js';
import { roundSig } from '../../core/canonical-json.ts';
import { chooseTimeUnit, inUnit } from '../format.ts';
import type { ReportData, RunData } from '../report-data.ts';
import { CHART_CONFIG, CHART_WIDTH, LINE_PAD, PANEL_HEIGHT } from './theme.ts';
import { LEGEND_LABEL_EXPR, colorScale, pageColors, runDashEncoding } from './colors.ts';
import { VL_SCHEMA, distinct, extendSteps, maxRunEndMs, runEndMs, type ChartDef, overlapWidthEncoding, tipN, tipQ } from './chart-def.ts';

const KIND_LABEL = { role: 'roles', framework: 'frameworks' } as const;
/**
 * Lines per panel at most: the clients with the highest peak share. A thousand lines at 0 say
 * nothing a table does not, and they made the chart's data (clients × steps) hundreds of MB; the
 * full series are in tables/shares.csv. (An explicit colour sort of a thousand names also
 * overflowed vega's expression compiler: the colour domain alone orders the legend now.)
 */
export const MAX_SHARE_LINES = 24;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Per kind, the clients drawn (the MAX_SHARE_LINES with the highest peak share, ties by name) and how many there are. */
function shownClients(all: readonly RunData['data']['shares'][number][], kind: 'role' | 'framework'): { names: string[]; of: number } {
  const peak = new Map<string, number>();
  for (const r of all) {
    if (r.kind !== kind) continue;
    const v = Number.isFinite(r.dominantShare) ? r.dominantShare : 0;
    if (!peak.has(r.client) || v > peak.get(r.client)!) peak.set(r.client, v);
  }
  const ranked = [...peak].sort(([a, x], [b, y]) => y - x || cmp(a, b)).slice(0, MAX_SHARE_LINES).map(([n]) => n);
  return { names: ranked.sort(cmp), of: peak.size };
}

function shareValues(runs: RunData[], unit: { ms: number; label: string }, shown: ReadonlySet<string>) {
  const values: Record<string, string | number>[] = [];
  // rank: index of the client within its kind over all runs (drives the overlap line widths)
  const ranks = new Map<string, number>();
  for (const kind of ['role', 'framework']) {
    const names = distinct(runs.flatMap((r) => r.data.shares.filter((s) => s.kind === kind).map((s) => s.client)));
    names.forEach((n, i) => ranks.set(`${kind}\u0000${n}`, i));
  }
  for (const { run, data } of runs) {
    const rows = extendSteps(data.shares, (r) => `${r.kind}\u0000${r.client}`, runEndMs(data), (r) => !Number.isFinite(r.dominantShare));
    for (const r of rows) {
      if (!shown.has(`${r.kind}\u0000${r.client}`)) continue;
      const rank = ranks.get(`${r.kind}\u0000${r.client}`) ?? 0;
      values.push({ run, kind: KIND_LABEL[r.kind], client: r.client, rank, t: inUnit(r.tMs, unit), share: roundSig(r.dominantShare, 9) });
    }
  }
  return values;
}

function sharesSpec(runs: RunData[]): TopLevelSpec {
  const compare = runs.length > 1;
  const endMs = maxRunEndMs(runs);
  const unit = chooseTimeUnit(endMs);
  const all = runs.flatMap((r) => r.data.shares);
  const colors = pageColors(runs);
  const maxPerKind = Math.max(...['role', 'framework'].map((k) => distinct(all.filter((r) => r.kind === k).map((r) => r.client)).length));
  let yMax = 1; // a loop: one spread argument per share step overflows the stack on long runs
  for (const r of all) if (Number.isFinite(r.dominantShare) && r.dominantShare > yMax) yMax = r.dominantShare;
  // One panel per kind, each with its own legend of its own names (colours from the page's mapping).
  const shown = new Set<string>();
  const panels = (['role', 'framework'] as const).filter((k) => all.some((r) => r.kind === k)).map((kind) => {
    const { names, of } = shownClients(all, kind);
    for (const n of names) shown.add(`${kind}\u0000${n}`);
    const encoding: Encoding<string> = {
      x: { field: 't', type: 'quantitative', title: `simulated time (${unit.label})`, scale: { domain: [0, inUnit(endMs, unit)], nice: false } },
      y: { field: 'share', type: 'quantitative', title: 'dominant share', scale: { domain: [0, roundSig(yMax, 9)], nice: false, padding: LINE_PAD }, axis: { format: '.0%', tickCount: 5 } },
      color: { field: 'client', type: 'nominal', scale: colorScale(colors, names), legend: { title: KIND_LABEL[kind], orient: 'right', labelExpr: LEGEND_LABEL_EXPR } },
      ...overlapWidthEncoding(maxPerKind),
      ...(compare ? runDashEncoding(runs) : {}),
      tooltip: [
        ...(compare ? [tipN('run')] : []),
        tipN('client', 'name'),
        tipQ('share', 'dominant share', '.2%'),
        tipQ('t', `from (${unit.label})`),
      ],
    };
    return {
      title: { text: names.length < of ? `${KIND_LABEL[kind]}: the ${names.length} of ${of} with the highest peak share` : KIND_LABEL[kind], anchor: 'start' as const, fontSize: 12, fontWeight: 600, color: '#39424e' },
      width: CHART_WIDTH,
      height: PANEL_HEIGHT + 30,
      transform: [{ filter: { field: 'kind', equal: KIND_LABEL[kind] } }],
      mark: { type: 'line' as const, interpolate: 'step-after' as const, aria: false },
      encoding,
    };
  });
  return {
    $schema: VL_SCHEMA,
    description: 'Dominant share of each role and framework over simulated time',
    data: { values: shareValues(runs, unit, shown) },
    vconcat: panels,
    spacing: 18,
    resolve: { scale: { color: 'independent', strokeDash: 'shared' }, legend: { color: 'independent', strokeDash: 'shared' } },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

export function sharesChart(data: ReportData): ChartDef {
  return {
    id: 'dominant-shares',
    title: 'Dominant shares over time',
    description: 'Each client\u2019s largest share of any one resource; DRF equalises these among clients with demand.',
    spec: sharesSpec([{ run: '', data }]),
  };
}

export function sharesCompareChart(runs: RunData[]): ChartDef {
  return {
    id: 'dominant-shares',
    title: 'Dominant shares over time, per run',
    description: 'One color per role or framework, one dash pattern per run.',
    spec: sharesSpec(runs),
  };
}
