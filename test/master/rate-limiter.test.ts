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
    expect(rl.admit('fw1', 0)).toEqual({ delayMs: 0, bucket: 'p', epoch: 0 });
    expect(rl.admit('fw2', 0)).toEqual({ delayMs: 500, bucket: 'p', epoch: 0 }); // same principal, same bucket
    expect(rl.admit('fw1', 0)).toBe('drop'); // one already waiting = capacity
    rl.release('p');
    expect(rl.admit('fw1', 600)).toEqual({ delayMs: 400, bucket: 'p', epoch: 0 });
    expect(rl.admit('other', 0)).toBe('unlimited');
  });

  it('a new leading master starts with empty queues: calls admitted before are no longer current (§6.4)', () => {
    const rl = new RateLimiter({ limits: [{ principal: 'p', qps: 1, capacity: 1 }], aggregateDefaultQps: null, aggregateDefaultCapacity: null });
    rl.setPrincipal('fw1', 'p');
    expect(rl.admit('fw1', 0)).toEqual({ delayMs: 0, bucket: 'p', epoch: 0 });
    const waiting = rl.admit('fw1', 0) as { epoch: number };
    expect(rl.admit('fw1', 0)).toBe('drop');
    rl.reset();
    expect(rl.isCurrent(waiting.epoch)).toBe(false);
    expect(rl.admit('fw1', 0)).toEqual({ delayMs: 0, bucket: 'p', epoch: 1 }); // it was 2 s behind the old queue
    expect(rl.admit('fw1', 0)).toEqual({ delayMs: 1000, bucket: 'p', epoch: 1 });
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

type Ev = { t: number; type: string; framework?: string; state?: string; reason?: string; task?: string; call?: string };
function run(yaml: string): Ev[] {
  const { spec, diagnostics } = loadScenarioText('rate-limited.yaml', yaml);
  expect(diagnostics).toEqual([]);
  return runScenario(spec!, { keepEvents: true }).events!.map((l) => JSON.parse(l) as Ev);
}
const batchOf = (extra: string, n = 4) => `
name: rate-limited
until: 5m
agents: [{ id: a, count: ${n}, resources: "cpus:1;mem:512" }]
frameworks:
  - id: f1
    principal: batch
    role: r
${extra}
    scheduler: { type: batch, jobs: { count: 1, tasks: ${n}, resources: "cpus:1;mem:512", duration: 100s } }
`;

describe('calls the master cannot take', () => {
  it('an accept of an offer that timed out meanwhile: its tasks come back TASK_LOST (invalid offers) and the batch framework runs them again', () => {
    // qps 0.5: the job arrives at 2 s (the revive takes that slot), the four accepts run at 4, 6,
    // 8 and 10 s; the offers, made at 2 s, time out at 7 s.
    const events = run(`${batchOf('')}
master:
  offerTimeout: 5s
  rateLimits: { limits: [{ principal: batch, qps: 0.5 }] }
`);
    expect(events.filter((e) => e.type === 'offer.rescinded').slice(0, 2).map((e) => e.t)).toEqual([7000, 7000]);
    const lost = events.filter((e) => e.type === 'task.status' && e.state === 'TASK_LOST');
    expect(lost.slice(0, 2).map((e) => [e.t, e.reason])).toEqual([[8000, 'invalid offers'], [10000, 'invalid offers']]);
    // Re-queued and launched on later offers: all four tasks run once, and finish.
    expect(events.filter((e) => e.type === 'task.launched').length).toBe(4);
    expect(events.filter((e) => e.type === 'task.status' && e.state === 'TASK_FINISHED').length).toBe(4);
  });

  it('a call over the capacity: FrameworkErrorMessage, the scheduler fails over after restartAfterError and reconciles the lost launches', () => {
    // capacity 1: at 2 s the revive takes the slot, the suppress waits, both accepts are dropped.
    // The driver aborts, so the waiting suppress finds a disconnected scheduler and is ignored too.
    const events = run(`${batchOf('    failoverTimeout: 1m\n    restartAfterError: 30s', 2)}
master:
  rateLimits: { limits: [{ principal: batch, qps: 0.5, capacity: 1 }] }
`);
    const lines = events.filter((e) => e.framework === 'f1' && /^framework\.|^task\./.test(e.type) && e.t <= 32000)
      .map((e) => `${e.t} ${e.type}${e.state ? ` ${e.state} ${e.reason}` : ''}${e.call ? ` ${e.call}` : ''}`);
    expect(lines.slice(0, 13)).toEqual([
      '0 framework.added',
      '0 framework.suppressed',
      '2000 framework.revived',
      '2000 framework.call.dropped accept',
      '2000 framework.error',
      '2000 framework.disconnected',
      '2000 framework.deactivated',
      '2000 framework.call.dropped accept', // sent before the driver aborted; no second error
      '32000 framework.reregistered',
      '32000 framework.activated',
      '32000 task.status TASK_LOST reconciliation',
      '32000 task.status TASK_LOST reconciliation',
      '32000 framework.suppressed', // the suppress that found it disconnected, still its latest wish
    ]);
    expect(lines.filter((l) => l.includes('reconciliation')).length).toBe(2);
    // Its burst (a suppress and two accepts) still overflows the capacity: it keeps failing over.
    expect(events.filter((e) => e.type === 'framework.error').length).toBeGreaterThan(3);
    expect(events.filter((e) => e.type === 'task.launched').length).toBe(0);
  });

  it('a PARTITION_AWARE scheduler hears TASK_GONE (reconciliation: the agent of its offer is registered), re-queues after its retry delay and revives', () => {
    // Mesos reconcile case 3 (master.cpp; kill-reconciliation.ts launchReconciledState). Before, TASK_DROPPED
    // (the ACCEPT's own answer for invalid offers), on which the batch model re-queued at once and revived at 32 s.
    const events = run(`${batchOf('    capabilities: [MULTI_ROLE, PARTITION_AWARE]\n    failoverTimeout: 1m\n    restartAfterError: 30s', 2)}
master:
  rateLimits: { limits: [{ principal: batch, qps: 0.5, capacity: 1 }] }
`);
    const at32 = events.filter((e) => e.framework === 'f1' && e.t === 32000 && /^framework\.(suppressed|revived)|^task\.status/.test(e.type))
      .map((e) => `${e.type}${e.state ? ` ${e.state} ${e.reason}` : ''}`);
    expect(at32).toEqual(['task.status TASK_GONE reconciliation', 'task.status TASK_GONE reconciliation', 'framework.suppressed']);
    // Re-queued 1 s later (retryDelay: the task may have run); the revive waits for the rate limiter.
    expect(events.filter((e) => e.framework === 'f1' && e.type === 'framework.revived' && e.t > 32000).map((e) => e.t)[0]).toBe(34000);
  });

  it('with a capacity for its burst, nothing is dropped', () => {
    const events = run(`${batchOf('', 2)}
master:
  rateLimits: { limits: [{ principal: batch, qps: 0.5, capacity: 3 }] }
`);
    expect(events.filter((e) => e.type === 'framework.error' || e.type === 'framework.call.dropped')).toEqual([]);
    expect(events.filter((e) => e.type === 'task.status' && e.state === 'TASK_FINISHED').length).toBe(2);
  });

  it('without a failover timeout the restarting scheduler is removed and its tasks killed (Mesos failover_timeout 0)', () => {
    const events = run(`${batchOf('')}
master:
  rateLimits: { limits: [{ principal: batch, qps: 0.5, capacity: 2 }] }
`);
    expect(events.some((e) => e.type === 'framework.error')).toBe(true);
    expect(events.some((e) => e.type === 'framework.removed' && e.framework === 'f1')).toBe(true);
    expect(events.filter((e) => e.type === 'task.status' && e.state === 'TASK_FINISHED').length).toBe(0);
  });
});
