/**
 * `--recovery_agent_removal_limit` (mesos-semantics §6.4, MF): after a master failover, agents in
 * the registry that do not reregister within `agentReregisterTimeout` are marked unreachable — unless
 * more than the limit's share of them is missing, in which case the master aborts and fails over
 * again (a widespread failure is left for a human). Half of a 4-agent cluster is cut off from 19m50s
 * to 49m50s; the master fails at 20m and is elected 30 s later, so the timeout ends at 30m30s.
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from './helpers.ts';

const yaml = (limit: string) => `
name: recovery-limit
until: 1h
${limit ? `failures: { recoveryAgentRemovalLimit: ${limit} }` : 'failures: {}'}
agents:
  - { id: a, count: 4, perRack: 2, resources: "cpus:2;mem:2048" }
frameworks:
  - id: svc
    checkpoint: true
    failoverTimeout: 1h
    scheduler: { type: service, apps: [{ id: web, instances: 4, resources: "cpus:1;mem:512", constraints: [[hostname, UNIQUE]] }] }
timeline:
  - { at: 19m50s, do: fail, level: rack, domain: rack-02, kind: partition, duration: 30m }
  - { at: 20m, do: failMaster, electionDelay: 30s }
`;

describe('recovery agent removal limit (§6.4)', () => {
  it('by default (100%) the silent agents are marked unreachable when the reregistration timeout ends', () => {
    const { events } = runYaml(yaml(''));
    expect(of(events, 'master.failed').map((e) => e.t)).toEqual([1_200_000]);
    expect(of(events, 'agent.unreachable').map((e) => [e.t, e.agent])).toEqual([[1_830_000, 'a-00003'], [1_830_000, 'a-00004']]);
  });

  it('with a 25% limit half the registry missing makes the master fail over again, until the agents are back', () => {
    const { events } = runYaml(yaml('0.25'));
    expect(of(events, 'master.recoveryRemovalLimit').map((e) => [e.t, e.recovering, e.agents])).toEqual([[1_830_000, 2, 4], [2_460_000, 2, 4]]);
    // 20m, then each time the timeout ends: 30m30s, 41m (elected at 31m, timeout 10 min later).
    expect(of(events, 'master.failed').map((e) => e.t)).toEqual([1_200_000, 1_830_000, 2_460_000]);
    // The cut ends at 49m50s, before the third timeout (51m30s): nothing is ever marked unreachable.
    expect(of(events, 'agent.unreachable')).toEqual([]);
    expect(of(events, 'task.status').filter((e) => e.state === 'TASK_LOST')).toEqual([]);
  });

  it('a limit above the missing share changes nothing', () => {
    const { events } = runYaml(yaml('0.5'));
    expect(of(events, 'master.failed')).toHaveLength(1);
    expect(of(events, 'agent.unreachable')).toHaveLength(2);
  });
});
