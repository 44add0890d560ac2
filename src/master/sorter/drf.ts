/**
 * Hierarchical weighted DRF sorter (Mesos `sorter/drf/sorter.cpp`, mesos-semantics §1.3).
 *
 * 1. Every node (client leaf or internal subtree) carries its scalar allocation — offered *or*
 *    allocated, aggregated by resource name — and an allocation count bumped on every allocated().
 * 2. share(node) = max over pool resources r with total > 0 and not excluded of
 *    (alloc_r / 1000) / (total_r / 1000), then ÷ weight(node.path). Computed from the same
 *    3-decimal doubles Mesos uses, per resource, max, then weight, so IEEE ties match.
 * 3. Siblings are ordered by (share, allocation count, path), inactive leaves last; the order of
 *    clients is the pre-order walk of active leaves.
 *
 * Incremental: an allocation change only marks the touched nodes; they are repositioned among their
 * siblings at the start of the next walk — found by binary search on the key they were placed
 * with, re-inserted by binary search on their new key (child-order.ts). A node whose key only rose
 * (offers, no returns) is not moved then but marked LATE: siblings stay ordered by placed keys, and
 * it sorts at or after its place, so the walk moves it when it reaches it (usually at the front,
 * after the nodes before it were offered something and moved on). Only a pool change (agent added
 * or removed) recomputes every share and re-sorts every level.
 *
 * Nodes are rows of the arena shared by every DRF sorter on the same pool (sorter-arena.ts).
 * When "a" and "a/b" are both clients, node "a" is internal and client "a" is the virtual leaf
 * "a/." (Mesos DSH:172-273), whose weight is that of path "a/." (1 unless set), while the weight
 * of "a" applies to the whole subtree.
 */
import type { Resources } from '../../cluster/resources.ts';
import { ChildOrder } from './child-order.ts';
import { ACTIVE, arenaOf, DIRTY, FELL, IN_ORDER, LATE, LEAF, ONLY_CHILD, STALE, type SorterArena } from './sorter-arena.ts';
import { SorterPool } from './sorter-pool.ts';
import type { Sorter, SorterOptions } from './sorter.ts';

export class DrfSorter implements Sorter {
  readonly kind: string = 'drf';
  private readonly arena: SorterArena;
  private readonly root: number;
  private readonly clients = new Map<string, number>();
  /** Weights by path, made on the first weight set (framework sorters never have any). */
  private weights: Map<string, number> | null = null;
  private readonly excluded: ReadonlySet<string>;
  private readonly pool: SorterPool;
  /** included[i]: resource i counts towards shares (not in fairnessExcludedResourceNames). */
  private readonly included: boolean[] = [];
  /** No resource name is excluded (the usual case): shares never read `included`. */
  private readonly includesAll: boolean;
  private readonly dirtyNodes: number[] = [];
  private fullySorted = true;
  private sortedPoolVersion: number;

  constructor(options: SorterOptions = {}) {
    const excluded = options.excludedResourceNames ?? [];
    this.excluded = excluded.length === 0 ? NONE_EXCLUDED : new Set(excluded);
    this.includesAll = this.excluded.size === 0;
    this.pool = options.pool ?? new SorterPool();
    this.arena = arenaOf(this.pool);
    this.root = this.arena.newNode('', '', '', -1, 0, 1);
    this.sortedPoolVersion = this.pool.version;
  }

  // ---- clients ------------------------------------------------------------------------------

  add(client: string): void {
    if (this.clients.has(client)) throw new Error(`sorter: client ${client} already added`);
    const arena = this.arena;
    const segments = client.split('/');
    let parent = this.root;
    let path = '';
    for (let i = 0; i < segments.length; i++) {
      const last = i === segments.length - 1;
      // The client's own path is the client string itself (not a copy built from its segments): the
      // walk hands it to the caller, whose map lookups by it then match by identity.
      path = last ? client : i === 0 ? segments[0] : `${path}/${segments[i]}`;
      let node = this.childrenOf(parent).get(segments[i]);
      if (node === undefined) {
        node = this.newChild(parent, segments[i], path, path, last);
      } else if (last) {
        // "a" added while "a/b" exists: represent client "a" by the virtual leaf "a/.".
        node = this.newChild(node, '.', `${path}/.`, path, true);
      } else if ((arena.flags[node] & LEAF) !== 0) {
        // Existing client "a" gains a descendant: it becomes internal and moves into "a/.".
        this.clients.set(arena.path[node], this.splitLeaf(node));
      }
      parent = node;
    }
    this.clients.set(client, parent);
    this.refreshSole();
    this.visitedNode = -1;
  }

