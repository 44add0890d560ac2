/**
 * A framework's kill of a task the master does not have is answered by reconciliation (Mesos
 * `Master::kill` → explicit `reconcile`; src/master/kill-reconciliation.ts): its agent marked gone →
 * TASK_GONE_BY_OPERATOR, taken DOWN for maintenance (removed, so unknown) or never known →
 * TASK_UNKNOWN, to PARTITION_AWARE frameworks, TASK_LOST to others; reason `reconciliation`;
 * logged `task.reconciled`, counted in summary.json `killAnswers`; nothing while agents recover
 * after a master failover. Before, all of these kills got no answer at all.
 */
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { Ev } from './helpers.ts';
import { EndedTasks, MAX_COMPLETED_TASKS_PER_FRAMEWORK } from '../../src/master/ended-tasks.ts';

const TASK = 'f1-task-000001';

interface Sim {
  partitionAware?: boolean;
  timeline?: string[];
  /** [time, what]: `kill <task>` through f1's (or `kill2`: f2's) driver, `gone` marks a1 gone (operator) */
  calls: [number, string][];
  duration?: string;
  second?: boolean;
  /** f1 checkpoints (default; installs the failure machinery) */
  checkpoint?: boolean;
}

/** One 2-cpu agent a1 (host h1); f1 runs one 1-cpu task of `duration` from 0 s. */
function simulate(o: Sim) {
  const { spec, diagnostics } = loadScenarioText('kill-answers.yaml', `
name: kill-answers
until: 15m
agents: [{ id: a1, hostname: h1, resources: "cpus:2;mem:1024" }]
frameworks:
  - id: f1
${o.checkpoint === false ? '' : '    checkpoint: true\n'}    capabilities: [MULTI_ROLE${o.partitionAware ? ', PARTITION_AWARE' : ''}]
    scheduler: { type: scripted, onOffer: launch, maxTasks: 1, task: { resources: "cpus:1;mem:256", duration: ${o.duration ?? '10m'} } }
${o.second ? `  - id: f2
    capabilities: [MULTI_ROLE, PARTITION_AWARE]
    scheduler: { type: scripted, onOffer: decline }` : ''}
timeline: [${(o.timeline ?? []).join(', ')}]
`);
  if (!spec) throw new Error(JSON.stringify(diagnostics));
  const events: Ev[] = [];
  const built = buildSimulation(spec, [{ emit: (t, type, f) => { events.push({ t, type, ...f }); } }]);
  const updates: Record<string, [number, string, string, string | null][]> = { f1: [], f2: [] };
  built.sim.at(1, built.sim.on('test.hook', () => {
    for (const id of o.second ? ['f1', 'f2'] : ['f1']) {
      const sched = built.master.frameworks.get(id)!.scheduler;
      const onTaskUpdate = sched.onTaskUpdate?.bind(sched);
      sched.onTaskUpdate = (u, d) => { updates[id].push([built.sim.now, u.taskId, u.state, u.reason ?? null]); onTaskUpdate?.(u, d); };
    }
  }));
  const call = built.sim.on('test.call', (what: string) => {
    const [verb, arg] = what.split(' ');
    if (verb === 'kill') built.master.driver('f1').killTask(arg);
    else if (verb === 'kill2') built.master.driver('f2').killTask(arg);
    else if (verb === 'gone') built.failures!.runtime.agents.markGone('a1');
  });
  for (const [t, what] of o.calls) built.sim.at(t, call, what);
  built.sim.run(spec.untilMs);
  const answers = events.filter((e) => e.type === 'task.reconciled' || e.type === 'task.reconcile.dropped')
    .map((e) => [e.t, e.type, e.task, e.framework, e.agent ?? null, e.state ?? null, e.reason]);
  const statuses = events.filter((e) => e.type === 'task.status').map((e) => [e.t, e.state, e.reason ?? null]);
  return { events, answers, statuses, updates, built };
}

const BOTH = [false, true] as const;

