/**
 * Tasks lost with an unreachable agent, and back when it reregisters (mesos-semantics §6.2: since
 * Mesos 1.5 they keep running). The batch model re-runs a task that ends without finishing and runs
 * the work once (src/frameworks/batch.ts); the service, cron and analytics models kill what comes
 * back after they replaced it, so nothing runs twice or holds resources idle.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

type Ev = { t: number; type: string; state?: string; reason?: string; task?: string; agent?: string };

/**
 * The events of a run on `count` machines of `machine` where agent-00002 is cut off at 1 min for
 * `cut` (marked unreachable after 75 s of missed pings, at 2m15s: its tasks are TASK_LOST; it
 * reregisters when the cut ends).
 */
function partitioned(until: string, count: number, machine: string, frameworks: string, cut = '3m'): Ev[] {
  const { spec, diagnostics } = loadScenarioText('lost.yaml', `
name: lost-tasks
until: ${until}
agents: [{ id: agent, count: ${count}, resources: "${machine}" }]
frameworks:
${frameworks}
timeline:
  - { at: 1m, do: fail, agents: [agent-00002], kind: partition, duration: ${cut} }
`);
  expect(diagnostics).toEqual([]);
  return runScenario(spec!, { keepEvents: true }).events!.map((l) => JSON.parse(l) as Ev);
}

/** `agents` machines of 4 cpus, one batch job of `tasks` 1-cpu tasks of 30 min. */
const run = (agents: number, tasks: number, cut = '3m'): Ev[] => partitioned('1h', agents, 'cpus:4;mem:4GiB', `
  - id: f
    role: r
    scheduler: { type: batch, jobs: { count: 1, tasks: ${tasks}, resources: "cpus:1;mem:512", duration: 30m } }`, cut);

const count = (events: Ev[], pred: (e: Ev) => boolean) => events.filter(pred).length;
const status = (state: string) => (e: Ev) => e.type === 'task.status' && e.state === state;

describe('batch model: lost tasks are re-run, and the work runs once', () => {
  it('a lost task that finished while its agent was cut off calls its waiting re-run off at reregistration', () => {
    // One agent, cut off from 1 min to 11 min: its 4 tasks (3 min) are TASK_LOST at 2m15s, finish on
    // the agent at 3 min (held), and are reported TASK_FINISHED when it reregisters at 11 min. The
    // re-runs had nowhere to go meanwhile; they are called off instead of running the work twice.
    const { spec, diagnostics } = loadScenarioText('lost.yaml', `
name: lost-finished
until: 30m
agents: [{ id: a, resources: "cpus:4;mem:4GiB" }]
frameworks:
  - { id: f, role: r, scheduler: { type: batch, jobs: { count: 1, tasks: 4, resources: "cpus:1;mem:512", duration: 3m } } }
timeline:
  - { at: 1m, do: fail, agents: [a], kind: partition, duration: 10m }
`);
    expect(diagnostics).toEqual([]);
    const events = runScenario(spec!, { keepEvents: true }).events!.map((l) => JSON.parse(l) as Ev);
    expect(count(events, status('TASK_LOST'))).toBe(4);
    expect(events.filter(status('TASK_FINISHED')).map((e) => `${e.t} ${e.reason}`)).toEqual(Array(4).fill('660000 agent reregistered'));
    expect(count(events, (e) => e.type === 'task.launched')).toBe(4); // no re-run
  });

  it('the re-runs wait for room; when the lost tasks come back first, the re-runs are called off', () => {
    // 2 agents, 8 tasks: the cluster is full, so the 4 re-runs queue until agent-00002 is back.
    const events = run(2, 8);
    expect(count(events, status('TASK_LOST'))).toBe(4);
    expect(count(events, (e) => e.type === 'task.status' && e.state === 'TASK_RUNNING' && e.reason === 'agent reregistered')).toBe(4);
    expect(count(events, (e) => e.type === 'task.launched')).toBe(8); // no re-run was started
    expect(count(events, status('TASK_FINISHED'))).toBe(8);
    expect(count(events, status('TASK_KILLED'))).toBe(0);
  });

  it('when the lost tasks come back within the retry delay, the pending re-runs are called off', () => {
    // Back at 2m15.5s, half a second after the loss: the re-runs would have started on agent-00003 at 2m16s.
    const events = run(3, 8, '75500ms');
    expect(count(events, status('TASK_LOST'))).toBe(4);
    expect(events.find((e) => e.reason === 'agent reregistered')!.t).toBe(135_500);
    expect(count(events, (e) => e.type === 'task.launched')).toBe(8);
    expect(count(events, status('TASK_KILLED'))).toBe(0);
    expect(count(events, status('TASK_FINISHED'))).toBe(8);
  });

  it('when the re-runs started elsewhere, the tasks that come back are killed, and not re-run again', () => {
    // 3 agents, 8 tasks: the re-runs start on agent-00003's free cpus a second after the loss.
    const events = run(3, 8);
    const lostAt = events.find(status('TASK_LOST'))!.t;
    const reruns = events.filter((e) => e.type === 'task.launched' && e.t > lostAt);
    expect(reruns).toHaveLength(4);
    expect(reruns.every((e) => e.agent === 'agent-00003' && e.t === lostAt + 1000)).toBe(true); // retryDelay 1 s, then the next offer
    const killed = events.filter(status('TASK_KILLED'));
    expect(killed).toHaveLength(4);
    expect(killed.every((e) => e.agent === 'agent-00002')).toBe(true);
    expect(count(events, (e) => e.type === 'task.launched')).toBe(12);
    expect(count(events, status('TASK_FINISHED'))).toBe(8);
  });
});

