/**
 * Property: the incremental DrfSorter (nodes as arena rows, binary-search repositioning on placed
 * keys, LATE nodes moved when a walk reaches them, shared pool) orders clients exactly like a
 * from-scratch hierarchical DRF sort (mesos-semantics §1.3): siblings by (dominant share ÷ weight,
 * allocation count, path), inactive leaves dropped, subtrees compared by their aggregate.
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
  readonly clients = new Map<string, { cpus: number; mem: number; active: boolean }>();
  readonly weights = new Map<string, number>();
  /**
   * Allocation counts by node path (a client with descendants is the node "<path>/."). As in Mesos
   * (sorter.cpp): allocated() bumps the leaf and every ancestor; nothing lowers a count, and a count
   * goes with its node: an ancestor keeps it when a client below it is removed, a leaf that gains a
   * descendant hands a copy to its virtual leaf, and a node that collapses back into a leaf keeps its own.
   */
  readonly counts = new Map<string, number>();
  pool = { cpus: 0, mem: 0 };

  private hasDescendant(c: string): boolean {
    for (const p of this.clients.keys()) if (p.startsWith(c + '/')) return true;
    return false;
  }

  private exists(node: string): boolean {
    for (const p of this.clients.keys()) if (p === node || p.startsWith(node + '/')) return true;
    return false;
  }

  private leafPath(c: string): string {
    return this.hasDescendant(c) ? `${c}/.` : c;
  }

  private static ancestors(c: string): string[] {
    const parts = c.split('/');
    return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
  }

  addClient(c: string): void {
    for (const a of Reference.ancestors(c)) {
      // A client leaf that gains a descendant: its virtual leaf starts with a copy of its count.
      if (this.clients.has(a) && !this.hasDescendant(a)) this.counts.set(`${a}/.`, this.counts.get(a) ?? 0);
      if (!this.exists(a)) this.counts.delete(a);
    }
    if (!this.exists(c)) this.counts.delete(c);
    this.counts.delete(`${c}/.`);
    this.clients.set(c, { cpus: 0, mem: 0, active: true });
  }

  removeClient(c: string): void {
    this.counts.delete(this.leafPath(c));
    this.clients.delete(c);
    for (const a of Reference.ancestors(c).reverse()) {
      if (!this.exists(a)) this.counts.delete(a); // node gone, its count with it
      else if (this.clients.has(a) && !this.hasDescendant(a)) { this.counts.delete(`${a}/.`); break; } // collapses into a leaf, keeps its count
    }
  }

  allocate(c: string, cpus: number, mem: number): void {
    const s = this.clients.get(c)!;
    s.cpus += cpus; s.mem += mem;
    const leaf = this.leafPath(c);
    for (const n of [...Reference.ancestors(leaf), leaf]) this.counts.set(n, (this.counts.get(n) ?? 0) + 1);
  }

  order(): string[] {
    const paths = [...this.clients.keys()];
    // A client that is also an ancestor of another client is represented by "<path>/.".
    const leafPath = (c: string) => (paths.some((p) => p.startsWith(c + '/')) ? `${c}/.` : c);
    const leaves = paths.map((c) => ({ client: c, path: leafPath(c) }));
    const agg = (prefix: string) => {
      let cpus = 0, mem = 0;
      for (const l of leaves) {
        if (l.path === prefix || l.path.startsWith(prefix + '/')) {
          const s = this.clients.get(l.client)!;
          cpus += s.cpus; mem += s.mem;
        }
      }
      return { cpus, mem, count: this.counts.get(prefix) ?? 0 };
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

/** Apply one operation to the sorter and to the reference alike (operations on absent clients do nothing). */
function apply(o: Op, sorter: DrfSorter, pool: SorterPool, ref: Reference): void {
  if (o.k === 'weight') {
    sorter.updateWeight(CLIENTS[o.path], o.w);
    ref.weights.set(CLIENTS[o.path], o.w);
    return;
  }
  if (o.k === 'pool') {
    pool.add(scal(o.cpus, o.mem));
    ref.pool = { cpus: ref.pool.cpus + o.cpus, mem: ref.pool.mem + o.mem };
    return;
  }
  const c = CLIENTS[o.c];
  const known = ref.clients.get(c);
  if (o.k === 'add') {
    if (!known) { sorter.add(c); sorter.activate(c); ref.addClient(c); }
  } else if (!known) {
    return;
  } else if (o.k === 'remove') {
    sorter.remove(c); ref.removeClient(c);
  } else if (o.k === 'alloc') {
    sorter.allocated(c, scal(o.cpus, o.mem)); ref.allocate(c, o.cpus, o.mem);
  } else if (o.k === 'unalloc') {
    const cpus = Math.min(o.cpus, known.cpus), mem = Math.min(o.mem, known.mem);
    sorter.unallocated(c, scal(cpus, mem));
    known.cpus -= cpus; known.mem -= mem;
  } else {
    if (known.active) sorter.deactivate(c); else sorter.activate(c);
    known.active = !known.active;
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
        apply(o, sorter, pool, ref);
        expect(sorter.sort()).toEqual(ref.order());
      }
    }), { seed: 20261121, numRuns: 300 });
  });

  // A walk that stops early leaves nodes whose key only rose where they were placed (LATE, moved
  // when a later walk reaches them), and allocations made during a walk must not reorder it: every
  // visited prefix must still be the from-scratch order at the walk's start.
  it('holds for walks that stop early and allocate to what they visit (fixed seed)', () => {
    const walkOp = fc.record({
      k: fc.constant('walk' as const), stop: fc.nat(6), allocate: fc.boolean(), cpus: fc.nat(4000), mem: fc.nat(8000),
    });
    fc.assert(fc.property(fc.array(fc.oneof(op, walkOp, walkOp), { minLength: 1, maxLength: 100 }), (ops) => {
      const pool = new SorterPool();
      const sorter = new DrfSorter({ pool });
      const ref = new Reference();
      pool.add(scal(10_000, 20_000));
      ref.pool = { cpus: 10_000, mem: 20_000 };
      for (const c of CLIENTS) { // start with every client, so that walks have an order to stop in
        sorter.add(c); sorter.activate(c);
        ref.addClient(c);
      }
      for (const o of ops) {
        if (o.k === 'walk') {
          const expected = ref.order();
          const visited: string[] = [];
          sorter.forEach((c) => {
            visited.push(c);
            if (o.allocate) { sorter.allocated(c, scal(o.cpus, o.mem)); ref.allocate(c, o.cpus, o.mem); }
            return visited.length <= o.stop;
          });
          expect(visited).toEqual(expected.slice(0, Math.min(o.stop + 1, expected.length)));
          continue;
        }
        apply(o, sorter, pool, ref);
      }
      expect(sorter.sort()).toEqual(ref.order());
    }), { seed: 20261122, numRuns: 300 });
  });

  it('keeps exact order in the stage-2 pattern: the first client and one from the middle get offers, walks stop at once', () => {
    const sorter = new DrfSorter();
    const ref = new Reference();
    sorter.addToPool(scal(1_000_000, 1_000_000));
    ref.pool = { cpus: 1_000_000, mem: 1_000_000 };
    const names = Array.from({ length: 200 }, (_, i) => `r${String(i).padStart(3, '0')}`);
    for (const n of names) { sorter.add(n); sorter.activate(n); ref.addClient(n); }
    for (let step = 0; step < 1200; step++) {
      const expected = ref.order()[0];
      let first = '';
      sorter.forEach((c) => { first = c; return false; });
      expect(first).toBe(expected);
      sorter.allocated(first, scal(16, 40));
      ref.allocate(first, 16, 40);
      const owner = names[(step * 37) % names.length]; // a reservation's owner: anywhere in the order
      sorter.allocated(owner, scal(8, 0));
      ref.allocate(owner, 8, 0);
      if (step % 400 === 399) { // a cycle's returns
        for (const n of names) {
          const k = ref.clients.get(n)!;
          sorter.unallocated(n, scal(k.cpus, k.mem));
          k.cpus = 0; k.mem = 0;
        }
      }
    }
    expect(sorter.sort()).toEqual(ref.order());
  });

  it('keeps exact order with many equal-share siblings (chunk boundaries, rank tie-breaks)', () => {
    const sorter = new DrfSorter();
    const ref = new Reference();
    sorter.addToPool(scal(1_000_000, 1_000_000));
    ref.pool = { cpus: 1_000_000, mem: 1_000_000 };
    // 300 clients added in a scrambled name order, so ranks must be assigned between neighbours.
    const names = Array.from({ length: 300 }, (_, i) => `r${String((i * 7919) % 300).padStart(3, '0')}`);
    for (const n of names) { sorter.add(n); sorter.activate(n); ref.addClient(n); }
    for (let step = 0; step < 2000; step++) {
      const first = sorter.sort()[0];
      sorter.allocated(first, scal(10, 10));
      ref.allocate(first, 10, 10);
      if (step % 97 === 0) expect(sorter.sort()).toEqual(ref.order());
    }
    expect(sorter.sort()).toEqual(ref.order());
  });
});
