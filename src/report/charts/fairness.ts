/**
 * Fairness over time: Jain's index over roles (1 = perfectly equal dominant shares) and the
 * max−min dominant-share gap (0 = equal), both step functions in [0, 1].
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Encoding } from 'vega-lite/types_unstable/encoding.js';
import { roundSig } from '../../core/canonical-json.ts';
import { chooseTimeUnit, formatDuration, inUnit } from '../format.ts';
import type { ReportData, RunData } from '../report-data.ts';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, LINE_PAD } from './theme.ts';
import { runDashEncoding } from './colors.ts';
import { sentenceSpec } from './sentence.ts';
import { clientLabel } from '../../metrics/client-label.ts';
import { VL_SCHEMA, extendSteps, maxRunEndMs, runEndMs, overlapWidthEncoding, type ChartDef, tipN, tipQ } from './chart-def.ts';

const METRICS = ['Jain\u2019s index', 'max\u2013min share gap'];

function fairnessSpec(runs: RunData[]): TopLevelSpec {
  const compare = runs.length > 1;
  const endMs = maxRunEndMs(runs);
  const unit = chooseTimeUnit(endMs);
  const values: Record<string, string | number>[] = [];
  for (const [runRank, { run, data }] of runs.entries()) {
    for (const r of extendSteps(data.fairness, () => '', runEndMs(data), (r) => !Number.isFinite(r.jain) || !Number.isFinite(r.maxMinGap))) {
      const t = inUnit(r.tMs, unit);
      values.push({ run, runRank, metric: METRICS[0], t, value: roundSig(r.jain, 9) });
      values.push({ run, runRank, metric: METRICS[1], t, value: roundSig(r.maxMinGap, 9) });
    }
  }
  const encoding: Encoding<string> = {
    x: { field: 't', type: 'quantitative', title: `simulated time (${unit.label})`, scale: { domain: [0, inUnit(endMs, unit)], nice: false } },
    y: { field: 'value', type: 'quantitative', title: null, scale: { domain: [0, 1], nice: false, padding: LINE_PAD }, axis: { tickCount: 5 } },
    // colour = measure (as in the run report), dash = run on a comparison page (colors.ts)
    color: { field: 'metric', type: 'nominal', sort: METRICS, scale: { domain: METRICS, range: ['#3aa17e', '#d1495b'] }, legend: { title: null, orient: 'top' } },
    ...(compare ? { ...runDashEncoding(runs), detail: { field: 'run', type: 'nominal' }, ...overlapWidthEncoding(runs.length, 'runRank') } : {}),
    tooltip: [
      ...(compare ? [tipN('run')] : []),
      tipN('metric'),
      tipQ('value', undefined, '.3f'),
      tipQ('t', `from (${unit.label})`),
    ],
  };
  return {
    $schema: VL_SCHEMA,
    description: 'Jain fairness index and max-min dominant share gap over simulated time',
    data: { values },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    mark: { type: 'line', interpolate: 'step-after', aria: false },
    encoding,
    config: CHART_CONFIG,
  };
}

/**
 * Time (ms) on which Jain's index is defined: two or more roles had demand. The summary's exact figure
 * when the data carries it: the rows a chart gets may be binned, and a bin with any defined instant
 * counts whole (production-vs-throwaway.weighted: 2.52 h from the bins against 2.2 h exact).
 */
export function fairnessDefinedMs(data: ReportData): number {
  if (data.fairnessContext) return data.fairnessContext.definedMs;
  const end = runEndMs(data);
  let ms = 0;
  data.fairness.forEach((r, i) => {
    const next = i + 1 < data.fairness.length ? data.fairness[i + 1].tMs : Math.max(end, r.tMs);
    if (Number.isFinite(r.jain)) ms += next - r.tMs;
  });
  return ms;
}

