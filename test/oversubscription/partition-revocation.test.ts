/**
 * The usage monitor (the agents' view QoS and the estimators act on) across partitions and crashes
 * (found by fuzzing, session 21):
 * - revocable tasks back with their agent after a partition (TASK_RUNNING "agent reregistered",
 *   mesos-semantics §6.2) were never counted again, so QoS could never revoke them;
 * - tasks of a crashed machine (TASK_UNREACHABLE for a PARTITION_AWARE framework) were counted as
 *   running for the rest of the run: named in QoS corrections that killed nothing, and in the
 *   revocable usage.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { specFromText } from '../frameworks/helpers.ts';

type Line = { t: number; type: string; [k: string]: unknown };

const scenario = (caps: string, failure: string) => `
name: partition-revocation
seed: 1
until: 10m
agents:
  - { id: a, count: 1, resources: "cpus:8;mem:16GiB" }
frameworks:
  - id: be
    role: be
    capabilities: [${caps}]
    scheduler: { type: batch, revocable: true, jobs: { count: 1, tasks: 2, resources: "cpus:1;mem:1GiB", duration: 1h } }
  - id: prod
    role: prod
    scheduler: { type: batch, jobs: { count: 1, start: 6m, tasks: 1, resources: "cpus:4;mem:1GiB", duration: 1h } }
usage:
  default: 1
oversubscription:
  estimator: { type: fixed, resources: "cpus:2;mem:2GiB" }
  qos: { type: load, threshold5min: 2.5 }
timeline:
  - { at: 1m, do: fail, agents: [a-00001], ${failure} }
`;

function events(text: string): Line[] {
  return runScenario(specFromText(text), { outDir: null, keepEvents: true }).events!.map((l) => JSON.parse(l) as Line);
}

describe('usage monitor across partitions and crashes', () => {
  it('revocable tasks back after a partition are revoked when the load climbs', () => {
    const lines = events(scenario('MULTI_ROLE, REVOCABLE_RESOURCES', 'kind: partition, duration: 3m'));
    const first = lines.filter((l) => l.type === 'task.launched' && l.framework === 'be').slice(0, 2).map((l) => String(l.task));
    const back = lines.filter((l) => l.type === 'task.status' && l.state === 'TASK_RUNNING' && l.reason === 'agent reregistered').map((l) => String(l.task));
    expect(back.sort()).toEqual([...first].sort());
    const qos = lines.filter((l) => l.type === 'qos.correction');
    expect(qos.length).toBeGreaterThan(0);
    expect((qos[0].tasks as string[]).sort()).toEqual([...first].sort());
    for (const id of first) expect(lines.some((l) => l.type === 'task.status' && l.task === id && String(l.reason).startsWith('QoS correction'))).toBe(true);
  });

  it('tasks of a crashed machine are not QoS victims afterwards, and use nothing', () => {
    const run = runScenario(specFromText(scenario('MULTI_ROLE, PARTITION_AWARE, REVOCABLE_RESOURCES', 'kind: crash, duration: 2m')), { outDir: null, keepEvents: true });
    const lines = run.events!.map((l) => JSON.parse(l) as Line);
    const unreachable = new Set(lines.filter((l) => l.type === 'task.status' && l.state === 'TASK_UNREACHABLE').map((l) => String(l.task)));
    expect(unreachable.size).toBe(2);
    for (const q of lines.filter((l) => l.type === 'qos.correction')) for (const id of q.tasks as string[]) expect(unreachable.has(id)).toBe(false);
    const cpus = (run.summary as { oversubscription: { utilization: { cpus: { usedRevocable: number; revocableAllocated: number } } } }).oversubscription.utilization.cpus;
    expect(cpus.usedRevocable).toBeLessThanOrEqual(cpus.revocableAllocated);
  });
});
