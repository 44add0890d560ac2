/**
 * Master and scheduler failover edge cases found by the session-23 audit (mesos-semantics §6.3,
 * §6.4, §1.1; docs/failures.md). Each case failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from './helpers.ts';

describe('a call dropped by a rate limit', () => {
  it('from a framework the operator deactivated: the driver aborts and the scheduler restarts (the lost call waited; it looped without end)', () => {
    const { events } = runYaml(`
name: rl-deactivated-drop
seed: 1
until: 2m
master: { allocationInterval: 1s, rateLimits: { limits: [{ principal: b, qps: 0.1, capacity: 0 }] } }
agents:
  - { id: a, count: 1, resources: "cpus:4;mem:8GiB" }
frameworks:
  - id: b
    principal: b
    failoverTimeout: 1h
    scheduler: { type: batch, jobs: { count: 3, start: 2s, interarrival: 20s, tasks: [1, 1], resources: "cpus:1;mem:1GiB", duration: 10s } }
timeline:
  - { at: 1s, do: deactivateFramework, framework: b }
`);
    const first = of(events, 'framework.call.dropped')[0];
    expect(first.t).toBeGreaterThan(1000);
    expect(of(events, 'framework.error', (e) => e.t === first.t)).toHaveLength(1);
    expect(of(events, 'framework.reregistered', (e) => e.t === first.t + 30_000)).toHaveLength(1);
  });
});

const QUOTA_FAILOVER = (timeline: string) => `
name: quota-failover
seed: 1
until: 20m
master: { allocationInterval: 1s, quota: { q: { guarantee: "cpus:1" } } }
agents:
  - { id: a, count: 5, perRack: 5, resources: "cpus:4;mem:8GiB" }
frameworks:
  - id: svc
    role: q
    checkpoint: true
    failoverTimeout: 1h
    scheduler: { type: replicated-service, instances: 2, resources: "cpus:1;mem:1GiB" }
  - id: b
    checkpoint: true
    failoverTimeout: 1h
    scheduler: { type: batch, jobs: { count: 40, start: 10s, interarrival: 30s, tasks: [1, 2], resources: "cpus:1;mem:1GiB", duration: 1m } }
timeline:
  - { at: 50s, do: fail, agents: [a-00004, a-00005], kind: partition, duration: 30m }
  - { at: 1m, do: failMaster, electionDelay: 10s }
${timeline}`;

describe('the quota recovery pause after a master failover (§1.1, §6.4)', () => {
  it('a second failover during the pause: the first pause\'s timer does not resume the new allocator (it did, with no master leading)', () => {
    const { events, result } = runYaml(QUOTA_FAILOVER('  - { at: 5m, do: failMaster, electionDelay: 10m }'));
    expect(of(events, 'allocator.resumed')).toEqual([]); // 3 of 5 agents back, 4 needed; the second pause ends after the run
    expect(of(events, 'offer', (e) => e.t >= 300_000)).toEqual([]);
    const failovers = (result.summary as { failures: { masterFailovers: { resumedAtMs: number | null }[] } }).failures.masterFailovers;
    expect(failovers.map((f) => f.resumedAtMs)).toEqual([null, null]);
  });

  it('counts each agent once: an agent that answered at the election and then restarted is not a second one back', () => {
    const { events } = runYaml(QUOTA_FAILOVER('  - { at: 2m, do: fail, agents: [a-00001], kind: process, duration: 5s }'));
    expect(of(events, 'agent.reconnected', (e) => e.agent === 'a-00001')).toHaveLength(1);
    // 3 of 5 back (4 needed): the pause ends at its 10-minute timeout, not at the restart.
    expect(of(events, 'allocator.resumed').map((e) => [e.t, e.reason, e.agents])).toEqual([[670_000, 'timeout', 3]]);
  });
});

describe('schedulers and agents while no master leads (§6.3, §6.4)', () => {
  const BATCH = (timeline: string) => `
name: outage
seed: 1
until: 20m
master: { allocationInterval: 1s }
agents:
  - { id: a, count: 1, resources: "cpus:4;mem:8GiB" }
frameworks:
  - id: b
    checkpoint: true
    failoverTimeout: 1h
    scheduler: { type: batch, jobs: { count: 10, start: 1s, interarrival: 20s, tasks: [2, 2], resources: "cpus:1;mem:1GiB", duration: 60s } }
timeline:
  - { at: 30s, do: failMaster, electionDelay: 2m }
${timeline}`;

  it('a status update from an answering agent waits for the new leader (it was applied with no master)', () => {
    const { events } = runYaml(BATCH(''));
    const outage = (e: { t: number }) => e.t > 30_000 && e.t < 150_000;
    expect(of(events, 'task.status', outage)).toEqual([]);
    expect(of(events, 'task.status', (e) => e.t === 150_000 && e.state === 'TASK_FINISHED').length).toBeGreaterThan(0);
  });

  it('calls held during the outage for a scheduler that disconnected meanwhile reach it when it is back (they were dropped: 2 of 10 jobs completed)', () => {
    const { result } = runYaml(BATCH('  - { at: 100s, do: disconnectFramework, framework: b, duration: 2m }'));
    const s = result.summary as { jobs: { completed: number }; tasks: { launched: number } };
    expect(s.jobs.completed).toBe(10);
    expect(s.tasks.launched).toBe(20);
  });

  const SERVICE = (timeline: string) => `
name: outage-service
seed: 1
until: 20m
master: { allocationInterval: 1s }
agents:
  - { id: a, count: 2, resources: "cpus:4;mem:8GiB" }
frameworks:
  - id: svc
    checkpoint: true
    failoverTimeout: 5m
    scheduler: { type: replicated-service, instances: 2, resources: "cpus:1;mem:1GiB" }
timeline:
${timeline}`;

  it('a failover timeout cannot fire with no master, and the new leader keeps a framework whose scheduler has not come back (it was removed and its tasks killed mid-outage)', () => {
    const { events } = runYaml(SERVICE(`  - { at: 1m, do: disconnectFramework, framework: svc, duration: 10m }
  - { at: 4m, do: failMaster, electionDelay: 5m }`));
    expect(of(events, 'framework.failoverTimeout')).toEqual([]);
    expect(of(events, 'task.status', (e) => e.state === 'TASK_KILLED')).toEqual([]);
    expect(of(events, 'framework.reregistered').map((e) => e.t)).toEqual([660_000]);
  });

  it('a scheduler back while no master leads subscribes at the election, once (it reregistered with no master, then again)', () => {
    const { events } = runYaml(SERVICE(`  - { at: 1m, do: disconnectFramework, framework: svc, duration: 4m }
  - { at: 3m, do: failMaster, electionDelay: 5m }`));
    expect(of(events, 'framework.reregistered').map((e) => [e.t, e.reason])).toEqual([[480_000, 'master failover']]);
    expect(of(events, 'framework.activated').map((e) => e.t)).toEqual([480_000]);
  });
});

describe('master flags Mesos bounds at startup (§6.2, §8)', () => {
  it('agentReregisterTimeout below 10m and agentPingTimeout outside 1s–15m are CS1004', async () => {
    const { loadScenarioText } = await import('../../src/scenario/load.ts');
    const text = (f: string) => `name: x\nuntil: 1m\nagents: [{ id: a, count: 1, resources: "cpus:1;mem:1GiB" }]\nfailures: { ${f} }\n`;
    const messages = (f: string) => loadScenarioText('x.yaml', text(f)).diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(messages('agentReregisterTimeout: 1m')).toEqual([expect.stringMatching(/^CS1004 agentReregisterTimeout must be at least 10m/)]);
    expect(messages('agentPingTimeout: 500ms')).toEqual([expect.stringMatching(/^CS1004 agentPingTimeout must be between 1s and 15m/)]);
    expect(messages('agentPingTimeout: 16m')).toHaveLength(1);
    expect(messages('agentPingTimeout: 1s, agentReregisterTimeout: 10m')).toEqual([]);
  });
});

describe('found by the cross-feature fuzzer', () => {
  it('updateAgent shrinking an agent below what is offered rescinds its offers (a held offer was accepted into capacity the agent no longer had)', () => {
    const { events } = runYaml(`
name: update-shrink-stale-offer
seed: 1
until: 5s
agents:
  - { id: a1, resources: "cpus:8;mem:8GiB" }
frameworks:
  - { id: f1, role: r1, scheduler: { type: scripted, onOffer: hold } }
timeline:
  - { at: 1s, do: updateAgent, agent: a1, resources: "cpus:1;mem:1GiB" }
  - { at: 2s, do: accept, framework: f1, agent: a1, launch: [{ resources: "cpus:4;mem:4GiB", duration: 1m }] }
`);
    expect(of(events, 'offer.rescinded').map((e) => [e.t, e.reason])).toEqual([[1000, 'agent updated']]);
    expect(of(events, 'task.launched')).toEqual([]);
  });

  it('a framework the operator deactivates while no master leads stays inactive when it reregisters (the election undid it)', () => {
    const { events } = runYaml(`
name: deactivate-during-outage
seed: 1
until: 20s
agents:
  - { id: a1, resources: "cpus:4;mem:4GiB" }
frameworks:
  - { id: f1, role: r1, scheduler: { type: scripted, onOffer: decline, refuseSeconds: 1 } }
timeline:
  - { at: 2s, do: failMaster, electionDelay: 5s }
  - { at: 4s, do: deactivateFramework, framework: f1 }
`);
    expect(of(events, 'framework.activated')).toEqual([]);
    expect(of(events, 'offer', (e) => e.t >= 4000)).toEqual([]);
  });
});