/** Time-weighted means of Jain's index and the gap over the time they are defined (null if never). */
function definedMeans(data: ReportData): { jain: number; gap: number } | null {
  const end = runEndMs(data);
  let ms = 0, jain = 0, gap = 0;
  data.fairness.forEach((r, i) => {
    const next = i + 1 < data.fairness.length ? data.fairness[i + 1].tMs : Math.max(end, r.tMs);
    if (!Number.isFinite(r.jain) || !Number.isFinite(r.maxMinGap)) return;
    ms += next - r.tMs; jain += r.jain * (next - r.tMs); gap += r.maxMinGap * (next - r.tMs);
  });
  return ms > 0 ? { jain: jain / ms, gap: gap / ms } : null;
}

const DEFINED_WHILE = 'Defined only while two or more roles want offers';

/** ", one role alone 3.94 h" when the data says how long exactly one role had demand. */
function aloneText(data: ReportData): string {
  const sole = data.fairnessContext?.singleRoleMs ?? 0;
  return sole > 0 ? `, one role alone ${formatDuration(sole)}` : '';
}

/** Defined for less than a pixel of the time axis: an empty plot would be misread, a sentence says it. */
function tooShortSpec(defined: number, end: number, means: { jain: number; gap: number } | null, data: ReportData): TopLevelSpec {
  const m = means ? ` (meanwhile Jain’s index ${Number(means.jain.toFixed(3))}, max–min gap ${Number((100 * means.gap).toFixed(1))}%)` : '';
  const text = `${DEFINED_WHILE}: ${formatDuration(defined)} of the ${formatDuration(end)} run${m}${aloneText(data)}, too short to draw.`;
  return sentenceSpec('Fairness defined too briefly to draw', text);
}

/**
 * Never defined although some role wanted offers (oversubscription.on: only batch, for the whole run):
 * a sentence, not a flat Jain = 1 line that reads as perfect fairness. Null when no role wanted offers
 * or the data cannot say (then there is no fairness chart, as before).
 */
export function fairnessUndefinedText(data: ReportData): string | null {
  const l = data.fairnessLegacy;
  if (l && !l.exact && fairnessDefinedMs(data) === 0) {
    return `Not measured in this run: it predates the rule that fairness needs two roles with demand, and read Jain’s index 1 and gap 0 exactly for all of its ${formatDuration(l.ambiguousMs)} with demand (one role alone, or equal shares); re-run the scenario for the exact figures. See the dominant shares above.`;
  }
  const ctx = data.fairnessContext;
  if (!ctx || ctx.rolesWithDemand.length === 0 || fairnessDefinedMs(data) > 0) return null;
  const end = runEndMs(data);
  const span = ctx.singleRoleMs > 0 ? ` (for ${formatDuration(ctx.singleRoleMs)} of the ${formatDuration(end)} run)` : '';
  const who = ctx.rolesWithDemand.length === 1
    ? `only ${clientLabel(ctx.rolesWithDemand[0])} wanted offers${span}, so no two roles ever competed`
    : `${ctx.rolesWithDemand.map(clientLabel).join(', ')} wanted offers, but never two at the same time${span.replace('(for', '(one alone for')}`;
  return `Undefined in this run: ${who}. Jain’s index and the max–min gap compare two or more roles with demand; see the dominant shares above.${l?.exact ? ' (Re-rendered from a run that predates this rule: it recorded Jain 1 there.)' : ''}`;
}

/**
 * A re-rendered run recorded before the two-roles rule (fairness-legacy.ts) whose stretches of Jain 1
 * and gap 0 were dropped: the caption says how long and why. '' otherwise.
 */
function legacyText(data: ReportData): string {
  const l = data.fairnessLegacy;
  if (!l || l.exact || l.ambiguousMs === 0) return '';
  return ` This run predates the rule that fairness needs two roles with demand: the ${formatDuration(l.ambiguousMs)} that read Jain 1 and gap 0 exactly (one role alone, or equal shares) are not drawn; re-run the scenario for the exact figures.`;
}

