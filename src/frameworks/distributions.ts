/**
 * Random variables for workload models, drawn from a named seeded stream (never Math.random).
 * Frameworks (cron run times, Spark task times, failures) and the synthetic generators
 * (src/workload/synthetic) share them; they live here, the lower layer, so both can import them.
 *
 *   fixed        a constant
 *   uniform      [min, max]
 *   exponential  mean (memoryless: Poisson inter-arrivals, MTBF)
 *   lognormal    median e^μ and σ (run times of batch tasks)
 *   pareto       scale x_m and shape α, optionally capped at `max` (heavy-tailed job sizes and run times)
 *   weibull      shape k, scale λ
 *   empirical    a CDF as [value, cumulative probability] points, linearly interpolated (the
 *                google cluster-scheduler-simulator's "empirical distributions")
 */
import { MAX_COUNT, MAX_DRAW } from '../core/limits.ts';
import type { Rng } from '../kernel/rng.ts';

export type Dist =
  | { readonly kind: 'fixed'; readonly value: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'exponential'; readonly mean: number }
  | { readonly kind: 'lognormal'; readonly median: number; readonly sigma: number }
  | { readonly kind: 'pareto'; readonly scale: number; readonly shape: number; readonly max?: number }
  | { readonly kind: 'weibull'; readonly shape: number; readonly scale: number }
  | { readonly kind: 'empirical'; readonly cdf: readonly (readonly [number, number])[] };

/** One standard normal draw (Box–Muller, two uniforms). */
export function normal(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * One draw, always finite: within ±MAX_DRAW (a lognormal with a huge σ, a Pareto or Weibull with a
 * tiny shape overflow to Infinity), and 0 where a zero scale meets such an overflow (0 × ∞).
 */
export function draw(d: Dist, rng: Rng): number {
  const x = drawRaw(d, rng);
  return x !== x ? 0 : x > MAX_DRAW ? MAX_DRAW : x < -MAX_DRAW ? -MAX_DRAW : x; // x !== x: NaN
}

function drawRaw(d: Dist, rng: Rng): number {
  switch (d.kind) {
    case 'fixed': return d.value;
    case 'uniform': return d.min + rng.next() * (d.max - d.min);
    case 'exponential': return -Math.log(1 - rng.next()) * d.mean;
    case 'lognormal': return d.median * Math.exp(d.sigma * normal(rng));
    case 'pareto': {
      const x = d.scale / Math.pow(1 - rng.next(), 1 / d.shape);
      return d.max !== undefined ? Math.min(x, d.max) : x;
    }
    case 'weibull': return d.scale * Math.pow(-Math.log(1 - rng.next()), 1 / d.shape);
    case 'empirical': return empirical(d.cdf, rng.next());
  }
}

/** A draw rounded to a positive integer (ms): at least `min` (default 1). */
export function drawInt(d: Dist, rng: Rng, min = 1): number {
  return Math.max(min, Math.round(draw(d, rng)));
}

/** A drawn count of things to build (tasks of a job, stages): as drawInt, at most MAX_COUNT. */
export function drawCount(d: Dist, rng: Rng, min = 1): number {
  return Math.min(MAX_COUNT, drawInt(d, rng, min));
}

/** Inverse of a piecewise-linear CDF at u ∈ [0, 1). Points must be sorted by value and probability. */
export function empirical(cdf: readonly (readonly [number, number])[], u: number): number {
  if (cdf.length === 0) return 0;
  if (u <= cdf[0][1]) return cdf[0][0];
  for (let i = 1; i < cdf.length; i++) {
    const [v1, p1] = cdf[i];
    if (u <= p1) {
      const [v0, p0] = cdf[i - 1];
      return p1 === p0 ? v1 : v0 + ((u - p0) / (p1 - p0)) * (v1 - v0);
    }
  }
  return cdf[cdf.length - 1][0];
}

/** The mean (for documentation and tests); empirical by the trapezoid rule. */
export function meanOf(d: Dist): number {
  switch (d.kind) {
    case 'fixed': return d.value;
    case 'uniform': return (d.min + d.max) / 2;
    case 'exponential': return d.mean;
    case 'lognormal': return d.median * Math.exp((d.sigma * d.sigma) / 2);
    case 'pareto': return d.max === undefined
      ? (d.shape > 1 ? (d.shape * d.scale) / (d.shape - 1) : Infinity)
      : paretoCappedMean(d.scale, d.shape, d.max);
    case 'weibull': return d.scale * gamma(1 + 1 / d.shape);
    case 'empirical': {
      let m = d.cdf[0]?.[0] ?? 0;
      m *= d.cdf[0]?.[1] ?? 0;
      for (let i = 1; i < d.cdf.length; i++) m += ((d.cdf[i][0] + d.cdf[i - 1][0]) / 2) * (d.cdf[i][1] - d.cdf[i - 1][1]);
      return m;
    }
  }
}

function paretoCappedMean(xm: number, a: number, max: number): number {
  // E[min(X, max)] = ∫0^max P(X > x) dx = x_m + ∫x_m^max (x_m/x)^α dx
  return a === 1 ? xm + xm * Math.log(max / xm) : xm + (xm / (a - 1)) * (1 - Math.pow(xm / max, a - 1));
}

function gamma(z: number): number {
  // Lanczos approximation (g = 7)
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gamma(1 - z));
  z -= 1;
  let x = c[0];
  for (let i = 1; i < 9; i++) x += c[i] / (z + i);
  const t = z + 7.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * x;
}
