/**
 * Failure and repair time distributions for fault models, drawn from a named seeded stream.
 * Results are integer milliseconds (at least 1 ms, so a failure never lands in the same instant
 * as the repair that preceded it).
 *
 *   exponential  memoryless: mean time between failures (MTBF) or mean time to repair
 *   weibull      shape k < 1 = infant mortality, k = 1 = exponential, k > 1 = wear-out; scale λ
 *   fixed        a constant (scripted repair times, tests)
 */
import type { Rng } from '../kernel/rng.ts';

export type Distribution =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'exponential'; readonly meanMs: number }
  | { readonly kind: 'weibull'; readonly shape: number; readonly scaleMs: number };

export function sample(d: Distribution, rng: Rng): number {
  switch (d.kind) {
    case 'fixed': return Math.max(1, Math.round(d.ms));
    case 'exponential': return Math.max(1, Math.round(-d.meanMs * Math.log(1 - rng.next())));
    case 'weibull': return Math.max(1, Math.round(d.scaleMs * Math.pow(-Math.log(1 - rng.next()), 1 / d.shape)));
  }
}

/** The mean of a distribution (Weibull: λ·Γ(1 + 1/k), Lanczos approximation). */
export function meanOf(d: Distribution): number {
  switch (d.kind) {
    case 'fixed': return d.ms;
    case 'exponential': return d.meanMs;
    case 'weibull': return d.scaleMs * gamma(1 + 1 / d.shape);
  }
}

function gamma(z: number): number {
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gamma(1 - z));
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  z -= 1;
  let x = c[0];
  for (let i = 1; i < g + 2; i++) x += c[i] / (z + i);
  const t = z + g + 0.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * x;
}
