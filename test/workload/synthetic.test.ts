import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/kernel/rng.ts';
import { draw, drawCount, drawInt, meanOf, type Dist } from '../../src/frameworks/distributions.ts';
import { MAX_COUNT, MAX_DRAW } from '../../src/core/limits.ts';
import { ArrivalProcess } from '../../src/workload/synthetic/arrivals.ts';
import { google2011Like, GOOGLE_2011_MACHINES } from '../../src/workload/synthetic/google-2011-like.ts';
import { jobStream } from '../../src/workload/synthetic/job-stream.ts';
import type { JobSubmittedRecord, MachineEventRecord } from '../../src/workload/records.ts';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('distributions (seeded)', () => {
  const cases: [string, Dist][] = [
    ['exponential', { kind: 'exponential', mean: 10 }],
    ['lognormal', { kind: 'lognormal', median: 5, sigma: 0.5 }],
    ['pareto capped', { kind: 'pareto', scale: 2, shape: 1.5, max: 100 }],
    ['uniform', { kind: 'uniform', min: 2, max: 4 }],
    ['weibull', { kind: 'weibull', shape: 2, scale: 3 }],
    ['empirical', { kind: 'empirical', cdf: [[0, 0], [10, 0.5], [20, 1]] }],
  ];
  it.each(cases)('%s: sample mean within 3 %% of the analytic mean (50 000 draws)', (_name, d) => {
    const rng = createRng('dist');
    const xs = Array.from({ length: 50_000 }, () => draw(d, rng));
    expect(Math.abs(mean(xs) - meanOf(d)) / meanOf(d)).toBeLessThan(0.03);
  });
  it('extreme parameters that pass the schema still draw finite values: times stay schedulable, counts buildable', () => {
    // Each overflows to Infinity (or 0 × ∞ = NaN) in floating point; a run then stopped with
    // "cannot schedule at Infinity ms" (exit 3) on a scenario `validate` had accepted.
    const extreme: Dist[] = [
      { kind: 'lognormal', median: 600_000, sigma: 1000 },
      { kind: 'lognormal', median: 0, sigma: 1000 },
      { kind: 'pareto', scale: 60_000, shape: 0.000001 },
      { kind: 'weibull', shape: 0.0001, scale: 60_000 },
      { kind: 'weibull', shape: 0.0001, scale: 0 },
    ];
    const rng = createRng('extreme');
    for (const d of extreme) {
      for (let i = 0; i < 200; i++) {
        const x = draw(d, rng);
        expect(Number.isFinite(x) && Math.abs(x) <= MAX_DRAW, `${JSON.stringify(d)} drew ${x}`).toBe(true);
        const ms = drawInt(d, rng);
        expect(Number.isSafeInteger(ms + 10 * 365 * 86_400_000)).toBe(true);
        expect(drawCount(d, rng)).toBeLessThanOrEqual(MAX_COUNT);
      }
    }
    expect([...Array(50)].some(() => draw(extreme[0], rng) === MAX_DRAW)).toBe(true); // the cap is reached, not just never hit
  });

  it('the same seed gives the same draws', () => {
    const a = createRng('s'), b = createRng('s');
    const d: Dist = { kind: 'lognormal', median: 1, sigma: 1 };
    expect(Array.from({ length: 5 }, () => draw(d, a))).toEqual(Array.from({ length: 5 }, () => draw(d, b)));
  });
});

describe('arrival processes', () => {
  it('Poisson: mean gap ≈ the configured mean', () => {
    const p = new ArrivalProcess({ kind: 'poisson', meanInterarrivalMs: 1000 }, createRng('p'), 0);
    let last = 0;
    const gaps: number[] = [];
    for (let i = 0; i < 20_000; i++) { const t = p.next(); gaps.push(t - last); last = t; }
    expect(mean(gaps)).toBeGreaterThan(970);
    expect(mean(gaps)).toBeLessThan(1030);
  });
  it('diurnal: the peak hour sees (1+a)/(1−a) times the arrivals of the trough hour', () => {
    const day = 86_400_000;
    const p = new ArrivalProcess({ kind: 'diurnal', meanInterarrivalMs: 10_000, amplitude: 0.5, periodMs: day, peakAtMs: 14 * 3_600_000 }, createRng('d'), 0);
    const perHour = new Array(24).fill(0);
    for (let t = p.next(); t < 20 * day; t = p.next()) perHour[Math.floor((t % day) / 3_600_000)]++;
    const ratio = perHour[14] / perHour[2];
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(3.5); // (1.5 / 0.5) = 3 at the extremes
  });
});

