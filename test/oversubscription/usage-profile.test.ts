import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/kernel/rng.ts';
import { usageFraction, usedMilli, type UsageProfile } from '../../src/cluster/usage-profile.ts';

const at = (nowMs: number, launchedAtMs = 0, seed = 's') => {
  const rng = createRng(seed);
  return { nowMs, launchedAtMs, rng: () => rng };
};

describe('usage profiles', () => {
  it('constant and diurnal', () => {
    expect(usageFraction({ kind: 'constant', fraction: 0.25 }, 'cpus', 8000, at(0))).toBe(0.25);
    const d: UsageProfile = { kind: 'diurnal', mean: 0.5, amplitude: 0.25, periodMs: 86_400_000, phaseMs: 0 };
    expect(usageFraction(d, 'cpus', 8000, at(0))).toBeCloseTo(0.5, 12);
    expect(usageFraction(d, 'cpus', 8000, at(21_600_000))).toBeCloseTo(0.75, 12); // a quarter period: the peak
    expect(usageFraction(d, 'cpus', 8000, at(64_800_000))).toBeCloseTo(0.25, 12);
    // a sinusoid below zero is floored
    expect(usageFraction({ ...d, amplitude: 1 }, 'cpus', 8000, at(64_800_000))).toBe(0);
  });

  it('steps on the task clock and on the simulation clock', () => {
    const steps = [{ atMs: 0, fraction: 0.25 }, { atMs: 60_000, fraction: 1 }];
    const task: UsageProfile = { kind: 'steps', clock: 'task', steps };
    const sim: UsageProfile = { kind: 'steps', clock: 'sim', steps };
    expect(usageFraction(task, 'cpus', 1000, at(90_000, 50_000))).toBe(0.25); // 40 s after launch
    expect(usageFraction(task, 'cpus', 1000, at(110_000, 50_000))).toBe(1);
    expect(usageFraction(sim, 'cpus', 1000, at(90_000, 50_000))).toBe(1);
  });

  it('noisy: seeded, reproducible, and different for another stream', () => {
    const p: UsageProfile = { kind: 'noisy', base: { kind: 'constant', fraction: 0.5 }, sigma: 0.1 };
    const a = at(0, 0, 'task-a'), b = at(0, 0, 'task-a'), c = at(0, 0, 'task-b');
    const xa = [1, 2, 3].map(() => usageFraction(p, 'cpus', 1000, a));
    const xb = [1, 2, 3].map(() => usageFraction(p, 'cpus', 1000, b));
    const xc = [1, 2, 3].map(() => usageFraction(p, 'cpus', 1000, c));
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
    for (const x of xa) expect(Math.abs(x - 0.5)).toBeLessThan(0.6);
  });

  it('series: Google task_usage-like samples, fractions or absolute, hold and repeat', () => {
    const samples = [{ atMs: 0, values: { cpus: 0.5, mem: 1024 } }, { atMs: 300_000, values: { cpus: 1.5, mem: 2048 } }];
    const abs: UsageProfile = { kind: 'series', clock: 'task', absolute: true, repeatMs: null, samples };
    expect(usageFraction(abs, 'cpus', 2000, at(100_000))).toBe(0.25); // 0.5 cpu of 2
    expect(usageFraction(abs, 'mem', 4096_000, at(400_000))).toBe(0.5); // 2048 MiB of 4096
    expect(usageFraction(abs, 'cpus', 2000, at(10_000_000))).toBe(0.75); // held after the last sample
    expect(usageFraction(abs, 'disk', 1000, at(0))).toBe(1); // not sampled: whole request
    const rep: UsageProfile = { ...abs, repeatMs: 600_000 };
    expect(usageFraction(rep, 'cpus', 2000, at(650_000))).toBe(0.25); // 50 s into the second period
  });

  it('per resource with a default', () => {
    const p: UsageProfile = { kind: 'perResource', resources: { cpus: { kind: 'constant', fraction: 0.25 } }, default: { kind: 'constant', fraction: 0.5 } };
    expect(usageFraction(p, 'cpus', 1, at(0))).toBe(0.25);
    expect(usageFraction(p, 'mem', 1, at(0))).toBe(0.5);
  });

  it('usage never exceeds the request unless bursting is allowed', () => {
    expect(usedMilli(8000, 0.25, false)).toBe(2000);
    expect(usedMilli(8000, 1.7, false)).toBe(8000);
    expect(usedMilli(8000, 1.7, true, 1.5)).toBe(12000);
    expect(usedMilli(1000, 0.3337, false)).toBe(333); // fixed point: floor to milli-units
  });
});
