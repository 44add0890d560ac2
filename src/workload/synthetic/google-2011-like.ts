/**
 * A synthetic workload with the headline statistics of the Google 2011 cell, at a chosen scale
 * (a fraction of its 12,477 machines), for full-scale benchmarks without the 41 GB trace.
 *
 * The targets were measured with clustersim's own importers on the public data (the full
 * `machine_events` table and the first `task_events` shard, 1.4 h of the 29-day window); see
 * docs/workloads.md §9. Capacities are in the trace's normalized units × GOOGLE_SCALE, like the
 * importer's output, so the same mapping applies to real and synthetic Google records.
 *
 *   machines        12,477 at time 0: 53.5 % (0.5 CPU, 0.5 mem), 30.7 % (0.5, 0.25), 8.0 % (0.5, 0.75),
 *                   6.3 % (1, 1), 1.0 % (0.25, 0.25), 0.4 % (0.5, 0.12)
 *   initial load    11.57 tasks per machine already running at time 0 (long-running), bands
 *                   production 34 %, free 41 %, best-effort 20 %, monitoring 5 %
 *   arrivals        0.221 jobs/s for the whole cell (Poisson)
 *   tasks per job   76 % single-task; p90 23, p99 1,072, max 4,846 (mean ≈ 50)
 *   task requests   CPU median 0.8 cores (p90 2.6), memory median 3.3 GiB (p90 11 GiB)
 *   run times       median 6.1 min, p90 27 min (tasks that finished in the window)
 *   bands (new)     best-effort 74 %, free 24.5 %, production 1.1 %
 */
import { draw, drawCount, drawInt, type Dist } from '../../frameworks/distributions.ts';
import type { Rng } from '../../kernel/rng.ts';
import { googleBand2011 } from '../priority.ts';
import type { JobSubmittedRecord, MachineEventRecord, WorkloadRecord } from '../records.ts';
import { GOOGLE_SCALE } from '../units.ts';
import { ArrivalProcess } from './arrivals.ts';
import type { Google2011LikeSpec } from './generator-spec.ts';

export const GOOGLE_2011_MACHINES = 12_477;
export const GOOGLE_2011_JOBS_PER_SECOND = 0.2213;

/** [normalized cpu, normalized mem, share]. */
export const GOOGLE_2011_SHAPES: readonly (readonly [number, number, number])[] = [
  [0.5, 0.4995, 6672], [0.5, 0.2493, 3835], [0.5, 0.749, 992], [1, 1, 788], [0.25, 0.2498, 123], [0.5, 0.1241, 54],
];

export const GOOGLE_2011_TASKS_PER_JOB: Dist = { kind: 'empirical', cdf: [[1, 0.76], [2, 0.8], [5, 0.85], [23, 0.9], [100, 0.95], [1072, 0.99], [4846, 1]] };
export const GOOGLE_2011_CPUS: Dist = { kind: 'empirical', cdf: [[0.05, 0], [0.3, 0.1], [0.45, 0.25], [0.8, 0.5], [2, 0.75], [2.6, 0.9], [8, 0.99], [16, 1]] };
export const GOOGLE_2011_MEM_MIB: Dist = { kind: 'empirical', cdf: [[64, 0], [611, 0.1], [2035, 0.25], [3336, 0.5], [6256, 0.75], [11232, 0.9], [20867, 0.99], [65536, 1]] };
export const GOOGLE_2011_RUNTIME_MS: Dist = { kind: 'empirical', cdf: [[10_000, 0], [141_192, 0.1], [195_394, 0.25], [366_556, 0.5], [604_033, 0.75], [1_603_948, 0.9], [2_890_135, 0.99], [5_000_000, 1]] };
/** [priority, weight] of new work and of the initial load. */
export const GOOGLE_2011_NEW_PRIORITIES: readonly (readonly [number, number])[] = [[0, 0.245], [4, 0.744], [9, 0.011]];
export const GOOGLE_2011_INITIAL_PRIORITIES: readonly (readonly [number, number])[] = [[9, 0.343], [0, 0.414], [4, 0.197], [11, 0.046]];

export function* google2011Like(spec: Google2011LikeSpec, rng: Rng): Generator<WorkloadRecord> {
  const machines = Math.max(1, Math.round(GOOGLE_2011_MACHINES * spec.scale));
  const total = GOOGLE_2011_SHAPES.reduce((n, s) => n + s[2], 0);
  for (let m = 0; m < machines; m++) {
    let u = rng.next() * total;
    let shape = GOOGLE_2011_SHAPES[0];
    for (const s of GOOGLE_2011_SHAPES) { if (u < s[2]) { shape = s; break; } u -= s[2]; }
    const rec: MachineEventRecord = {
      kind: 'machine.event', atMs: 0, window: 'before', event: 'add', machineId: `machine-${m + 1}`,
      capacity: { cpus: Math.round(shape[0] * GOOGLE_SCALE.cpus * 1000), mem: Math.round(shape[1] * GOOGLE_SCALE.memMiB * 1000) },
      platform: `platform-${shape[0]}`,
    };
    yield rec;
  }
  const initial = Math.round(machines * spec.initialTasksPerMachine);
  for (let i = 0; i < initial; i++) yield job(`job-init-${String(i + 1).padStart(7, '0')}`, 0, 1, pick(GOOGLE_2011_INITIAL_PRIORITIES, rng), null, rng);
  const arrivals = new ArrivalProcess({ kind: 'poisson', meanInterarrivalMs: 1000 / (GOOGLE_2011_JOBS_PER_SECOND * spec.scale) }, rng, 600_000);
  for (let n = 1; ; n++) {
    const at = arrivals.next();
    if (spec.endMs !== null && at > spec.endMs) return;
    yield job(`job-${String(n).padStart(7, '0')}`, at, drawCount(GOOGLE_2011_TASKS_PER_JOB, rng), pick(GOOGLE_2011_NEW_PRIORITIES, rng), GOOGLE_2011_RUNTIME_MS, rng);
  }
}

function job(jobId: string, atMs: number, taskCount: number, priority: number, runtime: Dist | null, rng: Rng): JobSubmittedRecord {
  return {
    kind: 'job.submitted', atMs, window: atMs === 0 ? 'before' : undefined, jobId, taskCount,
    request: { cpus: Math.max(1, Math.round(draw(GOOGLE_2011_CPUS, rng) * 1000)), mem: Math.max(1, Math.round(draw(GOOGLE_2011_MEM_MIB, rng) * 1000)) },
    durationMs: runtime === null ? undefined : drawInt(runtime, rng), priority, band: googleBand2011(priority), user: 'user-synthetic',
  };
}

function pick(table: readonly (readonly [number, number])[], rng: Rng): number {
  let u = rng.next();
  for (const [v, w] of table) { if (u < w) return v; u -= w; }
  return table[table.length - 1][0];
}
