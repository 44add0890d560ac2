/**
 * Agent failure semantics (mesos-semantics §6.2): agent failover (process restart) with and
 * without checkpointing, health-check timeouts, unreachable agents, partition-aware vs not, and
 * reregistration with running tasks; resources come back to the allocator without a run.
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from './helpers.ts';

const base = (opts: { checkpoint: boolean; pa: boolean; fail: string }) => `
name: t
until: 10m
master: { allocationInterval: 1s }
agents:
  - { id: a1, resources: "cpus:4;mem:4096", rack: r1 }
  - { id: a2, resources: "cpus:4;mem:4096", rack: r2 }
frameworks:
  - id: svc
    capabilities: [MULTI_ROLE${opts.pa ? ', PARTITION_AWARE' : ''}]
    checkpoint: ${opts.checkpoint}
    scheduler: { type: replicated-service, instances: 2, resources: "cpus:1;mem:512", spread: rack, maxPerDomain: 1 }
timeline:
  - ${opts.fail}
`;

describe('agent failover (process restart)', () => {
  it('with checkpointing a 20 s restart keeps every task: disconnected, then reregistered, nothing lost', () => {
    const { events, result } = runYaml(base({ checkpoint: true, pa: true, fail: '{ at: 2m, do: fail, agents: [a1], kind: process, duration: 20s }' }));
    expect(of(events, 'agent.state', (e) => e.agent === 'a1').map((e) => [e.t, e.to])).toEqual([[120_000, 'disconnected'], [140_000, 'registered']]);
    expect(of(events, 'task.status')).toEqual([]);
    expect((result.summary.tasks as { running: number }).running).toBe(2);
    // offers on the agent are rescinded while it is disconnected (deactivated in the allocator)
    const fa = result.summary.failures as { availability: { svc: { min: number } }; tasksLost: number };
    expect(fa.availability.svc.min).toBe(1);
    expect(fa.tasksLost).toBe(0);
  });

  it('without checkpointing the restart loses the tasks at once (TASK_LOST, agent disconnected)', () => {
    const { events } = runYaml(base({ checkpoint: false, pa: true, fail: '{ at: 2m, do: fail, agents: [a1], kind: process, duration: 20s }' }));
    const lost = of(events, 'task.status', (e) => e.agent === 'a1');
    expect(lost.map((e) => [e.t, e.state, e.reason])).toEqual([[120_000, 'TASK_LOST', 'agent disconnected']]);
    // the service replaces it on the other agent, or on a1 once it is back
    expect(of(events, 'task.launched', (e) => e.t > 120_000).length).toBe(1);
  });

  it('a restart longer than the ping budget gets the agent marked unreachable; it then reregisters with its tasks', () => {
    const { events } = runYaml(base({ checkpoint: true, pa: true, fail: '{ at: 2m, do: fail, agents: [a1], kind: process, duration: 3m }' }));
    const states = of(events, 'agent.state', (e) => e.agent === 'a1').map((e) => [e.t, e.to]);
    // silent from 120 s: pings at 120, 135, ... unanswered; the 5th timeout counts at 195 s
    expect(states).toEqual([[120_000, 'disconnected'], [195_000, 'unreachable'], [300_000, 'registered']]);
    const a1 = of(events, 'task.status', (e) => e.agent === 'a1').map((e) => [e.t, e.state]);
    expect(a1).toEqual([[195_000, 'TASK_UNREACHABLE'], [300_000, 'TASK_RUNNING']]);
    // one replica per rack: the replacement had nowhere to go, so the original is simply back
    expect(of(events, 'task.launched', (e) => e.t > 120_000)).toEqual([]);
    expect(of(events, 'task.status', (e) => e.state === 'TASK_KILLED')).toEqual([]);
  });
});

describe('unreachable agents', () => {
  it('partition-aware frameworks see TASK_UNREACHABLE, others TASK_LOST; tasks keep running through the partition', () => {
    for (const pa of [true, false]) {
      const { events, result } = runYaml(base({ checkpoint: true, pa, fail: '{ at: 2m, do: fail, agents: [a1], kind: partition, duration: 5m }' }));
      const st = of(events, 'task.status', (e) => e.agent === 'a1').map((e) => e.state);
      expect(st).toEqual([pa ? 'TASK_UNREACHABLE' : 'TASK_LOST', 'TASK_RUNNING']);
      expect(of(events, 'agent.reregistered').map((e) => [e.t, e.tasks])).toEqual([[420_000, 1]]);
      expect((result.summary.tasks as { running: number }).running).toBe(2);
    }
  });

  it('marking an agent unreachable returns its resources without triggering an allocation run (§6.2)', () => {
    const { events } = runYaml(base({ checkpoint: true, pa: true, fail: '{ at: 2m, do: fail, agents: [a1], kind: crash }' }));
    const t = of(events, 'agent.unreachable')[0].t;
    expect(t).toBe(195_000);
    expect(of(events, 'allocation.run', (e) => e.t === t && e.trigger === 'event')).toEqual([]);
  });

  it('a crashed machine loses its tasks; after repair the agent registers afresh with none', () => {
    const { events } = runYaml(base({ checkpoint: true, pa: true, fail: '{ at: 2m, do: fail, agents: [a1], kind: crash, duration: 10s }' }));
    // repaired before the master noticed: the reboot makes the master drop the old agent and its tasks
    expect(of(events, 'task.status', (e) => e.agent === 'a1').map((e) => [e.t, e.state, e.reason])).toEqual([[130_000, 'TASK_LOST', 'agent rebooted']]);
    expect(of(events, 'agent.added', (e) => e.agent === 'a1').map((e) => e.t)).toEqual([0, 130_000]);
  });
});

describe('master failover (§6.4)', () => {
  const yaml = (quota: boolean, back: string) => `
name: mf
until: 30m
${quota ? 'master: { quota: { eng: { guarantee: "cpus:1" } } }' : ''}
agents:
  - { id: a, count: 10, resources: "cpus:2;mem:2048" }
frameworks:
  - id: svc
    role: eng
    checkpoint: true
    scheduler: { type: replicated-service, instances: 4, resources: "cpus:1;mem:512" }
timeline:
  - { at: 4m59s, do: fail, agents: [a-00001, a-00002, a-00003], kind: partition, duration: ${back} }
  - { at: 5m, do: failMaster, electionDelay: 20s }
`;
  it('offers die with the leader; the new allocator starts empty and relearns agents with their tasks', () => {
    const { events, result } = runYaml(yaml(false, '1m'));
    expect(of(events, 'offer.rescinded', (e) => e.reason === 'master failover').length).toBeGreaterThanOrEqual(0);
    expect(of(events, 'master.elected').map((e) => [e.t, e.agents, e.silentAgents, e.pausedForQuota])).toEqual([[320_000, 7, 3, false]]);
    // silent agents come back (and are reactivated) when the partition heals
    expect(of(events, 'agent.reconnected').map((e) => e.t)).toEqual([359_000, 359_000, 359_000]);
    expect((result.summary.tasks as { running: number }).running).toBe(4);
    expect((result.summary.failures as { tasksLost: number }).tasksLost).toBe(0);
  });

  it('with quota configured the allocator stays paused until floor(0.8 × agents) are back', () => {
    const { events } = runYaml(yaml(true, '1m'));
    expect(of(events, 'master.elected').map((e) => e.pausedForQuota)).toEqual([true]);
    // 7 of 10 back at the election (< 8): resumed when the 8th reregisters at 359 s
    expect(of(events, 'allocator.resumed').map((e) => [e.t, e.reason])).toEqual([[359_000, 'agents']]);
  });

  it('…or after 10 minutes when too few come back', () => {
    const { events } = runYaml(yaml(true, '20m'));
    expect(of(events, 'allocator.resumed').map((e) => [e.t, e.reason])).toEqual([[320_000 + 600_000, 'timeout']]);
    // the silent agents did not reregister within agent_reregister_timeout (10 min): unreachable
    expect(of(events, 'agent.unreachable').map((e) => [e.t, e.reason])).toEqual(Array(3).fill([920_000, 'reregistration timed out']));
  });
});
