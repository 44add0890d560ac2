import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadQos } from '../../src/master/oversubscription/qos/load.ts';
import { noopQos } from '../../src/master/oversubscription/qos/noop.ts';
import { qosNames } from '../../src/master/oversubscription/qos/registry.ts';
import { pickVictims, usageQos } from '../../src/master/oversubscription/qos/usage.ts';
import type { QosInput } from '../../src/master/oversubscription/types.ts';
import type { AgentUsage, TaskUsage } from '../../src/master/usage/usage-monitor.ts';
import { res } from './helpers.ts';

function task(id: string, launchedAtMs: number, revocable: boolean, cpus: number): TaskUsage {
  return {
    taskId: id, agentId: 'a', frameworkId: 'f', role: 'r', resources: res(revocable ? `cpus{revocable}:${cpus}` : `cpus:${cpus}`),
    revocable, reserved: new Map(), launchedAtMs, durationMs: null, profile: null, used: new Map([['cpus', cpus * 1000]]), rng: null,
  };
}

function qosInput(capacityCpus: number, tasks: TaskUsage[], nowMs = 0): QosInput {
  const usage: AgentUsage = {
    agentId: 'a', allocatedNonRevocable: new Map(), allocatedRevocable: new Map(), allocatedReserved: new Map(), revocableResourcesAllocated: new Map(),
    usedNonRevocable: new Map(), usedRevocable: new Map(), tasks: new Map(tasks.map((t) => [t.taskId, t])),
  };
  for (const t of tasks) {
    const m = t.revocable ? usage.usedRevocable : usage.usedNonRevocable;
    m.set('cpus', (m.get('cpus') ?? 0) + t.used.get('cpus')!);
  }
  const revocableTasks = tasks.filter((t) => t.revocable).sort((a, b) => b.launchedAtMs - a.launchedAtMs || (a.taskId < b.taskId ? 1 : -1));
  return { nowMs, agentId: 'a', capacity: new Map([['cpus', capacityCpus * 1000]]), usage, revocableTasks };
}

describe('QoS controllers', () => {
  it('are registered by name; noop never corrects', () => {
    expect(qosNames()).toEqual(['load', 'noop', 'usage']);
    expect(noopQos().corrections(qosInput(1, [task('r1', 0, true, 4)]))).toBeNull();
  });

  it('usage: nothing to do while non-revocable + revocable usage fits the capacity', () => {
    expect(usageQos().corrections(qosInput(16, [task('p', 0, false, 8), task('r', 1, true, 8)]))).toBeNull();
  });

  it('usage: kills the newest revocable tasks first, only as many as needed', () => {
    // capacity 16: owner uses 12, revocable r1 (oldest) 3, r2 2, r3 (newest) 1 → excess 2
    const c = usageQos().corrections(qosInput(16, [task('p', 0, false, 12), task('r1', 1, true, 3), task('r2', 2, true, 2), task('r3', 3, true, 1)]));
    // newest first: r3 (1) then r2 (2) covers 2; sparing r3 still covers → only r2
    expect(c?.kill).toEqual(['r2']);
    expect(c?.reason).toMatch(/cpus \+2/);
  });

  it('usage: the fewest tasks — one big old task rather than many small new ones', () => {
    const tasks = [task('p', 0, false, 14), task('big', 1, true, 4), task('s1', 2, true, 0.5), task('s2', 3, true, 0.5)];
    expect(usageQos().corrections(qosInput(16, tasks))?.kill).toEqual(['big']);
  });

  it('load: kills every revocable executor once the 5-minute load average crosses its threshold', () => {
    const q = loadQos({ threshold5min: 10 });
    const busy = [task('p', 0, false, 12), task('r1', 1, true, 2), task('r2', 2, true, 2)];
    q.sample!(qosInput(16, busy, 0));
    q.sample!(qosInput(16, busy, 60_000)); // 1 min at load 16: L5 = 16(1 − e^−0.2) ≈ 2.9
    expect(q.corrections(qosInput(16, busy, 60_000))).toBeNull();
    q.sample!(qosInput(16, busy, 600_000)); // 10 min: L5 ≈ 16(1 − e^−2) ≈ 13.8 > 10
    expect(q.averages().load5).toBeCloseTo(16 * (1 - Math.exp(-2)), 9);
    expect(q.corrections(qosInput(16, busy, 600_000))?.kill).toEqual(['r2', 'r1']);
    expect(() => loadQos({})).toThrow(/threshold/);
  });

  it('property: a task on non-revocable resources is never killed by any QoS controller (fast-check, seed 4)', () => {
    const taskArb = fc.record({ revocable: fc.boolean(), cpus: fc.integer({ min: 0, max: 16_000 }), at: fc.integer({ min: 0, max: 1000 }) });
    fc.assert(fc.property(fc.array(taskArb, { maxLength: 12 }), fc.integer({ min: 1, max: 32 }), (specs, cap) => {
      const tasks = specs.map((s, i) => task(`t${i}`, s.at, s.revocable, s.cpus / 1000));
      const nonRevocable = new Set(tasks.filter((t) => !t.revocable).map((t) => t.taskId));
      const load = loadQos({ threshold5min: 0.001, threshold15min: 0.001 });
      for (const t of [0, 300_000]) load.sample!(qosInput(cap, tasks, t));
      for (const q of [usageQos(), load, noopQos()]) {
        const c = q.corrections(qosInput(cap, tasks, 300_000));
        for (const id of c?.kill ?? []) expect(nonRevocable.has(id)).toBe(false);
      }
      // and the usage controller's kill set always resolves the excess when the revocable tasks can
      const input = qosInput(cap, tasks);
      const excess = (input.usage.usedNonRevocable.get('cpus') ?? 0) + (input.usage.usedRevocable.get('cpus') ?? 0) - cap * 1000;
      const killed = usageQos().corrections(input)?.kill ?? [];
      const freed = tasks.filter((t) => killed.includes(t.taskId)).reduce((n, t) => n + t.used.get('cpus')!, 0);
      if (excess > 0 && (input.usage.usedRevocable.get('cpus') ?? 0) >= excess) expect(freed).toBeGreaterThanOrEqual(excess);
      if (excess <= 0) expect(killed).toEqual([]);
    }), { seed: 4, numRuns: 300 });
  });

  it('pickVictims by requested amount (the reservation reclaim path)', () => {
    const tasks = [task('new', 3, true, 1), task('mid', 2, true, 1), task('old', 1, true, 1)];
    expect(pickVictims(tasks, new Map([['cpus', 1500]])).map((t) => t.taskId)).toEqual(['new', 'mid']);
  });
});
