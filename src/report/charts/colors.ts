/**
 * One colour per name on a page. Roles, frameworks, services and wait groups share a single mapping:
 * the sorted union of every name the page's data mentions, assigned the categorical palette in that
 * order. Each chart then sets an explicit scale (domain = its names, range = their colours), so a
 * workload has the same colour in every chart of a page, whichever subset a chart shows and in
 * whatever order the data lists it. On a comparison page the union is over all runs; runs are told
 * apart by dash pattern, never by colour.
 */
import { clientLabel, DEFAULT_ROLE } from '../../metrics/client-label.ts';
import type { ReportData, RunData } from '../report-data.ts';
import { CATEGORY_COLORS } from './theme.ts';

export type NameColors = ReadonlyMap<string, string>;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every role, framework, service and wait group a page shows, sorted, with its colour. */
export function pageColors(runs: readonly RunData[] | ReportData): NameColors {
  const list = Array.isArray(runs) ? (runs as readonly RunData[]).map((r) => r.data) : [runs as ReportData];
  const names = new Set<string>();
  for (const d of list) {
    for (const s of d.shares) names.add(s.client);
    for (const w of d.waits) names.add(w.group);
    for (const a of d.availability ?? []) names.add(a.service);
  }
  const sorted = [...names].sort(cmp);
  return new Map(sorted.map((n, i) => [n, CATEGORY_COLORS[i % CATEGORY_COLORS.length]]));
}

/** An explicit vega-lite colour scale for `names` (in legend order) from the page's mapping. */
export function colorScale(colors: NameColors, names: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...names], range: names.map((n) => colors.get(n) ?? '#6b7a8f') };
}

/** Legend label expression showing the default role readably; the data keeps `*`. */
export const LEGEND_LABEL_EXPR = `datum.label === '${DEFAULT_ROLE}' ? '${clientLabel(DEFAULT_ROLE)}' : datum.label`;

/** Dash patterns telling runs apart on comparison pages (the first run, the baseline, solid). */
export const RUN_DASHES: number[][] = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3]];

export function runDashEncoding(runs: readonly RunData[]) {
  const names = runs.map((r) => r.run);
  return {
    strokeDash: {
      field: 'run',
      type: 'nominal' as const,
      sort: names,
      scale: { domain: names, range: names.map((_, i) => RUN_DASHES[i % RUN_DASHES.length]) },
      legend: { title: 'run (dash)', orient: 'top' as const, symbolStrokeColor: '#39424e', symbolSize: 400 },
    },
  };
}
