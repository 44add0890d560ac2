/**
 * The report's failure cards (src/metrics/metrics-result.ts): shown only when agents went away.
 * Two agents of 4 cpus; a batch job of 8 one-cpu tasks of 30 min fills both. agent-00001 crashes at
 * 1 min for 10 min: unreachable at 2m15s (75 s of missed pings), its 4 tasks TASK_LOST there, back
 * (a fresh agent) at 11 min. Agent time lost = 11 min − 2m15s = 8m45s.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { reportDataFromMetrics } from '../../src/report/from-metrics.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { failureCards, physicalAvailabilityCard } from '../../src/metrics/failure-cards.ts';

const simulate = (timeline: string) => simulateRun(timeline).metrics;
const simulateRun = (timeline: string) => {
  const r = loadScenarioText('cards.yaml', `
name: cards
until: 20m
agents: [{ id: agent, count: 2, resources: "cpus:4;mem:4GiB" }]
frameworks:
  - { id: f, role: r, scheduler: { type: batch, jobs: { count: 1, tasks: 8, resources: "cpus:1;mem:512", duration: 30m } } }
${timeline}`);
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return runScenario(r.spec, { outDir: null });
};
const run = (timeline: string) => simulate(timeline).headline;
const CRASH = 'timeline:\n  - { at: 1m, do: fail, agents: [agent-00001], kind: crash, duration: 10m }\n';

describe('failure headline cards', () => {
  it('count the tasks lost with their agent and the agent time lost', () => {
    const h = run(CRASH);
    expect(h.find((c) => c.key === 'tasks.lostToFailures')?.value).toBe(4);
    expect(h.find((c) => c.key === 'tasks.lostToMaintenance')?.value).toBe(0);
    expect(h.find((c) => c.key === 'agents.downMs')).toMatchObject({ value: 11 * 60_000 - 135_000, unit: 'ms', note: '1 agent removed or unreachable for a while' });
  });

  it('the allocated card says the share of peak capacity when capacity changed', () => {
    // Allocated: 8 of 8 cpus until 2m15s, 4 of 4 while agent-00001 is away, 8 of 8 again from 11 min
    // (the 4 lost tasks re-run there): 100% of the capacity up at each moment, but
    // (8 × 135 + 4 × 525 + 8 × 540) / (8 × 1200) = 78.1% of the peak.
    const card = run(CRASH).find((c) => c.key === 'utilization.cpus.allocated.mean')!;
    expect(card.value).toBe(1);
    expect(card.note).toBe('time-integral of offered or allocated ÷ time-integral of capacity up; 78.1% of peak capacity (capacity changed during the run)');
    expect(run('').find((c) => c.key === 'utilization.cpus.allocated.mean')!.note).toBe('time-integral of offered or allocated ÷ time-integral of capacity up');
  });

  it('tell tasks ended by planned maintenance apart from tasks lost to failures', () => {
    // agent-00002's machine is taken DOWN for maintenance at 5 min (§5.1): its 4 tasks are TASK_LOST,
    // reason "machine down for maintenance" — planned; agent-00001's crash still loses its 4 to a failure.
    const MAINT = '  - { at: 4m, do: scheduleMaintenance, machines: [agent-00002], duration: 10m }\n  - { at: 5m, do: machineDown, machines: [agent-00002] }\n';
    const planned = run(`timeline:\n${MAINT}`);
    expect(planned.find((c) => c.key === 'tasks.lostToMaintenance')?.value).toBe(4);
    expect(planned.find((c) => c.key === 'tasks.lostToFailures')?.value).toBe(0);
    const both = simulateRun(CRASH + MAINT);
    expect(both.metrics.headline.find((c) => c.key === 'tasks.lostToMaintenance')?.value).toBe(4);
    expect(both.metrics.headline.find((c) => c.key === 'tasks.lostToFailures')?.value).toBe(4);
    expect((both.summary.failures as { tasksLost: number; tasksLostByCause: Record<string, number> })).toMatchObject({
      tasksLost: 8, tasksLostByCause: { failure: 4, maintenance: 4, revoked: 0, neverRan: 0 },
    });
  });

  it('are absent when no agent went away', () => {
    const h = run('');
    expect(h.map((c) => c.key)).not.toContain('tasks.lostToFailures');
    expect(h.map((c) => c.key)).not.toContain('tasks.lostToMaintenance');
    expect(h.map((c) => c.key)).not.toContain('agents.downMs');
  });
});

describe('capacity over time in the report', () => {
  it('while half the cluster is down, the utilization chart shows it as capacity down, shares of the peak', () => {
    const m = simulate(CRASH);
    // metrics.json: the cluster's cpus capacity, 8 cpus, 4 while agent-00001 is removed (2m15s to 11 min)
    expect(m.capacity!.filter(([r]) => r === 'cpus').map(([, t0, t1, v]) => [t0, t1, v / 1000])).toEqual([[0, 135_000, 8], [135_000, 660_000, 4], [660_000, 1_200_000, 8]]);
    const rows = reportDataFromMetrics(m).utilization.filter((r) => r.resource === 'cpus');
    const down = rows.filter((r) => r.state === 'unavailable');
    expect(down.map((r) => [r.tStartMs, r.tEndMs, r.fraction])).toEqual([[135_000, 660_000, 0.5]]);
    // the other states are halved there, so each interval still sums to 1
    const at = (t: number) => rows.filter((r) => r.tStartMs <= t && t < r.tEndMs).reduce((n, r) => n + r.fraction, 0);
    for (const t of [60_000, 300_000, 900_000]) expect(at(t)).toBeCloseTo(1, 9);
  });

  it('a run whose capacity never changed has no capacity-down state', () => {
    expect(reportDataFromMetrics(simulate('')).utilization.some((r) => r.state === 'unavailable')).toBe(false);
  });
});

describe('maintenance and failure story cards', () => {
  // Four machines, two per rack, upgraded two at a time by killing them (strategy kill): each is
  // DOWN for its 10 min upgrade, so 4 × 10 min of agent time is down, all of it planned.
  const upgrade = (extra = '') => {
    const r = loadScenarioText('upgrade.yaml', `
name: upgrade
until: 2h
agents: [{ id: h, count: 4, perRack: 2, resources: "cpus:4;mem:8GiB" }]
frameworks:
  - { id: web, scheduler: { type: replicated-service, instances: 4, resources: "cpus:1;mem:1GiB", spread: none, onInverseOffer: ignore } }
  - { id: b, role: r, scheduler: { type: batch, jobs: { count: 1, tasks: 4, resources: "cpus:1;mem:512", duration: 30m } } }
failures:
  upgrade: { strategy: kill, batch: 2, start: 40m, window: 10m, drainDeadline: 10m, upgradeDuration: 10m, restartDuration: 20s }
${extra}`);
    if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
    return runScenario(r.spec, { outDir: null });
  };

  it('tell planned maintenance downtime from crashes', () => {
    const h = upgrade().metrics.headline;
    expect(h.find((c) => c.key === 'agents.downMs')).toMatchObject({ label: 'agent time down', value: 4 * 600_000, note: '4 agents removed or unreachable for a while; all planned (machines down for maintenance)' });
    expect(h.find((c) => c.key === 'agents.unplannedDownMs')?.value).toBe(0);
    // plus a crash of h-00003 at 1 min for 10 min: unreachable at 2m15s, back at 11 min (8m45s unplanned)
    const mixed = upgrade('timeline:\n  - { at: 1m, do: fail, agents: [h-00003], kind: crash, duration: 10m }\n').metrics.headline;
    expect(mixed.find((c) => c.key === 'agents.downMs')).toMatchObject({ value: 4 * 600_000 + 525_000, note: '4 agents removed or unreachable for a while; 40 min planned (maintenance), 8.75 min unplanned' });
    expect(mixed.find((c) => c.key === 'agents.unplannedDownMs')?.value).toBe(525_000);
  });

  it('show the summary failures section: availability, its worst moment and SLO time, the upgrade', () => {
    const res = upgrade();
    const f = (res.summary as { failures: { availability: { web: { mean: number; min: number; belowSloMs: number } }; upgrade: { fleetMs: number; batchesDone: number; tasksAtDown: number } } }).failures;
    const card = (k: string) => res.metrics.headline.find((c) => c.key === k);
    expect(card('availability.mean')).toMatchObject({ value: f.availability.web.mean, unit: '%', note: 'instances serving ÷ wanted' });
    // web passes through 0 within the instant the second batch goes down; the lowest it holds is 50%
    expect(f.availability.web.min).toBe(0);
    expect(card('availability.min')).toMatchObject({ value: 0, unit: '%', note: 'web; only for an instant: the lowest held for a while is 50%' });
    expect(card('availability.belowSloMs')?.value).toBe(f.availability.web.belowSloMs);
    expect(card('upgrade.fleetMs')).toMatchObject({ value: f.upgrade.fleetMs, unit: 'ms', note: '2 of 2 batches (4 machines), strategy kill' });
    expect(card('upgrade.batchesDone')?.value).toBe(2);
    expect(card('upgrade.tasksAtDown')?.value).toBe(f.upgrade.tasksAtDown);
    // the availability chart is the physical truth too: 75% for 5 s at each batch, 50% at the second
    expect(res.metrics.availability.filter(([, , , v]) => v < 1).map(([s, t0, t1, v]) => [s, t0, t1, v])).toEqual([
      ['web', 2_400_000, 2_405_000, 0.75], ['web', 3_000_000, 3_005_000, 0.5], ['web', 3_005_000, 3_010_000, 0.75],
    ]);
  });

  it('per-framework wait cards with 2–6 frameworks, equal to summary.json waitMs.byFramework', () => {
    const res = upgrade();
    const by = (res.summary as { waitMs: { byFramework: Record<string, { p50: number; p95: number }> } }).waitMs.byFramework;
    const cards = res.metrics.headline.filter((c) => c.key.startsWith('waitMs.byFramework.'));
    expect(cards.map((c) => [c.key, c.value])).toEqual([
      ['waitMs.byFramework.b.p50', by.b.p50], ['waitMs.byFramework.b.p95', by.b.p95],
      ['waitMs.byFramework.web.p50', by.web.p50], ['waitMs.byFramework.web.p95', by.web.p95],
    ]);
    expect(run('').some((c) => c.key.startsWith('waitMs.byFramework.'))).toBe(false); // one framework
  });

  it('"used" only with a usage model (without one it repeats "allocated"); the default role reads as such', () => {
    const h = upgrade().metrics.headline;
    expect(h.map((c) => c.key)).not.toContain('utilization.cpus.used.mean');
    expect(h.find((c) => c.key === 'dominantShare.role.*.end')?.label).toBe('dominant share of * (default role) at end');
  });
});

describe('failureCards', () => {
  it('builds the cards from a failures section', () => {
    const cards = failureCards({
      availability: {
        legacy: { wanted: 2, slo: 0.5, measuredFromMs: 0, mean: 0.996527778, min: 0.5, belowSloMs: 0 },
        svc: { wanted: 6, slo: 0.833333333, measuredFromMs: 0, mean: 0.996512346, min: 0.5, belowSloMs: 75_000 },
        web: { wanted: 4, slo: 0.75, measuredFromMs: 0, mean: 1, min: 1, belowSloMs: 0 },
      },
      maintenance: { inverseOffers: { made: 48, accepted: 34, declined: 0, rescinded: 14, timedOut: 0, unanswered: 14 } },
      upgrade: { strategy: 'drain', batches: 12, machines: 24, fleetMs: null, batchesDone: 11, tasksAtDown: 24 },
    });
    expect(cards).toEqual([
      { key: 'availability.min', label: 'worst moment: lowest service availability', value: 0.5, unit: '%', better: 'higher', note: 'legacy, svc; others: web 100%' },
      { key: 'failures.availability.legacy.min', label: 'legacy: lowest availability', value: 0.5, unit: '%', better: 'higher', note: 'mean 99.65%; never below its SLO 50%' },
      { key: 'failures.availability.svc.min', label: 'svc: lowest availability', value: 0.5, unit: '%', better: 'higher', note: 'mean 99.65%; 1.25 min below its SLO 83.33%' },
      { key: 'failures.availability.web.min', label: 'web: lowest availability', value: 1, unit: '%', better: 'higher', note: 'mean 100%; never below its SLO 75%' },
      { key: 'availability.belowSloMs', label: 'time below SLO (all services)', value: 75_000, unit: 'ms', better: 'lower', note: 'legacy: never below 50%; svc: 1.25 min below 83.33%; web: never below 75%' },
      { key: 'upgrade.fleetMs', label: 'rolling upgrade: time for the fleet', value: 'not finished', note: '11 of 12 batches (24 machines), strategy drain' },
      { key: 'upgrade.batchesDone', label: 'upgrade batches done', value: 11, better: 'higher', note: 'of 12' },
      { key: 'upgrade.tasksAtDown', label: 'tasks still on machines at shutdown', value: 24, better: 'lower', note: 'killed when their machine went down' },
      { key: 'inverseOffers.made', label: 'inverse offers made', value: 48, note: '14 rescinded, 0 timed out, 14 unanswered' },
      { key: 'inverseOffers.accepted', label: 'inverse offers accepted', value: 34, better: 'higher', note: 'frameworks agreed to move off' },
      { key: 'inverseOffers.declined', label: 'inverse offers declined', value: 0 },
    ]);
    expect(failureCards({ availability: {}, maintenance: { inverseOffers: { made: 0, accepted: 0, declined: 0, rescinded: 0, timedOut: 0, unanswered: 0 } }, upgrade: null })).toEqual([]);
  });

  it('the mean is instance-time serving ÷ instance-time wanted over each service\u2019s window', () => {
    // a: 2 wanted over the whole 100 s at 0.5; b: 6 wanted from 50 s at 1 → (2·100·0.5 + 6·50·1) / (2·100 + 6·50) = 0.8
    const card = physicalAvailabilityCard({ availability: {
      a: { wanted: 2, slo: 0.5, measuredFromMs: 0, mean: 0.5, min: 0.5, belowSloMs: 0 },
      b: { wanted: 6, slo: 0.5, measuredFromMs: 50_000, mean: 1, min: 1, belowSloMs: 0 },
    } }, 100_000);
    expect(card).toEqual({ key: 'availability.mean', label: 'service availability (mean)', value: 0.8, unit: '%', better: 'higher', note: 'instances serving ÷ wanted; a 50%, b 100%' });
  });
});
