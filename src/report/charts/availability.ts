/**
 * Availability per service over time: the fraction of a service's desired instances running,
 * as step lines. The comparison variant keeps color per service and a dash pattern per run.
 */
import type { TopLevelSpec } from 'vega-lite';
import { roundSig } from '../../core/canonical-json.ts';
import { chooseTimeUnit, inUnit } from '../format.ts';
import type { ReportData, RunData } from '../report-data.ts';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH } from './theme.ts';
import { VL_SCHEMA, distinct, extendSteps, maxRunEndMs, runEndMs, type ChartDef, overlapWidthEncoding, tipN, tipQ } from './chart-def.ts';

const DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3]];

function availabilitySpec(runs: RunData[]): TopLevelSpec {
  const compare = runs.length > 1;
  const endMs = maxRunEndMs(runs);
  const unit = chooseTimeUnit(endMs);
  const services = distinct(runs.flatMap((r) => (r.data.availability ?? []).map((a) => a.service)));
  const rank = new Map(services.map((s, i) => [s, i]));
  const values: Record<string, string | number>[] = [];
  for (const { run, data } of runs) {
    for (const r of extendSteps(data.availability ?? [], (x) => x.service, runEndMs(data))) {
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
      y: { field: 'fraction', type: 'quantitative', title: 'instances running', scale: { domain: [0, 1], nice: false }, axis: { format: '.0%', tickCount: 5 } },
      color: { field: 'service', type: 'nominal', sort: services, legend: { title: null, orient: 'right' } },
      ...overlapWidthEncoding(services.length),
      ...(compare
        ? {
            strokeDash: {
              field: 'run',
              type: 'nominal',
              sort: runs.map((r) => r.run),
              scale: { domain: runs.map((r) => r.run), range: runs.map((_, i) => DASHES[i % DASHES.length]) },
              legend: { title: 'run', orient: 'top' },
            },
          }
        : {}),
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
    description: 'Share of each service\u2019s desired instances that were running; dips show failures and maintenance.',
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
