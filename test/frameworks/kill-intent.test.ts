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
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

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
    // finished task, so it answers TASK_LOST at once, with no job (nothing is remembered of it), and
    // then TASK_FINISHED is replayed. Neither is re-run: the work of tasks 5–8 ran twice only
    // because the scheduler was away when they came back, not because of the answer.
    const events = batch(3, '32m');
    expect(events.filter((e) => e.type === 'task.reconciled').map((e) => [e.t, e.task, e.state, e.job ?? null])).toEqual(
      LOST_TASKS.map((t) => [2_100_000, t, 'TASK_LOST', null]));
    expect(count(events, (e) => e.type === 'task.launched')).toBe(12);
    expect(count(events, (e) => e.type === 'framework.revived' && e.t >= 2_100_000)).toBe(0);
    expect(count(events, status('TASK_FINISHED'))).toBe(12);
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
