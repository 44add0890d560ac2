/**
 * MARK_AGENT_GONE (src/master/failover/agent-gone.ts; timeline action `markAgentGone`,
 * src/scenario/schema-agent-gone.ts): a registered or unreachable agent is removed for good, its
 * tasks are TASK_GONE_BY_OPERATOR (PARTITION_AWARE) or TASK_LOST (master.cpp `__removeSlave`,
 * `markGone`), an unreachable agent's tasks get that second update, the agent is shut down when it
 * comes back; bad targets are diagnostics (exit 2). Before, there was no timeline action, a
 * registered agent's tasks were TASK_GONE_BY_OPERATOR for every framework, and an unreachable
 * agent's tasks got nothing.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { LostAgentTasks } from '../../src/master/failover/lost-agent-tasks.ts';
import type { Task } from '../../src/master/master-state.ts';
import { of, runYaml } from './helpers.ts';

const fw = (id: string, pa: boolean, scheduler: string, extra = '') => `
  - id: ${id}
    capabilities: [MULTI_ROLE${pa ? ', PARTITION_AWARE' : ''}]${extra}
    scheduler: ${scheduler}`;

const SCRIPTED = '{ type: scripted, onOffer: launch, maxTasks: 1, task: { resources: "cpus:1;mem:256", duration: 30m } }';

function scenario(frameworks: string, timeline: string[], until = '20m'): string {
  return `
name: agent-gone
until: ${until}
agents:
  - { id: a1, hostname: h1, resources: "cpus:2;mem:1024" }
  - { id: a2, hostname: h2, resources: "cpus:2;mem:1024", at: 30s }
frameworks:${frameworks}
timeline: [${timeline.join(', ')}]
`;
}

describe('markAgentGone timeline action (MARK_AGENT_GONE)', () => {
  it('a registered agent: TASK_GONE_BY_OPERATOR to PARTITION_AWARE frameworks, TASK_LOST to others; removed for good, shut down, counted', () => {
    const { events, result } = runYaml(scenario(fw('pa', true, SCRIPTED) + fw('plain', false, SCRIPTED), ['{ at: 1m, do: markAgentGone, agents: [a1] }']));
    expect(of(events, 'task.launched').map((e) => [e.t, e.framework, e.agent])).toEqual([[0, 'pa', 'a1'], [1000, 'plain', 'a1']]);
    expect(of(events, 'agent.gone').map((e) => [e.t, e.agent, e.from, e.tasks])).toEqual([[60_000, 'a1', 'registered', 2]]);
    expect(of(events, 'task.status').map((e) => [e.t, e.framework, e.state, e.reason])).toEqual([
      [60_000, 'pa', 'TASK_GONE_BY_OPERATOR', 'agent marked gone'],
      [60_000, 'plain', 'TASK_LOST', 'agent marked gone'],
    ]);
    expect(of(events, 'agent.removed').map((e) => [e.t, e.agent])).toEqual([[60_000, 'a1']]);
    expect(of(events, 'agent.shutdown').map((e) => [e.t, e.agent])).toEqual([[60_000, 'a1']]);
    expect(of(events, 'offer', (e) => e.agent === 'a1' && e.t > 60_000)).toEqual([]); // its resources left the allocator (the action runs after the 60 s batch run)
    const failures = (result.summary as { failures: { events: Record<string, number>; tasksLost: number; tasksLostByCause: Record<string, number> } }).failures;
    expect(failures.events.agentsMarkedGone).toBe(1);
    expect(failures.tasksLost).toBe(2);
    expect(failures.tasksLostByCause.maintenance).toBe(2);
  });

  it('outstanding offers on the agent are rescinded', () => {
    const { events } = runYaml(scenario(fw('h', false, '{ type: scripted, onOffer: hold }'), ['{ at: 1m, do: markAgentGone, agents: [a1] }']));
    expect(of(events, 'offer.rescinded').map((e) => [e.t, e.agent, e.reason])).toEqual([[60_000, 'a1', 'agent removed']]);
  });

  it('an unreachable agent: its tasks get TASK_GONE_BY_OPERATOR / TASK_LOST now (counted lost once); it is shut down when it comes back, never reregisters', () => {
    const { events, result } = runYaml(scenario(fw('pa', true, SCRIPTED) + fw('plain', false, SCRIPTED), [
      '{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 9m }', '{ at: 5m, do: markAgentGone, agents: [a1] }',
    ]));
    expect(of(events, 'task.status').map((e) => [e.t, e.framework, e.state, e.reason, e.wasUnreachable ?? false])).toEqual([
      [135_000, 'pa', 'TASK_UNREACHABLE', 'health check timed out', false],
      [135_000, 'plain', 'TASK_LOST', 'health check timed out', false],
      [300_000, 'pa', 'TASK_GONE_BY_OPERATOR', 'agent marked gone', true],
      [300_000, 'plain', 'TASK_LOST', 'agent marked gone', true],
    ]);
    expect(of(events, 'agent.gone').map((e) => [e.t, e.from, e.tasks])).toEqual([[300_000, 'unreachable', 2]]);
    expect(of(events, 'agent.shutdown').map((e) => e.t)).toEqual([600_000]); // refused when the partition heals
    expect(of(events, 'agent.reregistered')).toEqual([]);
    const failures = (result.summary as { failures: { tasksLost: number; tasksGoneAfterUnreachable: number; tasksLostByCause: Record<string, number> } }).failures;
    expect(failures.tasksLost).toBe(2); // lost when unreachable, not again
    expect(failures.tasksGoneAfterUnreachable).toBe(2);
    expect(failures.tasksLostByCause.failure).toBe(2);
  });

  it('a recovering agent (master failover, not reregistered): removed, but no framework is told (Mesos markGone: no task metadata, MESOS-9739) until it reconciles', () => {
    // a1 is cut off at 50 s, the master fails at 1 min and is elected at 70 s: a1 is recovering (§6.4)
    // when it is marked gone at 2 min. Before, both frameworks got TASK_GONE_BY_OPERATOR / TASK_LOST.
    const batch = '{ type: batch, jobs: { count: 1, interarrival: 1s, tasks: 1, resources: "cpus:1;mem:256", duration: 30m } }';
    const { events, result } = runYaml(scenario(fw('pa', true, batch, '\n    checkpoint: true') + fw('plain', false, batch, '\n    checkpoint: true'), [
      '{ at: 50s, do: fail, agents: [a1], kind: partition, duration: 5m }', '{ at: 1m, do: failMaster, electionDelay: 10s }',
      '{ at: 2m, do: markAgentGone, agents: [a1] }',
    ]));
    expect(of(events, 'agent.gone').map((e) => [e.t, e.agent, e.from, e.tasks])).toEqual([[120_000, 'a1', 'recovering', 2]]);
    // Removed with the agent and counted lost, logged unannounced: no status update reaches a scheduler.
    expect(of(events, 'task.status').map((e) => [e.t, e.framework, e.state, e.unannounced ?? false])).toEqual([
      [120_000, 'pa', 'TASK_GONE_BY_OPERATOR', true],
      [120_000, 'plain', 'TASK_LOST', true],
    ]);
    expect(of(events, 'agent.removed').map((e) => [e.t, e.agent])).toEqual([[120_000, 'a1']]);
    expect(of(events, 'agent.shutdown').map((e) => e.t)).toEqual([350_000]); // refused when it reaches the master again
    const failures = (result.summary as { failures: { tasksLost: number } }).failures;
    expect(failures.tasksLost).toBe(2);
    // Each framework learns it by its own reconciliation after reregistering at the election (70 s,
    // reregistration-reconciliation.ts): unanswered while a1 recovers, asked again 15 s, then 30 s and
    // 60 s later; the ask at 175 s is answered (a1 gone) and each batch model re-runs its task on a2.
    expect(of(events, 'framework.reconcile').map((e) => [e.t, e.framework, e.answered, e.unanswered, e.retryIn ?? null])).toEqual([
      [70_000, 'pa', 0, 1, 15_000], [70_000, 'plain', 0, 1, 15_000],
      [85_000, 'pa', 0, 1, 30_000], [85_000, 'plain', 0, 1, 30_000],
      [115_000, 'pa', 0, 1, 60_000], [115_000, 'plain', 0, 1, 60_000],
      [175_000, 'pa', 1, 0, null], [175_000, 'plain', 1, 0, null],
    ]);
    expect(of(events, 'task.reconciled').map((e) => [e.t, e.framework, e.agent, e.state, e.reason, e.cause])).toEqual([
      [175_000, 'pa', 'a1', 'TASK_GONE_BY_OPERATOR', 'reconciliation', 'reconcile'],
      [175_000, 'plain', 'a1', 'TASK_LOST', 'reconciliation', 'reconcile'],
    ]);
    expect(of(events, 'task.launched').map((e) => [e.t, e.framework, e.agent])).toEqual([[355, 'pa', 'a1'], [646, 'plain', 'a1'], [176_000, 'pa', 'a2'], [177_000, 'plain', 'a2']]);
    expect(failures.tasksLost).toBe(2); // answers are not task ends: the loss was counted at 120 s
    expect((result.summary as { reconcileAnswers?: unknown }).reconcileAnswers).toEqual({ answered: 2, byState: { TASK_GONE_BY_OPERATOR: 1, TASK_LOST: 1 }, unanswered: 6 });
  });

  it('framework models replace what they lose: batch re-runs once (not again on the second TASK_LOST), a PARTITION_AWARE batch re-runs on TASK_GONE_BY_OPERATOR', () => {
    const batch = '{ type: batch, jobs: { count: 1, interarrival: 1s, tasks: 2, resources: "cpus:1;mem:256", duration: 5m } }';
    for (const pa of [false, true]) {
      const { events } = runYaml(scenario(fw('b', pa, batch), [
        '{ at: 1m, do: fail, agents: [a1], kind: partition }', '{ at: 4m, do: markAgentGone, agents: [a1] }',
      ], '30m'));
      const launched = of(events, 'task.launched').map((e) => [e.t, e.agent]);
      // not PA: TASK_LOST at 135 s, re-run on a2 after the 1 s retry delay; PA: TASK_UNREACHABLE waits, TASK_GONE_BY_OPERATOR at 4 m re-runs
      const rerunAt = pa ? 241_000 : 136_000;
      expect(launched.slice(2)).toEqual([[rerunAt, 'a2'], [rerunAt, 'a2']]);
      expect(of(events, 'task.status', (e) => e.state === 'TASK_FINISHED').length).toBe(2);
    }
  });

  it('bad targets are diagnostics at file:line:column: unknown agent, not registered yet, removed, machine DOWN', () => {
    const text = `
name: bad
agents:
  - { id: a1, hostname: h1, resources: "cpus:2;mem:1024" }
  - { id: a2, hostname: h2, resources: "cpus:2;mem:1024", at: 5m }
  - { id: a3, hostname: h3, resources: "cpus:2;mem:1024" }
  - { id: a4, hostname: h4, resources: "cpus:2;mem:1024" }
timeline:
  - { at: 1m, do: markAgentGone, agents: [nope] }
  - { at: 1m, do: markAgentGone, agents: [a2] }
  - { at: 1m, do: removeAgent, agent: a3 }
  - { at: 2m, do: markAgentGone, agents: [a3] }
  - { at: 0s, do: scheduleMaintenance, machines: [h4] }
  - { at: 1m, do: machineDown, machines: [h4] }
  - { at: 2m, do: markAgentGone, machines: [h4] }
  - { at: 3m, do: machineUp, machines: [h4] }
  - { at: 4m, do: markAgentGone, agents: [a4, a1] }
  - { at: 6m, do: markAgentGone, agents: [a2] }
`;
    const { spec, diagnostics } = loadScenarioText('bad.yaml', text);
    expect(spec).toBeUndefined();
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message.split(';')[0]}`)).toEqual([
      '9:43 CS1004 unknown agent "nope"',
      '10:5 CS2011 cannot mark agent "a2" gone at 1m: it is not registered until 5m',
      '12:5 CS2011 cannot mark agent "a3" gone at 2m: it was removed at 1m (removeAgent)',
      '15:5 CS2011 cannot mark agent "a4" gone at 2m: its machine h4 was taken DOWN at 1m (machineDown) and is not up again',
    ]);
  });

  it('at run time: an agent already gone is left alone (200 OK), one removed with its machine is not found (404)', () => {
    const { spec, diagnostics } = loadScenarioText('rt.yaml', scenario(fw('plain', false, SCRIPTED), [
      '{ at: 40s, do: scheduleMaintenance, machines: [h2] }', '{ at: 1m, do: machineDown, machines: [h2] }',
      '{ at: 2m, do: markAgentGone, agents: [a1] }', '{ at: 3m, do: markAgentGone, agents: [a1] }',
    ]));
    if (!spec) throw new Error(JSON.stringify(diagnostics));
    const events: { t: number; type: string; [k: string]: unknown }[] = [];
    const built = buildSimulation(spec, [{ emit: (t, type, f) => { events.push({ t, type, ...f }); } }]);
    const results: string[] = [];
    built.sim.at(240_000, built.sim.on('test.gone', () => { results.push(built.failures!.runtime.agents.markGone('a2')); }), null);
    built.sim.run(spec.untilMs);
    expect(results).toEqual(['not found']);
    expect(events.filter((e) => e.type === 'agent.gone').map((e) => [e.t, e.agent])).toEqual([[120_000, 'a1']]);
    expect(events.filter((e) => e.type === 'agent.gone.refused').map((e) => [e.t, e.agent, e.reason])).toEqual([[180_000, 'a1', 'already gone'], [240_000, 'a2', 'not found']]);
  });
});

describe('lost-agent-tasks: bounded like the registry (registry_max_agent_count / registry_max_agent_age)', () => {
  const task = (id: string): Task => ({ id, frameworkId: 'f', agentId: 'x', jobId: null } as unknown as Task);
  it('keeps at most maxAgentCount agents per list, the oldest marked dropped first', () => {
    const m = new LostAgentTasks({ maxAgentAgeMs: 1e12, maxAgentCount: 2 });
    for (let i = 1; i <= 5; i++) m.gone(`g${i}`, [task(`t${i}`)], i);
    m.unreachable('u1', [task('tu1')], 6);
    expect(m.agents).toBe(3);
    expect(m.whereabouts('t1')).toBeNull();
    expect(m.whereabouts('t3')).toBeNull();
    expect(m.whereabouts('t4')?.agent).toBe('gone');
    expect(m.whereabouts('t5')?.agent).toBe('gone');
    expect(m.whereabouts('tu1')?.agent).toBe('unreachable'); // its own list
  });
  it('forgets agents marked longer ago than maxAgentAgeMs (then a kill is answered as for an unknown agent)', () => {
    const m = new LostAgentTasks({ maxAgentAgeMs: 1000, maxAgentCount: 10 });
    m.gone('g1', [task('t1')], 0);
    m.unreachable('u1', [task('t2')], 500);
    expect(m.whereabouts('t1', 1000)?.agent).toBe('gone');
    expect(m.whereabouts('t1', 1001)).toBeNull();
    expect(m.whereabouts('t2', 1001)?.agent).toBe('unreachable');
    expect(m.whereabouts('t2', 1501)).toBeNull();
    expect(m.size).toBe(0);
  });
  it('defaults to Mesos\' 2 weeks / 102400 agents', () => {
    const m = new LostAgentTasks();
    m.gone('g1', [task('t1')], 0);
    expect(m.whereabouts('t1', 14 * 24 * 3600 * 1000)?.agent).toBe('gone');
    expect(m.whereabouts('t1', 14 * 24 * 3600 * 1000 + 1)).toBeNull();
  });
});
