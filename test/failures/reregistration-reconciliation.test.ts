/**
 * Frameworks reconcile their tasks when they reregister (src/master/failover/reregistration-reconciliation.ts):
 * a task whose recovering agent was marked gone after a master failover, of which no framework is
 * told (master.cpp `markGone`, MESOS-9739), is answered TASK_GONE_BY_OPERATOR / TASK_LOST at the
 * framework's next ask; tasks on agents still recovering are not answered (master.cpp `reconcile`
 * case 2) and asked about again after 15 s, 30 s, 60 s, … (at most 10 min). Before, the framework
 * was never told and its work waited on the task until the run ended.
 */
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { RECONCILE_MAX_RETRY_MS } from '../../src/master/failover/reregistration-reconciliation.ts';
import { of, runYaml, type Ev } from './helpers.ts';

const TASK = 'f1-task-000001';

/**
 * One 2-cpu agent a1, cut off from 50 s for `partition`; the master fails at 1 min and is elected
 * at 70 s, so a1 is recovering. f1 runs one 1-cpu task on a1 from 0 s. `calls`: [time, `gone`
 * (operator marks a1 gone), `kill` (f1 kills its task), `disconnect` (f1's scheduler goes away for 5 min)].
 */
function simulate(partition: string, calls: [number, string][], until = '30m', failures = '') {
  const { spec, diagnostics } = loadScenarioText('reconcile.yaml', `
name: reconcile
until: ${until}
agents: [{ id: a1, hostname: h1, resources: "cpus:2;mem:1024" }]
frameworks:
  - id: f1
    checkpoint: true
    failoverTimeout: 1h
    capabilities: [MULTI_ROLE]
    scheduler: { type: scripted, onOffer: launch, maxTasks: 1, task: { resources: "cpus:1;mem:256", duration: 1h } }
timeline:
  - { at: 50s, do: fail, agents: [a1], kind: partition, duration: ${partition} }
  - { at: 1m, do: failMaster, electionDelay: 10s }
${failures}`);
  if (!spec) throw new Error(JSON.stringify(diagnostics));
  const events: Ev[] = [];
  const built = buildSimulation(spec, [{ emit: (t, type, f) => { events.push({ t, type, ...f }); } }]);
  const updates: [number, string, string, string | null][] = [];
  built.sim.at(1, built.sim.on('test.hook', () => {
    const sched = built.master.frameworks.get('f1')!.scheduler;
    const onTaskUpdate = sched.onTaskUpdate?.bind(sched);
    sched.onTaskUpdate = (u, d) => { updates.push([built.sim.now, u.taskId, u.state, u.reason ?? null]); onTaskUpdate?.(u, d); };
  }));
  const call = built.sim.on('test.call', (what: string) => {
    if (what === 'gone') built.failures!.runtime.agents.markGone('a1');
    else if (what === 'kill') built.master.driver('f1').killTask(TASK);
    else if (what === 'disconnect') built.failures!.runtime.frameworks.disconnect('f1', 300_000);
  });
  for (const [t, what] of calls) built.sim.at(t, call, what);
  built.sim.run(spec.untilMs);
  const asks = events.filter((e) => e.type === 'framework.reconcile').map((e) => [e.t, e.answered, e.unanswered, e.retryIn ?? null]);
  const answers = events.filter((e) => e.type === 'task.reconciled').map((e) => [e.t, e.task, e.state, e.cause]);
  return { events, asks, answers, updates };
}

