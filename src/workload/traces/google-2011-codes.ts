import type { ConstraintOp, LifecycleEvent, MachineEvent, MissingInfo } from '../records.ts';

/**
 * Google cluster-data 2011 ("clusterdata-2011-2", trace version 2.1) codes, from C. Reiss,
 * J. Wilkes, J. L. Hellerstein, "Google cluster-usage traces: format + schema" (2011, rev. 2014)
 * and shared docs/traces.md §1. The 2019 trace uses different numbers (google-2019.ts).
 */
export const TASK_EVENTS_2011: readonly LifecycleEvent[] = [
  'submit', 'schedule', 'evict', 'fail', 'finish', 'kill', 'lost', 'update-pending', 'update-running',
];

export const MACHINE_EVENTS_2011: readonly MachineEvent[] = ['add', 'remove', 'update'];

/** "missing info": empty = a real record; otherwise the record was synthesized by Google. */
export const MISSING_2011: readonly MissingInfo[] = [
  'snapshot-but-no-transition', 'no-snapshot-or-transition', 'exists-but-no-creation',
];

/**
 * task_constraints comparison operator. 0–3 are documented; the v2.1 PDF may add ≤/≥, which we
 * accept as 4/5 like the 2019 proto does. Anything else is rejected loudly (CS6004).
 */
export const CONSTRAINT_OPS_2011: readonly ConstraintOp[] = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];

export const GOOGLE_2011_TABLES = [
  'task_events', 'job_events', 'machine_events', 'machine_attributes', 'task_constraints', 'task_usage',
] as const;
export type Google2011Table = (typeof GOOGLE_2011_TABLES)[number];
