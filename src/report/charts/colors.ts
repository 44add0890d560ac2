/**
 * One colour per name on a page. Roles, frameworks, services and wait groups share a single mapping:
 * the sorted union of every name the page's data mentions, assigned the categorical palette in that
 * order; a framework alone in its role shares the role's colour (the same workload). Each chart then sets an explicit scale (domain = its names, range = their colours), so a
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
  // A framework alone in its role is the same workload as the role: it takes the role's colour
  // (quota-kubernetes: framework kubernetes, role k8s), when every run of the page agrees.
  const alias = soleFrameworkRoles(list);
  const sorted = [...names].filter((n) => !(alias.has(n) && names.has(alias.get(n)!))).sort(cmp);
  const colors = new Map(sorted.map((n, i) => [n, CATEGORY_COLORS[i % CATEGORY_COLORS.length]]));
  for (const [fw, role] of alias) if (names.has(fw) && colors.has(role) && !colors.has(fw)) colors.set(fw, colors.get(role)!);
  return new Map([...colors].sort(([a], [b]) => cmp(a, b)));
}

/** framework → its role, for frameworks with one role that no other framework shares (tables.frameworks). */
function soleFrameworkRoles(list: readonly ReportData[]): Map<string, string> {
  const out = new Map<string, string>();
  const spoiled = new Set<string>();
  for (const d of list) {
    const t = d.tables.frameworks;
    const fi = t?.columns.indexOf('framework') ?? -1, ri = t?.columns.indexOf('role') ?? -1;
    if (!t || fi < 0 || ri < 0) continue;
    const perRole = new Map<string, string[]>();
    for (const row of t.rows) {
      const fw = String(row[fi]), roles = String(row[ri] ?? '').split(';').filter((r) => r !== '');
      if (roles.length !== 1) { spoiled.add(fw); continue; }
      const list2 = perRole.get(roles[0]) ?? [];
      list2.push(fw);
      perRole.set(roles[0], list2);
    }
    for (const [role, fws] of perRole) {
      for (const fw of fws) {
        if (fws.length !== 1 || (out.has(fw) && out.get(fw) !== role)) spoiled.add(fw);
        else if (fw !== role) out.set(fw, role);
      }
    }
  }
  for (const fw of spoiled) out.delete(fw);
  return out;
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