describe('kill of a task the master does not have: the reconciliation answer', () => {
  it('agent marked gone (operator): TASK_GONE_BY_OPERATOR / TASK_LOST with the agent, nothing else moves', () => {
    for (const partitionAware of BOTH) {
      const state = partitionAware ? 'TASK_GONE_BY_OPERATOR' : 'TASK_LOST';
      const { answers, statuses, updates, built } = simulate({ partitionAware, calls: [[60_000, 'gone'], [120_000, `kill ${TASK}`]] });
      expect(answers).toEqual([[120_000, 'task.reconciled', TASK, 'f1', 'a1', state, 'reconciliation']]);
      // The loss is the one at the removal (TASK_GONE_BY_OPERATOR, TASK_LOST if not PARTITION_AWARE: master.cpp
      // __removeSlave; agent-gone.ts); the answer is no transition.
      expect(statuses).toEqual([[60_000, state, 'agent marked gone']]);
      expect(updates.f1).toEqual([[60_000, TASK, state, 'agent marked gone'], [120_000, TASK, state, 'reconciliation']]);
      expect(built.failures!.runtime.agents.lostTasks.size).toBe(1); // gone is final: remembered
    }
  });

  it('agent unreachable, then marked gone: TASK_UNREACHABLE before, TASK_GONE_BY_OPERATOR after (PARTITION_AWARE)', () => {
    const { answers } = simulate({
      partitionAware: true, timeline: ['{ at: 1m, do: fail, agents: [a1], kind: partition }'],
      calls: [[200_000, `kill ${TASK}`], [300_000, 'gone'], [400_000, `kill ${TASK}`]],
    });
    expect(answers).toEqual([
      [200_000, 'task.reconciled', TASK, 'f1', 'a1', 'TASK_UNREACHABLE', 'reconciliation'],
      [400_000, 'task.reconciled', TASK, 'f1', 'a1', 'TASK_GONE_BY_OPERATOR', 'reconciliation'],
    ]);
  });

  it('machine DOWN for maintenance: the agent is removed, not gone, so it is unknown: TASK_UNKNOWN / TASK_LOST', () => {
    for (const partitionAware of BOTH) {
      const { answers, statuses, updates } = simulate({
        partitionAware, timeline: ['{ at: 0s, do: scheduleMaintenance, machines: [h1], start: 1m }', '{ at: 1m, do: machineDown, machines: [h1] }'],
        calls: [[120_000, `kill ${TASK}`]],
      });
      const down = partitionAware ? 'TASK_GONE_BY_OPERATOR' : 'TASK_LOST';
      expect(statuses).toEqual([[60_000, down, 'machine down for maintenance']]);
      // The kill names a1 (the task ended there: ended-tasks.ts); a removed agent is unknown (master.cpp reconcile case 6).
      expect(answers).toEqual([[120_000, 'task.reconciled', TASK, 'f1', 'a1', partitionAware ? 'TASK_UNKNOWN' : 'TASK_LOST', 'reconciliation']]);
      expect(updates.f1.at(-1)).toEqual([120_000, TASK, partitionAware ? 'TASK_UNKNOWN' : 'TASK_LOST', 'reconciliation']);
    }
  });

  it('machine DOWN while its agent is unreachable: the master keeps it unreachable (TASK_UNREACHABLE), and it registers afresh once UP and reachable', () => {
    // Before, the DOWN stopped the run: "simulation error: agent a1: machineDown in state unreachable" (exit 3).
    const { answers, events } = simulate({
      partitionAware: true,
      timeline: ['{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 10m }', '{ at: 3m, do: scheduleMaintenance, machines: [h1], start: 1m }',
        '{ at: 4m, do: machineDown, machines: [h1] }', '{ at: 8m, do: machineUp, machines: [h1] }'],
      calls: [[300_000, `kill ${TASK}`]],
    });
    // /machine/down removes registered agents only; the unreachable entry stays (kill-reconciliation.ts).
    expect(answers).toEqual([[300_000, 'task.reconciled', TASK, 'f1', 'a1', 'TASK_UNREACHABLE', 'reconciliation']]);
    const states = events.filter((e) => e.type === 'agent.state').map((e) => [e.t, e.from, e.to]);
    // UP at 8 min while still cut off: it registers when the partition heals at 11 min.
    expect(states).toEqual([[135_000, 'registered', 'unreachable'], [240_000, 'unreachable', 'down'], [660_000, 'down', 'registered']]);
    expect(events.filter((e) => e.type === 'agent.added').map((e) => e.t)).toEqual([0, 660_000]);
  });

  it('a task the master never had: TASK_UNKNOWN / TASK_LOST; one that ended on a registered agent: TASK_GONE / TASK_LOST; counted in summary killAnswers', () => {
    // Mesos Master::kill → reconcile: an ended task is unknown (Framework::getTask has active tasks
    // only); the kill names the agent it ran on, still registered: case (3) TASK_GONE ("Task is
    // unknown to the agent"), TASK_LOST if not PARTITION_AWARE. No agent: case (6) TASK_UNKNOWN.
    // Before (session 10) the ended task was answered TASK_UNKNOWN, as if the master never had it.
    for (const partitionAware of BOTH) {
      const unknown = partitionAware ? 'TASK_UNKNOWN' : 'TASK_LOST';
      const gone = partitionAware ? 'TASK_GONE' : 'TASK_LOST';
      const { answers, statuses, updates, built } = simulate({ partitionAware, duration: '1m', calls: [[10_000, 'kill f1-task-999999'], [700_000, `kill ${TASK}`]] });
      expect(answers).toEqual([
        [10_000, 'task.reconciled', 'f1-task-999999', 'f1', null, unknown, 'reconciliation'],
        [700_000, 'task.reconciled', TASK, 'f1', 'a1', gone, 'reconciliation'],
      ]);
      expect(statuses).toEqual([[60_000, 'TASK_FINISHED', null]]);
      expect(updates.f1).toEqual([[10_000, 'f1-task-999999', unknown, 'reconciliation'], [60_000, TASK, 'TASK_FINISHED', null], [700_000, TASK, gone, 'reconciliation']]);
      expect(built.summaryExtras!()).toMatchObject({ killAnswers: { answered: 2, byState: partitionAware ? { TASK_UNKNOWN: 1, TASK_GONE: 1 } : { TASK_LOST: 2 }, dropped: 0 } });
    }
  });

  it('a task that ended on an agent now unreachable, gone, or recovering: answered by the agent (TASK_UNREACHABLE, TASK_GONE_BY_OPERATOR, nothing)', () => {
    // Ends at 1 min on a1; a1 is cut off at 2 min, marked unreachable at 3:15 (ping budget): case (4).
    const unreachable = simulate({
      partitionAware: true, duration: '1m', timeline: ['{ at: 2m, do: fail, agents: [a1], kind: partition }'],
      calls: [[100_000, `kill ${TASK}`], [300_000, `kill ${TASK}`], [400_000, 'gone'], [500_000, `kill ${TASK}`]],
    });
    expect(unreachable.answers).toEqual([
      [100_000, 'task.reconciled', TASK, 'f1', 'a1', 'TASK_GONE', 'reconciliation'],
      [300_000, 'task.reconciled', TASK, 'f1', 'a1', 'TASK_UNREACHABLE', 'reconciliation'],
      [500_000, 'task.reconciled', TASK, 'f1', 'a1', 'TASK_GONE_BY_OPERATOR', 'reconciliation'], // case (5), its agent has no tasks left
    ]);
    // Ends at 40 s on a1; a1 is cut off at 50 s, the master fails at 1 min and is elected at 70 s: a1 is
    // recovering until it heals at 300 s. A kill naming a recovering agent is dropped (case 2), after it
    // reregisters the answer is TASK_GONE (case 3).
    const recovering = simulate({
      partitionAware: true, duration: '40s', timeline: ['{ at: 50s, do: fail, agents: [a1], kind: partition, duration: 250s }', '{ at: 1m, do: failMaster, electionDelay: 10s }'],
      calls: [[100_000, `kill ${TASK}`], [400_000, `kill ${TASK}`]],
    });
    expect(recovering.statuses).toEqual([[40_000, 'TASK_FINISHED', null]]);
    expect(recovering.answers).toEqual([
      [100_000, 'task.reconcile.dropped', TASK, 'f1', 'a1', null, 'agent recovering'],
      [400_000, 'task.reconciled', TASK, 'f1', 'a1', 'TASK_GONE', 'reconciliation'],
    ]);
  });

  it('ended-tasks memory: the last 1000 per framework (--max_completed_tasks_per_framework), the oldest forgotten first', () => {
    const m = new EndedTasks(2);
    m.record('f', 't1', 'a1', null);
    m.record('f', 't2', 'a1', 'j');
    m.record('g', 't1', 'a9', null);
    m.record('f', 't3', 'a2', null);
    expect(m.of('f', 't1')).toBeNull();
    expect(m.of('f', 't2')).toEqual({ agentId: 'a1', jobId: 'j' });
    expect(m.of('f', 't3')?.agentId).toBe('a2');
    expect(m.of('g', 't1')?.agentId).toBe('a9');
    expect(m.of('g', 't2')).toBeNull(); // another framework's task
    m.dropFramework('f');
    expect(m.size).toBe(1);
    expect(MAX_COMPLETED_TASKS_PER_FRAMEWORK).toBe(1000);
  });

  it("another framework's task is unknown to the caller: answered to it, the task runs on", () => {
    const { answers, statuses, updates } = simulate({ second: true, calls: [[30_000, `kill2 ${TASK}`]] });
    expect(answers).toEqual([[30_000, 'task.reconciled', TASK, 'f2', null, 'TASK_UNKNOWN', 'reconciliation']]);
    expect(updates.f2).toEqual([[30_000, TASK, 'TASK_UNKNOWN', 'reconciliation']]);
    expect(statuses).toEqual([[600_000, 'TASK_FINISHED', null]]);
  });

  it('after a master failover, while an agent has not reregistered: a kill of an unknown task is dropped, not answered', () => {
    // a1 is cut off at 50 s, the master fails at 60 s and is elected at 70 s: a1 is recovering until it
    // reregisters (heal at 5 min) or its 10 min run out (Mesos reconcile case 2: no reply).
    const { answers, updates, built } = simulate({
      timeline: ['{ at: 50s, do: fail, agents: [a1], kind: partition, duration: 250s }', '{ at: 1m, do: failMaster, electionDelay: 10s }'],
      calls: [[100_000, 'kill f1-task-999999'], [400_000, 'kill f1-task-999998']],
    });
    expect(answers).toEqual([
      [100_000, 'task.reconcile.dropped', 'f1-task-999999', 'f1', null, null, 'agents recovering'],
      [400_000, 'task.reconciled', 'f1-task-999998', 'f1', null, 'TASK_LOST', 'reconciliation'],
    ]);
    expect(updates.f1.filter((u) => u[1] !== TASK)).toEqual([[400_000, 'f1-task-999998', 'TASK_LOST', 'reconciliation']]);
    expect(built.summaryExtras!()).toMatchObject({ killAnswers: { answered: 1, byState: { TASK_LOST: 1 }, dropped: 1 } });
  });

  it('a run without failures or maintenance answers too (the answer is the master’s own)', () => {
    const { answers, built } = simulate({ checkpoint: false, calls: [[10_000, 'kill f1-task-999999']] });
    expect(built.failures ?? null).toBeNull();
    expect(answers).toEqual([[10_000, 'task.reconciled', 'f1-task-999999', 'f1', null, 'TASK_LOST', 'reconciliation']]);
  });
});
