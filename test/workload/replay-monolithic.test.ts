/**
 * Trace replay under the monolithic baseline (`master.offerModel: monolithic`; trace-replay.ts,
 * central-scheduler.ts): no offers; a trace job's tasks submitted at one instant are one central
 * job, decided highest trace priority first; a trace end that arrives while a task is still queued
 * sets the run time it launches with; a task killed in the trace before it ran is taken back.
 * Traces are hand-written in the Google 2011 task_events format.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { runScenario } from '../../src/experiment/run.ts';
import type { TraceReplayScheduler } from '../../src/frameworks/trace-replay.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { scheduler, specFromText } from '../frameworks/helpers.ts';
import { writeGoogleTrace, type Row } from './google-trace-writer.ts';

// One central decision takes 10 s whatever its size, so the queue order shows in the launch times.
// Job 1 (priority 2, two tasks), job 2 (priority 9), job 3 (killed in the trace before it ran),
// job 4 (the trace runs it 13 s, ending at 25 s, while it still waits for its decision),
// job 5 (the trace runs it 14 s and it fails, also while it waits), all submitted at 10 s.
const ROWS: Row[] = [
  [10, 1, 0, 'submit'], [10, 1, 1, 'submit'], [10, 2, 0, 'submit', 9], [10, 3, 0, 'submit'], [10, 4, 0, 'submit'], [10, 5, 0, 'submit'],
  [12, 4, 0, 'schedule'], [12, 5, 0, 'schedule'], [15, 3, 0, 'kill'], [25, 4, 0, 'finish'], [26, 5, 0, 'fail'],
];

function scenario(trace: string, offerModel: string): string {
  return `name: replay-monolithic
seed: 7
until: 5m
master:
  offerModel: ${offerModel}
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
workload:
  sources: [{ trace: ${join(trace, 'machine_events')} }, { trace: ${join(trace, 'task_events')} }]
  agents: { resources: "cpus:32;mem:128GiB" }
  map: [{ framework: batch }]
`;
}

const MONOLITHIC = '{ type: monolithic, decision: { perJob: 10s, perTask: 0s } }';

interface Life { job: string; launched: number; ended: number | null; state: string | null }

function run(offerModel: string) {
  const spec = specFromText(scenario(writeGoogleTrace(ROWS, 2), offerModel));
  const tasks = new Map<string, Life>();
  const queued: { job: string; tasks: number }[] = [];
  let offers = 0;
  const b = buildSimulation(spec, [{
    emit(t, type, f) {
      if (type === 'workload.diagnostic') throw new Error(`trace diagnostic: ${String(f.message)}`);
      if (type === 'offer') offers++;
      if (type === 'central.queued') queued.push({ job: f.job as string, tasks: f.tasks as number });
      if (type === 'task.launched') tasks.set(f.task as string, { job: f.job as string, launched: t, ended: null, state: null });
      if (type === 'task.status') {
        const l = tasks.get(f.task as string);
        if (l && l.ended === null && f.state !== 'TASK_RUNNING') { l.ended = t; l.state = f.state as string; }
      }
    },
  }]);
  b.sim.run(spec.untilMs);
  const lives = [...tasks.values()];
  return { lives, queued, offers, b, stats: scheduler<TraceReplayScheduler>(b, 'batch').stats, job: (id: string) => lives.filter((l) => l.job === id) };
}

describe('trace replay under the monolithic baseline', () => {
  it('hands each job over once, decided by priority then arrival, with no offers', () => {
    const { queued, offers, job, b } = run(MONOLITHIC);
    expect(offers).toBe(0);
    // One central job per trace job: job 1's two tasks travel together.
    expect(queued).toEqual([
      { job: 'job-1', tasks: 2 }, { job: 'job-2', tasks: 1 }, { job: 'job-3', tasks: 1 }, { job: 'job-4', tasks: 1 }, { job: 'job-5', tasks: 1 },
    ]);
    // Priority 9 first (10 → 20 s), then FIFO: job 1 (→ 30 s), job 4 (→ 40 s), job 5 (→ 50 s); job 3 was taken back.
    expect(job('job-2').map((l) => l.launched)).toEqual([20_000]);
    expect(job('job-1').map((l) => l.launched)).toEqual([30_000, 30_000]);
    expect(job('job-4').map((l) => l.launched)).toEqual([40_000]);
    expect(job('job-5').map((l) => l.launched)).toEqual([50_000]);
    expect(job('job-3')).toEqual([]);
    expect(b.master.monolithic!.stats.decisions).toBe(4);
  });

  it('a trace end that arrived while the task was queued gives its run time and outcome at launch', () => {
    const { job, stats } = run(MONOLITHIC);
    expect(job('job-4')[0]).toMatchObject({ ended: 53_000, state: 'TASK_FINISHED' }); // 40 s + 13 s
    expect(job('job-5')[0]).toMatchObject({ ended: 64_000, state: 'TASK_FAILED' }); // 50 s + 14 s
    expect(job('job-1').every((l) => l.ended === null)).toBe(true); // no end in the trace: still running
    expect(stats).toMatchObject({ submitted: 6, launched: 5, cancelledBeforeStart: 1, finished: 1, failed: 1 });
  });

  it('nothing is left pending once every task launched or was taken back', () => {
    const { b } = run(MONOLITHIC);
    const s = scheduler<TraceReplayScheduler>(b, 'batch');
    expect(s.pendingWork()).toBe(0);
    expect(s.queuedTasksOf('job-1')).toBe(0);
    expect(b.master.monolithic!.queueLength()).toEqual({ jobs: 0, tasks: 0 });
  });

  it('with offers (the default) the same trace runs every task at once on its own offers', () => {
    const { offers, job } = run('pessimistic');
    expect(offers).toBeGreaterThan(0);
    expect(job('job-2')[0].launched).toBeLessThan(12_000);
    expect(job('job-4')[0].ended! - job('job-4')[0].launched).toBeLessThanOrEqual(25_000 - 10_000);
  });

  it('is deterministic', () => {
    const spec = specFromText(scenario(writeGoogleTrace(ROWS, 2), MONOLITHIC));
    expect(runScenario(spec).digest).toBe(runScenario(spec).digest);
  });

  it('the scenario accepts trace-replay frameworks in monolithic mode (and still rejects others)', () => {
    const ok = loadScenarioText('scenarios/inline.yaml', scenario(writeGoogleTrace(ROWS), MONOLITHIC));
    expect(ok.diagnostics).toEqual([]);
    const bad = loadScenarioText('scenarios/inline.yaml', `name: x
master: { offerModel: monolithic }
frameworks:
  - { id: hog, scheduler: { type: batch, revocable: true, jobs: { count: 1, tasks: 1, resources: "cpus:1", duration: 1s } } }
`);
    expect(bad.diagnostics.map((d) => d.message).join()).toMatch(/the central scheduler places no revocable work \(framework "hog"\)/);
  });
});
