/**
 * A framework model's own kills and the master's reconciliation answers to them: a kill of a task
 * the master no longer has is answered TASK_LOST / TASK_UNKNOWN / … with reason `reconciliation`
 * (src/master/kill-reconciliation.ts). A task the model killed on purpose is not re-run, retried
 * or counted as a loss, whatever order its own updates and the answer arrive in, and one that
 * shows up running again is killed again.
 *
 * The orders come from a scheduler that is disconnected (`disconnectFramework`) while its tasks'
 * updates queue up: on reconnection the queue is replayed in order, and a kill the scheduler makes
 * while replaying it is answered at once, before the rest of the queue (failover/framework-failover.ts
 * drains the queue with the link already up).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import type { TraceReplayScheduler } from '../../src/frameworks/trace-replay.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { writeGoogleTrace, type Row } from '../workload/google-trace-writer.ts';
import { scheduler, specFromText } from './helpers.ts';

type Ev = { t: number; type: string; state?: string; reason?: string; task?: string; agent?: string; job?: string };

function run(text: string): Ev[] {
  const { spec, diagnostics } = loadScenarioText('kill-intent.yaml', text);
  expect(diagnostics).toEqual([]);
  return runScenario(spec!, { keepEvents: true }).events!.map((l) => JSON.parse(l) as Ev);
}
const count = (events: Ev[], pred: (e: Ev) => boolean) => events.filter(pred).length;
const status = (state: string) => (e: Ev) => e.type === 'task.status' && e.state === state;
const LOST_TASKS = ['f-task-000005', 'f-task-000006', 'f-task-000007', 'f-task-000008'];

/**
 * `agents` machines of 4 cpus, one batch job of 8 1-cpu tasks of 30 min (checkpointing, failover
 * timeout 1 h): agent-00002 (tasks 5–8) is cut off 1–4 min, so they are TASK_LOST at 2m15s and
 * re-run on agent-00003 at 2m16s; the scheduler is away from 3 min for `away`, so the tasks' next
 * updates (TASK_RUNNING at 4 min when agent-00002 reregisters, and whatever follows) queue up.
 */
function batch(agents: number, away: string, timeline: string[] = []): Ev[] {
  return run(`
name: batch-kill-intent
until: 1h
agents: [{ id: agent, count: ${agents}, resources: "cpus:4;mem:4GiB" }]
frameworks:
  - id: f
    role: r
    checkpoint: true
    failoverTimeout: 1h
    scheduler: { type: batch, jobs: { count: 1, tasks: 8, resources: "cpus:1;mem:512", duration: 30m } }
timeline:
  - { at: 1m, do: fail, agents: [agent-00002], kind: partition, duration: 3m }
  - { at: 3m, do: disconnectFramework, framework: f, duration: ${away} }
${timeline.map((t) => `  - ${t}\n`).join('')}`);
}

