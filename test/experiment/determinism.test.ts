import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';

const load = (file: string, seed?: number) => {
  const r = loadScenarioFile(file, seed === undefined ? [] : [{ path: ['seed'], value: seed }, { path: ['until'], value: '20m' }]);
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
};

describe('determinism', () => {
  it('same scenario and seed: identical event-log bytes and digest; another seed: another digest', () => {
    const a = runScenario(load('scenarios/demo.yaml', 42), { keepEvents: true });
    const b = runScenario(load('scenarios/demo.yaml', 42), { keepEvents: true });
    const c = runScenario(load('scenarios/demo.yaml', 43));
    expect(a.events!.length).toBeGreaterThan(1000);
    expect(b.events!.join('')).toBe(a.events!.join(''));
    expect(b.digest).toBe(a.digest);
    expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
    expect(c.digest).not.toBe(a.digest);
    // Without the digest (check, plan) the run is the same run: same summary, events counted alike.
    const d = runScenario(load('scenarios/demo.yaml', 42), { digest: false });
    expect(d.digest).toBeNull();
    expect(JSON.stringify(d.summary)).toBe(JSON.stringify(a.summary));
    expect(d.summary.events).toBe(a.events!.length);
  });
});

describe('DRF paper example (scenarios/drf-paper.yaml)', () => {
  it('A runs 3 tasks, B runs 2, both dominant shares end at 2/3', () => {
    const spec = load('scenarios/drf-paper.yaml');
    const r = runScenario(spec, { keepEvents: true });
    const launched = r.events!.map((l) => JSON.parse(l)).filter((e) => e.type === 'task.launched');
    expect(launched.filter((e) => e.framework === 'A')).toHaveLength(3);
    expect(launched.filter((e) => e.framework === 'B')).toHaveLength(2);
    const roles = r.summary.roles as Record<string, { end: { dominantShare: number; cpus: number; mem: number } }>;
    expect(roles.a.end).toEqual({ cpus: 3, mem: 12288, dominantShare: 0.666666667 });
    expect(roles.b.end).toEqual({ cpus: 6, mem: 2048, dominantShare: 0.666666667 });
    // Offer recipients alternate a, b, a, b, a; then the leftover mem:4096 goes to b (equal shares, fewer allocations).
    const offers = r.events!.map((l) => JSON.parse(l)).filter((e) => e.type === 'offer').slice(0, 6);
    expect(offers.map((o) => [o.t, o.role])).toEqual([[0, 'a'], [1000, 'b'], [2000, 'a'], [3000, 'b'], [4000, 'a'], [5000, 'b']]);
    expect(offers[5].resources).toBe('mem:4096');
  });
});