  remove(client: string): void {
    const arena = this.arena;
    const leaf = this.mustGet(client);
    this.clients.delete(client);
    const stride = arena.stride;
    this.changeAllocation(leaf, Array.from(arena.alloc.subarray(leaf * stride, (leaf + 1) * stride)), -1, false);
    let parent = arena.parent[leaf];
    this.childrenOf(parent).remove(arena, leaf);
    arena.freeNode(leaf);
    // Prune internal nodes left without clients, and collapse "a" + lone "a/." back into a leaf.
    while (parent !== this.root) {
      const grand = arena.parent[parent];
      const children = this.childrenOf(parent);
      if (children.size === 0) {
        this.childrenOf(grand).remove(arena, parent);
        arena.freeNode(parent);
        parent = grand;
        continue;
      }
      if (children.size === 1 && arena.name[children.any()] === '.') {
        const dot = children.any();
        arena.flags[parent] = (arena.flags[parent] & ~ACTIVE) | LEAF | (arena.flags[dot] & ACTIVE);
        arena.children[parent] = null;
        arena.freeNode(dot);
        this.clients.set(arena.path[parent], parent);
        this.markDirty(parent);
      }
      break;
    }
    this.fullySorted = false;
    this.refreshSole();
    this.visitedNode = -1;
  }

  /** The only client, when there is one and it sits directly under the root (no order to keep); −1 otherwise. */
  private sole = -1;

  private refreshSole(): void {
    const only = this.clients.size === 1 ? this.clients.values().next().value! : -1;
    this.sole = only >= 0 && this.arena.parent[only] === this.root ? only : -1;
  }

  contains(client: string): boolean {
    return this.clients.has(client);
  }

  count(): number {
    return this.clients.size;
  }

  activate(client: string): void {
    const leaf = this.mustGet(client);
    if ((this.arena.flags[leaf] & ACTIVE) !== 0) return;
    this.arena.flags[leaf] |= ACTIVE;
    this.markDirty(leaf);
  }

  deactivate(client: string): void {
    const leaf = this.mustGet(client);
    if ((this.arena.flags[leaf] & ACTIVE) === 0) return;
    this.arena.flags[leaf] &= ~ACTIVE;
    this.markDirty(leaf);
  }

  /** Some client is active (the allocator parks a role whose framework sorter has none). */
  anyActive(): boolean {
    const flags = this.arena.flags;
    for (const n of this.clients.values()) if ((flags[n] & ACTIVE) !== 0) return true;
    return false;
  }

  isActive(client: string): boolean {
    const n = this.clients.get(client);
    if (n === undefined) return false;
    // Remembered like a walked client: the allocator asks before offering to a reservation's owner
    // outside the walk, and the offer's allocated() then finds the leaf without a second lookup.
    this.visitedName = client;
    this.visitedNode = n;
    return (this.arena.flags[n] & ACTIVE) !== 0;
  }

  updateWeight(path: string, weight: number): void {
    (this.weights ??= new Map()).set(path, weight);
    const node = this.findNode(path);
    if (node !== undefined) {
      this.arena.weight[node] = weight;
      this.arena.flags[node] |= STALE | FELL;
      this.markDirty(node);
    }
  }

  // ---- allocations --------------------------------------------------------------------------

  allocated(client: string, resources: Resources): void {
    this.changeAllocation(this.mustGet(client), this.pool.vectorOf(resources), 1, true);
  }

  unallocated(client: string, resources: Resources): void {
    this.changeAllocation(this.mustGet(client), this.pool.vectorOf(resources), -1, false);
  }

  addToPool(resources: Resources): void {
    this.pool.add(resources);
  }

  removeFromPool(resources: Resources): void {
    this.pool.remove(resources);
  }

  /** Always against the current pool, even between a pool change and the next walk. */
  share(client: string): number {
    const n = this.clients.get(client);
    return n !== undefined ? this.computeShare(n) : 0;
  }

  allocation(client: string): ReadonlyMap<string, number> {
    const n = this.clients.get(client) ?? this.findNode(client);
    const out = new Map<string, number>();
    if (n === undefined) return out;
    const { alloc, stride } = this.arena, names = this.pool.names;
    for (let i = 0; i < Math.min(stride, names.length); i++) {
      const v = alloc[n * stride + i];
      if (v !== 0) out.set(names[i], v);
    }
    return out;
  }

  allocationCount(client: string): number {
    const n = this.clients.get(client);
    return n === undefined ? 0 : this.arena.count[n];
  }

  // ---- order --------------------------------------------------------------------------------

  sort(): string[] {
    const out: string[] = [];
    this.forEach((c) => { out.push(c); });
    return out;
  }

