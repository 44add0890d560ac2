/**
 * Arrival processes from a seeded stream: Poisson (exponential gaps) and diurnal (a
 * non-homogeneous Poisson process whose rate follows a daily cosine, sampled by thinning —
 * Lewis & Shedler 1979: draw candidates at the peak rate, keep each with probability λ(t)/λmax).
 */
import type { Rng } from '../../kernel/rng.ts';
import type { ArrivalSpec } from './generator-spec.ts';

export class ArrivalProcess {
  private readonly spec: ArrivalSpec;
  private readonly rng: Rng;
  private t: number;

  constructor(spec: ArrivalSpec, rng: Rng, startMs: number) {
    this.spec = spec;
    this.rng = rng;
    this.t = startMs;
  }

  /** The next arrival time (ms, integer, non-decreasing). */
  next(): number {
    const s = this.spec;
    if (s.meanInterarrivalMs <= 0) return this.t;
    if (s.kind === 'poisson') {
      this.t += this.gap(s.meanInterarrivalMs);
      return Math.round(this.t);
    }
    const peak = 1 + s.amplitude;
    for (;;) {
      this.t += this.gap(s.meanInterarrivalMs / peak);
      const rate = 1 + s.amplitude * Math.cos((2 * Math.PI * (this.t - s.peakAtMs)) / s.periodMs);
      if (this.rng.next() * peak <= rate) return Math.round(this.t);
    }
  }

  private gap(mean: number): number {
    return -Math.log(1 - this.rng.next()) * mean;
  }
}
