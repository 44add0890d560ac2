/**
 * Reading a metric out of summary.json by path (`tasks.finished`, `roles.a.mean.dominantShare`).
 * Short aliases for the first segment are accepted when the summary has no such key:
 * `wait` → `waitMs` (so `--slo 'wait.p95<=60s'` reads `waitMs.p95`).
 * A path that is not there says where it breaks, which keys exist there, and the close ones
 * (`waitMs.p59` → did you mean waitMs.p50 or waitMs.p99?).
 */
import { closestNames } from '../core/closest-names.ts';
import { formatPath } from '../scenario/metric-assertion.ts';

const ALIASES: Readonly<Record<string, string>> = { wait: 'waitMs', utilization: 'cluster.meanAllocated' };

/** Where a path leaves summary.json: the segments that exist (after aliasing), the key that does not, the keys there. */
export interface MetricMiss {
  readonly prefix: readonly string[];
  /** the first segment that is not there; null when the whole path exists but is not a number */
  readonly key: string | null;
  readonly known: readonly string[];
}

export type MetricLookup = { ok: true; value: number | null } | { ok: false; error: string; miss: MetricMiss };

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
      const close = closestNames(segs[i], keys).slice(0, 3).map((k) => formatPath([...segs.slice(0, i), k]));
      return {
        ok: false,
        error: `no metric "${formatPath(path)}" in summary.json: ${here} has ${keys.length > 0 ? `keys ${keys.join(', ')}` : 'no fields'}${close.length > 0 ? `; did you mean ${close.join(' or ')}?` : ''}`,
        miss: { prefix: segs.slice(0, i), key: segs[i], known: keys },
      };
    }
    node = (node as Record<string, unknown>)[segs[i]];
  }
  if (node === null) return { ok: true, value: null };
  if (typeof node !== 'number') {
    const keys = typeof node === 'object' && !Array.isArray(node) ? Object.keys(node as object).sort() : [];
    const what = Array.isArray(node) ? 'a list' : keys.length > 0 ? `a section with keys ${keys.join(', ')}` : typeof node;
    return { ok: false, error: `"${formatPath(path)}" is not a number (it is ${what})`, miss: { prefix: segs, key: null, known: keys } };
  }
  return { ok: true, value: node };
}
