/**
 * Operator actions meeting failures at awkward moments (found by fuzzing failure timelines, session 19).
 * Before: a rolling-upgrade batch starting while no master led stopped the run ("allocator: unknown
 * agent"); a batch that emptied while its agent was being removed took the machine down mid-removal
 * ("reregistered in state down" once the crashed machine was repaired); an upgrade starting at time 0
 * took machines DOWN before their agents registered, and they then ran tasks on a DOWN machine;
 * REACTIVATE_AGENT turned offers on for an agent whose process was down, and a reconnection turned them
 * on for an agent the operator had deactivated; and a drain marking its agent
 * gone completed half-way through the agent's reregistration, leaving a restored task on a gone agent.
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml, type Ev } from './helpers.ts';

const oneAgent = (rest: string, task = 'duration: 20m') => `
name: races
seed: 1
until: 30m
agents:
  - { id: a0, resources: "cpus:4;mem:8GiB" }
frameworks:
  - { id: f0, scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:1;mem:1GiB", ${task} }, maxTasks: 1 } }
${rest}`;

const modes = (events: Ev[]) => of(events, 'machine.mode').map((e) => `${e.t} ${e.mode}`);

describe('a rolling upgrade', () => {
  it('waits for a leading master: a batch due during a failover starts at the election', () => {
    const { events } = runYaml(oneAgent(`failures:
  upgrade: { strategy: kill, batch: 1, start: 254s }
timeline:
  - { at: 245s, do: failMaster, electionDelay: 10s }
`));
    const elected = of(events, 'master.elected')[0].t;
    expect(elected).toBe(255_000);
    expect(of(events, 'upgrade.batch')[0].t).toBe(elected);
    expect(modes(events).slice(0, 2)).toEqual(['255000 DRAINING', '255000 DOWN']);
  });

  it('starting at time 0, starts after the agents registered then (not on machines already DOWN)', () => {
    const { events } = runYaml(oneAgent('failures:\n  upgrade: { strategy: drain, batch: 1 }\n', 'duration: 1h'));
    const order = events.filter((e) => e.t === 0 && (e.type === 'agent.added' || e.type === 'upgrade.batch' || e.type === 'machine.mode')).map((e) => e.type);
    expect(order).toEqual(['agent.added', 'upgrade.batch', 'machine.mode']);
    expect(modes(events)[0]).toBe('0 DRAINING'); // its task keeps it busy: DOWN only at the drain deadline
    expect(modes(events)[1]).toBe('1800000 DOWN');
  });

  it('takes a batch down after, not during, the removal of its crashed agent (the repair then finds it DOWN)', () => {
    const { events } = runYaml(oneAgent(`failures:
  upgrade: { strategy: drain, batch: 1 }
timeline:
  - { at: 20m, do: fail, agents: [a0], kind: crash, duration: 1m }
`, 'duration: 1h'));
    // The repaired machine's agent registers afresh, its task is lost: the batch is empty and goes DOWN.
    expect(of(events, 'agent.added', (e) => e.t === 21 * 60_000)).toHaveLength(1);
    expect(modes(events)).toContain(`${21 * 60_000} DOWN`);
    expect(of(events, 'agent.state', (e) => e.to === 'down')).toHaveLength(1);
  });
});

describe('a rolling upgrade batch of machines already empty', () => {
  it('takes the whole batch down, not only the first machine scheduled (the rest stayed DRAINING, never upgraded)', () => {
    const { events } = runYaml(`
name: empty-batch
until: 1h
agents: [{ id: a, count: 4, resources: "cpus:4;mem:8GiB" }]
frameworks: []
failures:
  upgrade: { strategy: drain, batch: 2, start: 1m, upgradeDuration: 5m }
`);
    expect(of(events, 'maintenance.refused')).toEqual([]);
    expect(of(events, 'machine.mode', (e) => e.mode === 'DOWN').map((e) => `${e.t} ${e.machine}`)).toEqual([
      '60000 a-00001', '60000 a-00002', '360000 a-00003', '360000 a-00004',
    ]);
  });
});

describe('operator actions on an agent that is not connected', () => {
  /** a0's agent process is down from 60 s to 120 s; `actions` are the operator's, on a0. */
  const processDown = (actions: string) => runYaml(`
name: process-down
until: 4m
agents:
  - { id: a0, resources: "cpus:4;mem:8GiB" }
  - { id: a1, resources: "cpus:4;mem:8GiB" }
frameworks:
  - { id: f0, scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:1;mem:1GiB", duration: 30s }, maxTasks: 1000 } }
timeline:
  - { at: 60s, do: fail, agents: [a0], kind: process, duration: 60s }
${actions}`);

  it('REACTIVATE_AGENT of an agent whose process is down: no offers on it until it reconnects', () => {
    const { events } = processDown('  - { at: 70s, do: reactivateAgent, agents: [a0] }\n');
    expect(of(events, 'agent.reactivated')).toHaveLength(1);
    const onA0 = of(events, 'offer', (e) => e.agent === 'a0').map((e) => e.t);
    expect(onA0.some((t) => t > 60_000 && t < 120_000)).toBe(false); // (the process stops after the offers made at 60 s)
    expect(onA0.some((t) => t >= 120_000)).toBe(true);
  });

  it('an agent the operator deactivated stays deactivated across a reconnection (only REACTIVATE_AGENT lifts it)', () => {
    const { events } = processDown('  - { at: 50s, do: deactivateAgent, agents: [a0] }\n  - { at: 180s, do: reactivateAgent, agents: [a0] }\n');
    expect(of(events, 'agent.reconnected', (e) => e.agent === 'a0').map((e) => e.t)).toEqual([120_000]);
    const onA0 = of(events, 'offer', (e) => e.agent === 'a0').map((e) => e.t);
    expect(onA0.some((t) => t > 50_000 && t < 180_000)).toBe(false);
    expect(onA0.some((t) => t >= 180_000)).toBe(true);
  });

  it('a drain that marks its agent gone completes after the agent reregistered with all of its tasks', () => {
    const { events } = runYaml(`
name: drain-rereg
until: 10m
agents:
  - { id: a0, resources: "cpus:4;mem:8GiB" }
  - { id: a1, resources: "cpus:4;mem:8GiB", at: 30s }
frameworks:
  - { id: f0, scheduler: { type: replicated-service, instances: 2, resources: "cpus:1;mem:1GiB" } }
timeline:
  - { at: 60s, do: fail, agents: [a0], kind: partition, duration: 5m }
  - { at: 70s, do: drainAgent, agents: [a0], markGone: true }
`);
    const gone = of(events, 'agent.gone', (e) => e.agent === 'a0');
    expect(gone).toHaveLength(1);
    const after = events.slice(events.indexOf(gone[0]));
    expect(after.filter((e) => e.type === 'task.status' && e.agent === 'a0' && e.state === 'TASK_RUNNING')).toEqual([]);
    // Every task restored by the reregistration ended before the agent was marked gone.
    const restored = of(events, 'task.status', (e) => e.reason === 'agent reregistered').map((e) => e.task);
    expect(restored).toHaveLength(2);
    for (const t of restored) expect(of(events, 'task.status', (e) => e.task === t && e.state === 'TASK_KILLED' && e.t <= gone[0].t)).toHaveLength(1);
  });
});

describe('the maintenance API', () => {
  it('logs what it refuses: unscheduling a machine that is DOWN (it did nothing, silently)', () => {
    const { events } = runYaml(oneAgent(`timeline:
  - { at: 1m, do: scheduleMaintenance, machines: [a0], start: 0s, duration: 10m }
  - { at: 2m, do: machineDown, machines: [a0] }
  - { at: 3m, do: unscheduleMaintenance, machines: [a0] }
  - { at: 4m, do: machineDown, machines: [a0] }
`));
    expect(of(events, 'maintenance.refused').map((e) => [e.t, e.action, e.mode])).toEqual([[180_000, 'unschedule', 'DOWN'], [240_000, 'down', 'DOWN']]);
  });
});