describe('batch model: a task it killed on purpose is never re-run', () => {
  it('queued TASK_RUNNING then TASK_LOST (lost again): the kill’s TASK_LOST answer comes first, the queued loss is not re-run', () => {
    // agent-00002 is cut off again from 5 min for 20 min: TASK_LOST again at 6m15s (queued). At 13 min
    // the scheduler replays TASK_RUNNING (kills the task: its re-run runs; the master answers TASK_LOST
    // at once, the agent being unreachable) and then the queued TASK_LOST. Before, the answer used up
    // the kill marker and the queued loss was re-run a second time on agent-00004: 16 launches, the
    // work of tasks 5–8 three times over.
    const events = batch(4, '10m', ['{ at: 5m, do: fail, agents: [agent-00002], kind: partition, duration: 20m }']);
    expect(events.filter((e) => e.type === 'task.reconciled').map((e) => [e.t, e.task, e.state, e.reason])).toEqual(
      LOST_TASKS.map((t) => [780_000, t, 'TASK_LOST', 'reconciliation']));
    expect(count(events, (e) => e.type === 'task.launched')).toBe(12); // 8 + the 4 re-runs at 2m16s
    // agent-00002 reregisters at 25 min with the tasks still running there: killed again, not adopted.
    expect(events.filter(status('TASK_KILLED')).map((e) => [e.t, e.task])).toEqual(LOST_TASKS.map((t) => [1_500_000, t]));
    expect(count(events, status('TASK_FINISHED'))).toBe(8);
  });

  it('with no room for a second re-run, the returning tasks are still killed (they used to call the bogus re-run off and run on)', () => {
    const events = batch(3, '10m', ['{ at: 5m, do: fail, agents: [agent-00002], kind: partition, duration: 20m }']);
    expect(count(events, (e) => e.type === 'task.launched')).toBe(12);
    expect(events.filter(status('TASK_KILLED')).map((e) => e.task)).toEqual(LOST_TASKS);
    expect(count(events, status('TASK_FINISHED'))).toBe(8);
  });

  it('queued TASK_RUNNING then TASK_FINISHED (the order in the session-10 note): no double run', () => {
    // Away 3–35 min: tasks 5–8 come back at 4 min and finish at 30 min on agent-00002, both queued.
    // At 35 min TASK_RUNNING makes the scheduler kill each (its re-run runs); the master forgot the
    // finished task, so it answers by reconciliation at once: TASK_LOST (the agent it ended on is
    // registered: TASK_GONE if PARTITION_AWARE), naming its job (src/master/ended-tasks.ts), and
    // then TASK_FINISHED is replayed. Neither is re-run: the work of tasks 5–8 ran twice only
    // because the scheduler was away when they came back, not because of the answer.
    const events = batch(3, '32m');
    expect(events.filter((e) => e.type === 'task.reconciled').map((e) => [e.t, e.task, e.state, e.job ?? null])).toEqual(
      LOST_TASKS.map((t) => [2_100_000, t, 'TASK_LOST', 'f-job-000001']));
    expect(count(events, (e) => e.type === 'task.launched')).toBe(12);
    expect(count(events, (e) => e.type === 'framework.revived' && e.t >= 2_100_000)).toBe(0);
    expect(count(events, status('TASK_FINISHED'))).toBe(12);
  });
});

describe('batch model: a kill delayed by the master\'s rate limit (master.rateLimits)', () => {
  it('the task\'s own TASK_LOST arrives before the throttled kill\'s answer: neither is re-run', () => {
    // One call per 100 s for principal p. The job (8 tasks of 40 min) runs on a1 from 500 s; a1 is cut
    // off 700–1050 s (TASK_LOST at 780 s, re-run on a2 at 981 s), back at 1050 s with the 8 tasks
    // running: the batch kills them, but the kills leave the rate limiter 100 s apart (1081 s, 1181 s,
    // …). a1 is cut off again from 1051 s: the first kill is held, and at 1140 s the tasks' own
    // TASK_LOST comes, before the other kills reach the master, which answers them TASK_LOST
    // (reconciliation, the job remembered) from 1181 s. Before the kill marker was kept for the run
    // (4c02cce), the own TASK_LOST used it up and each answer queued a re-run (no room on a2); when a1
    // reregistered at 2251 s the returning tasks called those off and ran on beside their first
    // re-runs (7 more TASK_FINISHED on a1 at 2900 s: the work twice) instead of being killed.
    const events = run(`
name: throttled-kill
until: 1h
master:
  rateLimits: { limits: [{ principal: p, qps: 0.01 }] }
agents:
  - { id: a1, resources: "cpus:8;mem:8GiB" }
  - { id: a2, resources: "cpus:8;mem:8GiB", at: 350s }
frameworks:
  - id: f
    role: r
    principal: p
    checkpoint: true
    failoverTimeout: 1h
    scheduler: { type: batch, jobs: { count: 1, start: 300s, tasks: 8, resources: "cpus:1;mem:512", duration: 40m } }
timeline:
  - { at: 700s, do: fail, agents: [a1], kind: partition, duration: 350s }
  - { at: 1051s, do: fail, agents: [a1], kind: partition, duration: 20m }
`);
    const late = ['f-task-000002', 'f-task-000003', 'f-task-000004', 'f-task-000005', 'f-task-000006', 'f-task-000007', 'f-task-000008'];
    // the order under test: own TASK_LOST (1140 s), then the answer to the kill made at 1050 s
    expect(events.filter((e) => e.task === 'f-task-000002' && (e.type === 'task.status' || e.type === 'task.reconciled')).map((e) => [e.t, e.type, e.state, e.reason])).toEqual([
      [780_000, 'task.status', 'TASK_LOST', 'health check timed out'],
      [1_050_000, 'task.status', 'TASK_RUNNING', 'agent reregistered'],
      [1_140_000, 'task.status', 'TASK_LOST', 'health check timed out'],
      [1_181_000, 'task.reconciled', 'TASK_LOST', 'reconciliation'],
      [2_251_000, 'task.status', 'TASK_RUNNING', 'agent reregistered'],
      [2_351_000, 'task.status', 'TASK_KILLED', undefined],
    ]);
    expect(events.filter((e) => e.type === 'task.reconciled' && e.t < 2_000_000).map((e) => [e.t, e.task, e.state, e.job])).toEqual(
      late.map((t, i) => [1_181_000 + i * 100_000, t, 'TASK_LOST', 'f-job-000001']));
    expect(count(events, (e) => e.type === 'task.launched')).toBe(16); // 8 + the 8 re-runs at 981 s
    expect(count(events, (e) => e.type === 'task.launched' && e.t > 981_000)).toBe(0);
    // killed when back at 2251 s, 100 s apart; only task 8 ends on its own (2900 s) before its kill reaches the master (2951 s)
    expect(events.filter((e) => e.type === 'task.status' && e.agent === 'a1' && e.t > 2_000_000 && e.state !== 'TASK_RUNNING').map((e) => [e.t, e.task, e.state])).toEqual([
      ...['f-task-000001', ...late.slice(0, 6)].map((t, i) => [2_251_000 + i * 100_000, t, 'TASK_KILLED']),
      [2_900_000, 'f-task-000008', 'TASK_FINISHED'],
    ]);
  });
});

