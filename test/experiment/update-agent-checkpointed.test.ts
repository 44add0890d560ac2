/**
 * `updateAgent` with `resources` (and a trace's machine update) declares the agent's resources anew;
 * what the agent checkpointed stays on top (src/cluster/restated-total.ts, mesos-semantics §3.5,
 * §3.6, §4). Found by fuzzing (session 21): the new text replaced the total, so a dynamic reservation
 * and volume in use vanished and their running task's resources were offered to another framework, and
 * the revocable part was gone for good (a fixed estimator never reports again).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { restatedTotal } from '../../src/cluster/restated-total.ts';
import { parseResources } from '../../src/cluster/resource-text.ts';
import { formatResources } from '../../src/cluster/resource-text.ts';
import type { Resources } from '../../src/cluster/resources.ts';
import { specFromText } from '../frameworks/helpers.ts';

type Line = { t: number; type: string; [k: string]: unknown };
const res = (t: string) => parseResources(t) as Resources;
const events = (text: string): Line[] => runScenario(specFromText(text), { outDir: null, keepEvents: true }).events!.map((l) => JSON.parse(l) as Line);

describe('restatedTotal', () => {
  it('re-applies dynamic reservations (refined ones too) and volumes on the declared resources, keeps the revocable part', () => {
    const current = res('cpus:2;cpus(eng){dynamic}:2;cpus(prod):2;cpus(prod,prod/a){dynamic}:1;disk:900;disk(eng){dynamic}[v1]:100;mem:8192;cpus{revocable}:3');
    const out = restatedTotal(current, res('cpus:5;cpus(prod):3;disk:1000;mem:4096'))!;
    expect(formatResources(out)).toBe(formatResources(res('cpus:2;cpus(eng){dynamic}:2;cpus(prod):3;cpus(prod,prod/a){dynamic}:1;disk:900;disk(eng){dynamic}[v1]:100;mem:4096;cpus{revocable}:3')));
  });

  it('takes a part the declaration states itself as stated (the conformance cases\' oversubscribed updates)', () => {
    const current = res('cpus:2;cpus(eng){dynamic}:2;cpus{revocable}:10');
    expect(formatResources(restatedTotal(current, res('cpus:4;cpus{revocable}:12'))!)).toBe(formatResources(res('cpus:2;cpus(eng){dynamic}:2;cpus{revocable}:12')));
    expect(formatResources(restatedTotal(current, res('cpus:3;cpus(eng){dynamic}:1'))!)).toBe(formatResources(res('cpus:3;cpus(eng){dynamic}:1;cpus{revocable}:10')));
  });

  it('is null when the declared resources cannot hold them', () => {
    expect(restatedTotal(res('cpus:1;cpus(eng){dynamic}:2'), res('cpus:1'))).toBeNull();
  });
});

describe('updateAgent keeps what the agent checkpointed', () => {
  it('a running task\'s reservation and volume stay; its resources are not offered to another framework', () => {
    const lines = events(`name: update-agent-volume
seed: 1
until: 3m
agents:
  - { id: a, count: 1, resources: "cpus:4;mem:8GiB;disk:20GiB" }
frameworks:
  - id: db
    role: db
    scheduler: { type: stateful, instances: 1, resources: "cpus:1;mem:2GiB", dataSize: 10GiB, rebuildRate: 50MiB, volumes: true }
  - { id: other, role: other, scheduler: { type: scripted, onOffer: decline, refuseSeconds: 5 } }
timeline:
  - { at: 1m, do: updateAgent, agent: a-00001, resources: "cpus:4;mem:8GiB;disk:20GiB" }
`);
    const updated = lines.find((l) => l.type === 'agent.updated')!;
    expect(updated.resources).toBe('cpus:3;cpus(db){dynamic}:1;disk:10240;disk(db){dynamic}[db-vol-0]:10240;mem:6144;mem(db){dynamic}:2048');
    for (const o of lines.filter((l) => l.type === 'offer.made' && l.framework === 'other' && l.t >= 60_000)) {
      const cpus = /(?:^|;)cpus:([\d.]+)/.exec(String(o.resources));
      expect(Number(cpus?.[1] ?? 0)).toBeLessThanOrEqual(3);
    }
  });

  it('the revocable part stays, so revocable tasks keep launching', () => {
    const lines = events(`name: update-agent-revocable
seed: 1
until: 10m
agents:
  - { id: a, count: 1, resources: "cpus:8;mem:16GiB" }
frameworks:
  - id: be
    role: be
    capabilities: [MULTI_ROLE, REVOCABLE_RESOURCES]
    scheduler: { type: batch, revocable: true, jobs: { count: 60, interarrival: 10s, tasks: 1, resources: "cpus:1;mem:1GiB", duration: 1m } }
oversubscription:
  estimator: { type: fixed, resources: "cpus:4;mem:4GiB" }
  qos: noop
timeline:
  - { at: 2m, do: updateAgent, agent: a-00001, resources: "cpus:8;mem:16GiB", attributes: { zone: z2 } }
`);
    const at2m = lines.find((l) => l.type === 'agent.updated' && l.t === 120_000)!;
    expect(at2m.resources).toBe('cpus:8;cpus{revocable}:4;mem:16384;mem{revocable}:4096');
    expect(lines.filter((l) => l.type === 'task.launched' && l.t > 120_000).length).toBeGreaterThan(20);
  });

  it('a declaration too small for the reservations is skipped and logged', () => {
    const lines = events(`name: update-agent-too-small
until: 1m
agents:
  - { id: a, count: 1, resources: "cpus:4;mem:8GiB" }
frameworks: []
timeline:
  - { at: 10s, do: reserve, agent: a-00001, resources: "cpus(eng){dynamic}:3" }
  - { at: 20s, do: updateAgent, agent: a-00001, resources: "cpus:2;mem:8GiB" }
`);
    expect(lines.find((l) => l.type === 'timeline.skipped')).toMatchObject({ t: 20_000, action: 'updateAgent', agent: 'a-00001' });
    expect(lines.some((l) => l.type === 'agent.updated')).toBe(false);
  });
});
