/**
 * Probes on hand-built state: the five utilization states with reservations, revocable allocation and a
 * usage source; per-service availability from a scheduler's wantedInstances(); quota and sharing incentive.
 */
import { describe, expect, it } from 'vitest';
import { parseResources } from '../../src/cluster/resource-text.ts';
import type { Resources } from '../../src/cluster/resources.ts';
import type { Master } from '../../src/master/master.ts';
import { AvailabilityProbe } from '../../src/metrics/availability-probe.ts';
import { UtilizationProbe } from '../../src/metrics/utilization-probe.ts';
import type { UsageSource } from '../../src/metrics/usage-source.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const R = (t: string): Resources => { const r = parseResources(t); if (typeof r === 'string') throw new Error(r); return r; };

function fakeMaster(agents: Record<string, { total: Resources; offeredOrAllocated: Resources }>): Master {
  return { allocator: { agents: new Map(Object.entries(agents)) } } as unknown as Master;
}

describe('UtilizationProbe: the five states', () => {
  // one agent, cpus 8 of which 2 reserved for prod; 3 non-revocable cpus allocated (1 of them reserved),
  // 2 revocable cpus allocated; tasks use 1 cpu (0.6 non-revocable, 0.4 revocable).
  //   used = 1; revocable = min(2 − 0.4, 3 − 1) = 1.6 (the 0.4 revocable tasks use is `used`);
  //   allocated = 3 − 1 − 1.6 = 0.4; reserved-idle = min(2 − 1, 8 − 3) = 1; idle = 8 − 1 − 1.6 − 0.4 − 1 = 4
  const agent = { total: R('cpus:6;cpus(prod):2'), offeredOrAllocated: R('cpus:2;cpus(prod):1;cpus{revocable}:2') };
  const used = new Map([['a1', { usedNonRevocable: new Map([['cpus', 600]]), usedRevocable: new Map([['cpus', 400]]) }]]);
  let listener: ((id: string | null, c: string) => void) | null = null;
  const usage: UsageSource = { agents: used, onChange: (fn) => { listener = fn; } };

  it('partitions capacity per the documented formulas, with a usage source', () => {
    const p = new UtilizationProbe(fakeMaster({ a1: agent }), usage);
    p.emit(0, 'agent.added', { agent: 'a1' });
    expect(p.current('cpus')).toEqual([1000, 400, 1600, 1000, 4000, 8000]);
    p.advance(0, 10);
    // usage rises to 3.5 cpus (utilization-split.ts, each state out of what is left of 8): used 3.5;
    // revocable 2 − 0.5 = 1.5; allocated: the non-revocable slack 3 − 3 = 0 less the 2 lent, so 0;
    // reserved-idle: 1 unallocated reserved cpu less the 2 revocable beyond the slack, so 0; idle 3.
    // (Until session 23 this probe clamped revocable to the slack: 0, reserved-idle 1, idle 3.5, and
    // disagreed with oversubscription.utilization.)
    used.set('a1', { usedNonRevocable: new Map([['cpus', 3000]]), usedRevocable: new Map([['cpus', 500]]) });
    listener!('a1', 'tick');
    expect(p.current('cpus')).toEqual([3500, 0, 1500, 0, 3000, 8000]);
    p.advance(10, 20);
    const acc = p.integrals.get('cpus')!;
    // the last: non-revocable held (3 cpus, cluster.meanAllocated)
    expect([...acc]).toEqual([1000 * 10 + 3500 * 10, 400 * 10, 1600 * 10 + 1500 * 10, 1000 * 10, 4000 * 10 + 3000 * 10, 8000 * 20, 3000 * 20]);
    expect(p.meanHeld('cpus')).toBe(3 / 8);
    const rows = p.recorder.rows().filter((r) => p.recorder.channels[r.channel] === 'cpus\u0000revocable');
    expect(rows.map((r) => [r.t0, r.t1, r.value])).toEqual([[0, 10, 0.2], [10, 20, 0.1875]]);
  });

  it('without a usage source, used = requests of running tasks', () => {
    const p = new UtilizationProbe(fakeMaster({ a1: { total: R('cpus:8'), offeredOrAllocated: R('cpus:5') } }));
    p.emit(0, 'task.launched', { task: 't1', agent: 'a1', resources: 'cpus:2' });
    expect(p.current('cpus')).toEqual([2000, 3000, 0, 0, 3000, 8000]); // 3 cpus sit in an outstanding offer
    p.emit(0, 'task.status', { task: 't1', agent: 'a1', state: 'TASK_FINISHED' });
    expect(p.current('cpus')).toEqual([0, 5000, 0, 0, 3000, 8000]);
  });
});

