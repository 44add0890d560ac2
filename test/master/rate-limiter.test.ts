/**
 * Master rate limiting (Mesos --rate_limits): per-principal qps, a bounded queue (capacity) whose
 * overflow is dropped, an aggregate default shared by principals without a limit of their own.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { RateLimiter } from '../../src/master/rate-limiter.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

describe('RateLimiter', () => {
  it('spaces a principal\'s calls 1/qps apart and drops what overflows its capacity', () => {
    const rl = new RateLimiter({ limits: [{ principal: 'p', qps: 2, capacity: 1 }], aggregateDefaultQps: null, aggregateDefaultCapacity: null });
    rl.setPrincipal('fw1', 'p');
    rl.setPrincipal('fw2', 'p');
    expect(rl.admit('fw1', 0)).toEqual({ delayMs: 0, bucket: 'p' });
    expect(rl.admit('fw2', 0)).toEqual({ delayMs: 500, bucket: 'p' }); // same principal, same bucket
    expect(rl.admit('fw1', 0)).toBe('drop'); // one already waiting = capacity
    rl.release('p');
    expect(rl.admit('fw1', 600)).toEqual({ delayMs: 400, bucket: 'p' });
    expect(rl.admit('other', 0)).toBe('unlimited');
  });

  it('shares the aggregate default among principals without a limit', () => {
    const rl = new RateLimiter({ limits: [], aggregateDefaultQps: 1, aggregateDefaultCapacity: null });
    expect(rl.admit('a', 0)).toMatchObject({ delayMs: 0 });
    expect(rl.admit('b', 0)).toMatchObject({ delayMs: 1000 });
    expect(rl.admit('c', 0)).toMatchObject({ delayMs: 2000 });
  });

  it('delays framework replies in a run, counted in the summary', () => {
    const yaml = `
name: rate-limited
until: 10s
master:
  rateLimits: { limits: [{ principal: batch, qps: 0.5 }] }
agents: [{ id: a, count: 4, resources: "cpus:1;mem:512" }]
frameworks:
  - id: f1
    principal: batch
    role: r
    scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:1;mem:512", duration: 100s } }
`;
    const { spec, diagnostics } = loadScenarioText('rate-limited.yaml', yaml);
    expect(diagnostics).toEqual([]);
    const events = runScenario(spec!, { keepEvents: true }).events!.map((l) => JSON.parse(l) as { t: number; type: string });
    const accepts = events.filter((e) => e.type === 'offer.accepted').map((e) => e.t);
    // Four offers at t=0, one call every 2 s.
    expect(accepts).toEqual([0, 2000, 4000, 6000]);
  });
});
