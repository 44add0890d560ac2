/**
 * LostSlaveMessage (scheduler.ts `onAgentLost`; master.cpp `sendSlaveLost`): the master tells every
 * connected framework when it removes an agent or marks it unreachable. The Spark-like analytics
 * model gives up the executors it had there at once (Spark's `slaveLost`). It matters when no status
 * update came first: an agent silent across a master failover times out unannounced (§6.4), and
 * before the message the executors' tasks waited for the framework's next reconciliation ask.
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from './helpers.ts';

/**
 * A Spark-like framework with an executor on each of a and b (the only agents at first; c joins at
 * 5m); b is cut off across a master failover (election at 10m30s) for 30 min.
 */
const scenario = (variant: string) => `
name: agent-lost
seed: 5
until: 50m
agents:
  - { id: a, hostname: ha, resources: "cpus:8;mem:16GiB" }
  - { id: b, hostname: hb, resources: "cpus:8;mem:16GiB" }
frameworks:
  - id: spark
    checkpoint: true
    failoverTimeout: 1h
    scheduler:
      type: analytics
      jobs: { count: 60, interarrival: 30s, start: 10s, stages: 1, tasksPerStage: 16, taskDuration: 20m }
      executor: { resources: "cpus:4;mem:4GiB", slots: 4, maxExecutors: 2, idleTimeout: 60s }
      locality: { wait: 0s, replicas: 1 }
timeline:
  - { at: 5m, do: addAgent, agent: { id: c, hostname: hc, resources: "cpus:8;mem:16GiB" } }
  - { at: 9m50s, do: fail, agents: [b], kind: partition, duration: 30m }
  - { at: 10m, do: failMaster, electionDelay: 30s }
${variant}`;

describe('the master tells connected frameworks of a lost agent', () => {
  it('the analytics model gives up its executors on an agent timed out unannounced, before any reconciliation answer', () => {
    const { events } = runYaml(scenario(''));
    const unreachable = of(events, 'agent.unreachable', (e) => e.agent === 'b');
    expect(unreachable).toHaveLength(1);
    const at = unreachable[0].t;
    expect(at).toBe(20 * 60_000 + 30_000); // the election + agent_reregister_timeout (10 min)
    // No status update told the framework: the executors on b were ended unannounced ...
    const onB = of(events, 'task.launched', (e) => e.agent === 'b' && e.t < at).map((e) => e.task);
    expect(onB.length).toBeGreaterThan(0);
    const told = of(events, 'task.reconciled', (e) => onB.includes(e.task as string));
    expect(told.every((e) => e.t > at)).toBe(true);
    // ... yet an executor replacing them launches at once on c, at the next allocation run.
    const replacements = of(events, 'task.launched', (e) => e.agent === 'c' && e.t >= at);
    expect(replacements.length).toBeGreaterThan(0);
    expect(replacements[0].t - at).toBeLessThanOrEqual(5_000);
    expect(told.length === 0 || replacements[0].t < told[0].t).toBe(true);
  });

  it('a framework disconnected when the agent is lost is not told (the message is not queued for it)', () => {
    // spark's scheduler is away from 15m to 35m: b times out at 20m30s while it is gone.
    const { events } = runYaml(scenario('  - { at: 15m, do: disconnectFramework, framework: spark, duration: 20m }\n'));
    const at = of(events, 'agent.unreachable', (e) => e.agent === 'b')[0].t;
    const reconnected = of(events, 'framework.reregistered', (e) => e.framework === 'spark' && e.t > at);
    expect(reconnected.length).toBeGreaterThan(0);
    // Nothing launched on c between the loss and the scheduler's return; it learns by reconciling then.
    const back = reconnected[0].t;
    expect(of(events, 'task.launched', (e) => e.agent === 'c' && e.t > at && e.t < back)).toEqual([]);
    expect(of(events, 'task.launched', (e) => e.agent === 'c' && e.t >= back).length).toBeGreaterThan(0);
  });
});
