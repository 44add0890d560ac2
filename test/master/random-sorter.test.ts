/**
 * The random sorter (mesos-semantics §1.4): a fresh weighted shuffle on every walk, with a
 * client's chance of coming first proportional to its relative weight (product down the tree of
 * weight ÷ active siblings' weights), drawn from the seeded stream it is given.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/kernel/rng.ts';
import { RandomSorter } from '../../src/master/sorter/random.ts';

function firstPlaceCounts(sorter: RandomSorter, n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const first = sorter.sort()[0];
    counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  return counts;
}

describe('RandomSorter', () => {
  it('puts a client first with probability proportional to its weight', () => {
    const rng = createRng('random-sorter-test');
    const sorter = new RandomSorter({ random: () => rng.next() });
    for (const c of ['a', 'b']) { sorter.add(c); sorter.activate(c); }
    sorter.updateWeight('b', 3);
    const counts = firstPlaceCounts(sorter, 20_000);
    expect(counts.get('b')! / 20_000).toBeGreaterThan(0.73);
    expect(counts.get('b')! / 20_000).toBeLessThan(0.77);
  });

  it('weights subtrees as a whole, skips inactive clients, and is reproducible from its seed', () => {
    const make = () => {
      const rng = createRng('random-sorter-tree');
      const s = new RandomSorter({ random: () => rng.next() });
      for (const c of ['a/x', 'a/y', 'b', 'c']) { s.add(c); s.activate(c); }
      s.deactivate('c');
      return s;
    };
    const counts = firstPlaceCounts(make(), 20_000);
    expect(counts.has('c')).toBe(false);
    // a and b each 1/2; a/x and a/y split a's half.
    expect(counts.get('b')! / 20_000).toBeGreaterThan(0.48);
    expect(counts.get('b')! / 20_000).toBeLessThan(0.52);
    expect(counts.get('a/x')! / 20_000).toBeGreaterThan(0.23);
    expect(counts.get('a/x')! / 20_000).toBeLessThan(0.27);
    const first = make(), second = make();
    for (let i = 0; i < 50; i++) expect(first.sort()).toEqual(second.sort());
  });
});