describe('AvailabilityProbe', () => {
  it('running ÷ wanted per service, capped at 1, absent while nothing is wanted', () => {
    let wanted = 4;
    const tasks = new Set(['x', 'y', 'z']);
    const master = { frameworks: new Map([['svc', { scheduler: { wantedInstances: () => wanted }, tasks }], ['batch', { scheduler: {}, tasks: new Set() }]]) } as unknown as Master;
    const p = new AvailabilityProbe(master);
    p.emit(0, 'framework.added', { framework: 'svc' });
    p.advance(0, 100); // 3/4
    tasks.add('w'); tasks.add('v');
    p.advance(100, 200); // 5/4 → 1
    wanted = 0;
    p.advance(200, 300); // absent
    expect(p.recorder.channels).toEqual(['svc']);
    expect(p.recorder.rows().map((r) => [r.t0, r.t1, r.value])).toEqual([[0, 100, 0.75], [100, 200, 1]]);
    expect(p.totals.get('svc')).toEqual([0.75 * 100 + 100, 200, 100]);
  });

  it('per service of a scheduler in name order, whatever the map order; a service gone is absent', () => {
    let wanted = new Map([['web', 2], ['api', 4]]); // not in name order
    const running = new Map([['web', 1], ['api', 4]]);
    const scheduler = { wantedInstances: () => wanted, runningInstances: () => running };
    const master = { frameworks: new Map([['svc', { scheduler, tasks: new Set() }]]) } as unknown as Master;
    const p = new AvailabilityProbe(master);
    p.advance(0, 100);
    wanted = new Map([['web', 2]]); // api removed
    p.advance(100, 200);
    expect(p.recorder.channels).toEqual(['api', 'web']);
    const rows = p.recorder.rows().map((r) => [r.t0, r.t1, p.recorder.channels[r.channel], r.value]);
    expect(rows).toEqual([[0, 100, 'api', 1], [0, 100, 'web', 0.5], [100, 200, 'web', 0.5]]);
    expect(p.totals.get('api')).toEqual([100, 100, 100]);
  });
});

describe('quota and sharing incentive (scenario)', () => {
  it('time below the quota guarantee; a role whose static share is never reached violates sharing incentive', () => {
    // One 4-cpu agent. Role `q` has a guarantee of 3 cpus but its framework only declines (it has demand
    // and consumes nothing): below its guarantee for the whole 10 s run. Role `h` (hog) takes the agent.
    const yaml = `
name: quota-si
seed: 1
until: 10s
master: { quota: { q: { guarantee: "cpus:3" } } }
agents: [ { id: a1, resources: "cpus:4;mem:4GiB" } ]
frameworks:
  - { id: Q, role: q, scheduler: { type: scripted, onOffer: decline, refuseSeconds: 0 } }
  - { id: H, role: h, scheduler: { type: scripted, onOffer: launch, refuseSeconds: 0, task: { resources: "cpus:1;mem:1GiB" } } }
`;
    const r = loadScenarioText('quota-si.yaml', yaml);
    if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
    const { metrics, summary } = runScenario(r.spec, { outDir: null });
    const roles = metrics.tables.roles;
    const c = (n: string) => roles.columns.indexOf(n);
    const q = roles.rows.find((row) => row[c('role')] === 'q')!;
    expect(q[c('time_below_guarantee_ms')]).toBe(10_000);
    expect(q[c('demand_ms')]).toBe(10_000);
    expect(q[c('below_fair_share_ms')]).toBe(10_000);
    expect(q[c('sharing_incentive_met')]).toBe('no');
    expect(summary.timeBelowQuotaGuaranteeMs).toBe(10_000);
  });
});
