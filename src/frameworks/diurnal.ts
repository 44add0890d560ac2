/**
 * A daily cycle: a value that moves smoothly between `min` (at the trough) and `max` (at
 * `peakAtMs`, then every `periodMs`), as a raised cosine. Used for services' wanted instances and
 * for diurnal arrival rates (src/workload/synthetic/arrivals.ts).
 */
export interface Diurnal {
  readonly min: number;
  readonly max: number;
  readonly periodMs: number;
  readonly peakAtMs: number;
}

export function diurnalValue(d: Diurnal, tMs: number): number {
  const phase = (2 * Math.PI * (tMs - d.peakAtMs)) / d.periodMs;
  return d.min + ((d.max - d.min) * (1 + Math.cos(phase))) / 2;
}
