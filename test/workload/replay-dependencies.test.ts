/**
 * Dependencies between replayed jobs and stages (src/workload/replay/dependency-gate.ts): a stage
 * waits for the stages it depends on (`dependsOn`, Alibaba 2018's DAG) and a job for the jobs it
 * comes after plus the think time (`afterJobs` + `thinkTimeMs`, SWF) — as they finish in the
 * simulation, not in the trace. Traces are hand-written native CSV; one machine of 3 cpus.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { specFromText } from '../frameworks/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'deps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'atMs,kind,jobId,group,dependsOn,afterJobs,thinkTimeMs,taskCount,cpus,memMiB,durationMs';

function run(name: string, rows: string[], extra = '') {
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, `${HEADER}\n${rows.join('\n')}\n`);
  const spec = specFromText(`name: deps
seed: 1
until: 10m
agents: [{ id: m, resources: "cpus:3;mem:8GiB" }]
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
workload:
  sources: [{ trace: ${file} }]
  map: [{ framework: batch }]
${extra}`);
  const r = runScenario(spec, { outDir: null, keepEvents: true });
  const events = r.events!.map((l) => JSON.parse(l) as { t: number; type: string; job?: string; state?: string; task?: string });
  const launched = events.filter((e) => e.type === 'task.launched').map((e) => `${e.t / 1000} ${e.job}`);
  return { launched, summary: r.summary as { replay: { feed: { dependencyDelayed: number; peakDependencyHeld: number } } } };
}

// Job a, stage 1: two 2-cpu tasks of 60 s; on 3 cpus they run one after the other (0–60 s, 60–120 s).
// Stage 2 depends on stage 1; the trace released it at 70 s (in the trace both stage-1 tasks ran at once).
const DAG = [
  '0,job.submitted,a,stage-1,,,,2,2,512,60000',
  '70000,job.submitted,a,stage-2,stage-1,,,1,1,512,10000',
];

describe('replayed dependencies', () => {
  it('a stage waits for the stages it depends on to finish in the simulation', () => {
    const { launched, summary } = run('dag', DAG);
    expect(launched).toEqual(['0 a', '60 a', '120 a']); // stage 2 at 120 s, not 70 s
    expect(summary.replay.feed).toMatchObject({ dependencyDelayed: 1, peakDependencyHeld: 1 });
  });

  it('workload.dependencies: false replays trace times only', () => {
    const { launched } = run('dag-off', DAG, '  dependencies: false\n');
    expect(launched).toEqual(['0 a', '60 a', '70 a']); // beside its parent stage
  });

  it('a job comes after the job it follows has finished, plus the think time (SWF)', () => {
    // Job b follows job a with 30 s of think time: a ends at 120 s here, so b is released at 150 s
    // (the trace's 100 s is too early).
    const { launched } = run('think', [
      '0,job.submitted,a,,,,,2,2,512,60000',
      '100000,job.submitted,b,,,a,30000,1,1,512,10000',
    ]);
    expect(launched).toEqual(['0 a', '60 a', '150 b']);
  });

  it('a dependency that finished already, or was never replayed, holds nothing', () => {
    const { launched, summary } = run('none', [
      '0,job.submitted,a,stage-1,,,,1,1,512,10000',
      '70000,job.submitted,a,stage-2,stage-1,,,1,1,512,10000', // stage 1 ended at 10 s
      '80000,job.submitted,c,stage-2,stage-9,,,1,1,512,10000', // stage 9 is not in the trace
      '90000,job.submitted,d,,,zz,5000,1,1,512,10000', // job zz is not either
    ]);
    expect(launched).toEqual(['0 a', '70 a', '80 c', '90 d']);
    expect(summary.replay.feed.dependencyDelayed).toBe(0);
  });
});
