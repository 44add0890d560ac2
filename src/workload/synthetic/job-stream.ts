/**
 * A seeded stream of `job.submitted` records: arrivals (Poisson or diurnal), tasks per job,
 * per-task CPU and memory, run times (any distribution: empirical, lognormal, Pareto, …, or
 * long-running) and a weighted priority mix. Records are produced lazily, in time order.
 */
import { draw, drawCount, drawInt } from '../../frameworks/distributions.ts';
import type { Rng } from '../../kernel/rng.ts';
import { googleBand2011 } from '../priority.ts';
import type { JobSubmittedRecord } from '../records.ts';
import { ArrivalProcess } from './arrivals.ts';
import type { JobStreamSpec } from './generator-spec.ts';

export function* jobStream(spec: JobStreamSpec, rng: Rng, name: string): Generator<JobSubmittedRecord> {
  const arrivals = new ArrivalProcess(spec.arrivals, rng, spec.startMs);
  const totalWeight = spec.priorities.reduce((n, p) => n + p.weight, 0);
  for (let i = 0; spec.count === null || i < spec.count; i++) {
    const at = arrivals.next();
    if (spec.endMs !== null && at > spec.endMs) return;
    let u = rng.next() * totalWeight;
    let priority = spec.priorities[spec.priorities.length - 1]?.priority ?? 0;
    for (const p of spec.priorities) { if (u < p.weight) { priority = p.priority; break; } u -= p.weight; }
    yield {
      kind: 'job.submitted', atMs: at, jobId: `job-${name}-${String(i + 1).padStart(7, '0')}`,
      taskCount: drawCount(spec.tasks, rng),
      request: { cpus: Math.max(1, Math.round(draw(spec.cpus, rng) * 1000)), mem: Math.max(1, Math.round(draw(spec.memMiB, rng) * 1000)) },
      durationMs: spec.duration === null ? undefined : drawInt(spec.duration, rng),
      priority, band: googleBand2011(priority), user: spec.user,
    };
  }
}
