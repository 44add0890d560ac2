/**
 * Agents that come back (reregistered after being unreachable) or are unknown for a while (a master
 * failover), as the metrics and oversubscription see them; and revocable replayed work (found by
 * fuzzing offer models and oversubscription, session 19). Before:
 * - the allocation metrics never took a reregistered agent's capacity back, while its tasks counted
 *   as allocated again: `cluster.cpus` 2 of 4, mean allocation 149%;
 * - an agent's estimator loop ended with its removal and never came back: no more revocable
 *   estimates (nor QoS polls) on a reregistered agent;
 * - an estimate changing while no master led stopped the run ("allocator: unknown agent");
 * - a revoked trace-replay task went back into the same revocable slot at once, to be revoked again
 *   in the same instant, forever (the run never ended).
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from './helpers.ts';

const partitioned = (frameworks: string, extra = '') => `
name: reregistered
until: 10m
agents:
  - { id: a, count: 2, resources: "cpus:2;mem:4GiB" }
frameworks:
${frameworks}${extra}
timeline:
  - { at: 1m, do: fail, agents: [a-00002], kind: partition, duration: 3m }
`;

describe('an agent back from unreachable', () => {
  it('counts in the cluster capacity again', () => {
    const { events, result } = runYaml(partitioned('  - { id: f, scheduler: { type: batch, jobs: { count: 1, tasks: 4, resources: "cpus:1;mem:256", duration: 1h } } }\n'));
    expect(of(events, 'agent.reregistered')).toHaveLength(1);
    const cluster = result.summary.cluster as { cpus: number; meanAllocated: { cpus: number } };
    expect(cluster.cpus).toBe(4);
    expect(cluster.meanAllocated.cpus).toBeLessThanOrEqual(1);
  });

  it('reports revocable estimates again', () => {
    const { events } = runYaml(partitioned(`  - { id: f, scheduler: { type: batch, jobs: { count: 1, tasks: 3, resources: "cpus:1;mem:256", duration: 1h } } }
  - { id: be, capabilities: [MULTI_ROLE, REVOCABLE_RESOURCES], scheduler: { type: batch, revocable: true, jobs: { count: 40, interarrival: 15s, tasks: 1, resources: "cpus:0.5;mem:128", duration: 1m } } }
`, `usage:
  default: { steps: [{ at: 0, fraction: 0.25 }, { at: 6m, fraction: 0.5 }], clock: sim }
oversubscription:
  estimator: usage
`));
    const back = of(events, 'agent.reregistered')[0].t;
    expect(of(events, 'oversubscription.report', (e) => e.agent === 'a-00002' && e.t > back).length).toBeGreaterThan(0);
  });
});

describe('oversubscription and revocable replay', () => {
  it('an estimate that changes while no master leads waits for the agent to be known again', () => {
    const { events } = runYaml(`
name: estimate-during-election
until: 5m
agents: [{ id: a, count: 1, resources: "cpus:4;mem:4GiB" }]
frameworks:
  - { id: f0, scheduler: { type: batch, jobs: { count: 1, tasks: 2, resources: "cpus:1;mem:512", duration: 70s } } }
usage: { default: 0.5 }
oversubscription: { estimator: usage }
timeline:
  - { at: 60s, do: failMaster, electionDelay: 30s }
`);
    const failed = of(events, 'master.failed')[0].t, elected = of(events, 'master.elected')[0].t;
    expect(of(events, 'oversubscription.report', (e) => e.t > failed && e.t < elected)).toEqual([]);
    expect(of(events, 'oversubscription.report', (e) => e.t >= elected).length).toBeGreaterThan(0);
  });

  it('a revoked replayed task is queued again after the retry delay, not in the same instant', () => {
    const { events } = runYaml(`
name: revoked-replay
until: 2m
master: { offerModel: optimistic }
agents: [{ id: a, count: 1, resources: "cpus:4;mem:8GiB" }]
frameworks:
  - { id: prod, role: prod, scheduler: { type: batch, jobs: { count: 1, tasks: 3, resources: "cpus:1;mem:512", duration: 1h } } }
  - { id: be, role: be, capabilities: [MULTI_ROLE, REVOCABLE_RESOURCES], scheduler: { type: trace-replay } }
workload:
  sources:
    - generate: { type: jobs, arrivals: { poisson: 10s }, count: 5, tasks: 2, cpus: 0.5, memMiB: 512, duration: 5m }
  map:
    - { framework: be, revocable: true }
oversubscription:
  estimator: { type: fixed, resources: "cpus:3" }
  qos: usage
`);
    const corrections = of(events, 'qos.correction');
    expect(corrections.length).toBeGreaterThan(0);
    // Never two corrections at one instant: each revoked task waited before it ran again.
    expect(new Set(corrections.map((e) => e.t)).size).toBe(corrections.length);
  });
});
