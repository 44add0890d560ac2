/**
 * DrfSorter against Mesos' own sorter tests (src/tests/sorter_tests.cpp @ c1b42f7) and the DRF paper.
 * Cases S1, S2 and P1(a) of /work/shared/conformance/examples.md. Orders are asserted exactly.
 */
import { describe, expect, it } from 'vitest';
import type { Resources } from '../../src/cluster/resources.ts';
import { parseResources } from '../../src/cluster/resource-text.ts';
import { DrfSorter } from '../../src/master/sorter/drf.ts';

function res(text: string): Resources {
  const r = parseResources(text);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

/** add + activate, as every Mesos sorter test does before allocating. */
function addActive(sorter: DrfSorter, client: string): void {
  sorter.add(client);
  sorter.activate(client);
}

describe('DrfSorter — S1: DRFSorterTest.DRF (sorter_tests.cpp 239-326)', () => {
  it('orders clients by dominant share, across pool changes and (de)activation', () => {
    const sorter = new DrfSorter();
    let pool = res('cpus:100;mem:100');
    sorter.addToPool(pool);

    // 1. An empty sorter sorts to nothing.
    expect(sorter.sort()).toEqual([]);

    // 2. a: 5/100 cpus, 5/100 mem => share .05.
    //    b: 6/100 cpus, 6/100 mem => share .06.
    addActive(sorter, 'a');
    sorter.allocated('a', res('cpus:5;mem:5'));
    addActive(sorter, 'b');
    sorter.allocated('b', res('cpus:6;mem:6'));
    expect(sorter.sort()).toEqual(['a', 'b']);
    expect(sorter.share('a')).toBeCloseTo(0.05, 12);
    expect(sorter.share('b')).toBeCloseTo(0.06, 12);

    // 3. c: 1/100 both => .01; d: cpus 3/100 dominates mem 1/100 => .03.
    //    Order: c .01 < d .03 < a .05 < b .06.
    addActive(sorter, 'c');
    sorter.allocated('c', res('cpus:1;mem:1'));
    addActive(sorter, 'd');
    sorter.allocated('d', res('cpus:3;mem:1'));
    expect(sorter.sort()).toEqual(['c', 'd', 'a', 'b']);

    // 4. Remove a; b gives back 4/4 and is left with 2/2 => .02.
    //    Order: c .01 < b .02 < d .03.
    sorter.remove('a');
    sorter.unallocated('b', res('cpus:4;mem:4'));
    expect(sorter.sort()).toEqual(['c', 'b', 'd']);
    expect(sorter.share('b')).toBeCloseTo(0.02, 12);

    // 5. e: cpus 1, mem 5. Then the pool shrinks to cpus:50;mem:100, so every cpu share doubles:
    //    b: cpus 2/50 = .04 (mem 2/100)          => .04
    //    c: cpus 1/50 = .02 (mem 1/100)          => .02
    //    d: cpus 3/50 = .06 (mem 1/100)          => .06
    //    e: cpus 1/50 = .02, mem 5/100 = .05     => .05 via mem
    //    Order: c .02 < b .04 < e .05 < d .06.
    addActive(sorter, 'e');
    sorter.allocated('e', res('cpus:1;mem:5'));
    sorter.removeFromPool(pool);
    pool = res('cpus:50;mem:100');
    sorter.addToPool(pool);
    expect(sorter.sort()).toEqual(['c', 'b', 'e', 'd']);
    expect(sorter.share('e')).toBeCloseTo(0.05, 12);

    // 6. The pool's memory doubles to 200, so mem shares halve:
    //    e: cpus 1/50 = .02, mem 5/200 = .025    => .025 via mem
    //    b: cpus 2/50 = .04                      => .04
    //    d: cpus 3/50 = .06                      => .06
    //    f: cpus 5/50 = .10, mem 1/200           => .10
    //    c gets an extra mem:15 => mem 16/200 = .08 > cpus 1/50 = .02 => .08 via mem.
    //    Order: e .025 < b .04 < d .06 < c .08 < f .10.
    sorter.removeFromPool(pool);
    pool = res('cpus:50;mem:200');
    sorter.addToPool(pool);
    addActive(sorter, 'f');
    sorter.allocated('f', res('cpus:5;mem:1'));
    sorter.allocated('c', res('mem:15'));
    expect(sorter.sort()).toEqual(['e', 'b', 'd', 'c', 'f']);
    expect(sorter.share('c')).toBeCloseTo(0.08, 12);
    expect(sorter.share('f')).toBeCloseTo(0.10, 12);
    expect(sorter.contains('b')).toBe(true);
    expect(sorter.contains('a')).toBe(false);
    expect(sorter.count()).toBe(5);

    // 7. A deactivated client drops out of the order but stays in the sorter; re-activating it puts
    //    it back at its share's place.
    sorter.deactivate('d');
    expect(sorter.sort()).toEqual(['e', 'b', 'c', 'f']);
    expect(sorter.contains('d')).toBe(true);
    expect(sorter.count()).toBe(5);
    sorter.activate('d');
    expect(sorter.sort()).toEqual(['e', 'b', 'd', 'c', 'f']);
  });
});

describe('DrfSorter — S2: weights divide shares', () => {
  it('DRFSorterTest.WDRF (sorter_tests.cpp 329-386)', () => {
    const sorter = new DrfSorter();
    sorter.addToPool(res('cpus:100;mem:100'));

    // 1. a: 5/100 => .05. b has weight 2 (set before its first allocation): 6/100 / 2 = .03.
    //    Order: b .03 < a .05.
    addActive(sorter, 'a');
    sorter.allocated('a', res('cpus:5;mem:5'));
    sorter.updateWeight('b', 2);
    addActive(sorter, 'b');
    sorter.allocated('b', res('cpus:6;mem:6'));
    expect(sorter.sort()).toEqual(['b', 'a']);
    expect(sorter.share('b')).toBeCloseTo(0.03, 12);

    // 2. c: 4/100 => .04. Order: b .03 < c .04 < a .05.
    addActive(sorter, 'c');
    sorter.allocated('c', res('cpus:4;mem:4'));
    expect(sorter.sort()).toEqual(['b', 'c', 'a']);

    // 3. d (weight 10): mem 20/100 = .20 dominates cpus .10; .20 / 10 = .02.
    //    Order: d .02 < b .03 < c .04 < a .05.
    sorter.updateWeight('d', 10);
    addActive(sorter, 'd');
    sorter.allocated('d', res('cpus:10;mem:20'));
    expect(sorter.sort()).toEqual(['d', 'b', 'c', 'a']);
    expect(sorter.share('d')).toBeCloseTo(0.02, 12);

    // 4. Remove b. Order: d .02 < c .04 < a .05.
    sorter.remove('b');
    expect(sorter.sort()).toEqual(['d', 'c', 'a']);

    // 5. d gets cpus:10;mem:25 more => cpus 20, mem 45; 45/100 / 10 = .045.
    //    Order: c .04 < d .045 < a .05.
    sorter.allocated('d', res('cpus:10;mem:25'));
    expect(sorter.sort()).toEqual(['c', 'd', 'a']);
    expect(sorter.share('d')).toBeCloseTo(0.045, 12);

    // 6. e (weight 0.1): 1/100 / 0.1 = .10. Order: c .04 < d .045 < a .05 < e .10.
    sorter.updateWeight('e', 0.1);
    addActive(sorter, 'e');
    sorter.allocated('e', res('cpus:1;mem:1'));
    expect(sorter.sort()).toEqual(['c', 'd', 'a', 'e']);
    expect(sorter.share('e')).toBeCloseTo(0.10, 12);

    // 7. Remove a. Order: c .04 < d .045 < e .10.
    sorter.remove('a');
    expect(sorter.sort()).toEqual(['c', 'd', 'e']);
  });

  it('DRFSorterTest.UpdateWeight (sorter_tests.cpp 389-414)', () => {
    const sorter = new DrfSorter();
    sorter.addToPool(res('cpus:100;mem:100'));

    // a .05, b .06 with equal weights => [a, b].
    addActive(sorter, 'a');
    sorter.allocated('a', res('cpus:5;mem:5'));
    addActive(sorter, 'b');
    sorter.allocated('b', res('cpus:6;mem:6'));
    expect(sorter.sort()).toEqual(['a', 'b']);

    // Weight 2 on b after its allocation: .06 / 2 = .03 < a .05 => [b, a].
    sorter.updateWeight('b', 2);
    expect(sorter.sort()).toEqual(['b', 'a']);
    expect(sorter.share('b')).toBeCloseTo(0.03, 12);
  });
});

describe('DrfSorter — P1(a): DRF paper progressive filling (Ghodsi et al., NSDI 2011, §4.1)', () => {
  it('A, B, A, B, A; both dominant shares end exactly at 2/3', () => {
    // 9 CPUs and 18 GB (units are irrelevant to the shares; use mem:18 as in the case text).
    const total = { cpus: 9, mem: 18 };
    const demand: Record<string, { cpus: number; mem: number }> = {
      A: { cpus: 1, mem: 4 }, // <1 CPU, 4 GB>: memory-dominant (4/18 > 1/9)
      B: { cpus: 3, mem: 1 }, // <3 CPU, 1 GB>: CPU-dominant (3/9 > 1/18)
    };
    const sorter = new DrfSorter();
    sorter.addToPool(res(`cpus:${total.cpus};mem:${total.mem}`));
    addActive(sorter, 'A');
    addActive(sorter, 'B');

    const used = { cpus: 0, mem: 0 };
    const picks: string[] = [];
    const shares: [number, number][] = [];
    for (;;) {
      const next = sorter.sort().find((c) =>
        used.cpus + demand[c].cpus <= total.cpus && used.mem + demand[c].mem <= total.mem);
      if (next === undefined) break;
      const d = demand[next];
      used.cpus += d.cpus;
      used.mem += d.mem;
      sorter.allocated(next, res(`cpus:${d.cpus};mem:${d.mem}`));
      picks.push(next);
      shares.push([sorter.share('A'), sorter.share('B')]);
    }

    // Pick 1: tie at 0 and both counts 0 => "A" < "B": A.  A = mem 4/18 = 2/9, B = 0.
    // Pick 2: B 0 < A 2/9: B.                               B = cpus 3/9 = 1/3.
    // Pick 3: A 2/9 < B 1/3: A.                             A = mem 8/18 = 4/9.
    // Pick 4: B 1/3 < A 4/9: B.                             B = cpus 6/9 = 2/3.
    // Pick 5: A 4/9 < B 2/3: A.                             A = mem 12/18 = 2/3.
    // Now cpus 3+6 = 9/9 are used: neither A (1 cpu) nor B (3 cpus) fits.
    expect(picks).toEqual(['A', 'B', 'A', 'B', 'A']);
    const expected: [number, number][] = [[2 / 9, 0], [2 / 9, 1 / 3], [4 / 9, 1 / 3], [4 / 9, 2 / 3], [2 / 3, 2 / 3]];
    shares.forEach(([a, b], i) => {
      expect(a).toBeCloseTo(expected[i][0], 12);
      expect(b).toBeCloseTo(expected[i][1], 12);
    });
    expect(used).toEqual({ cpus: 9, mem: 14 });
    // (12/1000)/(18/1000) and (6/1000)/(9/1000) are the same double: the final shares tie exactly.
    expect(sorter.share('A')).toBe(sorter.share('B'));
    expect(sorter.share('A')).toBeCloseTo(2 / 3, 12);
  });
});

describe('DrfSorter — inactive leaves parked outside the walked order', () => {
  it('a lone client added inactive, sorted, then activated is walked again', () => {
    const sorter = new DrfSorter();
    sorter.addToPool(res('cpus:10;mem:10'));
    sorter.add('a'); // inactive until activated (a suppressed framework's only role)
    expect(sorter.sort()).toEqual([]);
    sorter.activate('a');
    expect(sorter.sort()).toEqual(['a']);
    sorter.deactivate('a');
    expect(sorter.sort()).toEqual([]);
    sorter.activate('a');
    expect(sorter.sort()).toEqual(['a']);
  });

  it('keeps DRF order while clients move in and out, and after a parked client is removed', () => {
    const sorter = new DrfSorter();
    sorter.addToPool(res('cpus:100;mem:100'));
    for (const c of ['a', 'b', 'c', 'd']) addActive(sorter, c);
    sorter.allocated('a', res('cpus:4'));
    sorter.allocated('b', res('cpus:1'));
    sorter.allocated('c', res('cpus:3'));
    sorter.allocated('d', res('cpus:2'));
    expect(sorter.sort()).toEqual(['b', 'd', 'c', 'a']);
    sorter.deactivate('d');
    sorter.deactivate('b');
    expect(sorter.sort()).toEqual(['c', 'a']);
    sorter.allocated('c', res('cpus:5')); // c: 8 > a: 4, moves behind a (not behind the parked ones)
    expect(sorter.sort()).toEqual(['a', 'c']);
    sorter.activate('d');
    expect(sorter.sort()).toEqual(['d', 'a', 'c']);
    sorter.remove('b');
    sorter.remove('a');
    expect(sorter.sort()).toEqual(['d', 'c']);
    sorter.remove('d');
    sorter.deactivate('c');
    sorter.add('e'); // c is parked and alone; e arrives inactive
    sorter.activate('e');
    expect(sorter.sort()).toEqual(['e']);
    sorter.activate('c');
    expect(sorter.sort()).toEqual(['e', 'c']);
  });

  it('an inactive client that gains a descendant is walked as a subtree ("a" parked, then "a/b" added)', () => {
    const sorter = new DrfSorter();
    sorter.addToPool(res('cpus:100;mem:100'));
    for (const c of ['a', 'x']) addActive(sorter, c);
    sorter.allocated('x', res('cpus:1'));
    expect(sorter.sort()).toEqual(['a', 'x']);
    sorter.deactivate('a');
    expect(sorter.sort()).toEqual(['x']); // a is parked
    addActive(sorter, 'a/b'); // a becomes internal (its client moves to the inactive "a/."): walked again
    expect(sorter.sort()).toEqual(['a/b', 'x']);
    sorter.activate('a');
    expect(sorter.sort()).toEqual(['a', 'a/b', 'x']);
  });
});