/**
 * The same story for the models that forget a task when they give it up or kill it: `frameworks`
 * on `agents` machines, agent-00002 cut off 1–4 min (its tasks TASK_LOST at 2m15s and replaced),
 * the framework away 3–13 min, agent-00002 cut off again 5–25 min. At 13 min the queued
 * TASK_RUNNING makes the model kill what came back (answered TASK_LOST at once: the agent is
 * unreachable again); at 25 min agent-00002 reregisters with those tasks running still, and they
 * must be killed again rather than left running beside their replacements.
 */
function twice(agents: number, machine: string, id: string, scheduler: string, extra = ''): Ev[] {
  return run(`
name: kill-intent-twice
until: 45m
agents: [{ id: agent, count: ${agents}, resources: "${machine}" }]
frameworks:
  - id: ${id}
    role: r
    checkpoint: true
    failoverTimeout: 1h
${extra}    scheduler: ${scheduler}
timeline:
  - { at: 1m, do: fail, agents: [agent-00002], kind: partition, duration: 3m }
  - { at: 3m, do: disconnectFramework, framework: ${id}, duration: 10m }
  - { at: 5m, do: fail, agents: [agent-00002], kind: partition, duration: 20m }
`);
}

/** Tasks whose last word is TASK_RUNNING (launched, or back with their agent) at the end of the run. */
function runningAtEnd(events: Ev[]): string[] {
  const last = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'task.launched') last.set(e.task!, 'TASK_RUNNING');
    else if (e.type === 'task.status') last.set(e.task!, e.state!);
  }
  return [...last].filter(([, s]) => s === 'TASK_RUNNING').map(([t]) => t);
}

/** Tasks lost at 2m15s, and what happened to each at 25 min (agent-00002 reregistered). */
function cameBackTwice(events: Ev[]): { lost: string[]; answered: string[]; killedAt25m: string[]; runningAt25m: string[] } {
  const lost = events.filter((e) => status('TASK_LOST')(e) && e.t === 135_000).map((e) => e.task!).sort();
  const answered = events.filter((e) => e.type === 'task.reconciled' && e.t === 780_000).map((e) => e.task!).sort();
  const back = events.filter((e) => e.type === 'task.status' && e.reason === 'agent reregistered' && e.t === 1_500_000).map((e) => e.task!);
  const killed = new Set(events.filter((e) => status('TASK_KILLED')(e) && e.t === 1_500_000).map((e) => e.task!));
  return { lost, answered, killedAt25m: back.filter((t) => killed.has(t)).sort(), runningAt25m: back.filter((t) => !killed.has(t)).sort() };
}

