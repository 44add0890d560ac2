/**
 * The `workload.sample` piece of the scenario schema (docs/workloads.md §9): the fractions of jobs and
 * machines a replay keeps, and the optional seed of that sample. Without `seed`, the sample's salt comes
 * from the run's seed (stream `workload/sample`), as before; with it, from `seed` alone, so runs over
 * several scenario seeds (the allocator's and the models' randomness) replay one and the same sample.
 * `seed: S` draws the sample a run with `seed: S` and no `sample.seed` draws.
 */
import { z } from 'zod';
import type { WorkloadSpec } from '../workload/replay/spec.ts';

export const SampleSchema = z.strictObject({
  jobs: z.number().min(0).max(1).default(1),
  machines: z.number().min(0).max(1).default(1),
  seed: z.union([z.int(), z.string()]).optional()
    .describe('seed of the sample alone (default: the run\'s seed, so another seed replays another sample); the same sample.seed keeps the same jobs and machines over scenario seeds'),
}).prefault({});

export type SampleInput = z.output<typeof SampleSchema>;

/** RunSpec.workload.sample; `seed` only when given, so a spec without it (and its run id) stays as it was. */
export function normalizeSample(s: SampleInput): WorkloadSpec['sample'] {
  return s.seed === undefined ? { jobs: s.jobs, machines: s.machines } : { jobs: s.jobs, machines: s.machines, seed: s.seed };
}
