/**
 * DRAIN_AGENT with markGone when the agent is removed another way, or the master fails over, while
 * its tasks end (found by fuzzing timelines, session 19). The drain completed from inside the
 * removal — the tasks a removal ends looked like a drained agent — and marked the agent gone there,
 * removing it a second time mid-removal: "allocator: unknown agent", or "reregistered in state gone"
 * after a crash and repair; during a master failover it removed the agent from a new allocator that
 * did not know it yet. Mesos' __removeSlave never checks the drain, and a new leader checks it once
 * the agent is back (master/maintenance/maintenance.ts checkAgentDrained).
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from './helpers.ts';

const scenario = (until: string, then: string) => `
name: drain-reentry
until: ${until}
agents:
  - { id: ag0, resources: "cpus:2;mem:1GiB" }
frameworks:
  - { id: fw0, role: a, scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:1;mem:256", duration: 20s } } }
timeline:
  - { at: 1s, do: drainAgent, agents: [ag0], markGone: true }
${then}`;

describe('a drain that marks its agent gone', () => {
  it('is not completed by the removal of its agent (removed once, never marked gone)', () => {
    const { events } = runYaml(scenario('30s', '  - { at: 2s, do: removeAgent, agent: ag0 }\n'));
    expect(of(events, 'agent.removed')).toHaveLength(1);
    expect(of(events, 'agent.drained')).toEqual([]);
    expect(of(events, 'agent.gone')).toEqual([]);
  });

  it('across a machine crash and repair: the rebooted agent is a new one, neither draining nor gone', () => {
    const { events } = runYaml(scenario('30s', '  - { at: 2s, do: fail, agents: [ag0], kind: crash, duration: 5s }\n'));
    expect(of(events, 'agent.gone')).toEqual([]);
    expect(of(events, 'agent.added', (e) => e.t === 7000)).toHaveLength(1);
    // The new agent gets offers and runs tasks again: no drain of its own.
    expect(of(events, 'task.launched', (e) => e.t >= 7000).length).toBeGreaterThan(0);
  });

  it('across a master failover: the agent empties while no master leads, and the new leader completes the drain', () => {
    const { events } = runYaml(scenario('90s', '  - { at: 2s, do: failMaster, electionDelay: 30s }\n'));
    const elected = of(events, 'master.elected')[0].t;
    expect(of(events, 'task.status', (e) => e.state === 'TASK_KILLED').every((e) => e.t < elected)).toBe(true);
    expect(of(events, 'agent.drained')).toEqual([expect.objectContaining({ t: elected, agent: 'ag0' })]);
    expect(of(events, 'agent.gone')).toEqual([expect.objectContaining({ t: elected, agent: 'ag0' })]);
  });
});
