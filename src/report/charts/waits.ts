/**
 * Wait-time CDFs (submit → launch), one line per group. The empirical CDF is computed here, exactly:
 * a point (w, k/n) after each distinct wait. Groups with more than MAX_POINTS waits are reduced to
 * exact quantiles at evenly spaced probabilities, so the drawn curve stays exact at those levels.
 * The comparison variant pools every group of a run into one curve per run.
 */
import type { TopLevelSpec } from 'vega-lite';
import { roundSig } from '../../core/canonical-json.ts';
import { chooseTimeUnit, inUnit, type TimeUnit } from '../format.ts';
import type { ReportData, RunData } from '../report-data.ts';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH } from './theme.ts';
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

function cdfSpec(series: { run: string; group: string; waits: number[] }[], colorField: 'group' | 'run'): TopLevelSpec {
  const maxWait = Math.max(0, ...series.flatMap((s) => s.waits.filter(Number.isFinite)));
  const unit = chooseTimeUnit(maxWait, true);
  return {
    $schema: VL_SCHEMA,
    description: 'Empirical cumulative distribution of task wait times',
    data: { values: cdfValues(series, unit) },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    mark: { type: 'line', interpolate: 'step-after', aria: false },
    encoding: {
      // every wait 0 (or all equal at 0): a fixed [0, 1] domain instead of a collapsed axis
      x: { field: 'wait', type: 'quantitative', title: `wait from submit to launch (${unit.label})`, ...(maxWait > 0 ? { scale: { zero: true } } : { scale: { domain: [0, 1], nice: false }, axis: { values: [0, 1], format: 'd' } }) },
      y: { field: 'p', type: 'quantitative', title: 'fraction of tasks', scale: { domain: [0, 1], nice: false }, axis: { format: '.0%', tickCount: 5 } },
      color: { field: colorField, type: 'nominal', sort: distinct(series.map((s) => s[colorField])), legend: { title: null, orient: 'right' } },
      detail: { field: colorField === 'run' ? 'group' : 'run', type: 'nominal' },
      order: { field: 'seq', type: 'quantitative' },
      ...overlapWidthEncoding(series.length),
      tooltip: [
        tipN(colorField),
        tipQ('wait', `wait (${unit.label})`),
        tipQ('p', 'tasks waiting at most this long', '.1%'),
      ],
    },
    config: CHART_CONFIG,
  };
}

export function waitsChart(data: ReportData): ChartDef {
  const groups = new Map<string, number[]>();
  for (const w of data.waits) {
    let g = groups.get(w.group);
    if (!g) groups.set(w.group, (g = []));
    g.push(w.waitMs);
  }
  const series = [...groups].map(([group, waits]) => ({ run: '', group, waits }));
  return {
    id: 'wait-cdf',
    title: 'Task wait times',
    description: 'Share of tasks that waited at most a given time between submission and launch; further left is better.',
    spec: cdfSpec(series, 'group'),
  };
}

export function waitsCompareChart(runs: RunData[]): ChartDef {
  const series = runs.map(({ run, data }) => ({ run, group: 'all', waits: data.waits.map((w) => w.waitMs) }));
  return {
    id: 'wait-cdf',
    title: 'Task wait times, per run',
    description: 'Wait-time distribution over all tasks of each run; further left is better.',
    spec: cdfSpec(series, 'run'),
  };
}
