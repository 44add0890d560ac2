/**
 * Revocation end to end, read back from events.jsonl: an owner whose usage climbs back to its full
 * request makes the usage QoS controller kill the revocable tasks living on its slack — TASK_GONE for
 * PARTITION_AWARE frameworks, TASK_LOST for the others — and the owner's task is never touched.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.ts';

const SCENARIO = `
name: revocation-e2e
seed: 3
until: 30m
agents:
  - { id: agent1, resources: "cpus:8;mem:8GiB" }
frameworks:
  - id: owner
    role: prod
    scheduler: { type: batch, jobs: { count: 1, tasks: 1, resources: "cpus:8;mem:8GiB", duration: 30d } }
  - id: aware
    role: be
    capabilities: [MULTI_ROLE, REVOCABLE_RESOURCES, PARTITION_AWARE]
    scheduler: { type: batch, revocable: true, jobs: { count: 2, tasks: 2, resources: "cpus:1;mem:1GiB", duration: 1h } }
  - id: plain
    role: be
    at: 1m
    capabilities: [MULTI_ROLE, REVOCABLE_RESOURCES]
    scheduler: { type: batch, revocable: true, jobs: { count: 1, tasks: 2, resources: "cpus:1;mem:1GiB", duration: 1h } }
usage:
  sampleInterval: 10s
  frameworks:
    owner: { steps: [{ at: 0, fraction: 0.25 }, { at: 10m, fraction: 0.9 }], clock: sim }
    aware: 0.5
    plain: 0.5
oversubscription:
  estimator: { type: usage, window: 1m, margin: 0 }
  qos: usage
`;

const dir = mkdtempSync(join(tmpdir(), 'osub-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Line = { t: number; type: string; [k: string]: unknown };

describe('revocation end to end (events.jsonl)', () => {
  const { spec, diagnostics } = loadScenarioText('revocation-e2e.yaml', SCENARIO);
  it('loads', () => expect(diagnostics).toEqual([]));
  const out = join(dir, 'run');
  runScenario(spec!, { outDir: out });
  const lines: Line[] = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

  it('the agent reports the owner\'s slack as revocable every 15 s, and only when it changes', () => {
    const reports = lines.filter((l) => l.type === 'oversubscription.report');
    expect(reports[0]).toMatchObject({ t: 15_000, agent: 'agent1', estimator: 'usage', revocable: 'cpus{revocable}:6;mem{revocable}:6144' });
    for (let i = 1; i < reports.length; i++) expect(reports[i].revocable).not.toBe(reports[i - 1].revocable);
    for (const r of reports) expect(r.t % 15_000).toBe(0);
    // each report is applied to the agent's total (non-revocable part unchanged)
    const updates = lines.filter((l) => l.type === 'agent.updated');
    expect(updates[0].resources).toBe('cpus:8;cpus{revocable}:6;mem:8192;mem{revocable}:6144');
  });

  it('revocable tasks run on the slack, then the owner\'s climb kills exactly enough of them, newest first', () => {
    const launched = lines.filter((l) => l.type === 'task.launched' && l.t < 600_000);
    const revocable = new Set(launched.filter((l) => String(l.resources).includes('{revocable}')).map((l) => String(l.task)));
    expect(revocable.size).toBe(6);
    const qos = lines.filter((l) => l.type === 'qos.correction');
    expect(qos[0]).toMatchObject({ t: 600_000, agent: 'agent1', controller: 'usage' });
    // The batch frameworks re-run their revoked tasks a second later, into the same contention, and
    // lose them again until the next estimator report shrinks the revocable total (mesos-semantics
    // §4: killed capacity is offered again until then). Those later kills only hit the re-runs.
    for (const q of qos.slice(1)) expect((q.tasks as string[]).every((id) => !revocable.has(id))).toBe(true);
    expect(qos.at(-1)!.t).toBeLessThanOrEqual(600_000 + 15_000);
    // owner 0.9 × 8 = 7.2 cpus + 6 × 0.5 = 3 revocable → excess 2.2 cpus (mem likewise) → 5 tasks of 0.5
    const killed = qos[0].tasks as string[];
    expect(killed).toHaveLength(5);
    const launchOrder = launched.filter((l) => revocable.has(String(l.task))).map((l) => String(l.task));
    expect([...killed].sort((a, b) => launchOrder.indexOf(b) - launchOrder.indexOf(a))).toEqual(killed);
    expect(launchOrder.slice(1).reverse()).toEqual(killed); // newest first, the oldest survives
    const ends = lines.filter((l) => l.type === 'task.status' && killed.includes(String(l.task)));
    expect(ends).toHaveLength(5);
    for (const e of ends) {
      expect(e.t).toBe(600_000);
      expect(e.state).toBe(String(e.framework) === 'aware' ? 'TASK_GONE' : 'TASK_LOST');
      expect(String(e.reason)).toMatch(/^QoS correction: usage: usage over capacity/);
    }
    expect(ends.some((e) => e.state === 'TASK_GONE')).toBe(true);
    expect(ends.some((e) => e.state === 'TASK_LOST')).toBe(true);
  });

  it('the owner\'s task is never killed', () => {
    const owner = lines.find((l) => l.type === 'task.launched' && l.framework === 'owner')!;
    expect(lines.filter((l) => l.type === 'task.status' && l.task === owner.task)).toEqual([]);
  });
});

describe('reservation lending end to end', () => {
  it('borrowed reservations are revoked the instant the owner launches on them', () => {
    const { spec } = loadScenarioFile(join(import.meta.dirname, '../../scenarios/reservations-utilization.yaml'), [{ path: ['until'], value: '2h5m' }]);
    const result = runScenario(spec!, { keepEvents: true });
    const lines: Line[] = result.events!.map((l) => JSON.parse(l));
    const ownerLaunches = lines.filter((l) => l.type === 'task.launched' && l.framework === 'prod-burst');
    expect(ownerLaunches).toHaveLength(24);
    expect(ownerLaunches.every((l) => /^cpus\(prod\):1;mem\(prod\):4096$/.test(String(l.resources)))).toBe(true);
    const qos = lines.filter((l) => l.type === 'qos.correction');
    expect(qos.length).toBeGreaterThan(0);
    for (const q of qos) {
      expect(q.t).toBe(7_200_000);
      expect(String(q.reason)).toMatch(/reservation reclaimed by its owner/);
      expect(q.reclaimMs).toBe(0);
    }
    const killed = new Set(qos.flatMap((q) => q.tasks as string[]));
    expect(killed.size).toBe(24); // exactly the borrowed 24 cpus (1-cpu tasks)
    for (const l of lines) if (l.type === 'task.launched' && killed.has(String(l.task))) expect(l.framework).toBe('besteffort');
  });
});

describe('property: QoS never kills a task on non-revocable resources (simulated, fast-check seed 11)', () => {
  it('holds for random owners, spikes, bursts and controllers', () => {
    fc.assert(fc.property(
      fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1.5, noNaN: true }), fc.integer({ min: 1, max: 40 }),
      fc.constantFrom('usage', 'load'), fc.boolean(), fc.double({ min: 0.1, max: 1, noNaN: true }),
      (base, spike, spikeMin, qos, burst, beUse) => {
        const text = `
name: prop
seed: 1
until: 1h
agents: [{ id: a, count: 2, resources: "cpus:8;mem:8GiB" }]
frameworks:
  - { id: owner, role: prod, scheduler: { type: batch, jobs: { count: 3, interarrival: 5m, tasks: [1, 2], resources: "cpus:2;mem:2GiB", duration: 40m } } }
  - id: be
    role: be
    capabilities: [MULTI_ROLE, REVOCABLE_RESOURCES]
    scheduler: { type: batch, revocable: true, jobs: { count: 30, interarrival: 1m, tasks: [1, 3], resources: "cpus:0.5;mem:512", duration: 10m } }
usage:
  allowBurst: ${burst}
  frameworks:
    owner: { noisy: { base: { steps: [{ at: 0, fraction: ${base} }, { at: ${spikeMin}m, fraction: ${spike} }], clock: sim }, sigma: 0.05 } }
    be: ${beUse}
oversubscription:
  estimator: { type: usage, window: 2m, margin: 0 }
  qos: ${qos === 'load' ? '{ type: load, threshold5min: 1 }' : 'usage'}
`;
        const { spec, diagnostics } = loadScenarioText('prop.yaml', text);
        expect(diagnostics).toEqual([]);
        const ends: { task: string; reason: string }[] = [];
        const revocable = new Set<string>();
        const built = buildSimulation(spec!, [{
          emit: (_t, type, f) => {
            if (type === 'task.launched' && String(f.resources).includes('{revocable}')) revocable.add(String(f.task));
            if (type === 'task.status' && typeof f.reason === 'string') ends.push({ task: String(f.task), reason: f.reason });
          },
        }]);
        built.sim.run(spec!.untilMs);
        for (const e of ends) if (e.reason.startsWith('QoS correction')) expect(revocable.has(e.task)).toBe(true);
      },
    ), { seed: 11, numRuns: 12 });
  });
});

describe('fixed estimator and determinism', () => {
  it('fixed: the revocable total stays at the operator amount while revocable tasks hold it (reported once)', () => {
    const text = SCENARIO.replace('estimator: { type: usage, window: 1m, margin: 0 }', 'estimator: { type: fixed, resources: "cpus:4;mem:2GiB" }')
      .replace('name: revocation-e2e', 'name: fixed-e2e');
    const { spec } = loadScenarioText('fixed.yaml', text);
    const result = runScenario(spec!, { keepEvents: true });
    const lines: Line[] = result.events!.map((l) => JSON.parse(l));
    const reports = lines.filter((l) => l.type === 'oversubscription.report');
    expect(reports.map((r) => [r.t, r.revocable])).toEqual([[15_000, 'cpus{revocable}:4;mem{revocable}:2048']]);
    // two 1-cpu/1-GiB revocable tasks fit in mem:2GiB (until the owner's climb at 10 min kills them)
    expect(lines.filter((l) => l.type === 'task.launched' && l.t < 600_000 && String(l.resources).includes('{revocable}'))).toHaveLength(2);
    const s = result.summary as { oversubscription: { reports: number; estimator: string } };
    expect(s.oversubscription).toMatchObject({ reports: 1, estimator: 'fixed' });
  });

  it('same scenario and seed, same event log; usage noise and kills included', () => {
    const text = SCENARIO.replace('aware: 0.5', 'aware: { noisy: { base: 0.5, sigma: 0.2 } }');
    const { spec } = loadScenarioText('noisy.yaml', text);
    const a = runScenario(spec!, { keepEvents: true });
    const b = runScenario(spec!, { keepEvents: true });
    expect(a.digest).toBe(b.digest);
    expect(a.events!.some((l) => l.includes('"qos.correction"'))).toBe(true);
  });
});

describe('qosCorrectionIntervalMin', () => {
  it('polls at most once per interval: the kill waits for the next allowed poll and time-to-reclaim shows it', () => {
    const text = SCENARIO.replace('  qos: usage\n', '  qos: usage\n  qosCorrectionIntervalMin: 30s\n').replace('name: revocation-e2e', 'name: qos-interval');
    const { spec, diagnostics } = loadScenarioText('interval.yaml', text);
    expect(diagnostics).toEqual([]);
    const result = runScenario(spec!, { keepEvents: true });
    const qos = result.events!.map((l) => JSON.parse(l) as Line).filter((l) => l.type === 'qos.correction');
    // polls ran on the 10 s samples before the climb, every 30 s at most: the climb at 600 s is seen
    // at the next allowed poll, strictly later, and the delay is reported as time to reclaim
    expect(qos).toHaveLength(1);
    expect(qos[0].t).toBeGreaterThan(600_000);
    expect(qos[0].t).toBeLessThanOrEqual(630_000);
    expect(qos[0].reclaimMs).toBe((qos[0].t as number) - 600_000);
    const s = result.summary as { oversubscription: { timeToReclaimMs: { max: number } } };
    expect(s.oversubscription.timeToReclaimMs.max).toBe(qos[0].reclaimMs);
  });
});
