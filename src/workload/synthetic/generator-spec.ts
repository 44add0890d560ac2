/** Normalized options of the synthetic workload generators (plain JSON, integer ms). */
import type { Dist } from '../../frameworks/distributions.ts';

export type ArrivalSpec =
  | { readonly kind: 'poisson'; readonly meanInterarrivalMs: number }
  /** Rate λ(t) = λ̄·(1 + amplitude·cos(2π(t − peakAtMs)/periodMs)), by thinning. */
  | { readonly kind: 'diurnal'; readonly meanInterarrivalMs: number; readonly amplitude: number; readonly periodMs: number; readonly peakAtMs: number };

export interface JobStreamSpec {
  readonly type: 'jobs';
  readonly arrivals: ArrivalSpec;
  readonly startMs: number;
  readonly endMs: number | null;
  readonly count: number | null;
  readonly tasks: Dist;
  readonly cpus: Dist;
  readonly memMiB: Dist;
  /** Run time in ms; null = long-running (until killed). */
  readonly duration: Dist | null;
  /** Priorities with weights (the band follows from the priority on the Google 2011 scale). */
  readonly priorities: readonly { readonly priority: number; readonly weight: number }[];
  readonly user: string;
}

export interface Google2011LikeSpec {
  readonly type: 'google-2011';
  /** Fraction of the 12,477 machines of the real cell (1 = full scale). */
  readonly scale: number;
  /** Tasks already running at time 0, per machine (11.57 in the trace). */
  readonly initialTasksPerMachine: number;
  readonly endMs: number | null;
}

export type GeneratorSpec = JobStreamSpec | Google2011LikeSpec;
