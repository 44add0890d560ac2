/**
 * Seeded batch-job generator: Poisson arrivals (exponential inter-arrival times) or a fixed
 * count at time zero, tasks per job fixed or uniform in a range, run times fixed, exponential or
 * lognormal. Every draw comes from the stream handed in, so the jobs are a pure function of seed.
 */
import type { Resources } from '../../cluster/resources.ts';
import type { Rng } from '../../kernel/rng.ts';

export type DurationDist =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'exponential'; readonly meanMs: number }
  | { readonly kind: 'lognormal'; readonly medianMs: number; readonly sigma: number };

export interface BatchJobsSpec {
  readonly prefix: string;
  readonly count: number;
  /** Mean inter-arrival time; 0 = every job arrives at `startMs`. */
  readonly meanInterarrivalMs: number;
  readonly startMs: number;
  readonly tasks: readonly [number, number];
  readonly resources: Resources;
  readonly duration: DurationDist;
}

export interface GeneratedJob {
  readonly id: string;
  readonly submitMs: number;
  readonly tasks: number;
  readonly resources: Resources;
  readonly durationMs: number;
}

export function generateBatchJobs(spec: BatchJobsSpec, rng: Rng): GeneratedJob[] {
  const jobs: GeneratedJob[] = [];
  let t = spec.startMs;
  for (let i = 0; i < spec.count; i++) {
    if (spec.meanInterarrivalMs > 0) t += Math.max(1, Math.round(-Math.log(1 - rng.next()) * spec.meanInterarrivalMs));
    const tasks = rng.int(spec.tasks[0], spec.tasks[1]);
    jobs.push({
      id: `${spec.prefix}-job-${String(i + 1).padStart(6, '0')}`,
      submitMs: t,
      tasks,
      resources: spec.resources,
      durationMs: drawDuration(spec.duration, rng),
    });
  }
  return jobs;
}

export function drawDuration(d: DurationDist, rng: Rng): number {
  switch (d.kind) {
    case 'fixed': return d.ms;
    case 'exponential': return Math.max(1, Math.round(-Math.log(1 - rng.next()) * d.meanMs));
    case 'lognormal': {
      // Box–Muller on two uniform draws.
      const u1 = 1 - rng.next(), u2 = rng.next();
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      return Math.max(1, Math.round(d.medianMs * Math.exp(d.sigma * z)));
    }
  }
}
