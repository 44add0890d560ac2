/**
 * Reading a metric out of summary.json by path (`tasks.finished`, `roles.a.mean.dominantShare`).
 * Short aliases for the first segment are accepted when the summary has no such key:
 * `wait` → `waitMs` (so `--slo 'wait.p95<=60s'` reads `waitMs.p95`).
 */
import { formatPath } from '../scenario/metric-assertion.ts';

const ALIASES: Readonly<Record<string, string>> = { wait: 'waitMs', utilization: 'cluster.meanAllocated' };

export type MetricLookup = { ok: true; value: number | null } | { ok: false; error: string };

export function lookupMetric(summary: unknown, path: readonly string[]): MetricLookup {
  let segs = [...path];
  if (summary && typeof summary === 'object' && !(segs[0] in (summary as object)) && ALIASES[segs[0]]) {
    segs = [...ALIASES[segs[0]].split('.'), ...segs.slice(1)];
  }
  let node: unknown = summary;
  for (let i = 0; i < segs.length; i++) {
    if (node === null && i > 0) return { ok: true, value: null }; // a whole section with nothing measured
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, segs[i])) {
      const here = formatPath(segs.slice(0, i)) || '(top level)';
      const keys = node !== null && typeof node === 'object' ? Object.keys(node).sort() : [];
      return { ok: false, error: `no metric "${formatPath(path)}" in summary.json: ${here} has ${keys.length > 0 ? `keys ${keys.join(', ')}` : 'no fields'}` };
    }
    node = (node as Record<string, unknown>)[segs[i]];
  }
  if (node === null) return { ok: true, value: null };
  if (typeof node !== 'number') return { ok: false, error: `"${formatPath(path)}" is not a number (it is ${Array.isArray(node) ? 'a list' : typeof node})` };
  return { ok: true, value: node };
}
