/**
 * What a summary.json number stands for, as far as comparing it goes (golden.ts, assertions.ts).
 *
 * Since session 11 the kinds are declared, path by path, next to where summary.json is produced
 * (src/metrics/summary-kinds.ts: `duration`, `count`, `quantity`, `setting`), and a test fails when
 * a built-in scenario's summary has a number no pattern declares. Before, they were guessed from
 * the name, which is still the fallback for a path the table does not cover (a plugin's section, an
 * assertion alias such as `wait.p95`):
 *
 * - `duration`: a key ending in `Ms` or a statistic of one (waitMs.p95), and `wait.<stat>`;
 * - `quantity`: a time-weighted mean (`mean…`, `…Mean`), a resource amount (last key cpus, mem, disk,
 *   gpus), cpu/task-seconds (`…Seconds…`);
 * - otherwise `count` when integral on both sides and `quantity` when not (exact when in doubt).
 *
 * The guess got some built-in metrics wrong, which the table corrects: replay.feed.startAfter.heldMsMax
 * and heldMsTotal are durations (the guess: counts, exact under --tolerance), offerModel conflict rates
 * and launches per hour, utilizationStates.* and availability fractions that happen to be whole
 * (0 or 1) are quantities (the guess: counts), and seed, availability SLOs, quotas and the monolithic
 * decision times are settings (exact under every kind's band).
 */
import { declaredKind, type MetricKind } from '../metrics/summary-kinds.ts';

export type { MetricKind } from '../metrics/summary-kinds.ts';

const STATISTICS = new Set(['mean', 'p50', 'p95', 'p99', 'min', 'max']);
const RESOURCES = new Set(['cpus', 'mem', 'disk', 'gpus']);

/** A metric in ms: declared a duration (or a setting named …Ms), or (undeclared) a key ending in `Ms` or a statistic of one (waitMs.p95, wait.p95, completionMs.p50). */
export function isDurationPath(path: readonly (string | number)[]): boolean {
  const declared = declaredKind(path.map(String));
  if (declared === 'setting') return namedDuration(path); // a decision time in ms is in ms, though exact
  return declared !== undefined ? declared === 'duration' : namedDuration(path);
}

/** By the name alone: a key ending in `Ms`, or a statistic of one. */
function namedDuration(path: readonly (string | number)[]): boolean {
  const last = String(path[path.length - 1] ?? '');
  if (/Ms$/.test(last)) return true;
  return STATISTICS.has(last) && path.slice(0, -1).some((seg, i) => /Ms$/.test(String(seg)) || (i === 0 && seg === 'wait'));
}

/** A quantity that is whole only by chance: a time-weighted mean, a resource amount, cpu- or task-seconds. */
function isQuantityPath(path: readonly string[]): boolean {
  const last = path[path.length - 1] ?? '';
  if (RESOURCES.has(last) || /Seconds/.test(last)) return true;
  return path.some((seg) => /^mean/.test(seg) || /Mean$/.test(seg));
}

/**
 * `golden` and `actual` are the two numbers compared at `path` (dotted summary.json path split into
 * keys): the declared kind (summary-kinds.ts), else the guess from the name (guessedKind).
 */
export function metricKind(path: readonly string[], golden: number, actual: number): MetricKind {
  return declaredKind(path) ?? guessedKind(path, golden, actual);
}

/** The pre-session-11 rule, for paths no pattern declares. */
export function guessedKind(path: readonly string[], golden: number, actual: number): MetricKind {
  if (namedDuration(path)) return 'duration';
  if (isQuantityPath(path)) return 'quantity';
  return Number.isInteger(golden) && Number.isInteger(actual) ? 'count' : 'quantity';
}
