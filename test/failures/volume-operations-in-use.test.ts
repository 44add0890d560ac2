/**
 * Persistent volumes and reservations in use (found by fuzzing stateful models, session 22):
 * Mesos refuses to DESTROY a shared volume that running tasks use and to CREATE a second volume
 * under a persistence id the role already has on the agent (master/validation.cpp, §3.6); an agent
 * restated without the reserved resources its tasks use is not applied; a stateful model cannot
 * reserve for `*` or a role its framework does not subscribe to, nor ask for gpus without GPU_RESOURCES.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { of, runYaml } from './helpers.ts';

const shared = (timeline: string) => `
name: shared-in-use
until: 10s
frameworks:
  - { id: f1, role: r1, capabilities: [MULTI_ROLE, SHARED_RESOURCES], scheduler: { type: scripted } }
agents:
  - { id: a1, resources: "cpus:4;mem:2048;disk(r1){dynamic,shared}[sv]:100" }
timeline:
  - { at: 0s, do: accept, framework: f1, launch: [{ resources: "cpus:1;mem:512;disk(r1){dynamic,shared}[sv]:100" }], refuseSeconds: 0 }
${timeline}`;

describe('a shared volume a running task uses', () => {
  it('is not destroyed by an ACCEPT (the unreserve after it finds nothing to unreserve), and no other role is offered its disk', () => {
    const { events } = runYaml(shared('  - { at: 3s, do: accept, framework: f1, operations: [{ destroy: "disk(r1){dynamic,shared}[sv]:100" }, { unreserve: "disk(r1){dynamic}:100" }], launch: [], refuseSeconds: 0 }\n'));
    expect(of(events, 'offer.operation').map((e) => [e.operation, e.ok, e.reason])).toEqual([
      ['destroy', false, 'shared persistent volume "sv" is in use by a running task'],
      ['unreserve', false, 'resources not in offer'],
    ]);
    expect(of(events, 'offer', (e) => /(^|;)disk:/.test(e.resources as string))).toEqual([]); // never offered as plain disk
  });

  it('is not destroyed by the operator either', () => {
    const { events } = runYaml(shared('  - { at: 3s, do: destroyVolume, agent: a1, resources: "disk(r1){dynamic,shared}[sv]:100" }\n'));
    expect(of(events, 'operator.operation').map((e) => [e.ok, e.reason])).toEqual([[false, 'shared persistent volume "sv" is in use by a running task']]);
  });

  it('once its task ended, it can be destroyed', () => {
    const ended = shared('').replace('launch: [{ resources:', 'launch: [{ duration: 1s, resources:') + '  - { at: 3s, do: destroyVolume, agent: a1, resources: "disk(r1){dynamic,shared}[sv]:100" }\n';
    expect(of(runYaml(ended).events, 'operator.operation').map((e) => e.ok)).toEqual([true]);
  });
});

const agent = (timeline: string, resources = 'cpus:4;mem:4GiB;disk(db):10GiB') => `
name: volumes
seed: 1
until: 30s
agents:
  - { id: a1, resources: "${resources}" }
frameworks:
  - { id: f1, role: db, scheduler: { type: scripted } }
  - { id: f2, role: web, at: 15s, scheduler: { type: scripted } }
timeline:
${timeline}`;

describe('operations and agent updates against what is there', () => {
  it('a second volume under a persistence id the role has on the agent is refused (they merged into one of twice the size)', () => {
    const ops = '  - { at: 1s, do: createVolume, agent: a1, resources: "disk(db)[v1]:5GiB" }\n  - { at: 2s, do: createVolume, agent: a1, resources: "disk(db)[v1]:5GiB" }\n';
    const { events } = runYaml(agent(ops).replace('scheduler: { type: scripted } }', 'scheduler: { type: scripted, onOffer: decline, refuseSeconds: 3600 } }'));
    expect(of(events, 'operator.operation').map((e) => [e.ok, e.reason])).toEqual([[true, undefined], [false, 'persistence id "v1" already exists for role db on this agent']]);
  });

  it('an update that drops a static reservation a task uses is skipped: its unreserved part is not offered on top', () => {
    const { events } = runYaml(agent('  - { at: 0s, do: accept, framework: f1, launch: [{ resources: "cpus(db):2;mem:512" }], refuseSeconds: 3600 }\n  - { at: 10s, do: updateAgent, agent: a1, resources: "cpus:4;mem:4GiB" }\n', 'cpus:4;mem:4GiB;cpus(db):2'));
    expect(of(events, 'timeline.skipped')).toEqual([expect.objectContaining({ action: 'updateAgent', agent: 'a1' })]);
    expect(of(events, 'agent.updated')).toEqual([]);
  });

  it('an operation on nothing (a zero amount) and a stateful model that cannot reserve are diagnostics', () => {
    const codes = (text: string) => loadScenarioText('v.yaml', text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    expect(codes(agent('  - { at: 1s, do: createVolume, agent: a1, resources: "disk(db)[v1]:0" }\n'))).toEqual(['create names no resources (a zero amount is none)']);
    const stateful = (fw: string) => `name: s\nagents:\n  - { id: a1, resources: "cpus:8;mem:16GiB;disk:100GiB" }\nframeworks:\n  - ${fw}\n`;
    const model = 'type: stateful, instances: 1, resources: "cpus:1;mem:1GiB", dataSize: 5GiB, rebuildRate: 100MiB';
    expect(codes(stateful(`{ id: st, scheduler: { ${model} } }`))).toEqual([expect.stringMatching(/role \* cannot hold dynamic reservations/)]);
    expect(codes(stateful(`{ id: st, role: web, scheduler: { ${model}, role: db } }`))).toEqual([expect.stringMatching(/role "db" is not one of the framework's roles \(web\)/)]);
    expect(codes(stateful(`{ id: st, role: db, scheduler: { ${model.replace('5GiB', '0')} } }`))).toEqual([expect.stringMatching(/dataSize must be positive/)]);
    expect(codes(stateful(`{ id: st, role: db, scheduler: { ${model} } }`))).toEqual([]);
    // tasks asking for gpus without GPU_RESOURCES are never placed while the master filters GPUs (§2.5)
    const gpus = `{ id: st, role: db, scheduler: { ${model.replace('mem:1GiB', 'mem:1GiB;gpus:1')} } }`;
    expect(codes(stateful(gpus))).toEqual([expect.stringMatching(/ask for gpus, which agents offer only to frameworks with the capability GPU_RESOURCES/)]);
    expect(codes(stateful(gpus.replace('{ id: st,', '{ id: st, capabilities: [MULTI_ROLE, GPU_RESOURCES],')))).toEqual([]);
    expect(codes(stateful(gpus) + 'master: { filterGpuResources: false }\n')).toEqual([]);
  });
});
