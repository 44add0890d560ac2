/**
 * `workload.sample.seed` (src/workload/replay/sample-rng.ts): the sample of jobs and machines has its
 * own seed, so runs over several scenario seeds replay the same trace sample; without it the run's
 * seed decides the sample, as before (same run id and bytes as a scenario written before the field).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { runId } from '../../src/experiment/run.ts';
import type { RunSpec } from '../../src/scenario/run-spec.ts';
import { specFromText } from '../frameworks/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sample-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 60 one-task jobs, one a second: a 50% job sample keeps about 30 of them, which ones depends on the salt.
const trace = join(dir, 'jobs.csv');
writeFileSync(trace, ['atMs,kind,jobId,taskCount,cpus,memMiB,durationMs',
  ...Array.from({ length: 60 }, (_, i) => `${i * 1000},job.submitted,j${i},1,0.1,64,5000`)].join('\n') + '\n');

function spec(seed: number, sample: string): RunSpec {
  return specFromText(`name: sample-seed
seed: ${seed}
until: 5m
agents: [{ id: m, resources: "cpus:8;mem:16GiB" }]
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
workload:
  sources: [{ trace: ${trace} }]
  sample: ${sample}
  map: [{ framework: batch }]
`);
}

/** The jobs whose tasks the feed submitted (task.launched events: every submitted task fits and starts). */
function submittedJobs(s: RunSpec): string[] {
  const jobs = new Set<string>();
  const b = buildSimulation(s, [{
    emit(_t, type, f) {
      if (type === 'workload.diagnostic') throw new Error(`trace diagnostic: ${String(f.message)}`);
      if (type === 'task.launched') jobs.add(f.job as string);
    },
  }]);
  b.sim.run(s.untilMs);
  expect(b.workload!.feed!.stats.tasksSubmitted).toBe(jobs.size);
  return [...jobs].sort();
}

describe('workload.sample.seed', () => {
  it('two scenario seeds with the same sample.seed replay the same jobs', () => {
    const a = submittedJobs(spec(1, '{ jobs: 0.5, seed: 42 }'));
    const b = submittedJobs(spec(2, '{ jobs: 0.5, seed: 42 }'));
    expect(a.length).toBeGreaterThan(10);
    expect(a.length).toBeLessThan(50);
    expect(b).toEqual(a);
  });

  it('without sample.seed, the scenario seed decides the sample (as before)', () => {
    const a = submittedJobs(spec(1, '{ jobs: 0.5 }'));
    const b = submittedJobs(spec(2, '{ jobs: 0.5 }'));
    expect(b).not.toEqual(a);
  });

  it('sample.seed S keeps the jobs that a run with seed S keeps without it', () => {
    expect(submittedJobs(spec(1, '{ jobs: 0.5, seed: 2 }'))).toEqual(submittedJobs(spec(2, '{ jobs: 0.5 }')));
  });

  it('a spec without sample.seed has no seed key, so its run id is unchanged', () => {
    const s = spec(1, '{ jobs: 0.5 }');
    expect(Object.keys(s.workload!.sample)).toEqual(['jobs', 'machines']);
    expect(runId(spec(1, '{ jobs: 0.5, seed: 1 }'))).not.toBe(runId(s));
  });
});
