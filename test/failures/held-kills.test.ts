/**
 * A kill sent to a task on an agent cut off from the master (mesos-semantics §6.2; Mesos
 * `Master::kill`, `reconcileKnownSlave`; src/master/failover/held-kills.ts): it is not delivered, the
 * task runs on and holds its resources; the master sends it again when the agent reconnects
 * (TASK_KILLED then). If the agent is marked unreachable first, the task is TASK_LOST /
 * TASK_UNREACHABLE like any task there and the kill is forgotten: reregistered, it is RUNNING again.
 */
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { Ev } from './helpers.ts';

const TASK = 'f1-task-000001';

/** One 2-cpu agent, f1 runs one 1-cpu task of `duration` from 0 s; the test kills it at `killAt` through f1's driver. */
function simulate(o: { duration?: string; timeline?: string[]; killAt: number; partitionAware?: boolean; probeUnreachable?: boolean }) {
  const { spec, diagnostics } = loadScenarioText('held-kills.yaml', `
name: held-kills
until: 15m
agents: [{ id: a1, resources: "cpus:2;mem:1024" }]
frameworks:
  - id: f1
    checkpoint: true
    capabilities: [MULTI_ROLE${o.partitionAware ? ', PARTITION_AWARE' : ''}]
    scheduler: { type: scripted, onOffer: launch, maxTasks: 1, task: { resources: "cpus:1;mem:256", duration: ${o.duration ?? '10m'} } }
timeline: [${(o.timeline ?? []).join(', ')}]
`);
  if (!spec) throw new Error(JSON.stringify(diagnostics));
  const events: Ev[] = [];
  const probes: Record<string, unknown>[] = [];
  const built = buildSimulation(spec, [{ emit: (t, type, f) => { events.push({ t, type, ...f }); } }]);
  const rt = built.failures!.runtime;
  // What the scheduler is told (status updates, reconciliation answers included).
  const updates: [number, string, string | null][] = [];
  built.sim.at(1, built.sim.on('test.hook', () => { // f1 is added at time 0
    const sched = built.master.frameworks.get('f1')!.scheduler;
    const onTaskUpdate = sched.onTaskUpdate?.bind(sched);
    sched.onTaskUpdate = (u, d) => { updates.push([built.sim.now, u.state, u.reason ?? null]); onTaskUpdate?.(u, d); };
  }));
  const kill = built.sim.on('test.kill', () => built.master.driver('f1').killTask(TASK));
  const probe = built.sim.on('test.probe', () => probes.push({
    t: built.sim.now, inMaster: built.master.tasks.has(TASK), alive: rt.tracker.isAlive(TASK), held: [...rt.agents.heldKills.of('a1')],
    ...(o.probeUnreachable ? { unreachableKnown: rt.agents.lostTasks.size } : {}),
  }));
  built.sim.at(o.killAt, kill);
  built.sim.at(o.killAt + 5_000, probe);
  built.sim.run(spec.untilMs);
  const statuses = events.filter((e) => e.type === 'task.status').map((e) => [e.t, e.state, e.reason ?? null]);
  return { events, statuses, probes, updates };
}

