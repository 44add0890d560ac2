/**
 * A revocable container may also hold regular resources (a replay rule's `revocable: true` takes
 * revocable resources first and tops up with regular ones). The agent reports revocable resources
 * allocated + its estimate (mesos-semantics §4); it counted the container's regular part too, so the
 * fixed estimator's `cpus:1` became a reported `cpus{revocable}:1.5` (found by fuzzing, session 21).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { specFromText } from '../frameworks/helpers.ts';

describe('revocable total with a mixed container', () => {
  it('counts only the revocable resources the container holds', () => {
    const lines = runScenario(specFromText(`name: mixed-revocable
seed: 1
until: 5m
agents:
  - { id: a, count: 1, resources: "cpus:4;mem:8GiB" }
frameworks:
  - { id: tr, role: tr, capabilities: [MULTI_ROLE, REVOCABLE_RESOURCES], scheduler: { type: trace-replay } }
workload:
  sources:
    - generate: { type: jobs, arrivals: { poisson: 30s }, start: 20s, count: 1, tasks: 1, cpus: 1.5, memMiB: 1536, duration: forever }
  map:
    - { framework: tr, revocable: true }
usage:
  default: 1
oversubscription:
  estimator: { type: fixed, resources: "cpus:1;mem:1GiB" }
  qos: noop
`), { outDir: null, keepEvents: true }).events!.map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
    expect(lines.find((l) => l.type === 'task.launched')!.resources).toBe('cpus:0.5;cpus{revocable}:1;mem:512;mem{revocable}:1024');
    expect(lines.filter((l) => l.type === 'oversubscription.report').map((l) => l.revocable)).toEqual(['cpus{revocable}:1;mem{revocable}:1024']);
  });
});
