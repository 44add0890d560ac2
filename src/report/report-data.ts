/**
 * ReportData: the contract between the metrics layer and the report layer.
 *
 * Everything the report renders comes from this plain, JSON-serialisable object; the report layer
 * never sees simulation state. Producers (metrics/experiment) fill it from a run directory or a
 * finished run; `writeReport` turns it into report.html, charts/*.svg and tables/*.csv|arrow.
 *
 * Rules for producers:
 * - Times are simulated milliseconds since the start of the run.
 * - Strings (title, role, framework, service, group and table cells) are shown verbatim and are
 *   escaped by the report layer; they may contain anything.
 * - Series arrays should be sorted by time, then by name, so outputs are byte-identical run to run
 *   (the report layer keeps the order it is given except where it documents otherwise).
 * - Non-finite numbers (NaN, ±Infinity) are written as empty cells / null.
 */
import type { RunOrigin } from './run-origin.ts';

/**
 * The utilization states. They partition capacity: for one (interval, resource) the fractions sum to 1.
 * `unavailable` appears only when the cluster's capacity changed during the run (agents down or
 * added): the fractions are then of the peak capacity, and `unavailable` is the part missing.
 */
export const UTILIZATION_STATES = ['used', 'allocated', 'revocable', 'reserved-idle', 'idle', 'unavailable'] as const;
export type UtilizationState = (typeof UTILIZATION_STATES)[number];

/** Human labels for the states, in stacking order (bottom to top). */
export const UTILIZATION_STATE_LABELS: Record<UtilizationState, string> = {
  used: 'used',
  allocated: 'allocated, unused',
  revocable: 'revocable (oversubscribed)',
  'reserved-idle': 'reserved, idle',
  idle: 'idle',
  unavailable: 'unavailable',
};

/** The `used` state's label when no usage model ran (`used` = requests of running tasks). */
export const NO_USAGE_MODEL_LABEL = 'allocated to running tasks (no usage model)';

/** Label of a state; without a usage model `used` is not called used (it is what running tasks requested). */
export function utilizationStateLabel(state: UtilizationState, usageModel = true): string {
  return state === 'used' && !usageModel ? NO_USAGE_MODEL_LABEL : UTILIZATION_STATE_LABELS[state];
}

export interface HeadlineMetric {
  /** Stable machine key, e.g. `utilization.cpus.allocated.mean`; used to match metrics across runs in a comparison. */
  key: string;
  label: string;
  value: number | string;
  /** Display unit. `'%'` means the value is a fraction in [0, 1] and is shown multiplied by 100. */
  unit?: string;
  note?: string;
  /** Which direction is an improvement; colours deltas in comparisons (neutral when absent). */
  better?: 'higher' | 'lower';
}

/**
 * One piecewise-constant utilization segment: on [tStartMs, tEndMs) the given fraction of `resource`'s
 * capacity was in `state`. Exact (integrated from events), not sampled. States partition capacity:
 * `used` = allocated and in use, `allocated` = allocated but unused (slack), `revocable` = slack
 * re-offered and allocated as revocable, `reserved-idle` = reserved but unallocated, `idle` = the rest.
 */
export interface UtilizationRow {
  tStartMs: number;
  tEndMs: number;
  resource: string;
  state: UtilizationState;
  fraction: number;
}

/** Dominant share of one client from `tMs` until the client's next row (step function; NaN = absent from `tMs`, e.g. a removed framework). */
export interface ShareRow {
  tMs: number;
  client: string;
  kind: 'role' | 'framework';
  dominantShare: number;
}

/** Jain's index over roles and the max−min dominant-share gap, from `tMs` until the next row (NaN = undefined: fewer than two roles with demand). */
export interface FairnessRow {
  tMs: number;
  jain: number;
  maxMinGap: number;
}

/** One task's wait (submit → launch); `group` is what the CDFs are split by (role, framework, job class). */
export interface WaitRow {
  group: string;
  waitMs: number;
}

/** Fraction of a service's desired instances that were running, from `tMs` until the next row (NaN = absent: it wanted none). */
export interface AvailabilityRow {
  tMs: number;
  service: string;
  fraction: number;
}

export type Cell = string | number | null;

/** A plain table; column order is significant (see docs/outputs.md for the documented orders). */
export interface PlainTable {
  columns: string[];
  rows: Cell[][];
}

export interface ReportData {
  /** Scenario name etc. User-provided: escaped on output. */
  title: string;
  subtitle?: string;
  /** When the run ended (metrics.json endMs): the charts' time axis spans the whole run even where no series changed. */
  endMs?: number;
  headline: HeadlineMetric[];
  utilization: UtilizationRow[];
  shares: ShareRow[];
  fairness: FairnessRow[];
  waits: WaitRow[];
  availability?: AvailabilityRow[];
  /**
   * Why fairness is undefined where it is (metrics.json summary): the exact time it is defined (the
   * charts' binned series would overstate it), the time exactly one role had demand and the roles that
   * had demand at some point. Absent in data that does not carry it (old metrics.json).
   */
  fairnessContext?: { definedMs: number; singleRoleMs: number; rolesWithDemand: string[] };
  /**
   * A metrics.json recorded before fairness needed two roles with demand, re-rendered under the rule
   * (fairness-legacy.ts): `exact` when no two roles ever had demand (never defined, as today), else
   * the `ambiguousMs` that read Jain 1 and gap 0 exactly were dropped (one role alone, or equal shares).
   */
  fairnessLegacy?: { exact: boolean; ambiguousMs: number };
  /** roles, frameworks, tasks, jobs, agents, timeseries (the latter is derived from the series when absent). */
  tables: Record<string, PlainTable>;
  /**
   * false: no usage model ran, tasks count at their requests, so utilization state `used` is allocation
   * to running tasks, not measured use, and the chart says so (NO_USAGE_MODEL_LABEL). Absent = a usage model ran.
   */
  usageModel?: boolean;
}

/** One run in a comparison; `run` is the label shown in legends and column headers. */
export interface RunData {
  run: string;
  data: ReportData;
  /** What the run was made from (scenario, seed, length, settings), for the comparison's note. */
  origin?: RunOrigin;
}
