/**
 * Utilization stack over time: per resource (one panel each) the capacity split into the five
 * states, stacked bottom to top in UTILIZATION_STATES order. Segments are exact intervals, drawn as
 * rectangles [tStart, tEnd) × [y0, y1); the stacking is computed here so it does not depend on how
 * vega groups rows.
 */
import type { TopLevelSpec } from 'vega-lite';
import { chooseTimeUnit, inUnit } from '../format.ts';
import { UTILIZATION_STATES, utilizationStateLabel, type RunData, type UtilizationRow } from '../report-data.ts';
import { CHART_CONFIG, CHART_WIDTH, LINE_PAD, PANEL_HEIGHT, STATE_COLORS } from './theme.ts';
import { runDashEncoding } from './colors.ts';

/** Comparison lines: allocated a mid blue (the stack's allocated, darker to read as a line), used the stack's used. */
const MEASURE_COLORS = { allocated: '#7ea3e6', used: STATE_COLORS.used };
import { VL_SCHEMA, distinct, maxRunEndMs, overlapWidthEncoding, type ChartDef, tipN, tipQ } from './chart-def.ts';
import type { ReportData } from '../report-data.ts';
import { roundSig } from '../../core/canonical-json.ts';

const STATE_RANK = new Map<string, number>(UTILIZATION_STATES.map((s, i) => [s, i]));

const rowHeader = {
  title: null,
  labelAngle: 0,
  labelAlign: 'left',
  labelAnchor: 'start',
  labelOrient: 'top',
  labelPadding: 4,
} as const;

