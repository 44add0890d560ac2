/**
 * Fairness measures over a set of (weighted) dominant shares, as pure functions.
 *
 * Jain's index (Jain, Chiu, Hawe 1984): J(x) = (Σx)² / (n · Σx²), in [1/n, 1]; 1 when all equal.
 * By convention J = 1 when every share is 0 (nobody holds anything: nobody is treated unfairly),
 * and it is undefined (NaN) for an empty set. For one value it is 1 arithmetically, but fairness
 * among competitors needs two: the metrics compute both measures only over two or more roles with
 * demand (share-probe.ts) and call them undefined otherwise.
 * Max–min gap: max(x) − min(x); 0 for fewer than two values.
 */
export function jainIndex(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0, s2 = 0;
  for (const x of xs) { s += x; s2 += x * x; }
  return s2 === 0 ? 1 : (s * s) / (xs.length * s2);
}

export function maxMinGap(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  let lo = Infinity, hi = -Infinity;
  for (const x of xs) { if (x < lo) lo = x; if (x > hi) hi = x; }
  return hi - lo;
}

/** Nearest-rank quantile of an ascending array (null when empty). */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