describe('reconciliation after reregistration', () => {
  it('a task unannounced while the framework was asking is answered at its next ask, and the round ends', () => {
    const { asks, answers, updates } = simulate('1h', [[100_000, 'gone']]);
    expect(asks).toEqual([[70_000, 0, 1, 15_000], [85_000, 0, 1, 30_000], [115_000, 1, 0, null]]);
    expect(answers).toEqual([[115_000, TASK, 'TASK_LOST', 'reconcile']]);
    expect(updates).toEqual([[115_000, TASK, 'TASK_LOST', 'reconciliation']]); // the only update f1 gets about it
  });

  it('the backoff doubles up to 10 minutes while the agent stays silent; its reregistration ends the round', () => {
    // a1 has an hour to reregister (agentReregisterTimeout) and does so when the partition heals at 40m50s.
    const { asks, events } = simulate('40m', [], '1h', 'failures: { agentReregisterTimeout: 1h }\n');
    expect(asks).toEqual([
      [70_000, 0, 1, 15_000], [85_000, 0, 1, 30_000], [115_000, 0, 1, 60_000], [175_000, 0, 1, 120_000],
      [295_000, 0, 1, 240_000], [535_000, 0, 1, 480_000], [1_015_000, 0, 1, 600_000], [1_615_000, 0, 1, 600_000],
      [2_215_000, 0, 1, 600_000], // the ask at 2815 s, after a1 reregistered at 2450 s, finds nothing to ask about: not logged
    ]);
    expect(RECONCILE_MAX_RETRY_MS).toBe(600_000);
    expect(events.filter((e) => e.type === 'agent.reconnected').map((e) => e.t)).toEqual([2_450_000]);
    expect(events.filter((e) => e.type === 'task.reconciled')).toEqual([]);
  });

  it('a silent agent marked unreachable when its reregistration timeout ends tells no framework: the next ask answers TASK_LOST', () => {
    // Mesos has no task metadata for a recovering agent (master.cpp markUnreachable during a failover):
    // the 10 min timeout after the election (670 s) is logged unannounced, and f1 hears of it at its
    // ask at 1015 s. When the partition heals (2450 s) the agent reregisters and its task runs again.
    const { asks, answers, updates, events } = simulate('40m', [], '1h');
    expect(events.filter((e) => e.type === 'task.status').map((e) => [e.t, e.state, e.unannounced ?? false])).toEqual([
      [670_000, 'TASK_LOST', true], [2_450_000, 'TASK_RUNNING', false], [3_600_000, 'TASK_FINISHED', false],
    ]);
    expect(asks.map((a) => a[0])).toEqual([70_000, 85_000, 115_000, 175_000, 295_000, 535_000, 1_015_000]);
    expect(answers).toEqual([[1_015_000, TASK, 'TASK_LOST', 'reconcile']]);
    expect(updates.map((u) => [u[0], u[2], u[3]])).toEqual([
      [1_015_000, 'TASK_LOST', 'reconciliation'], [2_450_000, 'TASK_RUNNING', 'agent reregistered'], [3_600_000, 'TASK_FINISHED', null],
    ]);
  });

  it('an agent that reregisters before the next ask reports its task itself: nothing is answered', () => {
    // Marked unreachable (unannounced) at 670 s; the partition heals at 710 s and the agent reregisters
    // with its task, which the framework then hears of as TASK_RUNNING; the ask at 1015 s has nothing to ask.
    const { asks, answers, updates } = simulate('11m', [], '1h');
    expect(asks.map((a) => a[0])).toEqual([70_000, 85_000, 115_000, 175_000, 295_000, 535_000]);
    expect(answers).toEqual([]);
    expect(updates.map((u) => [u[0], u[2]])).toEqual([[710_000, 'TASK_RUNNING'], [3_600_000, 'TASK_FINISHED']]);
  });

  it('a task the framework killed first (answered by the kill) is not asked about again', () => {
    const { answers, updates } = simulate('1h', [[100_000, 'gone'], [110_000, 'kill']]);
    expect(answers).toEqual([[110_000, TASK, 'TASK_LOST', 'kill']]);
    expect(updates).toEqual([[110_000, TASK, 'TASK_LOST', 'reconciliation']]);
  });

  it('a scheduler disconnected at the time asks when it reconnects; the answer reaches it then', () => {
    const { asks, answers, updates } = simulate('1h', [[65_000, 'disconnect'], [100_000, 'gone']]);
    // Disconnected at 65 s (during the failover): no reregistration at the election, no ask until 365 s.
    expect(asks).toEqual([[365_000, 1, 0, null]]);
    expect(answers).toEqual([[365_000, TASK, 'TASK_LOST', 'reconcile']]);
    expect(updates).toEqual([[365_000, TASK, 'TASK_LOST', 'reconciliation']]);
  });

  it('a PARTITION_AWARE replicated service replaces the replicas answered TASK_UNREACHABLE', () => {
    // a-00001 (4 of the 8 replicas) is silent across the election at 10m30s and marked unreachable,
    // unannounced, at 20m30s; the service hears it at its ask at 26m15s and launches 4 replacements then.
    const { events, result } = runYaml(`
name: rs-reconcile
seed: 5
until: 1h
agents: [{ id: a, count: 4, resources: "cpus:4;mem:16GiB" }]
frameworks:
  - id: svc
    capabilities: [MULTI_ROLE, PARTITION_AWARE]
    checkpoint: true
    scheduler: { type: replicated-service, instances: 8, resources: "cpus:1;mem:2GiB" }
timeline:
  - { at: 9m50s, do: fail, agents: [a-00001], kind: partition, duration: 40m }
  - { at: 10m, do: failMaster, electionDelay: 30s }
`);
    expect(of(events, 'task.status', (e) => e.agent === 'a-00001' && e.t < 2_000_000).map((e) => [e.t, e.state, e.unannounced])).toEqual(
      [1, 2, 3, 4].map(() => [1_230_000, 'TASK_UNREACHABLE', true]));
    expect(of(events, 'task.reconciled').map((e) => [e.t, e.state])).toEqual([1, 2, 3, 4].map(() => [1_575_000, 'TASK_UNREACHABLE']));
    const replacements = of(events, 'task.launched', (e) => e.t > 600_000).map((e) => e.t as number);
    expect(replacements).toHaveLength(4);
    expect(Math.min(...replacements)).toBeGreaterThanOrEqual(1_575_000);
    expect((result.summary as { reconcileAnswers: unknown }).reconcileAnswers).toEqual({ answered: 4, byState: { TASK_UNREACHABLE: 4 }, unanswered: 24 });
  });
});
