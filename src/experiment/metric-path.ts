/**
 * Reading a metric out of summary.json by path (`tasks.finished`, `roles.a.mean.dominantShare`).
 * Short aliases for the first segment are accepted when the summary has no such key:
 * `wait` → `waitMs` (so `--slo 'wait.p95<=60s'` reads `waitMs.p95`).
 * A path that is not there says where it breaks, which keys exist there, and the close ones
 * (`waitMs.p59` → did you mean waitMs.p50 or waitMs.p99?).
 */
import { closestNames } from '../core/closest-names.ts';
import { formatPath } from '../scenario/metric-assertion.ts';
import { declaredKind, SUMMARY_METRIC_KINDS } from '../metrics/summary-kinds.ts';

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
    if (node === null && i > 0) { // a whole section with nothing measured, unless the rest of the path cannot be in it
      const typo = undeclaredBelow(segs, i, path);
      return typo ?? { ok: true, value: null };
    }
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

/**
 * Below a null section (`availability` without services) there are no keys to check a path against,
 * so the declared metrics (summary-kinds.ts) say which paths can be there: `availability.meen` is a
 * typo, `availability.mean` is a metric that was not measured. A section no pattern declares (a
 * plugin's own) is taken as it stands.
 */
function undeclaredBelow(segs: readonly string[], i: number, path: readonly string[]): MetricLookup | null {
  if (declaredKind(segs) !== undefined) return null;
  const prefix = segs.slice(0, i);
  const patterns = SUMMARY_METRIC_KINDS.map(([p]) => p.split('.')).filter((p) => p.length > i && prefix.every((k, j) => p[j] === '*' || p[j] === k));
  if (patterns.length === 0 && declaredKind(prefix) === undefined) return null;
  // The first key that no declared metric has at its place.
  let at = i;
  while (at < segs.length && patterns.some((p) => p.length > at && segs.slice(i, at + 1).every((k, j) => p[i + j] === '*' || p[i + j] === k))) at++;
  const known = [...new Set(patterns.filter((p) => segs.slice(i, at).every((k, j) => p[i + j] === '*' || p[i + j] === k)).map((p) => p[at]).filter((k) => k !== undefined && k !== '*'))].sort();
  const here = formatPath(segs.slice(0, at));
  const close = closestNames(segs[at] ?? '', known).slice(0, 3).map((k) => formatPath([...segs.slice(0, at), k]));
  return {
    ok: false,
    error: `no metric "${formatPath(path)}" in summary.json: ${here} ${known.length > 0 ? `has keys ${known.join(', ')}` : 'is a number, with nothing under it'} (null in this run: nothing was measured)${close.length > 0 ? `; did you mean ${close.join(' or ')}?` : ''}`,
    miss: { prefix: segs.slice(0, at), key: segs[at] ?? null, known },
  };
}