describe('a kill the master cannot deliver', () => {
  it('an answering agent: TASK_KILLED at once (unchanged)', () => {
    const { statuses, events } = simulate({ killAt: 70_000 });
    expect(statuses).toEqual([[70_000, 'TASK_KILLED', null]]);
    expect(events.filter((e) => e.type === 'task.kill.held')).toEqual([]);
  });

  it('a partition shorter than the ping budget: the task runs on, the kill is sent at the heal (90 s)', () => {
    const { statuses, events, probes } = simulate({ killAt: 70_000, timeline: ['{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 30s }'] });
    expect(events.filter((e) => e.type === 'task.kill.held').map((e) => [e.t, e.task, e.agent])).toEqual([[70_000, TASK, 'a1']]);
    // 5 s after the kill: still the master's, still running on a1, the kill waiting
    expect(probes).toEqual([{ t: 75_000, inMaster: true, alive: true, held: [TASK] }]);
    expect(statuses).toEqual([[90_000, 'TASK_KILLED', null]]);
  });

  it('an agent process down (checkpointed task survives it): the kill is sent when the agent reregisters', () => {
    const { statuses, probes } = simulate({ killAt: 70_000, timeline: ['{ at: 1m, do: fail, agents: [a1], kind: process, duration: 30s }'] });
    expect(probes).toEqual([{ t: 75_000, inMaster: true, alive: true, held: [TASK] }]);
    expect(statuses).toEqual([[90_000, 'TASK_KILLED', null]]);
  });

  it('the task ends on the agent before the kill reaches it: its held TASK_FINISHED is reported, no kill', () => {
    const { statuses } = simulate({ duration: '80s', killAt: 70_000, timeline: ['{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 30s }'] });
    expect(statuses).toEqual([[90_000, 'TASK_FINISHED', null]]);
  });

  it('marked unreachable first: TASK_LOST / TASK_UNREACHABLE, the kill is forgotten, and the task is RUNNING again when the agent is back', () => {
    for (const [partitionAware, state] of [[false, 'TASK_LOST'], [true, 'TASK_UNREACHABLE']] as const) {
      const { statuses, probes } = simulate({ partitionAware, killAt: 70_000, timeline: ['{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 5m }'] });
      expect(probes).toEqual([{ t: 75_000, inMaster: true, alive: true, held: [TASK] }]);
      expect(statuses).toEqual([
        [135_000, state, 'health check timed out'], // 75 s of missed pings after 60 s
        [360_000, 'TASK_RUNNING', 'agent reregistered'], // not killed: the kill went with the master's record of a1
        [600_000, 'TASK_FINISHED', null], // its own run time
      ]);
    }
  });

  it('a kill after the agent was marked unreachable is answered by reconciliation: TASK_LOST / TASK_UNREACHABLE, nothing killed', () => {
    // Mesos Master::kill: the task is unknown → _reconcileTasks → the unreachable state, reason reconciliation (§6.2).
    for (const [partitionAware, state] of [[false, 'TASK_LOST'], [true, 'TASK_UNREACHABLE']] as const) {
      const { statuses, events, probes, updates } = simulate({
        partitionAware, probeUnreachable: true, killAt: 200_000, timeline: ['{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 5m }'],
      });
      // Before: no answer at all (the kill vanished); now a reconciliation update at the kill.
      expect(events.filter((e) => e.type === 'task.reconciled').map((e) => [e.t, e.task, e.framework, e.agent, e.state, e.reason, e.cause]))
        .toEqual([[200_000, TASK, 'f1', 'a1', state, 'reconciliation', 'kill']]);
      expect(updates).toEqual([
        [135_000, state, 'health check timed out'],
        [200_000, state, 'reconciliation'],
        [360_000, 'TASK_RUNNING', 'agent reregistered'],
        [600_000, 'TASK_FINISHED', null],
      ]);
      // Not a transition: no task.status of its own, no kill held, the task runs on; the master remembers a1's task while it is unreachable.
      expect(statuses).toEqual([[135_000, state, 'health check timed out'], [360_000, 'TASK_RUNNING', 'agent reregistered'], [600_000, 'TASK_FINISHED', null]]);
      expect(events.filter((e) => e.type === 'task.kill.held')).toEqual([]);
      expect(probes).toEqual([{ t: 205_000, inMaster: false, alive: true, held: [], unreachableKnown: 1 }]);
    }
  });

  it('a kill of a task the master no longer has (it finished on a1, still registered) is answered by reconciliation: TASK_LOST (kill-answers.test.ts)', () => {
    const { events, updates } = simulate({ killAt: 700_000, duration: '1m' }); // the task finished at 60 s
    expect(events.filter((e) => e.type === 'task.reconciled').map((e) => [e.t, e.state, e.agent ?? null])).toEqual([[700_000, 'TASK_LOST', 'a1']]);
    expect(updates).toEqual([[60_000, 'TASK_FINISHED', null], [700_000, 'TASK_LOST', 'reconciliation']]);
  });

  it('the machine crashed (the master does not know yet): the kill is held, the task is lost with the machine', () => {
    const { statuses, probes } = simulate({ killAt: 70_000, timeline: ['{ at: 1m, do: fail, agents: [a1], kind: crash }'] });
    expect(probes).toEqual([{ t: 75_000, inMaster: true, alive: false, held: [TASK] }]);
    expect(statuses).toEqual([[135_000, 'TASK_LOST', 'health check timed out']]);
  });
});