describe('service, cron and analytics models: what they killed and comes back running again is killed again', () => {
  it('service: the replaced instances are killed at 13 min and again at 25 min; 3 instances run', () => {
    const events = twice(4, 'cpus:4;mem:4GiB', 'web',
      '{ type: service, apps: [{ id: web, instances: 3, resources: "cpus:1;mem:512", constraints: [[hostname, UNIQUE]] }] }');
    const r = cameBackTwice(events);
    expect(r.lost.length).toBeGreaterThan(0);
    expect(r.answered).toEqual(r.lost);
    expect(r.killedAt25m).toEqual(r.lost);
    expect(r.runningAt25m).toEqual([]);
    expect(runningAtEnd(events)).toHaveLength(3);
  });

  it('service, PARTITION_AWARE: an instance given up as TASK_UNREACHABLE and replaced is killed when it comes back (it ran on beside its replacement)', () => {
    const events = run(`
name: service-unreachable
until: 10m
agents: [{ id: agent, count: 4, resources: "cpus:4;mem:4GiB" }]
frameworks:
  - id: web
    role: r
    capabilities: [MULTI_ROLE, PARTITION_AWARE]
    scheduler: { type: service, apps: [{ id: web, instances: 3, resources: "cpus:1;mem:512", constraints: [[hostname, UNIQUE]] }] }
timeline:
  - { at: 1m, do: fail, agents: [agent-00002], kind: partition, duration: 3m }
`);
    const unreachable = events.filter(status('TASK_UNREACHABLE')).map((e) => e.task!);
    expect(unreachable.length).toBeGreaterThan(0);
    expect(events.filter((e) => status('TASK_KILLED')(e) && e.t === 240_000).map((e) => e.task)).toEqual(unreachable);
    expect(runningAtEnd(events)).toHaveLength(3);
  });

  it('cron: the written-off attempts are killed again, the run completes once', () => {
    const events = twice(3, 'cpus:4;mem:4GiB', 'chronos',
      '{ type: cron, jobs: [{ id: nightly, every: 1d, start: 0s, tasks: 8, resources: "cpus:1;mem:512", duration: 40m, retries: 4 }] }');
    const r = cameBackTwice(events);
    expect(r.lost).toHaveLength(4);
    expect(r.answered).toEqual(r.lost);
    expect(r.killedAt25m).toEqual(r.lost);
    expect(count(events, status('TASK_FINISHED'))).toBe(8);
  });

  it('analytics: an executor given up twice does not hold its resources idle', () => {
    const events = twice(3, 'cpus:8;mem:16GiB', 'spark', `
      type: analytics
      jobs: { count: 1, stages: [1, 1], tasksPerStage: 60, taskDuration: 2m }
      executor: { resources: "cpus:4;mem:8GiB", slots: 4, maxExecutors: 4, idleTimeout: 1h }`);
    const r = cameBackTwice(events);
    expect(r.lost.length).toBeGreaterThan(0);
    expect(r.answered).toEqual(r.lost);
    expect(r.killedAt25m).toEqual(r.lost);
  });
});