  forEach(visit: (client: string) => boolean | void): void {
    // One client (a role with one framework): visit it without sorting, nothing to compare it with.
    // Pending repositions wait for the next walk over several clients.
    const sole = this.sole;
    if (sole >= 0) {
      if ((this.arena.flags[sole] & ACTIVE) !== 0) {
        const client = this.arena.client[sole];
        this.visitedName = client;
        this.visitedNode = sole;
        visit(client);
      }
      return;
    }
    this.flush();
    this.walk(this.root, visit);
  }

  private walk(node: number, visit: (client: string) => boolean | void): boolean {
    const arena = this.arena;
    const order = arena.children[node];
    if (order === null) return true;
    // The first k children were visited. Allocations made during the walk only mark nodes; a LATE
    // child (marked before the walk) is moved to where it belongs — at or after this step, never
    // into the visited part, whose keys are lower — and the step is read again. lo, hi and slots
    // are read afresh: a move may shift them.
    for (let k = 0; order.lo + k < order.hi; k++) {
      let child = order.slots[order.lo + k];
      let f = arena.flags[child];
      while ((f & LATE) !== 0 && ((f & LEAF) === 0 || (f & ACTIVE) !== 0)) {
        order.takeAt(arena, order.lo + k);
        this.freshen(child);
        order.insert(arena, child);
        child = order.slots[order.lo + k];
        f = arena.flags[child];
      }
      if ((f & LEAF) !== 0) {
        if ((f & ACTIVE) === 0) return true; // deactivated during this walk: inactive leaves sort last
        const client = arena.client[child];
        this.visitedName = client;
        this.visitedNode = child;
        if (visit(client) === false) return false;
      } else if (!this.walk(child, visit)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Apply pending repositions: each moved child by binary search (siblings stay ordered by the keys
   * they were placed with, so several can move one after another), or a re-sort of the parent when
   * many moved or one is new.
   */
  private flush(): void {
    const arena = this.arena;
    if (!this.fullySorted || this.sortedPoolVersion !== this.pool.version) {
      this.syncIncluded();
      this.recomputeAll(this.root);
      this.fullySorted = true;
      this.sortedPoolVersion = this.pool.version;
      this.clearDirty();
      return;
    }
    const dirty = this.dirtyNodes;
    if (dirty.length === 0) return;
    // A node whose allocation only grew since it was placed stays where it is, marked LATE: it
    // sorts at or after its place, so a walk moves it only when it gets that far, from the front
    // of the order (no search for it, no long move) and once for all the changes made meanwhile.
    let eager = 0;
    for (let k = 0; k < dirty.length; k++) {
      const n = dirty[k], f = arena.flags[n];
      if ((f & (IN_ORDER | FELL)) === IN_ORDER && ((f & LEAF) === 0 || (f & ACTIVE) !== 0)) arena.flags[n] = (f | LATE) & ~DIRTY;
      else dirty[eager++] = n;
    }
    while (dirty.length > eager) dirty.pop();
    if (eager === 0) return;
    const first = arena.parent[dirty[0]];
    let simple = dirty.length <= REPOSITION_MAX;
    for (let k = 0; simple && k < dirty.length; k++) simple = arena.parent[dirty[k]] === first && arena.placedShare[dirty[k]] >= 0;
    if (simple) { // the common case: one or a few siblings moved (flat roles)
      for (let k = 0; k < dirty.length; k++) this.reposition(first, dirty[k]);
      this.clearDirty();
      return;
    }
    const byParent = new Map<number, number[]>();
    for (const n of dirty) {
      const p = arena.parent[n];
      const list = byParent.get(p);
      if (list) list.push(n); else byParent.set(p, [n]);
    }
    for (const [parent, moved] of byParent) {
      if (moved.length > REPOSITION_MAX || moved.some((n) => arena.placedShare[n] < 0)) this.sortChildren(parent);
      else for (const n of moved) this.reposition(parent, n);
    }
    this.clearDirty();
  }

  private clearDirty(): void {
    const dirty = this.dirtyNodes, flags = this.arena.flags;
    // pop(), not `length = 0`: truncating through the length setter is a slow runtime call (twice per agent walked).
    while (dirty.length > 0) flags[dirty.pop()!] &= ~DIRTY;
  }

  /** Move one node to where its current key belongs; siblings sit at the keys they were placed with. */
  private reposition(parent: number, node: number): void {
    const arena = this.arena;
    const order = arena.children[parent];
    // A node marked before a removal is never repositioned: a removal re-sorts everything (fullySorted).
    if (order === null || arena.parent[node] !== parent) return;
    order.take(arena, node);
    this.freshen(node);
    order.insert(arena, node);
  }

  /** Re-sort a parent's children by their current keys. */
  private sortChildren(parent: number): void {
    const order = this.childrenOf(parent);
    for (const c of order.ids()) this.freshen(c);
    order.sortAll(this.arena);
  }

  private freshen(node: number): void {
    const flags = this.arena.flags;
    if ((flags[node] & STALE) === 0) return;
    this.arena.share[node] = this.computeShare(node);
    flags[node] &= ~STALE;
  }

  private recomputeAll(node: number): void {
    const arena = this.arena;
    const order = arena.children[node];
    if (order === null) return;
    for (const c of order.ids()) {
      arena.share[c] = this.computeShare(c);
      arena.flags[c] &= ~STALE;
      if ((arena.flags[c] & LEAF) === 0) this.recomputeAll(c);
    }
    order.sortAll(arena);
  }

  private computeShare(node: number): number {
    let share = 0;
    const { alloc, stride } = this.arena;
    const total = this.pool.total, totalD = this.pool.totalDouble, included = this.included, all = this.includesAll;
    const base = node * stride, n = Math.min(stride, total.length);
    for (let i = 0; i < n; i++) {
      const v = alloc[base + i];
      if (v !== 0 && total[i] > 0 && (all || (included[i] ?? this.syncIncluded()[i]))) {
        const s = (v / 1000) / totalD[i];
        if (s > share) share = s;
      }
    }
    return share / this.arena.weight[node];
  }

  /** Extend the inclusion mask to every name the pool knows. */
  private syncIncluded(): boolean[] {
    const names = this.pool.names;
    for (let i = this.included.length; i < names.length; i++) this.included.push(!this.excluded.has(names[i]));
    return this.included;
  }

  private markDirty(node: number): void {
    const flags = this.arena.flags;
    if ((flags[node] & DIRTY) !== 0 || !this.fullySorted) return;
    flags[node] |= DIRTY;
    this.dirtyNodes.push(node);
  }

  /** Add sign × `v` (scalar quantities by pool index) to the leaf and every ancestor below the root. */
  private changeAllocation(leaf: number, v: readonly number[], sign: number, bumpCount: boolean): void {
    const arena = this.arena;
    if (v.length > arena.stride) arena.ensureStride(v.length);
    const { alloc, stride, parent, count, flags } = arena;
    for (let n = leaf; n !== this.root; n = parent[n]) {
      const base = n * stride;
      for (let i = 0; i < v.length; i++) alloc[base + i] += sign * v[i];
      if (bumpCount) count[n]++;
      flags[n] |= sign < 0 ? STALE | FELL : STALE; // the share is computed when next placed (or asked for)
      if ((flags[n] & ONLY_CHILD) === 0) this.markDirty(n); // an only child keeps its place (its key is re-read when a sibling arrives)
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private newChild(parent: number, name: string, path: string, client: string, isLeaf: boolean): number {
    const arena = this.arena;
    const node = arena.newNode(name, path, client, parent, isLeaf ? LEAF : 0, this.weights?.get(path) ?? 1);
    this.childrenOf(parent).add(arena, node);
    this.markDirty(node);
    return node;
  }

  /** Leaf "a" becomes internal; its client, allocation and count move into the new virtual leaf "a/.". */
  private splitLeaf(node: number): number {
    const arena = this.arena;
    const dot = this.newChild(node, '.', `${arena.path[node]}/.`, arena.path[node], true);
    const stride = arena.stride;
    arena.alloc.copyWithin(dot * stride, node * stride, (node + 1) * stride);
    arena.count[dot] = arena.count[node];
    arena.flags[dot] |= (arena.flags[node] & ACTIVE) | STALE;
    arena.flags[node] &= ~(LEAF | ACTIVE);
    // An internal node is walked whether or not it was active as a leaf (parked leaves are not).
    if ((arena.flags[node] & IN_ORDER) === 0) this.markDirty(node);
    return dot;
  }

  private childrenOf(node: number): ChildOrder {
    return (this.arena.children[node] ??= new ChildOrder());
  }

  private findNode(path: string): number | undefined {
    let node: number | undefined = this.root;
    for (const seg of path.split('/')) {
      const order: ChildOrder | null = this.arena.children[node];
      node = order?.get(seg);
      if (node === undefined) return undefined;
    }
    return node;
  }

  private mustGet(client: string): number {
    // Allocation changes are nearly always for the client being visited (an offer made in the walk).
    if (this.visitedNode >= 0 && client === this.visitedName) return this.visitedNode;
    const n = this.clients.get(client);
    if (n === undefined) throw new Error(`sorter: unknown client ${client}`);
    return n;
  }

  /** The client the last walk visited (or isActive asked about), and its leaf (forgotten when clients are added or removed). */
  private visitedName = '';
  private visitedNode = -1;
}

const NONE_EXCLUDED: ReadonlySet<string> = new Set();

/** Past this many moved siblings a full re-sort of the parent is cheaper than binary moves. */
const REPOSITION_MAX = 32;

export const drfSorter = (options: SorterOptions): DrfSorter => new DrfSorter(options);
