import { describe, expect, it } from 'vitest';
import { formatResources, parseResources } from '../../src/cluster/resource-text.ts';
import { add, allocatableTo, contains, subtract, type Resources } from '../../src/cluster/resources.ts';
import { formatMilli, parseDuration } from '../../src/core/units.ts';

const r = (s: string): Resources => {
  const x = parseResources(s);
  if (typeof x === 'string') throw new Error(x);
  return x;
};

describe('fixed-point resources', () => {
  it('adds 0.1 ten times to exactly 1 (no float drift)', () => {
    let acc = r('cpus:0');
    for (let i = 0; i < 10; i++) acc = add(acc, r('cpus:0.1'));
    expect(formatResources(acc)).toBe('cpus:1');
    expect(formatMilli(100 + 200)).toBe('0.3');
  });

  it('rounds to 3 decimals like Mesos and parses units', () => {
    expect(formatResources(r('cpus:0.0006;mem:1GiB;disk:0.5TiB'))).toBe('cpus:0.001;disk:524288;mem:1024');
  });

  it('merges by identity and keeps reservations, revocable and volumes apart', () => {
    const x = r('cpus:1;cpus(ads):2;cpus{revocable}:3;cpus:1;disk(db){dynamic}[v1]:10');
    expect(formatResources(x)).toBe('cpus:2;cpus(ads):2;cpus{revocable}:3;disk(db){dynamic}[v1]:10');
  });

  it('subtracts with a floor at zero and handles port ranges', () => {
    expect(formatResources(subtract(r('cpus:2;mem:100'), r('cpus:5;mem:40')))).toBe('mem:60');
    expect(formatResources(subtract(r('ports:[31000-31010]'), r('ports:[31002-31003]')))).toBe('ports:[31000-31001,31004-31010]');
  });

  it('contains is the refusal-filter subset test', () => {
    expect(contains(r('cpus:2;mem:1024'), r('cpus:1;mem:512'))).toBe(true);
    expect(contains(r('cpus:2;mem:1024'), r('cpus:3'))).toBe(false);
    expect(contains(r('cpus:2'), r('cpus(a):1'))).toBe(false);
  });

  it('offers reservations only to the role and its descendants', () => {
    const x = r('cpus:1;cpus(eng):2;cpus(ops):4');
    expect(formatResources(allocatableTo(x, 'eng/ml'))).toBe('cpus:1;cpus(eng):2');
    expect(formatResources(allocatableTo(x, 'engineering'))).toBe('cpus:1');
  });

  it('reports unreadable input instead of throwing', () => {
    expect(parseResources('cpus:abc')).toMatch(/not a number/);
    expect(parseResources('cpus{magic}:1')).toMatch(/unknown resource flag/);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('3 fortnights')).toMatch(/cannot read duration/);
  });
});
