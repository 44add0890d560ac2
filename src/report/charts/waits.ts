/**
 * Wait-time CDFs (submit → launch), one line per group. The empirical CDF is computed here, exactly:
 * a point (w, k/n) after each distinct wait. Groups with more than MAX_POINTS waits are reduced to
 * exact quantiles at evenly spaced probabilities, so the drawn curve stays exact at those levels.
 * Colours are the page's (colors.ts). The comparison variant draws each group per run (dash pattern
 * per run), or, past MAX_COMPARE_GROUPS groups, one pooled curve per run.
 */
import type { TopLevelSpec } from 'vega-lite';
import { roundSig } from '../../core/canonical-json.ts';
import { chooseTimeUnit, inUnit, type TimeUnit } from '../format.ts';
import type { ReportData, RunData } from '../report-data.ts';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, LINE_PAD } from './theme.ts';
import { LEGEND_LABEL_EXPR, colorScale, pageColors, runDashEncoding, type NameColors } from './colors.ts';
import { sentenceSpec } from './sentence.ts';
import { VL_SCHEMA, distinct, overlapWidthEncoding, type ChartDef, tipN, tipQ } from './chart-def.ts';

export const MAX_POINTS = 500;

/** ECDF points [wait, cumulative fraction], starting with (min, 0); input need not be sorted. */
export function ecdf(waits: number[]): [number, number][] {
  const w = waits.filter(Number.isFinite).sort((a, b) => a - b);
  const n = w.length;
  if (n === 0) return [];
  const pts: [number, number][] = [[w[0], 0]];
  if (n <= MAX_POINTS) {
    for (let i = 0; i < n; i++) if (i === n - 1 || w[i + 1] !== w[i]) pts.push([w[i], (i + 1) / n]);
  } else {
    // Quantile q_p = smallest w with F(w) >= p; the step (q_p, p) lies on the exact ECDF.
    for (let k = 1; k <= MAX_POINTS; k++) {
      const p = k / MAX_POINTS;
      const i = Math.max(0, Math.ceil(p * n) - 1);
      pts.push([w[i], (i + 1) / n]);
    }
  }
  return pts;
}

function cdfValues(series: { run: string; group: string; waits: number[] }[], unit: TimeUnit) {
  const values: Record<string, string | number>[] = [];
  const names = distinct(series.map((s) => `${s.run}\u0000${s.group}`));
  for (const s of series) {
    let seq = 0;
    const rank = names.indexOf(`${s.run}\u0000${s.group}`);
    for (const [w, p] of ecdf(s.waits)) {
      values.push({ run: s.run, group: s.group, rank, wait: inUnit(w, unit), p: roundSig(p, 9), seq: seq++ });
    }
  }
  return values;
}

type Series = { run: string; group: string; waits: number[] };

/** Every wait 0: a CDF would be a vertical line on an empty axis; a sentence says it instead. */
function allZeroSpec(n: number, runs: number): TopLevelSpec {
  const text = `All ${n} task${n === 1 ? '' : 's'}${runs > 1 ? ` of the ${runs} runs` : ''} launched the moment ${n === 1 ? 'it was' : 'they were'} submitted: every wait is 0 ms.`;
  return sentenceSpec('Every task wait is zero', text);
}

/**
 * One line per (run, group). Colour is the group's page colour (colors.ts); on a comparison page the
 * run is the dash pattern. `pooled` series (group = all tasks) are drawn in one neutral colour.
 */
function cdfSpec(series: Series[], runs: RunData[] | null, colors: NameColors): TopLevelSpec {
  // A loop, not Math.max(...waits): spreading one argument per task overflowed the call stack from a few
  // hundred thousand tasks (an hour of Alibaba 2017: 482,815), so `run` failed after simulating.
  let maxWait = 0, n = 0;
  for (const s of series) for (const w of s.waits) if (Number.isFinite(w)) { n++; if (w > maxWait) maxWait = w; }
  if (maxWait === 0) return allZeroSpec(n, runs?.length ?? 1);
  const unit = chooseTimeUnit(maxWait, true);
  const groups = distinct(series.map((s) => s.group)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const pooled = groups.length === 1 && groups[0] === POOLED;
  const color = pooled
    ? { field: 'group', type: 'nominal' as const, scale: { domain: [POOLED], range: ['#39424e'] }, legend: null }
    : { field: 'group', type: 'nominal' as const, scale: colorScale(colors, groups), legend: { title: null, orient: 'right' as const, labelExpr: LEGEND_LABEL_EXPR } };
  return {
    $schema: VL_SCHEMA,
    description: 'Empirical cumulative distribution of task wait times',
    data: { values: cdfValues(series, unit) },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    mark: { type: 'line', interpolate: 'step-after', aria: false },
    encoding: {
      x: { field: 'wait', type: 'quantitative', title: `wait from submit to launch (${unit.label})`, scale: { zero: true } },
      y: { field: 'p', type: 'quantitative', title: 'fraction of tasks', scale: { domain: [0, 1], nice: false, padding: LINE_PAD }, axis: { format: '.0%', tickCount: 5 } },
      color,
      ...(runs ? runDashEncoding(runs) : {}),
      detail: { field: runs ? 'run' : 'group', type: 'nominal' },
      order: { field: 'seq', type: 'quantitative' },
      ...overlapWidthEncoding(series.length),
      tooltip: [
        ...(runs ? [tipN('run')] : []),
        tipN('group', 'tasks of'),
        tipQ('wait', `wait (${unit.label})`),
        tipQ('p', 'tasks waiting at most this long', '.1%'),
      ],
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

const POOLED = 'all tasks';
/** Per-group curves on a comparison page up to this many groups; beyond, one pooled curve per run. */
const MAX_COMPARE_GROUPS = 6;

function byGroup(data: ReportData): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const w of data.waits) {
    let g = groups.get(w.group);
    if (!g) groups.set(w.group, (g = []));
    g.push(w.waitMs);
  }
  return groups;
}

export function waitsChart(data: ReportData): ChartDef {
  const series = [...byGroup(data)].map(([group, waits]) => ({ run: '', group, waits }));
  return {
    id: 'wait-cdf',
    title: 'Task wait times',
    description: 'Share of tasks that waited at most a given time between submission and launch; further left is better.',
    spec: cdfSpec(series, null, pageColors(data)),
  };
}

export function waitsCompareChart(runs: RunData[]): ChartDef {
  const groups = distinct(runs.flatMap((r) => r.data.waits.map((w) => w.group)));
  const perGroup = groups.length <= MAX_COMPARE_GROUPS;
  const series = perGroup
    ? runs.flatMap(({ run, data }) => [...byGroup(data)].map(([group, waits]) => ({ run, group, waits })))
    : runs.map(({ run, data }) => ({ run, group: POOLED, waits: data.waits.map((w) => w.waitMs) }));
  return {
    id: 'wait-cdf',
    title: 'Task wait times, per run',
    description: perGroup
      ? 'Wait-time distribution per role (colour) and run (dash pattern); further left is better.'
      : `Wait-time distribution over all tasks of each run (dash pattern; more than ${MAX_COMPARE_GROUPS} roles); further left is better.`,
    spec: cdfSpec(series, runs, pageColors(runs)),
  };
}
