import { describe, expect, it } from 'vitest';
import { fixedEstimator } from '../../src/master/oversubscription/estimators/fixed.ts';
import { noopEstimator } from '../../src/master/oversubscription/estimators/noop.ts';
import { estimatorFactory, estimatorNames } from '../../src/master/oversubscription/estimators/registry.ts';
import { usageEstimator } from '../../src/master/oversubscription/estimators/usage.ts';
import type { EstimatorInput } from '../../src/master/oversubscription/types.ts';
import type { AgentUsage } from '../../src/master/usage/usage-monitor.ts';

function input(nowMs: number, allocated: Record<string, number>, used: Record<string, number>): EstimatorInput {
  const usage: AgentUsage = {
    agentId: 'a', allocatedNonRevocable: new Map(Object.entries(allocated)), allocatedRevocable: new Map(), allocatedReserved: new Map(), revocableResourcesAllocated: new Map(),
    usedNonRevocable: new Map(Object.entries(used)), usedRevocable: new Map(), tasks: new Map(),
  };
  return { nowMs, agentId: 'a', capacity: new Map([['cpus', 16000], ['mem', 16000]]), usage };
}

describe('resource estimators', () => {
  it('are registered by name', () => {
    expect(estimatorNames()).toEqual(['fixed', 'noop', 'usage']);
    expect(estimatorFactory('nope')).toBeUndefined();
  });

  it('noop disables oversubscription', () => {
    expect(noopEstimator().revocableCapacity(input(0, {}, {}))).toBeNull();
  });

  it('fixed reports the operator amount whatever the usage', () => {
    const e = fixedEstimator({ resources: new Map([['cpus', 14000]]) });
    expect(e.revocableCapacity(input(0, { cpus: 16000 }, { cpus: 16000 }))).toEqual(new Map([['cpus', 14000]]));
    expect(() => fixedEstimator({})).toThrow(/resources/);
  });

  it('usage: allocated − used, averaged over the window, minus the margin, never above the current slack', () => {
    const e = usageEstimator({ windowMs: 30_000, margin: 0.1, resources: ['cpus', 'mem'] });
    // slack cpus 6 at t=10 s, 4 at t=20 s, 2 at t=30 s (mem: 0 then 8)
    e.sample!(input(10_000, { cpus: 8000 }, { cpus: 2000 }));
    e.sample!(input(20_000, { cpus: 8000 }, { cpus: 4000 }));
    e.sample!(input(30_000, { cpus: 8000, mem: 8000 }, { cpus: 6000 }));
    // mean cpus slack (6+4+2)/3 = 4, current 2 → min 2 → ×0.9 = 1.8; mem: mean 8/3 but current 8 → 2.666.. ×0.9
    expect(e.revocableCapacity(input(30_000, { cpus: 8000, mem: 8000 }, { cpus: 6000 }))).toEqual(new Map([['cpus', 1800], ['mem', 2400]]));
    // the dip at 10 s leaves the window at 40 s: samples 20 s, 30 s, 40 s
    e.sample!(input(40_000, { cpus: 8000 }, { cpus: 2000 }));
    // cpus: mean (4+2+6)/3 = 4, current 6 → 4 → 3.6
    expect(e.revocableCapacity(input(40_000, { cpus: 8000 }, { cpus: 2000 }))!.get('cpus')).toBe(3600);
  });

  it('usage: a fully used allocation leaves nothing', () => {
    const e = usageEstimator({});
    e.sample!(input(10_000, { cpus: 8000, mem: 8000 }, { cpus: 8000, mem: 8000 }));
    expect(e.revocableCapacity(input(10_000, { cpus: 8000, mem: 8000 }, { cpus: 8000, mem: 8000 }))!.size).toBe(0);
  });
});
