/**
 * The monolithic baseline serving the stateful, replicated-service, hoarder and plugin framework
 * models (src/master/monolithic/, docs/offer-models.md). Small cases worked out by hand; decision
 * time perJob + perTask × tasks still to place.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlugin } from '../../src/experiment/plugins.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

type Ev = Record<string, unknown>;

function run(text: string) {
  const r = loadScenarioText('mono.yaml', text);
  expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
  const res = runScenario(r.spec!, { keepEvents: true });
  const events = res.events!.map((l) => JSON.parse(l) as Ev);
  return { ...res, events, spec: r.spec! };
}

const launches = (events: Ev[]) => events.filter((e) => e.type === 'task.launched').map((e) => `${e.t} ${e.task} ${e.agent}`);
const of = (events: Ev[], type: string) => events.filter((e) => e.type === type);
const central = (summary: Record<string, unknown>) => (summary.offerModel as any).central;

const replicated = (opts: string, timeline = '') => `
name: rep
until: 3m
master: { offerModel: { type: monolithic, decision: { perJob: 100ms, perTask: 10ms } } }
agents:
  - { id: a1, resources: "cpus:4;mem:4GiB", rack: r1 }
  - { id: a2, resources: "cpus:4;mem:4GiB", rack: r1 }
  - { id: a3, resources: "cpus:4;mem:4GiB", rack: r2 }
  - { id: a4, resources: "cpus:4;mem:4GiB", rack: r2 }
frameworks:
  - id: kv
    scheduler: { type: replicated-service, instances: 3, resources: "cpus:1;mem:1GiB", ${opts} }
${timeline}`;

describe('monolithic: replicated-service spreads its replicas over fault domains', () => {
  it('spread rack: each replica goes to the agent whose rack has fewest replicas, then fewest on the agent, then agent id', () => {
    // One job of 3 tasks: 100 + 3 × 10 = 130 ms. Scores [replicas in rack, on agent]:
    // 1st: all [0,0] → a1 (r1); 2nd: r1 has 1 → a3, a4 [0,0] → a3 (r2); 3rd: a2, a4 [1,0] → a2.
    const r = run(replicated('spread: rack'));
    expect(launches(r.events)).toEqual(['130 kv-r00001 a1', '130 kv-r00002 a3', '130 kv-r00003 a2']);
    expect(of(r.events, 'offer')).toEqual([]);
  });

  it('spread none: first fit piles the replicas up on a1', () => {
    const r = run(replicated('spread: none'));
    expect(launches(r.events)).toEqual(['130 kv-r00001 a1', '130 kv-r00002 a1', '130 kv-r00003 a1']);
  });

  it('maxPerDomain is a hard cap: with one replica per rack the third waits in the queue', () => {
    const r = run(replicated('spread: rack, maxPerDomain: 1'));
    expect(launches(r.events)).toEqual(['130 kv-r00001 a1', '130 kv-r00002 a3']);
    expect(central(r.summary).queue.endTasks).toBe(1);
  });

  it('a lost replica is replaced in the rack with fewest replicas', () => {
    // a1's machine fails at 10 s; the health checks give up at 90 s (TASK_LOST). Left: a2 (r1), a3 (r2):
    // the replacement is decided in 110 ms and goes to a4 (score [1,0]; a2 and a3 [1,1]).
    const r = run(replicated('spread: rack', 'timeline:\n  - { at: 10s, do: fail, agents: [a1] }'));
    const lost = of(r.events, 'task.status').map((e) => `${e.t} ${e.task} ${e.state}`);
    expect(lost).toEqual(['90000 kv-r00001 TASK_LOST']);
    expect(launches(r.events).slice(3)).toEqual(['90110 kv-r00004 a4']);
  });
});

describe('monolithic: replicated-service under maintenance (inverse offers, §5.2)', () => {
  it('migrate: the replacement is handed over at once, placed off the draining machine, and the old copy killed once it runs', () => {
    const text = replicated('spread: rack, maxPerDomain: 1, onInverseOffer: migrate, avoidDraining: true', `timeline:
  - { at: 10s, do: scheduleMaintenance, agents: [a1], start: 20s, duration: 30s }
  - { at: 30s, do: machineDown, agents: [a1] }
  - { at: 60s, do: machineUp, agents: [a1] }`).replace('instances: 3', 'instances: 2');
    const r = run(text);
    // 2 replicas: 100 + 2 × 10 = 120 ms → a1 (r1), a3 (r2). The inverse offer for a1 at 10 s is accepted:
    // one replacement, 110 ms → a2 (r1 counts 0 without the migrating copy; a1 is draining, a4's rack has one).
    expect(launches(r.events)).toEqual(['120 kv-r00001 a1', '120 kv-r00002 a3', '10110 kv-r00003 a2']);
    expect(of(r.events, 'task.status').map((e) => `${e.t} ${e.task} ${e.state}`)).toEqual(['10110 kv-r00001 TASK_KILLED']);
    expect(of(r.events, 'machine.mode').find((e) => e.mode === 'DOWN')).toMatchObject({ t: 30_000, tasks: 0 });
  });
});

const stateful = (volumes: string, extra = '') => `
name: st
until: 15s
master: { offerModel: { type: monolithic, decision: { perJob: 100ms, perTask: 5ms } } }
agents:
  - { id: a1, resources: "cpus:4;mem:8GiB;disk:100GiB" }
  - { id: a2, resources: "cpus:4;mem:8GiB;disk:100GiB" }
  - { id: a3, resources: "cpus:4;mem:8GiB;disk:100GiB" }
frameworks:
  - id: db
    role: db
    scheduler: { type: stateful, instances: 2, resources: "cpus:2;mem:2GiB", dataSize: 10GiB, rebuildRate: 100MiB, ${volumes}${extra} }
timeline:
  - { at: 4s, do: scheduleMaintenance, agents: [a1], start: 1s, duration: 3s }
  - { at: 5s, do: machineDown, agents: [a1] }
  - { at: 8s, do: machineUp, agents: [a1] }
`;

describe('monolithic: stateful service (reservations + persistent volumes, §3.5/§3.6)', () => {
  it('volumes: the central scheduler RESERVEs and CREATEs on the machine it picked; a lost instance returns to its volume', () => {
    const r = run(stateful('volumes: true'));
    // One job of both instances: 100 + 2 × 5 = 110 ms; one node per machine: a1, a2.
    const ops = of(r.events, 'central.operation').map((e) => `${e.t} ${e.agent} ${e.operation} ${e.resources} ${e.ok}`);
    expect(ops).toEqual([
      '110 a1 reserve cpus(db){dynamic}:2;disk(db){dynamic}:10240;mem(db){dynamic}:2048 true',
      '110 a1 create disk(db){dynamic}[db-vol-0]:10240 true',
      '110 a2 reserve cpus(db){dynamic}:2;disk(db){dynamic}:10240;mem(db){dynamic}:2048 true',
      '110 a2 create disk(db){dynamic}[db-vol-1]:10240 true',
    ]);
    // a1 goes down at 5 s (db-0 lost); its request is pinned to a1 although a3 is free all along:
    // it is placed 105 ms after a1 is back (8 s), on its reserved resources and its volume.
    expect(launches(r.events)).toEqual(['110 db-0.00001 a1', '110 db-1.00002 a2', '8105 db-0.00003 a1']);
    const relaunch = of(r.events, 'task.launched')[2];
    expect(relaunch.resources).toBe('cpus(db){dynamic}:2;disk(db){dynamic}[db-vol-0]:10240;mem(db){dynamic}:2048');
    const st = (r.summary.stateful as any).byFramework.db;
    expect(st).toMatchObject({ volumesCreated: 2, relaunchesOnVolume: 1, rebuilds: 0, serving: 2 });
    expect(st.downMs).toBe(3105); // 5 s → 8.105 s, no rebuild
  });

  it('without volumes the lost instance is placed afresh at once (a3: a1 is down, a2 holds db-1) and rebuilds', () => {
    const r = run(stateful('volumes: false'));
    expect(launches(r.events)).toEqual(['110 db-0.00001 a1', '110 db-1.00002 a2', '5105 db-0.00003 a3']);
    expect(of(r.events, 'central.operation')).toEqual([]);
    // 10 GiB at 100 MiB/s = 102.4 s of rebuild: still rebuilding at 15 s
    expect((r.summary.stateful as any).byFramework.db).toMatchObject({ rebuilds: 1, rebuildsCompleted: 0, serving: 1 });
  });

  it('replaceAfter: the pinned request is taken back, the instance starts afresh elsewhere, the old volume is destroyed when its machine is back', () => {
    const r = run(stateful('volumes: true', ', replaceAfter: 2s'));
    // lost at 5 s, given up at 7 s: handed over afresh (a1 down, a2 taken) → a3 at 7105 with a new volume;
    // a1 back at 8 s: DESTROY + UNRESERVE of db-vol-0 at once.
    expect(launches(r.events)).toEqual(['110 db-0.00001 a1', '110 db-1.00002 a2', '7105 db-0.00004 a3']);
    const ops = of(r.events, 'central.operation').filter((e) => (e.t as number) > 110).map((e) => `${e.t} ${e.agent} ${e.operation} ${e.ok}`);
    expect(ops).toEqual(['7105 a3 reserve true', '7105 a3 create true', '8000 a1 destroy true', '8000 a1 unreserve true']);
    expect((r.summary.stateful as any).byFramework.db).toMatchObject({ volumesCreated: 3, volumesReplaced: 1, volumesDestroyed: 1, rebuilds: 1 });
    // a1 came back with the old reservation and volume (they outlive the machine's downtime) …
    const added = of(r.events, 'agent.added').filter((e) => e.agent === 'a1').map((e) => e.resources);
    expect(added).toEqual(['cpus:4;disk:102400;mem:8192', 'cpus:2;cpus(db){dynamic}:2;disk:92160;disk(db){dynamic}[db-vol-0]:10240;mem:6144;mem(db){dynamic}:2048']);
    // (the DESTROY/UNRESERVE events above give them back; both instances run at the end)
    expect(r.summary.tasks).toMatchObject({ running: 2 });
  });

  it('is deterministic: same seed, same event digest (seeded crashes, relaunches on the volumes)', () => {
    const a = run(stateful('volumes: true, failure: { exponential: 3s }'));
    const b = run(stateful('volumes: true, failure: { exponential: 3s }'));
    expect(a.digest).toBe(b.digest);
    expect((a.summary.stateful as any).byFramework.db.relaunchesOnVolume).toBeGreaterThan(0);
  });
});

const hoarder = (offerModel: string, greedy: string) => `
name: ho
until: 30s
master: { ${offerModel} }
agents:
  - { id: a1, resources: "cpus:2;mem:4GiB" }
frameworks:
  - { id: h, role: h, scheduler: { type: hoarder, ${greedy}, task: "cpus:1;mem:1GiB" } }
  - { id: f, role: f, at: 5s, scheduler: { type: scripted, onOffer: launch, maxTasks: 2, task: { resources: "cpus:1;mem:1GiB" } } }
`;
const MONO = 'offerModel: { type: monolithic, decision: { perJob: 100ms, perTask: 5ms } }';

describe('monolithic: the hoarder cannot hoard', () => {
  it('hoard mode: with offers it sits on a1 and f (from 5 s) never runs; with one central scheduler there is nothing to hoard', () => {
    const offers = run(hoarder('', 'mode: hoard'));
    expect(of(offers.events, 'offer').map((e) => `${e.t} ${e.framework} ${e.resources}`)).toEqual(['0 h cpus:2;mem:4096']);
    expect(launches(offers.events)).toEqual([]);
    // f's job (2 tasks) is queued at 5 s and decided in 100 + 2 × 5 ms; the hoarder handed nothing over.
    const mono = run(hoarder(MONO, 'mode: hoard'));
    expect(launches(mono.events)).toEqual(['5110 f-task-000001 a1', '5110 f-task-000002 a1']);
    expect(of(mono.events, 'offer')).toEqual([]);
    expect(central(mono.summary).frameworks.h).toBeUndefined();
    expect(of(mono.events, 'central.queued').map((e) => e.framework)).toEqual(['f']);
  });

  it('long-tasks: its tasks go through the queue like everyone else\'s, and what it holds it keeps', () => {
    // maxTasks 2: one job at 0 s, placed at 110 ms; f's job at 5 s finds a1 full and waits to the end.
    const capped = run(hoarder(MONO, 'mode: long-tasks, maxTasks: 2'));
    expect(launches(capped.events)).toEqual(['110 h-task-000001 a1', '110 h-task-000002 a1']);
    expect(central(capped.summary).queue.endTasks).toBe(2);
    // without maxTasks, a standing request of one task per host, topped up when placed: 1 task at
    // 105 ms, then the next job (1 task) at 210 ms; the third job stays queued, as does f's.
    const standing = run(hoarder(MONO, 'mode: long-tasks'));
    expect(launches(standing.events)).toEqual(['105 h-task-000001 a1', '210 h-task-000002 a1']);
    expect(central(standing.summary).frameworks.h).toMatchObject({ jobs: 3, launched: 2 });
    expect(central(standing.summary).queue.endJobs).toBe(2);
  });
});

describe('monolithic: plugin framework models', () => {
  const scenarioWith = (model: string) => `
name: pl
until: 10s
master: { ${MONO} }
agents:
  - { id: a1, resources: "cpus:2;mem:4GiB" }
  - { id: a2, resources: "cpus:2;mem:4GiB" }
frameworks:
  - { id: p, role: p, scheduler: { type: plugin, model: ${model}, options: { task: "cpus:1;mem:1GiB", count: 3 } } }
`;
  it('a model registered with { centralScheduler: true } hands its tasks over: 100 + 3 × 5 ms, first fit', async () => {
    await loadPlugin(join(import.meta.dirname, '../fixtures/plugins/central-model.js'));
    const r = run(scenarioWith('queue-with'));
    expect(launches(r.events)).toEqual(['115 p.q1 a1', '115 p.q2 a1', '115 p.q3 a2']);
    expect(central(r.summary).frameworks.p).toEqual({ jobs: 1, tasks: 3, decisions: 1, launched: 3, busyMs: 115 });
  });

  it('a model without the opt-in is rejected with a located diagnostic (exit 2 from the CLI)', async () => {
    await loadPlugin(join(import.meta.dirname, '../fixtures/plugins/central-model.js'));
    const r = loadScenarioText('pl.yaml', scenarioWith('offers-only'));
    const messages = r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^9:\d+ offerModel monolithic: plugin model "offers-only" \(framework "p"\) does not hand its work to a central scheduler: .*centralScheduler: true/);
  });

  it('a model that opts in without useCentralScheduler fails at first use with the plugin named', async () => {
    await loadPlugin(join(import.meta.dirname, '../fixtures/plugins/central-model.js'));
    const r = loadScenarioText('pl.yaml', scenarioWith('claims-central'));
    expect(r.diagnostics).toEqual([]);
    expect(() => runScenario(r.spec!)).toThrow(/central-model\.js: framework model "claims-central" is registered with \{ centralScheduler: true \} but its Scheduler has no useCentralScheduler/);
  });
});

describe('monolithic: quota (§3.3–3.4) holds for the central scheduler too', () => {
  const quota = (q: string, greedy: string) => `
name: q
until: 20s
master: { ${MONO}, quota: { ${q} } }
agents:
  - { id: a1, resources: "cpus:4;mem:8GiB" }
  - { id: a2, resources: "cpus:4;mem:8GiB" }
frameworks:
  - { id: g, role: g, scheduler: { type: hoarder, ${greedy}, task: "cpus:1;mem:1GiB" } }
  - { id: w, role: w, at: 5s, scheduler: { type: scripted, onOffer: launch, maxTasks: 3, task: { resources: "cpus:1;mem:1GiB" } } }
`;
  it('a limit caps the role: g (limit cpus:2) places 2 of its 6 tasks; the other 4 wait', () => {
    const r = run(quota('g: { limit: "cpus:2" }', 'mode: long-tasks, maxTasks: 6'));
    // one job of 6: 100 + 6 × 5 = 130 ms; w's 3 tasks at 5 s: 115 ms → 5115 on a1 (2 left), a1, a2
    expect(launches(r.events)).toEqual(['130 g-task-000001 a1', '130 g-task-000002 a1', '5115 w-task-000001 a1', '5115 w-task-000002 a1', '5115 w-task-000003 a2']);
    expect(central(r.summary).queue.endTasks).toBe(4);
    // raising the limit to cpus:4 at 10 s wakes the blocked job: 100 + 4 × 5 ms → 2 more at 10120 (a2, 1 cpu left there)
    const raised = run(quota('g: { limit: "cpus:2" }', 'mode: long-tasks, maxTasks: 6') + 'timeline:\n  - { at: 10s, do: setQuota, role: g, limit: "cpus:4" }\n');
    expect(launches(raised.events).slice(5)).toEqual(['10120 g-task-000003 a2', '10120 g-task-000004 a2']);
    expect(central(raised.summary).queue.endTasks).toBe(2);
  });

  it('a guarantee keeps headroom: greedy (standing request) stops at 8 − 3 cpus; w, guaranteed cpus:3, gets its 3 at once', () => {
    const r = run(quota('w: { guarantee: "cpus:3" }', 'mode: long-tasks'));
    const g = launches(r.events).filter((l) => l.includes(' g-'));
    expect(g).toHaveLength(5);
    expect(launches(r.events).filter((l) => l.includes(' w-'))).toEqual(['5115 w-task-000001 a2', '5115 w-task-000002 a2', '5115 w-task-000003 a2']);
    // without the guarantee greedy takes all 8 cpus and w waits to the end
    const none = run(quota('other: { guarantee: "cpus:0" }', 'mode: long-tasks'));
    expect(launches(none.events).filter((l) => l.includes(' g-'))).toHaveLength(8);
    expect(launches(none.events).filter((l) => l.includes(' w-'))).toEqual([]);
  });
});

describe('monolithic: determinism of the newly served models', () => {
  it('replicated-service, hoarder and a plugin model: same seed, same event digest', async () => {
    await loadPlugin(join(import.meta.dirname, '../fixtures/plugins/central-model.js'));
    const texts = [
      replicated('spread: rack', 'timeline:\n  - { at: 10s, do: fail, agents: [a1] }'),
      hoarder(MONO, 'mode: long-tasks'),
      hoarder(MONO, 'mode: hoard'),
      replicated('spread: none').replace(/frameworks:[\s\S]*$/, 'frameworks:\n  - { id: p, scheduler: { type: plugin, model: queue-with, options: { task: "cpus:1;mem:1GiB", count: 5, durationMs: 2000 } } }\n'),
    ];
    for (const t of texts) {
      const a = run(t), b = run(t);
      expect(a.digest).toBe(b.digest);
      expect(launches(a.events).length).toBeGreaterThan(0);
    }
  });
});
