/**
 * Oversubscription cases found by the session-23 audit (mesos-semantics §4, §6.1, §6.2;
 * docs/oversubscription.md). Each failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from '../failures/helpers.ts';

describe('an agent cut off from the master (§6.2)', () => {
  const { events } = runYaml(`
name: part1
seed: 1
until: 3m
agents:
  - { id: a, count: 1, resources: "cpus:8;mem:8192" }
frameworks:
  - id: prod
    role: prod
    scheduler:
      type: batch
      jobs: { count: 1, tasks: 1, resources: "cpus:6;mem:6144", duration: 1h }
  - id: be
    role: be
    capabilities: [MULTI_ROLE, REVOCABLE_RESOURCES]
    scheduler:
      type: batch
      revocable: true
      jobs: { count: 2, interarrival: 1s, tasks: 1, resources: "cpus:2;mem:1024", duration: 1h }
usage:
  sampleInterval: 10s
  frameworks:
    prod: { steps: [{ at: 0, fraction: 0.25 }, { at: 70s, fraction: 1 }], clock: sim }
    be: 1
oversubscription:
  estimator: { type: usage, window: 10s, margin: 0 }
  qos: usage
timeline:
  - { at: 60s, do: fail, agents: [a-00001], kind: partition, duration: 40s }
`);
  const cutOff = (e: { t: number }) => e.t > 60_000 && e.t < 100_000;

  it('kills revocable tasks by its QoS controller once; the master hears of it when the partition heals (it heard at once, and re-offered)', () => {
    expect(of(events, 'qos.correction', cutOff).map((e) => e.tasks)).toEqual([['be-task-000002']]);
    expect(of(events, 'task.status', cutOff)).toEqual([]);
    expect(of(events, 'task.launched', cutOff)).toEqual([]);
    expect(of(events, 'task.status', (e) => e.task === 'be-task-000002').map((e) => [e.t, e.state])).toEqual([[100_000, 'TASK_LOST']]);
  });

  it('sends no estimate until it is back (docs/oversubscription.md: estimates pause)', () => {
    expect(of(events, 'oversubscription.report', cutOff)).toEqual([]);
    expect(of(events, 'agent.updated', cutOff)).toEqual([]);
  });
});

describe('a scripted task written with revocable resources', () => {
  it('is launched on the offer\'s revocable resources (it took regular ones)', () => {
    const { events } = runYaml(`
name: scrip1
seed: 1
until: 1m
agents:
  - { id: a, count: 1, resources: "cpus:8;mem:8192" }
frameworks:
  - id: q
    role: q
    at: 20s
    capabilities: [MULTI_ROLE, REVOCABLE_RESOURCES]
    scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus{revocable}:1;mem{revocable}:256", duration: 10m }, maxTasks: 1 }
usage:
  default: 0.5
oversubscription:
  estimator: { type: fixed, resources: "cpus:4;mem:2048" }
  qos: noop
`);
    expect(of(events, 'task.launched').map((e) => e.resources)).toEqual(['cpus{revocable}:1;mem{revocable}:256']);
  });
});
