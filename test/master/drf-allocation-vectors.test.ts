/**
 * A DRF node's allocation vector (one entry per pool resource name): it must keep its values when
 * new resource names join the pool, start empty for a client added after another was removed, and
 * follow a leaf split ("a" gains "a/b", its client moves to "a/.") and the collapse back.
 */
import { describe, expect, it } from 'vitest';
import type { Resources } from '../../src/cluster/resources.ts';
import { parseResources } from '../../src/cluster/resource-text.ts';
import { DrfSorter } from '../../src/master/sorter/drf.ts';
import { SorterPool } from '../../src/master/sorter/sorter-pool.ts';

const res = (t: string) => parseResources(t) as Resources;
const names = Array.from({ length: 11 }, (_, i) => `r${String(i).padStart(2, '0')}`);

describe('DRF sorter allocation vectors', () => {
  it('keep their values while new resource names join the pool', () => {
    const pool = new SorterPool();
    const roles = new DrfSorter({ pool });
    const frameworks = new DrfSorter({ pool });
    for (const c of ['a', 'b']) { roles.add(c); roles.activate(c); }
    frameworks.add('f'); frameworks.activate('f');
    // One name at a time: the ninth, tenth... name arrive while rows already hold values.
    names.forEach((n, i) => {
      roles.addToPool(res(`${n}:100`));
      roles.allocated('a', res(`${n}:${i + 1}`));
      roles.allocated('b', res(`${n}:2`));
      frameworks.allocated('f', res(`${n}:${10 + i}`));
    });
    expect([...roles.allocation('a')]).toEqual(names.map((n, i) => [n, (i + 1) * 1000]));
    expect([...roles.allocation('b')]).toEqual(names.map((n) => [n, 2000]));
    expect([...frameworks.allocation('f')]).toEqual(names.map((n, i) => [n, (10 + i) * 1000]));
    expect(roles.share('a')).toBeCloseTo(11 / 100); // r10: 11 of 100
    expect(roles.sort()).toEqual(['b', 'a']);
  });

  it('start empty for a client added after another was removed', () => {
    const pool = new SorterPool();
    const sorter = new DrfSorter({ pool });
    sorter.addToPool(res('cpus:10;mem:100'));
    for (const c of ['a', 'b']) { sorter.add(c); sorter.activate(c); }
    sorter.allocated('a', res('cpus:4;mem:10'));
    sorter.allocated('b', res('cpus:1'));
    sorter.remove('a');
    sorter.add('c'); sorter.activate('c');
    expect(sorter.allocation('c').size).toBe(0);
    expect(sorter.share('c')).toBe(0);
    expect([...sorter.allocation('b')]).toEqual([['cpus', 1000]]);
    expect(sorter.sort()).toEqual(['c', 'b']);
  });

  it('follow a leaf that gains a child ("a/.") and loses it again', () => {
    const sorter = new DrfSorter();
    sorter.addToPool(res('cpus:10;mem:100'));
    sorter.add('a'); sorter.activate('a');
    sorter.allocated('a', res('cpus:3'));
    sorter.add('a/b'); sorter.activate('a/b');
    sorter.allocated('a/b', res('cpus:2'));
    expect([...sorter.allocation('a')]).toEqual([['cpus', 3000]]); // the client "a" (its leaf "a/.")
    expect([...sorter.allocation('a/b')]).toEqual([['cpus', 2000]]);
    sorter.remove('a/b');
    expect([...sorter.allocation('a')]).toEqual([['cpus', 3000]]);
    sorter.add('z'); sorter.activate('z');
    sorter.allocated('z', res('cpus:1'));
    expect([...sorter.allocation('a')]).toEqual([['cpus', 3000]]);
    expect(sorter.sort()).toEqual(['z', 'a']);
  });
});
