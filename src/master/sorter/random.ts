/**
 * The random sorter (Mesos `sorter/random/sorter.cpp`, mesos-semantics §1.4): the same client tree
 * as DRF, but the order ignores shares. Every walk is a fresh weighted shuffle of the active
 * clients: a client's relative weight is the product, down its path, of
 *   weight(node) / Σ weights of the node's siblings that have an active client below them
 * (RS:485-548), and the shuffle draws u ~ U(0,1) per client and orders by −u^(1/w)
 * (random/utils.hpp:42-81). A client that is also an ancestor of another ("a" and "a/b") is the
 * virtual leaf "a/." with the weight of path "a/.".
 *
 * Allocations are still tracked (for shares in reports and for `allocation()`), against the same
 * shared pool as the DRF sorters; they never influence the order.
 */
import type { Resources } from '../../cluster/resources.ts';
import { SorterPool } from './sorter-pool.ts';
import type { Sorter, SorterOptions } from './sorter.ts';

interface Client {
  active: boolean;
  count: number;
  /** milli-units by pool index */
  readonly alloc: number[];
}

export class RandomSorter implements Sorter {
  readonly kind = 'random';
  private readonly clients = new Map<string, Client>();
  private readonly weights = new Map<string, number>();
  private readonly pool: SorterPool;
  private readonly random: () => number;
  private readonly excluded: Set<string>;

  constructor(options: SorterOptions = {}) {
    if (!options.random) throw new Error('the random sorter needs a seeded random source');
    this.random = options.random;
    this.pool = options.pool ?? new SorterPool();
    this.excluded = new Set(options.excludedResourceNames ?? []);
  }

  add(client: string): void {
    if (this.clients.has(client)) throw new Error(`sorter: client ${client} already added`);
    this.clients.set(client, { active: false, count: 0, alloc: [] });
  }

  remove(client: string): void {
    this.clients.delete(client);
  }

  contains(client: string): boolean {
    return this.clients.has(client);
  }

  count(): number {
    return this.clients.size;
  }

  activate(client: string): void {
    this.must(client).active = true;
  }

  deactivate(client: string): void {
    this.must(client).active = false;
  }

  isActive(client: string): boolean {
    return this.clients.get(client)?.active ?? false;
  }

  updateWeight(path: string, weight: number): void {
    this.weights.set(path, weight);
  }

  allocated(client: string, resources: Resources): void {
    const c = this.must(client);
    this.change(c, resources, 1);
    c.count++;
  }

  unallocated(client: string, resources: Resources): void {
    this.change(this.must(client), resources, -1);
  }

  addToPool(resources: Resources): void {
    this.pool.add(resources);
  }

  removeFromPool(resources: Resources): void {
    this.pool.remove(resources);
  }

  sort(): string[] {
    const out: string[] = [];
    this.forEach((c) => { out.push(c); });
    return out;
  }

  forEach(visit: (client: string) => boolean | void): void {
    const order = this.shuffle();
    for (const client of order) if (visit(client) === false) return;
  }

  /** Dominant share (for reports only; it never orders anything here). */
  share(client: string): number {
    const c = this.clients.get(client);
    if (!c) return 0;
    let share = 0;
    for (let i = 0; i < c.alloc.length; i++) {
      const total = this.pool.totalDouble[i];
      if (total > 0 && c.alloc[i] !== 0 && !this.excluded.has(this.pool.names[i])) share = Math.max(share, c.alloc[i] / 1000 / total);
    }
    return share / (this.weights.get(client) ?? 1);
  }

  allocation(client: string): ReadonlyMap<string, number> {
    const out = new Map<string, number>();
    for (const [path, c] of this.clients) {
      if (path !== client && !path.startsWith(client + '/')) continue;
      c.alloc.forEach((v, i) => { if (v !== 0) out.set(this.pool.names[i], (out.get(this.pool.names[i]) ?? 0) + v); });
    }
    return out;
  }

  allocationCount(client: string): number {
    return this.clients.get(client)?.count ?? 0;
  }

  /** One weighted shuffle of the active clients (a new draw on every walk). */
  private shuffle(): string[] {
    const paths = [...this.clients.keys()].sort();
    const isInternal = (p: string) => paths.some((q) => q.startsWith(p + '/'));
    // Tree of node paths with an active client below; a client that is internal sits at "<p>/.".
    const leafOf = new Map<string, string>(); // node path → client
    for (const p of paths) if (this.clients.get(p)!.active) leafOf.set(isInternal(p) ? `${p}/.` : p, p);
    const activeNodes = new Set<string>();
    for (const leaf of leafOf.keys()) {
      const segs = leaf.split('/');
      for (let i = 1; i <= segs.length; i++) activeNodes.add(segs.slice(0, i).join('/'));
    }
    const parentOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
    const siblingWeight = new Map<string, number>(); // parent → Σ weights of active children
    for (const n of activeNodes) siblingWeight.set(parentOf(n), (siblingWeight.get(parentOf(n)) ?? 0) + this.weightOf(n));
    const keyed: { client: string; key: number }[] = [];
    for (const [leaf, client] of [...leafOf].sort(([a], [b]) => (a < b ? -1 : 1))) {
      let w = 1;
      for (let n = leaf; n !== ''; n = parentOf(n)) w *= this.weightOf(n) / siblingWeight.get(parentOf(n))!;
      keyed.push({ client, key: Math.pow(this.random(), 1 / w) });
    }
    keyed.sort((a, b) => b.key - a.key || (a.client < b.client ? -1 : 1));
    return keyed.map((k) => k.client);
  }

  private weightOf(path: string): number {
    return this.weights.get(path) ?? 1;
  }

  private change(c: Client, resources: Resources, sign: number): void {
    for (const r of resources) {
      if (r.ranges !== null) continue;
      const i = this.pool.indexOf(r.name);
      while (c.alloc.length <= i) c.alloc.push(0);
      c.alloc[i] += sign * r.amount;
    }
  }

  private must(client: string): Client {
    const c = this.clients.get(client);
    if (!c) throw new Error(`sorter: unknown client ${client}`);
    return c;
  }
}

export const randomSorter = (options: SorterOptions): RandomSorter => new RandomSorter(options);
