/**
 * Property: the incremental DrfSorter (chunked sibling lists, binary-search repositioning on placed
 * keys, shared pool) orders clients exactly like a from-scratch hierarchical DRF sort
 * (mesos-semantics §1.3): siblings by (dominant share ÷ weight, allocation count, path), inactive
 * leaves dropped, subtrees compared by their aggregate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeResource } from '../../src/cluster/resource.ts';
import { resources, type Resources } from '../../src/cluster/resources.ts';
import { DrfSorter } from '../../src/master/sorter/drf.ts';
import { SorterPool } from '../../src/master/sorter/sorter-pool.ts';

const CLIENTS = ['a', 'b', 'c', 'a/x', 'a/y', 'b/z', 'c/q/r', 'd', 'e', 'f'];
const scal = (cpus: number, mem: number): Resources =>
  resources([makeResource({ name: 'cpus', amount: cpus }), makeResource({ name: 'mem', amount: mem })]);

type Op =
  | { k: 'add'; c: number }
  | { k: 'remove'; c: number }
  | { k: 'alloc'; c: number; cpus: number; mem: number }
  | { k: 'unalloc'; c: number; cpus: number; mem: number }
  | { k: 'toggle'; c: number }
  | { k: 'weight'; path: number; w: number }
  | { k: 'pool'; cpus: number; mem: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('add' as const), c: fc.nat(CLIENTS.length - 1) }),
  fc.record({ k: fc.constant('remove' as const), c: fc.nat(CLIENTS.length - 1) }),
  fc.record({ k: fc.constant('alloc' as const), c: fc.nat(CLIENTS.length - 1), cpus: fc.nat(4000), mem: fc.nat(8000) }),
  fc.record({ k: fc.constant('alloc' as const), c: fc.nat(CLIENTS.length - 1), cpus: fc.nat(4000), mem: fc.nat(8000) }),
  fc.record({ k: fc.constant('unalloc' as const), c: fc.nat(CLIENTS.length - 1), cpus: fc.nat(4000), mem: fc.nat(8000) }),
  fc.record({ k: fc.constant('toggle' as const), c: fc.nat(CLIENTS.length - 1) }),
  fc.record({ k: fc.constant('weight' as const), path: fc.nat(CLIENTS.length - 1), w: fc.constantFrom(0.5, 1, 2, 3) }),
  fc.record({ k: fc.constant('pool' as const), cpus: fc.integer({ min: 1000, max: 50_000 }), mem: fc.integer({ min: 1000, max: 90_000 }) }),
);

/** The reference: state kept plainly, order computed from scratch. */
class Reference {
  readonly clients = new Map<string, { cpus: number; mem: number; count: number; active: boolean }>();
  readonly weights = new Map<string, number>();
  pool = { cpus: 0, mem: 0 };

  order(): string[] {
    const paths = [...this.clients.keys()];
    // A client that is also an ancestor of another client is represented by "<path>/.".
    const leafPath = (c: string) => (paths.some((p) => p.startsWith(c + '/')) ? `${c}/.` : c);
    const leaves = paths.map((c) => ({ client: c, path: leafPath(c) }));
    const agg = (prefix: string) => {
      let cpus = 0, mem = 0, count = 0;
      for (const l of leaves) {
        if (l.path === prefix || l.path.startsWith(prefix + '/')) {
          const s = this.clients.get(l.client)!;
          cpus += s.cpus; mem += s.mem; count += s.count;
        }
      }
      return { cpus, mem, count };
    };
    const share = (path: string) => {
      const a = agg(path);
      let s = 0;
      if (this.pool.cpus > 0 && a.cpus !== 0) s = Math.max(s, a.cpus / 1000 / (this.pool.cpus / 1000));
      if (this.pool.mem > 0 && a.mem !== 0) s = Math.max(s, a.mem / 1000 / (this.pool.mem / 1000));
      return s / (this.weights.get(path) ?? 1);
    };
    const walk = (prefix: string): string[] => {
      const depth = prefix === '' ? 0 : prefix.split('/').length;
      const children = new Set<string>();
      for (const l of leaves) {
        if (prefix !== '' && !l.path.startsWith(prefix + '/')) continue;
        children.add(l.path.split('/').slice(0, depth + 1).join('/'));
      }
      const nodes = [...children].map((p) => {
        const leaf = leaves.find((l) => l.path === p);
        return { p, leaf, inactive: leaf !== undefined && !this.clients.get(leaf.client)!.active, share: share(p), count: agg(p).count };
      });
      nodes.sort((x, y) => (x.inactive !== y.inactive ? (x.inactive ? 1 : -1)
        : x.share !== y.share ? (x.share < y.share ? -1 : 1)
          : x.count !== y.count ? x.count - y.count : x.p < y.p ? -1 : 1));
      const out: string[] = [];
      for (const n of nodes) {
        if (n.leaf) { if (!n.inactive) out.push(n.leaf.client); } else out.push(...walk(n.p));
      }
      return out;
    };
    return walk('');
  }
}