describe('service model: a replaced instance that comes back is killed', () => {
  it('runs 3 instances (one per host) before, during and after the partition', () => {
    const events = partitioned('10m', 4, 'cpus:4;mem:4GiB', `
  - id: web
    role: web
    scheduler: { type: service, apps: [{ id: web, instances: 3, resources: "cpus:1;mem:512", constraints: [[hostname, UNIQUE]] }] }`);
    const lost = events.filter(status('TASK_LOST')).map((e) => e.task);
    expect(lost.length).toBeGreaterThan(0);
    const back = events.filter((e) => e.type === 'task.status' && e.reason === 'agent reregistered').map((e) => e.task);
    expect(back.sort()).toEqual([...lost].sort());
    // Every instance that came back is killed at once; the replacements keep running.
    const killed = events.filter(status('TASK_KILLED'));
    expect(killed.map((e) => e.task).sort()).toEqual([...lost].sort());
    expect(killed.every((e) => e.t === 240_000)).toBe(true);
    const launched = events.filter((e) => e.type === 'task.launched').map((e) => e.task!);
    const ended = new Set(events.filter((e) => e.type === 'task.status' && e.state !== 'TASK_RUNNING').map((e) => e.task));
    const cameBack = new Set(back);
    const running = launched.filter((t) => !ended.has(t) || (cameBack.has(t) && !killed.some((k) => k.task === t)));
    expect(running).toHaveLength(3);
  });
});

describe('cron model: a written-off attempt that comes back is killed', () => {
  it('the retry runs, the returning task is killed, the run completes once', () => {
    const events = partitioned('30m', 2, 'cpus:4;mem:4GiB', `
  - id: chronos
    role: etl
    scheduler:
      type: cron
      jobs:
        - { id: nightly, every: 1d, start: 0s, tasks: 8, resources: "cpus:1;mem:512", duration: 10m, retries: 4 }`);
    const lost = events.filter(status('TASK_LOST')).map((e) => e.task).sort();
    expect(lost).toHaveLength(4);
    expect(events.filter(status('TASK_KILLED')).map((e) => e.task).sort()).toEqual(lost);
    expect(count(events, status('TASK_FINISHED'))).toBe(8);
  });
});

describe('analytics model: an executor given up as lost that comes back is killed', () => {
  it('does not keep an idle executor holding its resources', () => {
    const events = partitioned('20m', 3, 'cpus:8;mem:16GiB', `
  - id: spark
    role: analytics
    scheduler:
      type: analytics
      jobs: { count: 1, stages: [1, 1], tasksPerStage: 60, taskDuration: 2m }
      executor: { resources: "cpus:4;mem:8GiB", slots: 4, maxExecutors: 4, idleTimeout: 1h }`);
    const lost = events.filter(status('TASK_LOST')).map((e) => e.task).sort();
    expect(lost.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.reason === 'agent reregistered').map((e) => e.task).sort()).toEqual(lost);
    expect(events.filter(status('TASK_KILLED')).map((e) => e.task).sort()).toEqual(lost);
  });
});
