/**
 * The random stream that salts the replay's sampling hash (feed.ts `sampled`). Without
 * `workload.sample.seed` it is the run's own `workload/sample` stream, so the run's seed decides which
 * jobs and machines are kept (the behaviour, bytes and run ids of every run before `sample.seed`
 * existed). With it, the same stream name under the root seed `sample.seed`: the sample no longer
 * moves with the run's seed, so seeds can vary the allocator's and the models' randomness over one
 * fixed trace sample, and `sample.seed: S` keeps exactly the jobs and machines a run with `seed: S`
 * (and no `sample.seed`) keeps.
 */
import { RngStreams, type Rng } from '../../kernel/rng.ts';
import type { WorkloadSpec } from './spec.ts';

export const SAMPLE_STREAM = 'workload/sample';

export function sampleRng(sample: WorkloadSpec['sample'], run: RngStreams): Rng {
  return sample.seed === undefined ? run.stream(SAMPLE_STREAM) : new RngStreams(sample.seed).stream(SAMPLE_STREAM);
}