describe('job stream', () => {
  it('produces time-ordered job.submitted records with the configured shape, lazily', () => {
    const it = jobStream({
      type: 'jobs', arrivals: { kind: 'poisson', meanInterarrivalMs: 5000 }, startMs: 0, endMs: null, count: 1000,
      tasks: { kind: 'uniform', min: 1, max: 9 }, cpus: { kind: 'fixed', value: 0.5 }, memMiB: { kind: 'fixed', value: 256 },
      duration: { kind: 'pareto', scale: 1000, shape: 2 }, priorities: [{ priority: 9, weight: 1 }, { priority: 0, weight: 3 }], user: 'u',
    }, createRng('j'), 'x');
    const jobs = [...it];
    expect(jobs).toHaveLength(1000);
    expect(jobs.every((j, i) => i === 0 || j.atMs >= jobs[i - 1].atMs)).toBe(true);
    expect(jobs[0].request).toEqual({ cpus: 500, mem: 256_000 });
    const prod = jobs.filter((j) => j.band === 'production').length / 1000;
    expect(prod).toBeGreaterThan(0.2);
    expect(prod).toBeLessThan(0.3);
    expect(mean(jobs.map((j) => j.taskCount))).toBeCloseTo(5, 0);
  });
});

describe('Google 2011-like generator reproduces the headline statistics', () => {
  const scale = 0.05;
  const records = [...google2011Like({ type: 'google-2011', scale, initialTasksPerMachine: 11.57, endMs: 600_000 + 12 * 3_600_000 }, createRng('g'))];
  const machines = records.filter((r): r is MachineEventRecord => r.kind === 'machine.event');
  const jobs = records.filter((r): r is JobSubmittedRecord => r.kind === 'job.submitted');
  const initial = jobs.filter((j) => j.atMs === 0);
  const arriving = jobs.filter((j) => j.atMs > 0);

  it('machines: the scaled count and the shape mix (53 % half-CPU half-memory machines)', () => {
    expect(machines).toHaveLength(Math.round(GOOGLE_2011_MACHINES * scale));
    const common = machines.filter((m) => m.capacity!.cpus === 16_000 && m.capacity!.mem === 65_470_464).length / machines.length;
    expect(common).toBeGreaterThan(0.48);
    expect(common).toBeLessThan(0.59);
  });
  it('initial load ≈ 11.6 tasks per machine, arrivals ≈ 0.22 jobs/s × scale', () => {
    expect(initial.length / machines.length).toBeCloseTo(11.57, 1);
    const rate = arriving.length / (12 * 3600);
    expect(rate / scale).toBeGreaterThan(0.2);
    expect(rate / scale).toBeLessThan(0.245);
  });
  it('tasks per job: ~76 % single-task; requests and run times have the trace medians', () => {
    const single = arriving.filter((j) => j.taskCount === 1).length / arriving.length;
    expect(single).toBeGreaterThan(0.7);
    expect(single).toBeLessThan(0.82);
    expect(median(jobs.map((j) => j.request!.cpus!))).toBeGreaterThan(650);
    expect(median(jobs.map((j) => j.request!.cpus!))).toBeLessThan(950);
    expect(median(arriving.map((j) => j.durationMs!)) / 60_000).toBeGreaterThan(5);
    expect(median(arriving.map((j) => j.durationMs!)) / 60_000).toBeLessThan(7.5);
    const be = arriving.filter((j) => j.band === 'best-effort').length / arriving.length;
    expect(be).toBeGreaterThan(0.68);
    expect(be).toBeLessThan(0.8);
  });
});
