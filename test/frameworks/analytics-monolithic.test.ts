/**
 * The analytics (Spark-like) model under a central scheduler (`master.offerModel: monolithic`): the
 * executors it wants are handed over as a job of executor tasks, at most one per host, placed first
 * fit; tasks run in them under delay scheduling as with offers; executors that are no longer wanted
 * are taken back while still queued, and idle ones are released.
 */
import { describe, expect, it } from 'vitest';
import type { AnalyticsScheduler, AnalyticsStats } from '../../src/frameworks/analytics.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { scheduler, simulate } from './helpers.ts';

type Ev = { t: number; type: string; state?: string; task?: string; agent?: string; framework?: string; job?: string; tasks?: number; launched?: number; unplaced?: number };

/** The run's events, and the analytics model's own counts (from a second, identical run). */
function run(agents: number, analytics: string, extra = '', until = '1h'): { events: Ev[]; stats: AnalyticsStats; summary: Record<string, unknown> } {
  const { spec, diagnostics } = loadScenarioText('analytics-mono.yaml', `
name: analytics-mono
until: ${until}
master: { offerModel: { type: monolithic, decision: { perJob: 100ms, perTask: 10ms } } }
agents: [{ id: agent, count: ${agents}, resources: "cpus:8;mem:16GiB" }]
frameworks:
  - id: spark
    role: analytics
    scheduler:
      type: analytics
${analytics}
${extra}
`);
  expect(diagnostics).toEqual([]);
  const r = runScenario(spec!, { keepEvents: true });
  const events = r.events!.map((l) => JSON.parse(l) as Ev);
  return { events, stats: scheduler<AnalyticsScheduler>(simulate(spec!), 'spark').stats(), summary: r.summary };
}

const launchedExecutors = (events: Ev[]) => events.filter((e) => e.type === 'task.launched' && e.framework === 'spark');
const status = (events: Ev[], state: string) => events.filter((e) => e.type === 'task.status' && e.state === state);

describe('analytics model under the monolithic central scheduler', () => {
  it('hands its executors over as one job, one executor per host, and runs every task in them', () => {
    // One job arriving at 1 s: 1 stage of 40 one-minute tasks, executors of 4 slots → it wants
    // ⌈40 / 4⌉ = 10, capped at maxExecutors 3. One decision of 100 ms + 3 × 10 ms places the three on
    // the first three agents in id order (first fit; two would fit on one agent, but one per host).
    const { events, stats, summary } = run(4, `      jobs: { count: 1, start: 1s, stages: [1, 1], tasksPerStage: 40, taskDuration: 1m }
      executor: { resources: "cpus:4;mem:8GiB", slots: 4, maxExecutors: 3, idleTimeout: 1m }
      locality: { wait: 3s, replicas: 3 }`);
    expect(events.filter((e) => e.type === 'offer')).toEqual([]);
    const queued = events.filter((e) => e.type === 'central.queued');
    expect(queued.map((e) => `${e.t} ${e.job} ${e.tasks}`)).toEqual(['1000 executors 3']);
    const execs = launchedExecutors(events);
    expect(execs.map((e) => `${e.t} ${e.agent}`)).toEqual(['1130 agent-00001', '1130 agent-00002', '1130 agent-00003']);
    // 40 tasks on 12 slots: 4 waves of one minute (the last one 4 tasks), then one idle minute each.
    expect(stats.jobsCompleted).toBe(1);
    expect(stats.tasksRun).toBe(40);
    expect(stats.executorsLaunched).toBe(3);
    expect(stats.executorsReleased).toBe(3);
    expect(stats.nodeLocal).toBeGreaterThan(30);
    // The last wave's 4 tasks fill the first executor's slots: the other two go idle at 3 min 130 ms
    // and are released a minute later, the first one a minute after the last wave.
    expect(status(events, 'TASK_FINISHED').map((e) => `${e.t} ${e.agent}`)).toEqual(['241130 agent-00002', '241130 agent-00003', '301130 agent-00001']);
    // summary.json `analytics`: the job (which the event log cannot show) took 4 min 130 ms; each task
    // prefers 3 of the 4 hosts, so most run node-local.
    expect(summary.analytics).toEqual({
      spark: {
        jobsSubmitted: 1, jobsCompleted: 1, jobsOpen: 0,
        jobCompletionMs: { mean: 240130, p50: 240130, p95: 240130, max: 240130 },
        tasksRun: 40,
        locality: { nodeLocal: stats.nodeLocal, nonLocal: 40 - stats.nodeLocal, noPreference: 0, nodeLocalShare: Math.round((1e4 * stats.nodeLocal) / 40) / 1e4 },
        executors: { launched: 3, released: 3, peak: 3 },
      },
    });
  });

  it('takes back executors still queued once it no longer wants them', () => {
    // A batch job takes agent-00001 and agent-00002 whole for 1 h. The analytics job (24 tasks of
    // 1 min, 4 slots, up to 3 executors) gets one executor on agent-00003; the other two stay queued
    // (no free host). After 6 waves its tasks are done, it wants none: the two are taken back, so
    // nothing is placed for it when the batch tasks end at 1 h.
    const { events, stats } = run(3, `      jobs: { count: 1, start: 1s, stages: [1, 1], tasksPerStage: 24, taskDuration: 1m }
      executor: { resources: "cpus:4;mem:8GiB", slots: 4, maxExecutors: 3, idleTimeout: 10s }
      locality: { wait: 3s, replicas: 1 }`, `  - { id: big, role: big, scheduler: { type: batch, jobs: { count: 1, tasks: 2, resources: "cpus:8;mem:16GiB", duration: 1h } } }`, '2h');
    expect(launchedExecutors(events).map((e) => e.agent)).toEqual(['agent-00003']);
    const decided = events.filter((e) => e.type === 'central.decided' && e.job === 'executors');
    expect(decided.map((e) => `${e.launched}/${e.unplaced}`)).toEqual(['1/2']);
    expect(stats.jobsCompleted).toBe(1);
    expect(stats.executorsReleased).toBe(1);
  });

  it('re-requests an executor lost with its agent, on a host without one', () => {
    const { events, stats } = run(3, `      jobs: { count: 1, start: 0s, stages: [1, 1], tasksPerStage: 8, taskDuration: 10m }
      executor: { resources: "cpus:4;mem:8GiB", slots: 4, maxExecutors: 2, idleTimeout: 1m }
      locality: { wait: 3s, replicas: 1 }`, `timeline:
  - { at: 1m, do: fail, agents: [agent-00001], kind: crash, duration: 1h }`);
    const execs = launchedExecutors(events);
    expect(execs.map((e) => e.agent)).toEqual(['agent-00001', 'agent-00002', 'agent-00003']);
    expect(status(events, 'TASK_LOST').map((e) => e.agent)).toEqual(['agent-00001']);
    expect(stats.jobsCompleted).toBe(1);
    expect(stats.tasksRun).toBe(12); // 8 + the 4 that were running in the lost executor, run again
  });
});
