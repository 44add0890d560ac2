import { describe, expect, it } from 'vitest';
import type { AnalyticsScheduler } from '../../src/frameworks/analytics.ts';
import type { CronScheduler } from '../../src/frameworks/cron.ts';
import type { ServiceScheduler } from '../../src/frameworks/service.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { scheduler, simulate, specOf } from './helpers.ts';

describe('scenarios/twitter-2010.yaml: services, cron and analytics on one cluster', () => {
  const spec = specOf('scenarios/twitter-2010.yaml');
  const b = simulate(spec);
  const marathon = scheduler<ServiceScheduler>(b, 'marathon');
  const chronos = scheduler<CronScheduler>(b, 'chronos');
  const hadoop = scheduler<AnalyticsScheduler>(b, 'hadoop');

  it('every service runs its wanted instances at the end (rails scaled back down to 12 by the diurnal cycle)', () => {
    expect(marathon.availability()).toEqual([
      { service: 'cassandra', wanted: 6, running: 6 },
      { service: 'memcached', wanted: 6, running: 6 },
      { service: 'mysql', wanted: 4, running: 4 },
      { service: 'rails', wanted: 12, running: 12 },
    ]);
  });

  it('MySQL crashes are replaced with backoff; rails was upgraded to version 2 and scaled with the load', () => {
    const stats = Object.fromEntries(marathon.appStats().map((a) => [a.id, a]));
    expect(stats.mysql.failures).toBeGreaterThan(3);
    expect(stats.mysql.launched).toBe(4 + stats.mysql.failures);
    expect(stats.rails.version).toBe(2);
    expect(stats.rails.launched).toBeGreaterThan(36); // 12 → 36 → 12 plus the replacement of the old version
    expect(stats.cassandra.launched).toBe(6);
  });

  it('placement: memcached one per rack, cassandra on six distinct hosts spread over six racks', () => {
    const racks = marathon.placementOf('memcached', 'rack');
    expect(new Set(racks).size).toBe(6);
    const hosts = marathon.placementOf('cassandra', 'hostname');
    expect(new Set(hosts).size).toBe(6);
    expect(new Set(marathon.placementOf('cassandra', 'rack')).size).toBe(6);
  });

  it('cron: hourly ingest runs 8 times, its dependents follow, a failing aggregate is retried', () => {
    const s = Object.fromEntries(chronos.stats().map((j) => [j.id, j]));
    expect(s.ingest.runs).toBe(8);
    expect(s.ingest.completed).toBe(8);
    expect(s.aggregate.runs).toBe(8);
    expect(s.report.runs).toBe(s.aggregate.completed);
  });

  it('analytics: all 400 jobs finish, delay scheduling makes most tasks node-local, executors grow and are released', () => {
    const h = hadoop.stats();
    expect(h.jobsCompleted).toBe(400);
    expect(h.nodeLocal / (h.nodeLocal + h.nonLocal)).toBeGreaterThan(0.7);
    expect(h.peakExecutors).toBe(40);
    expect(h.executorsReleased).toBeGreaterThan(100);
  });

  it('is deterministic: the same event log twice', () => {
    const short = { ...spec, untilMs: 30 * 60_000 };
    expect(runScenario(short).digest).toBe(runScenario(short).digest);
  });
});
