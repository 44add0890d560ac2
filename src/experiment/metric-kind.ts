/**
 * What a summary.json number stands for, as far as comparing it goes (golden.ts, assertions.ts):
 *
 * - `duration`: milliseconds — a key ending in `Ms` (makespanMs, simulatedMs, belowFairShareMs) or a
 *   statistic of one (waitMs.p95, jobs.completionMs.p99, oversubscription.timeToReclaimMs.max), and
 *   `wait.<stat>` (the assertion shorthand). Whole ms, but a measured quantity: a golden tolerance
 *   band applies to it like to a fractional number (`--tolerance rel=0.1` covers a 9% longer wait p95);
 * - `count`: an integer on both sides that is none of the above nor a quantity below: tasks.launched,
 *   offers.made, events, waitMs.count, sharingIncentive.rolesWithDemand. Exact unless asked for
 *   (`--tolerance-counts`, `--tolerance-path`): one task more is a behaviour change, not noise;
 * - `quantity`: everything else — fractions, shares, time-weighted means (a path segment `mean…` or
 *   `…Mean`: roles.a.mean.cpus, cluster.meanAllocated.cpus, fairness.jainMean), resource amounts (a
 *   last key cpus, mem, disk or gpus: roles.a.max.cpus, cluster.cpus) and cpu/task-seconds
 *   (`…Seconds…`): these take the tolerance even when they happen to be whole (a peak of 100 cpus).
 *
 * By path, plus integer-ness for counts: a metric added later without one of these shapes is a count
 * when integral and a quantity otherwise, which is the conservative reading (exact when in doubt).
 */
export type MetricKind = 'duration' | 'count' | 'quantity';

const STATISTICS = new Set(['mean', 'p50', 'p95', 'p99', 'min', 'max']);
const RESOURCES = new Set(['cpus', 'mem', 'disk', 'gpus']);

/** A metric in ms: a key ending in `Ms` (fleetMs, belowSloMs), or a statistic of one (waitMs.p95, wait.p95, completionMs.p50). */
export function isDurationPath(path: readonly (string | number)[]): boolean {
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

/** `golden` and `actual` are the two numbers compared at `path` (dotted summary.json path split into keys). */
export function metricKind(path: readonly string[], golden: number, actual: number): MetricKind {
  if (isDurationPath(path)) return 'duration';
  if (isQuantityPath(path)) return 'quantity';
  return Number.isInteger(golden) && Number.isInteger(actual) ? 'count' : 'quantity';
}
