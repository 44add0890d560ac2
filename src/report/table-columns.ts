/**
 * Documented column order of every table (see docs/outputs.md). Producers may omit columns they do
 * not have and may add extra ones (e.g. one column per resource); the writer puts the documented
 * columns first, in this order, then the extras in the producer's order.
 */
export const TABLE_COLUMNS: Record<string, readonly string[]> = {
  roles: [
    'role', 'weight', 'frameworks', 'tasks_launched', 'tasks_finished',
    'dominant_share_mean', 'dominant_share_max', 'fair_share',
    'time_below_guarantee_ms', 'sharing_incentive_met',
    'wait_p50_ms', 'wait_p95_ms', 'wait_p99_ms',
  ],
  frameworks: [
    'framework', 'role', 'tasks_launched', 'tasks_finished', 'tasks_failed', 'tasks_killed',
    'offers_received', 'offers_declined', 'offers_rescinded',
    'dominant_share_mean', 'dominant_share_max',
    'wait_p50_ms', 'wait_p95_ms', 'wait_p99_ms',
  ],
  tasks: [
    'task', 'job', 'framework', 'role', 'agent', 'state', 'revocable',
    'submit_ms', 'launch_ms', 'end_ms', 'wait_ms',
  ],
  jobs: [
    'job', 'framework', 'role', 'tasks', 'state',
    'submit_ms', 'first_launch_ms', 'end_ms', 'completion_ms',
  ],
  agents: [
    'agent', 'rack', 'zone', 'region', 'state',
    'tasks_launched', 'down_ms', 'draining_ms',
  ],
  timeseries: ['series', 'name', 'detail', 't_start_ms', 't_end_ms', 'value'],
};

/**
 * Documented columns that hold text (names, states, yes/no), typed text even when a run has no value
 * in them (tables.ts isNumericColumn): an empty table, or agents without racks, made them float64 in
 * Arrow, so the schema changed from run to run and tables of several runs would not concatenate.
 */
export const TEXT_COLUMNS: ReadonlySet<string> = new Set([
  'role', 'framework', 'task', 'job', 'agent', 'state', 'revocable', 'rack', 'zone', 'region', 'sharing_incentive_met',
  'series', 'name', 'detail', // timeseries
  'metric_key', 'metric', 'unit', 'run', // compare's long tables
]);

/** Order in which tables are written and shown; unknown tables follow, sorted by name. */
export const TABLE_ORDER = ['roles', 'frameworks', 'jobs', 'tasks', 'agents', 'timeseries'] as const;

export function orderedTableNames(names: Iterable<string>): string[] {
  const all = [...names];
  const known = TABLE_ORDER.filter((n) => all.includes(n)) as string[];
  const extra = all.filter((n) => !known.includes(n)).sort();
  return [...known, ...extra];
}

/** Documented columns present in `columns` (in documented order), then the rest in given order. */
export function orderColumns(table: string, columns: readonly string[]): string[] {
  const documented = Object.hasOwn(TABLE_COLUMNS, table) ? TABLE_COLUMNS[table] : [];
  const first = documented.filter((c) => columns.includes(c));
  return [...first, ...columns.filter((c) => !first.includes(c))];
}
