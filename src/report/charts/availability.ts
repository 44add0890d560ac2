/**
 * Availability per service over time: the fraction of a service's desired instances running,
 * as step lines (with failures modelled: replicas serving on machines that are up and reachable,
 * failure-probe.ts). Colours are the page's (colors.ts); the comparison variant adds a dash pattern per run.
 */
import type { TopLevelSpec } from 'vega-lite';
import { roundSig } from '../../core/canonical-json.ts';
import { chooseTimeUnit, inUnit } from '../format.ts';
import type { ReportData, RunData } from '../report-data.ts';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, LINE_PAD } from './theme.ts';
import { LEGEND_LABEL_EXPR, colorScale, pageColors, runDashEncoding } from './colors.ts';
import { VL_SCHEMA, distinct, extendSteps, maxRunEndMs, runEndMs, type ChartDef, overlapWidthEncoding, tipN, tipQ } from './chart-def.ts';


function availabilitySpec(runs: RunData[]): TopLevelSpec {
  const compare = runs.length > 1;
  const endMs = maxRunEndMs(runs);
  const unit = chooseTimeUnit(endMs);
  const services = distinct(runs.flatMap((r) => (r.data.availability ?? []).map((a) => a.service))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map(services.map((s, i) => [s, i]));
  const values: Record<string, string | number>[] = [];
  for (const { run, data } of runs) {
    for (const r of extendSteps(data.availability ?? [], (x) => x.service, runEndMs(data), (x) => !Number.isFinite(x.fraction))) {
      values.push({ run, service: r.service, rank: rank.get(r.service) ?? 0, t: inUnit(r.tMs, unit), fraction: roundSig(r.fraction, 9) });
    }
  }
  return {
    $schema: VL_SCHEMA,
    description: 'Fraction of each service\u2019s desired instances running over simulated time',
    data: { values },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    mark: { type: 'line', interpolate: 'step-after', aria: false },
    encoding: {
      x: { field: 't', type: 'quantitative', title: `simulated time (${unit.label})`, scale: { domain: [0, inUnit(endMs, unit)], nice: false } },
      y: { field: 'fraction', type: 'quantitative', title: 'instances serving', scale: { domain: [0, 1], nice: false, padding: LINE_PAD }, axis: { format: '.0%', tickCount: 5 } },
      color: { field: 'service', type: 'nominal', scale: colorScale(pageColors(runs), services), legend: { title: null, orient: 'right', labelExpr: LEGEND_LABEL_EXPR } },
      ...overlapWidthEncoding(services.length),
      ...(compare ? runDashEncoding(runs) : {}),
      tooltip: [
        ...(compare ? [tipN('run')] : []),
        tipN('service'),
        tipQ('fraction', 'available', '.1%'),
        tipQ('t', `from (${unit.label})`),
      ],
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

export function availabilityChart(data: ReportData): ChartDef {
  return {
    id: 'availability',
    title: 'Service availability',
    description: 'Share of each service\u2019s desired instances serving; dips show failures and maintenance.',
    spec: availabilitySpec([{ run: '', data }]),
  };
}

export function availabilityCompareChart(runs: RunData[]): ChartDef {
  return {
    id: 'availability',
    title: 'Service availability, per run',
    description: 'One color per service, one dash pattern per run.',
    spec: availabilitySpec(runs),
  };
}