export function fairnessChart(data: ReportData): ChartDef {
  const end = runEndMs(data);
  const defined = fairnessDefinedMs(data);
  // the measures are over weighted shares (share ÷ weight, docs/outputs.md): with weights 4 : 1, dominant shares of 63% and 16% read as equal (Jain 1)
  const description = 'Jain\u2019s index over roles\u2019 weighted dominant shares (share \u00f7 weight; 1 = equal) and the gap between the largest and smallest of them (0 = equal), among the roles that want offers.';
  const undefinedText = fairnessUndefinedText(data);
  if (undefinedText !== null) {
    const title = data.fairnessLegacy && !data.fairnessLegacy.exact ? 'Fairness not measured: the run predates the two-roles rule' : 'Fairness undefined: fewer than two roles with demand';
    return { id: 'fairness', title: 'Fairness over time', description, spec: sentenceSpec(title, undefinedText) };
  }
  // rack-failure.unaware: 1 s of 3 h, an empty-looking plot under a caption that explains it
  if (defined > 0 && defined * CHART_WIDTH < end) {
    return { id: 'fairness', title: 'Fairness over time', description: `${description}${legacyText(data)}`, spec: tooShortSpec(defined, end, definedMeans(data), data) };
  }
  // Undefined stretches are gaps in the lines; say how much is drawn, so a short or empty chart is not misread.
  const gaps = defined < end
    ? ` ${DEFINED_WHILE}: ${defined > 0 ? `${formatDuration(defined)} of the ${formatDuration(end)} run${aloneText(data)}` : 'never in this run'}; no line elsewhere.`
    : '';
  return { id: 'fairness', title: 'Fairness over time', description: `${description}${gaps}${legacyText(data)}`, spec: fairnessSpec([{ run: '', data }]) };
}

export function fairnessCompareChart(runs: RunData[]): ChartDef {
  // a run whose fairness is never defined has no line: say so by name, not by absence
  // re-rendered runs recorded before the two-roles rule whose Jain-1 stretches were dropped (fairness-legacy.ts): not "undefined", not measured there
  const legacy = runs.filter((r) => r.data.fairnessLegacy !== undefined && !r.data.fairnessLegacy.exact).map((r) => r.run);
  const old = legacy.length > 0 ? ` ${legacy.join(', ')} ${legacy.length > 1 ? 'predate' : 'predates'} the rule that fairness needs two roles with demand: stretches reading Jain 1 and gap 0 exactly (one role alone, or equal shares) are not drawn.` : '';
  const undefinedIn = runs.filter((r) => !legacy.includes(r.run) && (fairnessUndefinedText(r.data) !== null || (r.data.fairness.length === 0 && r.data.fairnessContext !== undefined))).map((r) => r.run);
  const none = undefinedIn.length > 0 ? ` Undefined in ${undefinedIn.join(', ')} (fewer than two roles wanted offers at a time).` : '';
  // and how long it is defined in the others, when not all along (quota-kubernetes.quota: 2.45 min of 4 h, a few specks)
  const partly = runs.filter((r) => !undefinedIn.includes(r.run)).map((r) => ({ run: r.run, defined: fairnessDefinedMs(r.data), end: runEndMs(r.data) }))
    .filter((r) => r.defined > 0 && r.defined < r.end).map((r) => `${r.run} ${formatDuration(r.defined)} of ${formatDuration(r.end)}`);
  const some = partly.length > 0 ? ` Defined only while two or more roles want offers: ${partly.join('; ')}.` : '';
  if (runs.every((r) => !r.data.fairness.some((f) => Number.isFinite(f.jain)))) {
    return {
      id: 'fairness', title: 'Fairness over time, per run', description: 'Jain\u2019s index and max\u2013min gap of the weighted dominant shares (share \u00f7 weight) among roles that want offers.',
      spec: legacy.length === 0
        ? sentenceSpec('Fairness undefined in every run', `Undefined in every run: no two roles wanted offers at the same time. Jain’s index and the max–min gap compare two or more roles with demand.`)
        : sentenceSpec('Fairness undefined or not measured in every run', `No run has a Jain’s index to draw.${old} Jain’s index and the max–min gap compare two or more roles with demand; re-run the scenarios for the exact figures.`),
    };
  }
  return {
    id: 'fairness',
    title: 'Fairness over time, per run',
    description: `Jain\u2019s index (green) and max\u2013min gap (red) of the weighted dominant shares (share \u00f7 weight); one dash pattern per run; no line while fewer than two roles want offers.${none}${some}${old}`,
    spec: fairnessSpec(runs),
  };
}
