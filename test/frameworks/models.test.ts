import { describe, expect, it } from 'vitest';
import type { CronScheduler } from '../../src/frameworks/cron.ts';
import type { HoarderScheduler } from '../../src/frameworks/hoarder.ts';
import type { ServiceScheduler } from '../../src/frameworks/service.ts';
import type { TraceReplayScheduler } from '../../src/frameworks/trace-replay.ts';
import { frameworkModelNames } from '../../src/frameworks/models.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { scheduler, simulate, specFromText } from './helpers.ts';

const cluster = (n: number, res = 'cpus:8;mem:32GiB') => `agents:\n  - { id: a, count: ${n}, perRack: 2, resources: "${res}" }\n`;

describe('framework registry', () => {
  it('has every model by name', () => {
    expect(frameworkModelNames()).toEqual(['analytics', 'cron', 'hoarder', 'service', 'stateful', 'trace-replay']);
  });
});

describe('service (Marathon-like)', () => {
  it('rolling upgrade keeps ≥ minimumHealthCapacity running and never exceeds 1 + maximumOverCapacity', () => {
    const spec = specFromText(`name: up
until: 20m
${cluster(10)}frameworks:
  - id: m
    scheduler:
      type: service
      apps:
        - { id: web, instances: 10, resources: "cpus:1;mem:1GiB", readyAfter: 30s,
            upgrades: [{ at: 5m, resources: "cpus:1;mem:2GiB", minimumHealthCapacity: 0.5, maximumOverCapacity: 0.2 }] }
`);
    const r = runScenario(spec, { keepEvents: true });
    const ev = r.events!.map((l) => JSON.parse(l));
    let running = 0, min = Infinity, max = 0;
    for (const e of ev) {
      if (e.type === 'task.launched') running++;
      if (e.type === 'task.status') running--;
      if (e.t >= 5 * 60_000) { min = Math.min(min, running); max = Math.max(max, running); }
    }
    expect(max).toBeLessThanOrEqual(12);
    expect(min).toBeGreaterThanOrEqual(5);
    const launches = ev.filter((e) => e.type === 'task.launched');
    expect(launches).toHaveLength(20); // 10 old + 10 new
    expect(launches.at(-1).resources).toContain('mem:2048');
    expect(running).toBe(10);
  });

  it('backoff: a crash-looping app waits backoff × factor^k between launches, capped', () => {
    const spec = specFromText(`name: crash
until: 2m
${cluster(2)}frameworks:
  - id: m
    scheduler:
      type: service
      apps: [{ id: bad, instances: 1, resources: "cpus:1;mem:1GiB", failure: 1s, backoff: 2s, backoffFactor: 2, maxLaunchDelay: 16s }]
`);
    const r = runScenario(spec, { keepEvents: true });
    const launches = r.events!.map((l) => JSON.parse(l)).filter((e) => e.type === 'task.launched').map((e) => e.t);
    const gaps = launches.slice(1).map((t, i) => t - launches[i]);
    // run 1 s, then wait 2, 4, 8, 16, 16 s (+ up to one allocation interval to get an offer)
    const extra = gaps.slice(0, 5).map((g, i) => g - 1000 - [2000, 4000, 8000, 16000, 16000][i]);
    for (const e of extra) { expect(e).toBeGreaterThanOrEqual(0); expect(e).toBeLessThanOrEqual(1100); }
  });
});

describe('cron (Chronos-like)', () => {
  it('a dependent job runs once per completion of all its parents', () => {
    const spec = specFromText(`name: cron
until: 3h30m
${cluster(2)}frameworks:
  - id: c
    scheduler:
      type: cron
      jobs:
        - { id: a, every: 1h, resources: "cpus:1;mem:1GiB", duration: 5m }
        - { id: b, every: 30m, resources: "cpus:1;mem:1GiB", duration: 1m }
        - { id: both, after: [a, b], resources: "cpus:1;mem:1GiB", duration: 1m }
`);
    const b = simulate(spec);
    const s = Object.fromEntries(scheduler<CronScheduler>(b, 'c').stats().map((j) => [j.id, j]));
    expect(s.a.runs).toBe(4); // 0, 1h, 2h, 3h
    expect(s.b.runs).toBe(8); // 0, 30m, …, 3h30m (the run's end is inclusive)
    expect(s.both.runs).toBe(4); // after each a (b completes more often)
  });
});

describe('hoarder (non-cooperative)', () => {
  it('hoard: holds every offer, so a polite framework starves until the hoarder lets go', () => {
    const spec = specFromText(`name: hoard
until: 5m
${cluster(4)}frameworks:
  - { id: hog, scheduler: { type: hoarder, mode: hoard, holdFor: 3m } }
  - { id: polite, at: 1s, scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:1;mem:1GiB", duration: 10m } } }
`);
    const r = runScenario(spec, { keepEvents: true });
    const launches = r.events!.map((l) => JSON.parse(l)).filter((e) => e.type === 'task.launched');
    expect(launches.length).toBeGreaterThan(0);
    expect(launches[0].t).toBeGreaterThanOrEqual(3 * 60_000);
  });

  it('long-tasks: takes everything with tasks that never end', () => {
    const b = simulate(specFromText(`name: long
until: 1m
${cluster(2)}frameworks:
  - { id: hog, scheduler: { type: hoarder, mode: long-tasks, task: "cpus:2;mem:2GiB" } }
`));
    expect(scheduler<HoarderScheduler>(b, 'hog').tasksStarted).toBe(8);
  });
});

describe('think time', () => {
  it('replies land after perOffer × offers + perTask × tasks; a slower scheduler launches later', () => {
    const at = (think: string) => {
      const spec = specFromText(`name: think
until: 1m
${cluster(1)}frameworks:
  - { id: s, scheduler: { type: service, thinkTime: ${think}, apps: [{ id: w, instances: 3, resources: "cpus:1;mem:1GiB" }] } }
`);
      const r = runScenario(spec, { keepEvents: true });
      return r.events!.map((l) => JSON.parse(l)).filter((e) => e.type === 'task.launched').map((e) => e.t);
    };
    const fast = at('{ perOffer: 0, perTask: 0 }');
    const slow = at('{ perOffer: 100ms, perTask: 50ms }');
    expect(slow.map((t, i) => t - fast[i])).toEqual([250, 250, 250]); // one offer, three tasks
  });
});

describe('trace-replay with a synthetic source', () => {
  it('a generated job stream is replayed and mapped by priority band', () => {
    const b = simulate(specFromText(`name: synth
until: 30m
${cluster(8)}frameworks:
  - { id: prod, role: prod, scheduler: { type: trace-replay } }
  - { id: be, role: be, scheduler: { type: trace-replay } }
workload:
  sources:
    - generate: { type: jobs, arrivals: { poisson: 20s }, end: 25m, tasks: [1, 4], cpus: 0.5, memMiB: 512, duration: { lognormal: { median: 2m, sigma: 0.5 } },
                  priorities: [{ priority: 9, weight: 1 }, { priority: 4, weight: 3 }] }
  map:
    - { match: { band: production }, framework: prod }
    - { framework: be }
`));
    const prod = scheduler<TraceReplayScheduler>(b, 'prod').stats;
    const be = scheduler<TraceReplayScheduler>(b, 'be').stats;
    expect(prod.submitted + be.submitted).toBe(b.workload!.feed!.stats.tasksSubmitted);
    expect(be.submitted).toBeGreaterThan(prod.submitted);
    expect(prod.launched).toBe(prod.submitted);
    expect(be.finished).toBeGreaterThan(50);
  });
});