/** Stack one run's rows: group by (resource, interval), then accumulate states in the fixed order. */
function stacked(rows: UtilizationRow[], unit: { ms: number; label: string }, usageModel: boolean) {
  const groups = new Map<string, UtilizationRow[]>();
  for (const r of rows) {
    const k = `${r.resource}\u0000${r.tStartMs}\u0000${r.tEndMs}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  const out: Record<string, string | number>[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => (STATE_RANK.get(a.state) ?? 99) - (STATE_RANK.get(b.state) ?? 99));
    let y = 0;
    for (const r of g) {
      const f = Number.isFinite(r.fraction) ? r.fraction : 0;
      out.push({
        resource: r.resource,
        state: utilizationStateLabel(r.state, usageModel) ?? r.state,
        t0: inUnit(r.tStartMs, unit),
        t1: inUnit(r.tEndMs, unit),
        y0: roundSig(y, 9),
        y1: roundSig(y + f, 9),
        fraction: roundSig(f, 9),
      });
      y += f;
    }
  }
  return out;
}

export function utilizationChart(data: ReportData): ChartDef {
  const endMs = maxRunEndMs([{ run: '', data }]);
  const unit = chooseTimeUnit(endMs);
  const resources = distinct(data.utilization.map((r) => r.resource));
  // `unavailable` only when capacity changed during the run: the stack is then of the peak capacity.
  const scaled = data.utilization.some((r) => r.state === 'unavailable');
  const states = UTILIZATION_STATES.filter((s) => s !== 'unavailable' || scaled);
  const usageModel = data.usageModel !== false;
  const LABELS = states.map((s) => utilizationStateLabel(s, usageModel));
  const COLORS = states.map((s) => STATE_COLORS[s]);
  const spec: TopLevelSpec = {
    $schema: VL_SCHEMA,
    description: 'Utilization per resource over simulated time, split by state',
    data: { values: stacked(data.utilization, unit, usageModel) },
    facet: { row: { field: 'resource', type: 'nominal', sort: resources, header: rowHeader } },
    spacing: 16,
    spec: {
      width: CHART_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: 'rect', strokeWidth: 0.6, clip: true, aria: false },
      encoding: {
        x: {
          field: 't0',
          type: 'quantitative',
          title: `simulated time (${unit.label})`,
          scale: { domain: [0, inUnit(endMs, unit)], nice: false, zero: true },
        },
        x2: { field: 't1' },
        y: {
          field: 'y0',
          type: 'quantitative',
          title: scaled ? 'share of peak capacity' : 'share of capacity',
          scale: { domain: [0, 1], nice: false },
          axis: { format: '.0%', tickCount: 4 },
        },
        y2: { field: 'y1' },
        color: { field: 'state', type: 'nominal', sort: LABELS, scale: { domain: LABELS, range: COLORS }, legend: { title: null, orient: 'top', direction: 'horizontal', labelLimit: 320 } },
        stroke: { field: 'state', type: 'nominal', sort: LABELS, scale: { domain: LABELS, range: COLORS } },
        tooltip: [
          tipN('resource'),
          tipN('state'),
          tipQ('fraction', 'share', '.1%'),
          tipQ('t0', `from (${unit.label})`),
          tipQ('t1', `to (${unit.label})`),
        ],
      },
    },
    resolve: { scale: { x: 'shared' } },
    config: CHART_CONFIG,
  };
  return {
    id: 'utilization',
    title: 'Utilization over time',
    description: usageModel
      ? 'Exact share of each resource that was used, allocated but unused, revocable, reserved but idle, or idle.'
      : 'Exact share of each resource that was allocated to running tasks, allocated but not in a task (outstanding offers), revocable, reserved but idle, or idle. '
        + 'No usage model ran (no usage profiles or oversubscription): tasks are counted at their requests, so this shows allocation, not how much tasks used.',
    spec,
  };
}

/**
 * Comparison: stacks do not overlay, so each run contributes two lines per resource — allocated
 * (everything not idle and not reserved-idle) and used — coloured by measure, dashed by run.
 */
export function utilizationCompareChart(runs: RunData[]): ChartDef {
  const endMs = maxRunEndMs(runs);
  const unit = chooseTimeUnit(endMs);
  // A run whose capacity changed is drawn as shares of its peak capacity (from-metrics.ts).
  const scaled = runs.some(({ data }) => data.utilization.some((r) => r.state === 'unavailable'));
  const values: Record<string, string | number>[] = [];
  const resources: string[] = [];
  for (const [runRank, { run, data }] of runs.entries()) {
    const groups = new Map<string, { resource: string; t0: number; t1: number; alloc: number; used: number }>();
    for (const r of data.utilization) {
      const k = `${r.resource}\u0000${r.tStartMs}\u0000${r.tEndMs}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { resource: r.resource, t0: r.tStartMs, t1: r.tEndMs, alloc: 0, used: 0 }));
      const f = Number.isFinite(r.fraction) ? r.fraction : 0;
      if (r.state === 'used' || r.state === 'allocated' || r.state === 'revocable') g.alloc += f;
      if (r.state === 'used') g.used += f;
      if (!resources.includes(r.resource)) resources.push(r.resource);
    }
    // Two points per interval (start and end) draw an exact step with a plain linear line. Without a
    // usage model `used` equals allocated throughout: that run draws allocated only.
    const withUsed = [...groups.values()].some((g) => Math.abs(g.used - g.alloc) > 1e-9);
    let seq = 0;
    for (const g of groups.values()) {
      for (const [measure, v] of withUsed ? [['allocated', g.alloc], ['used', g.used]] as const : [['allocated', g.alloc]] as const) {
        for (const t of [g.t0, g.t1]) {
          values.push({ run, runRank, resource: g.resource, measure, t: inUnit(t, unit), value: roundSig(v, 9), seq: seq++ });
        }
      }
    }
  }
  const measures = (['allocated', 'used'] as const).filter((m) => values.some((v) => v.measure === m));
  const spec: TopLevelSpec = {
    $schema: VL_SCHEMA,
    description: 'Allocated and used share of each resource over time, one line per run',
    data: { values },
    facet: { row: { field: 'resource', type: 'nominal', sort: resources, header: rowHeader } },
    spacing: 16,
    spec: {
      width: CHART_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: 'line', interpolate: 'linear', aria: false },
      encoding: {
        x: { field: 't', type: 'quantitative', title: `simulated time (${unit.label})`, scale: { domain: [0, inUnit(endMs, unit)], nice: false } },
        y: { field: 'value', type: 'quantitative', title: scaled ? 'share of peak capacity' : 'share of capacity', scale: { domain: [0, 1], nice: false, padding: LINE_PAD }, axis: { format: '.0%', tickCount: 4 } },
        // colour = what is measured (the run report's state colours), dash = run (colors.ts)
        color: { field: 'measure', type: 'nominal', sort: measures, scale: { domain: measures, range: measures.map((m) => MEASURE_COLORS[m]) }, legend: { title: null, orient: 'top' } },
        ...runDashEncoding(runs),
        detail: { field: 'run', type: 'nominal' },
        ...overlapWidthEncoding(runs.length, 'runRank'),
        order: { field: 'seq', type: 'quantitative' },
        tooltip: [
          tipN('run'),
          tipN('measure'),
          tipQ('value', 'share', '.1%'),
          tipQ('t', `time (${unit.label})`),
        ],
      },
    },
    config: CHART_CONFIG,
  };
  return {
    id: 'utilization',
    title: 'Utilization over time, per run',
    description: 'Allocated and used share of each resource (colour); one dash pattern per run. Used is drawn only for runs with a usage model (otherwise it equals allocated).',
    spec,
  };
}