describe('trace replay: its own kills', () => {
  type Stats = TraceReplayScheduler['stats'];
  function replay(rows: Row[], opts: { think?: string; agents?: string; timeline?: string[]; until?: string } = {}): { events: Ev[]; stats: Stats } {
    const trace = writeGoogleTrace(rows);
    const spec = specFromText(`name: replay-kill-intent
seed: 7
until: ${opts.until ?? '20m'}
agents: ${opts.agents ?? '[{ id: m, resources: "cpus:32;mem:128GiB" }]'}
frameworks:
  - { id: batch, role: batch, checkpoint: true, failoverTimeout: 1h, scheduler: { type: trace-replay${opts.think ? `, thinkTime: { perTask: ${opts.think} }` : ''} } }
workload:
  sources: [{ trace: ${join(trace, 'task_events')} }]
  map: [{ framework: batch }]
timeline: [${(opts.timeline ?? []).join(', ')}]
`);
    const events: Ev[] = [];
    const b = buildSimulation(spec, [{ emit(t, type, f) { events.push({ t, type, ...f } as Ev); } }]);
    b.sim.run(spec.untilMs);
    return { events, stats: scheduler<TraceReplayScheduler>(b, 'batch').stats };
  }

  it('a task the trace kills before it ran, while its launch is still being thought about, is taken back: no kill, no answer, no task left running', () => {
    // Submitted at 10 s (offered at once, launched after 20 s of thinking, at 30 s); the trace kills
    // it at 15 s without ever scheduling it. Before, the replay killed a task the master did not
    // have yet: answered TASK_LOST (counted `lost`), and at 30 s the launch went ahead anyway, with
    // no run time: a task nobody tracked ran to the end of the run.
    const { events, stats } = replay([[10, 1, 0, 'submit'], [15, 1, 0, 'kill']], { think: '20s' });
    expect(events.filter((e) => e.type === 'task.launched' || e.type === 'task.reconciled')).toEqual([]);
    expect(stats).toMatchObject({ launched: 0, cancelledBeforeStart: 1, lost: 0, killed: 0 });
  });

  it('a task it killed when it came back, whose kill was answered while its agent was unreachable again, is killed again when it comes back again', () => {
    // m (tasks 1, 2) is cut off 1–4 min: TASK_LOST at 2m15s, re-run on `spare`. The scheduler is away
    // 3–13 min; m is cut off again 5–25 min. At 13 min the replayed TASK_RUNNING kills each (answered
    // TASK_LOST at once: m is unreachable), then the queued TASK_LOST is ignored; at 25 min m is back
    // with both still running: killed again (before, they ran on beside their re-runs).
    const { events, stats } = replay([[10, 1, 0, 'submit'], [10, 1, 0, 'schedule'], [10, 1, 1, 'submit'], [10, 1, 1, 'schedule'], [2000, 1, 0, 'finish'], [2000, 1, 1, 'finish']], {
      until: '40m',
      agents: '[{ id: m, resources: "cpus:32;mem:128GiB" }, { id: spare, at: 30s, resources: "cpus:32;mem:128GiB" }]',
      timeline: [
        '{ at: 1m, do: fail, agents: [m], kind: partition, duration: 3m }', '{ at: 3m, do: disconnectFramework, framework: batch, duration: 10m }',
        '{ at: 5m, do: fail, agents: [m], kind: partition, duration: 20m }',
      ],
    });
    const ends = events.filter((e) => (e.type === 'task.status' && e.state !== 'TASK_RUNNING') || e.type === 'task.reconciled').map((e) => `${e.t} ${e.task} ${e.state}${e.type === 'task.reconciled' ? ' (answer)' : ''}`);
    expect(ends).toEqual([
      '135000 batch-t0000001 TASK_LOST', '135000 batch-t0000002 TASK_LOST',
      '375000 batch-t0000001 TASK_LOST', '375000 batch-t0000002 TASK_LOST',
      '780000 batch-t0000001 TASK_LOST (answer)', '780000 batch-t0000002 TASK_LOST (answer)',
      '1500000 batch-t0000001 TASK_KILLED', '1500000 batch-t0000002 TASK_KILLED',
      '2125000 batch-t0000003 TASK_FINISHED', '2125000 batch-t0000004 TASK_FINISHED', // the re-runs, 2000 s from 2m15s
    ]);
    expect(stats).toMatchObject({ launched: 4, rerun: 2, lost: 2, cameBack: 2, killed: 0, finished: 2 });
  });

  it('the kill of a task the trace killed, answered by reconciliation before its queued loss, counts as killed, not lost', () => {
    // Started by the trace at 10 s and killed at 20 s (a 10 s run); the replay thinks 30 s, so it
    // launches at 40 s and its trace end falls at 50 s: a timer. The scheduler is away 45 s–5 min and
    // m is cut off from 47 s (unreachable at 2m15s, its pings' phase; TASK_LOST queued behind the 50 s timer). At 5 min
    // the timer kills the task as the trace said; the master answers TASK_LOST by reconciliation at
    // once (m unreachable), before the queued loss, which is then ignored. Before, the answer counted
    // as `lost`: the replay's stats said the simulation lost a task the trace had killed.
    const { events, stats } = replay([[10, 1, 0, 'submit'], [10, 1, 0, 'schedule'], [20, 1, 0, 'kill']], {
      think: '30s',
      timeline: ['{ at: 45s, do: disconnectFramework, framework: batch, duration: 255s }', '{ at: 47s, do: fail, agents: [m], kind: partition, duration: 1h }'],
    });
    const ends = events.filter((e) => (e.type === 'task.status' && e.state !== 'TASK_RUNNING') || e.type === 'task.reconciled').map((e) => `${e.t} ${e.task} ${e.state}${e.type === 'task.reconciled' ? ' (answer)' : ''}`);
    expect(ends).toEqual(['135000 batch-t0000001 TASK_LOST', '300000 batch-t0000001 TASK_LOST (answer)']);
    expect(stats).toMatchObject({ launched: 1, killed: 1, lost: 0, rerun: 0 });
  });
});
