/**
 * A machine DOWN for maintenance stays down until the operator brings it UP (mesos-semantics §5.1).
 * Before: an agent added on a DOWN machine (timeline addAgent, a trace's machine event) registered
 * and ran tasks there, where Mesos' master refuses it ("Machine is `DOWN`"); and the repair of a
 * machine that had crashed before it went DOWN booted it while DOWN (`agent.machine` up, counted as
 * serving, crashed again by the next domain failure), while the operator's UP booted a machine
 * still broken.
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from './helpers.ts';

const cluster = (timeline: string) => runYaml(`
name: down-machine
seed: 1
until: 30m
agents:
  - { id: a0, resources: "cpus:4;mem:8GiB" }
  - { id: a1, resources: "cpus:4;mem:8GiB" }
frameworks:
  - { id: f0, scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:1;mem:1GiB", duration: 1h } } }
timeline:
${timeline}`);

const downAt2m = `  - { at: 1m, do: scheduleMaintenance, machines: [a0], start: 0s, duration: 10m }
  - { at: 2m, do: machineDown, machines: [a0] }
`;

describe('registration on a DOWN machine', () => {
  it('is refused and logged; once the machine is UP the same agent registers', () => {
    const { events } = cluster(`${downAt2m}  - { at: 3m, do: addAgent, agent: { id: b0, hostname: a0, resources: "cpus:2;mem:4GiB" } }
  - { at: 5m, do: machineUp, machines: [a0] }
  - { at: 6m, do: addAgent, agent: { id: b1, hostname: a0, resources: "cpus:2;mem:4GiB" } }
`);
    expect(of(events, 'agent.refused').map((e) => [e.t, e.agent, e.reason])).toEqual([[180_000, 'b0', 'machine a0 is DOWN']]);
    expect(of(events, 'agent.added', (e) => e.agent === 'b0')).toEqual([]);
    expect(of(events, 'task.launched', (e) => e.agent === 'b0')).toEqual([]);
    expect(of(events, 'agent.added', (e) => e.agent === 'b1').map((e) => e.t)).toEqual([360_000]);
  });
});

describe('a crashed machine taken DOWN for maintenance', () => {
  it('stays off when repaired while DOWN, and boots at the operator\'s UP', () => {
    const { events } = cluster(`  - { at: 30s, do: fail, agents: [a0], kind: crash, duration: 2m }
${downAt2m}  - { at: 10m, do: machineUp, machines: [a0] }
`);
    const machine = of(events, 'agent.machine', (e) => e.agent === 'a0').map((e) => [e.t, e.up]);
    expect(machine).toEqual([[30_000, false]]); // the repair at 2m30s does not boot it
    expect(of(events, 'agent.added', (e) => e.agent === 'a0').map((e) => e.t)).toEqual([0, 600_000]);
  });

  it('is not booted by the operator\'s UP while still broken: it registers at its repair', () => {
    const { events } = cluster(`  - { at: 30s, do: fail, agents: [a0], kind: crash, duration: 8m }
${downAt2m}  - { at: 3m, do: machineUp, machines: [a0] }
`);
    expect(of(events, 'agent.machine', (e) => e.agent === 'a0').map((e) => [e.t, e.up])).toEqual([[30_000, false], [510_000, true]]);
    expect(of(events, 'agent.added', (e) => e.agent === 'a0').map((e) => e.t)).toEqual([0, 510_000]);
  });

  it('a repair action on a healthy machine DOWN for maintenance does not boot it', () => {
    const { events } = cluster(`${downAt2m}  - { at: 3m, do: repair, agents: [a0] }
`);
    expect(of(events, 'agent.machine', (e) => e.agent === 'a0')).toEqual([]);
    expect(of(events, 'agent.added', (e) => e.agent === 'a0').map((e) => e.t)).toEqual([0]);
    expect(of(events, 'task.launched', (e) => e.agent === 'a0' && e.t > 120_000)).toEqual([]);
  });
});