describe('DrfSorter property: incremental order equals a from-scratch DRF sort', () => {
  it('holds over random operation sequences (fixed seed)', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 80 }), (ops) => {
      const pool = new SorterPool();
      const sorter = new DrfSorter({ pool });
      const ref = new Reference();
      pool.add(scal(10_000, 20_000));
      ref.pool = { cpus: 10_000, mem: 20_000 };
      for (const o of ops) {
        if (o.k === 'add' || o.k === 'remove' || o.k === 'alloc' || o.k === 'unalloc' || o.k === 'toggle') {
          const c = CLIENTS[o.c];
          const known = ref.clients.get(c);
          if (o.k === 'add') {
            if (known) continue;
            sorter.add(c); sorter.activate(c);
            ref.clients.set(c, { cpus: 0, mem: 0, count: 0, active: true });
          } else if (!known) {
            continue;
          } else if (o.k === 'remove') {
            sorter.remove(c); ref.clients.delete(c);
          } else if (o.k === 'alloc') {
            sorter.allocated(c, scal(o.cpus, o.mem));
            known.cpus += o.cpus; known.mem += o.mem; known.count++;
          } else if (o.k === 'unalloc') {
            const cpus = Math.min(o.cpus, known.cpus), mem = Math.min(o.mem, known.mem);
            sorter.unallocated(c, scal(cpus, mem));
            known.cpus -= cpus; known.mem -= mem;
          } else {
            if (known.active) sorter.deactivate(c); else sorter.activate(c);
            known.active = !known.active;
          }
        } else if (o.k === 'weight') {
          sorter.updateWeight(CLIENTS[o.path], o.w);
          ref.weights.set(CLIENTS[o.path], o.w);
        } else {
          pool.add(scal(o.cpus, o.mem));
          ref.pool = { cpus: ref.pool.cpus + o.cpus, mem: ref.pool.mem + o.mem };
        }
        expect(sorter.sort()).toEqual(ref.order());
      }
    }), { seed: 20261121, numRuns: 300 });
  });

  it('keeps exact order with many equal-share siblings (chunk boundaries, rank tie-breaks)', () => {
    const sorter = new DrfSorter();
    const ref = new Reference();
    sorter.addToPool(scal(1_000_000, 1_000_000));
    ref.pool = { cpus: 1_000_000, mem: 1_000_000 };
    // 300 clients added in a scrambled name order, so ranks must be assigned between neighbours.
    const names = Array.from({ length: 300 }, (_, i) => `r${String((i * 7919) % 300).padStart(3, '0')}`);
    for (const n of names) { sorter.add(n); sorter.activate(n); ref.clients.set(n, { cpus: 0, mem: 0, count: 0, active: true }); }
    for (let step = 0; step < 2000; step++) {
      const first = sorter.sort()[0];
      sorter.allocated(first, scal(10, 10));
      const s = ref.clients.get(first)!;
      s.cpus += 10; s.mem += 10; s.count++;
      if (step % 97 === 0) expect(sorter.sort()).toEqual(ref.order());
    }
    expect(sorter.sort()).toEqual(ref.order());
  });
});
