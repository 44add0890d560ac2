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
 * with, re-inserted by binary search on their new key. Only a pool change (agent added or removed)
 * recomputes every share and re-sorts every level.
 */
import type { Resources } from '../../cluster/resources.ts';
import { SorterPool } from './sorter-pool.ts';
import { isInactiveLeaf } from './ordered-children.ts';
import { SorterNode } from './sorter-tree.ts';
import type { Sorter, SorterOptions } from './sorter.ts';

export class DrfSorter implements Sorter {
  readonly kind: string = 'drf';
  protected readonly root = new SorterNode('', '', null, false);
  protected readonly clients = new Map<string, SorterNode>();
  /** Weights by path, made on the first weight set (framework sorters never have any). */
  private weights: Map<string, number> | null = null;
  private readonly excluded: ReadonlySet<string>;
  private readonly pool: SorterPool;
  /** included[i]: resource i counts towards shares (not in fairnessExcludedResourceNames). */
  private readonly included: boolean[] = [];
  /** No resource name is excluded (the usual case): shares never read `included`, one array per sorter fewer to touch. */
  private readonly includesAll: boolean;
  private readonly dirtyNodes: SorterNode[] = [];
  private fullySorted = true;
  private sortedPoolVersion: number;

  constructor(options: SorterOptions = {}) {
    const excluded = options.excludedResourceNames ?? [];
    this.excluded = excluded.length === 0 ? NONE_EXCLUDED : new Set(excluded);
    this.includesAll = this.excluded.size === 0;
    this.pool = options.pool ?? new SorterPool();
    this.sortedPoolVersion = this.pool.version;
  }

  // ---- clients ------------------------------------------------------------------------------

  add(client: string): void {
    if (this.clients.has(client)) throw new Error(`sorter: client ${client} already added`);
    const segments = client.split('/');
    let parent = this.root;
    let path = '';
    for (let i = 0; i < segments.length; i++) {
      const last = i === segments.length - 1;
      // The client's own path is the client string itself (not a copy built from its segments): the
      // walk hands it to the caller, whose map lookups by it then match by identity.
      path = last ? client : i === 0 ? segments[0] : `${path}/${segments[i]}`;
      let node = parent.child(segments[i]);
      if (node === undefined) {
        node = new SorterNode(segments[i], path, parent, last);
        node.weight = this.weights?.get(path) ?? 1;
        node.alloc = this.zeroVector();
        parent.children.append(node);
        this.markDirty(node);
      } else if (last) {
        // "a" added while "a/b" exists: represent client "a" by the virtual leaf "a/.".
        const dot = new SorterNode('.', `${path}/.`, node, true);
        dot.weight = this.weights?.get(dot.path) ?? 1;
        dot.alloc = this.zeroVector();
        node.children.append(dot);
        this.markDirty(dot);
        node = dot;
      } else if (node.isLeaf) {
        // Existing client "a" gains a descendant: it becomes internal and moves into "a/.".
        this.clients.set(node.path, this.splitLeaf(node));
      }
      parent = node;
    }
    this.clients.set(client, parent);
    this.refreshSole();
    this.visitedNode = null;
  }

  remove(client: string): void {
    const leaf = this.mustGet(client);
    this.clients.delete(client);
    this.changeAllocation(leaf, [...leaf.alloc], -1, false);
    let parent = leaf.parent!;
    parent.children.remove(leaf);
    // Prune internal nodes left without clients, and collapse "a" + lone "a/." back into a leaf.
    while (parent !== this.root) {
      const grand = parent.parent!;
      if (parent.children.size === 0) {
        grand.children.remove(parent);
        parent = grand;
        continue;
      }
      if (parent.children.size === 1 && parent.children.first()!.name === '.') {
        const dot = parent.children.first()!;
        parent.isLeaf = true;
        parent.children.clear();
        parent.active = dot.active;
        this.clients.set(parent.path, parent);
        this.markDirty(parent);
      }
      break;
    }
    this.fullySorted = false;
    this.refreshSole();
    this.visitedNode = null;
  }

  /** The only client, when there is one and it sits directly under the root (no order to keep). */
  private sole: SorterNode | null = null;

  private refreshSole(): void {
    const only = this.clients.size === 1 ? this.clients.values().next().value! : null;
    this.sole = only !== null && only.parent === this.root ? only : null;
  }

  contains(client: string): boolean {
    return this.clients.has(client);
  }

  count(): number {
    return this.clients.size;
  }

  activate(client: string): void {
    const leaf = this.mustGet(client);
    if (leaf.active) return;
    leaf.active = true;
    this.markDirty(leaf);
  }

  deactivate(client: string): void {
    const leaf = this.mustGet(client);
    if (!leaf.active) return;
    leaf.active = false;
    this.markDirty(leaf);
  }

  isActive(client: string): boolean {
    return this.clients.get(client)?.active ?? false;
  }

  updateWeight(path: string, weight: number): void {
    (this.weights ??= new Map()).set(path, weight);
    const node = this.findNode(path);
    if (node) {
      node.weight = weight;
      node.share = this.computeShare(node);
      this.markDirty(node);
    }
  }

  // ---- allocations --------------------------------------------------------------------------

  allocated(client: string, resources: Resources): void {
    const leaf = this.mustGet(client);
    this.changeAllocation(leaf, this.pool.vectorOf(resources), 1, true);
  }

  unallocated(client: string, resources: Resources): void {
    const leaf = this.mustGet(client);
    this.changeAllocation(leaf, this.pool.vectorOf(resources), -1, false);
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
    return n ? this.computeShare(n) : 0;
  }

  allocation(client: string): ReadonlyMap<string, number> {
    const n = this.clients.get(client) ?? this.findNode(client);
    const out = new Map<string, number>();
    if (!n) return out;
    n.alloc.forEach((v, i) => { if (v !== 0) out.set(this.pool.names[i], v); });
    return out;
  }

  allocationCount(client: string): number {
    return this.clients.get(client)?.count ?? 0;
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
    if (sole !== null) {
      if (sole.active) {
        this.visitedName = sole.path;
        this.visitedNode = sole;
        visit(sole.path);
      }
      return;
    }
    this.flush();
    this.walk(this.root, visit);
  }

  private walk(node: SorterNode, visit: (client: string) => boolean | void): boolean {
    for (const chunk of node.children.chunks) {
      for (const child of chunk) {
        if (child.isLeaf) {
          if (!child.active) return true; // inactive leaves sit at the end
          const client = child.name === '.' ? node.path : child.path;
          this.visitedName = client;
          this.visitedNode = child;
          if (visit(client) === false) return false;
        } else if (!this.walk(child, visit)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Sibling order: active before inactive leaves, then (share, count, path). */
  protected compare(a: SorterNode, b: SorterNode): number {
    const ai = a.isLeaf && !a.active, bi = b.isLeaf && !b.active;
    if (ai !== bi) return ai ? 1 : -1;
    if (a.share !== b.share) return a.share < b.share ? -1 : 1;
    if (a.count !== b.count) return a.count - b.count;
    return a.rank - b.rank; // siblings: rank order is path order
  }

  /**
   * Apply pending repositions: each moved child by binary search (siblings stay ordered by the keys
   * they were placed with, so several can move one after another), or a re-sort of the parent when
   * many moved or one is new.
   */
  protected flush(): void {
    if (!this.fullySorted || this.sortedPoolVersion !== this.pool.version) {
      this.syncIncluded();
      this.recomputeAll(this.root);
      this.fullySorted = true;
      this.sortedPoolVersion = this.pool.version;
      this.clearDirty();
      return;
    }
    if (this.dirtyNodes.length === 0) return;
    if (this.dirtyNodes.length === 1 && this.dirtyNodes[0].placedShare >= 0) { // the common case: one leaf moved
      const n = this.dirtyNodes[0];
      this.reposition(n.parent!, n);
      this.clearDirty();
      return;
    }
    const dirty = this.dirtyNodes;
    if (dirty.length <= REPOSITION_MAX && dirty.every((n) => n.parent === dirty[0].parent && n.placedShare >= 0)) {
      for (const n of dirty) this.reposition(n.parent!, n); // a few siblings moved (flat roles)
      this.clearDirty();
      return;
    }
    const byParent = new Map<SorterNode, SorterNode[]>();
    for (const n of this.dirtyNodes) {
      const p = n.parent!;
      const list = byParent.get(p);
      if (list) list.push(n); else byParent.set(p, [n]);
    }
    for (const [parent, moved] of byParent) {
      if (moved.length > REPOSITION_MAX || moved.some((n) => n.placedShare < 0)) this.sortChildren(parent);
      else for (const n of moved) this.reposition(parent, n);
    }
    this.clearDirty();
  }

  private sortChildren(parent: SorterNode): void {
    parent.children.sort(this.order);
    for (const chunk of parent.children.chunks) for (const c of chunk) c.place();
    for (const c of parent.children.parked) c.place();
  }

  private clearDirty(): void {
    const dirty = this.dirtyNodes;
    // pop(), not `length = 0`: truncating through the length setter is a slow runtime call (twice per agent walked).
    while (dirty.length > 0) dirty.pop()!.dirty = false;
  }

  /** Move one node to where its current key belongs; siblings sit at the keys they were placed with. */
  private reposition(parent: SorterNode, node: SorterNode): void {
    const children = parent.children;
    // An only child (a role's single framework) has nowhere to move, unless it is (de)activated:
    // then it moves between the walked chunks and the parked inactive leaves.
    if (children.size === 1 && children.isParked(node) === isInactiveLeaf(node)) {
      if (children.first() === node) node.place();
      return;
    }
    if (!parent.children.take(node, placedVsPlaced)) return; // removed meanwhile
    parent.children.insert(node, placedVsCurrent);
    node.place();
  }

  private readonly order = (a: SorterNode, b: SorterNode): number => this.compare(a, b);

  private recomputeAll(node: SorterNode): void {
    for (const chunk of node.children.chunks) {
      for (const c of chunk) {
        c.share = this.computeShare(c);
        if (!c.isLeaf) this.recomputeAll(c);
      }
    }
    for (const c of node.children.parked) c.share = this.computeShare(c); // inactive leaves
    this.sortChildren(node);
  }

  protected computeShare(node: SorterNode): number {
    let share = 0;
    const alloc = node.alloc, total = this.pool.total, totalD = this.pool.totalDouble, included = this.included, all = this.includesAll;
    const n = Math.min(alloc.length, total.length);
    for (let i = 0; i < n; i++) {
      if (alloc[i] !== 0 && total[i] > 0 && (all || (included[i] ?? this.syncIncluded()[i]))) {
        const s = (alloc[i] / 1000) / totalD[i];
        if (s > share) share = s;
      }
    }
    return share / node.weight;
  }

  /** Extend the inclusion mask to every name the pool knows. */
  private syncIncluded(): boolean[] {
    const names = this.pool.names;
    for (let i = this.included.length; i < names.length; i++) this.included.push(!this.excluded.has(names[i]));
    return this.included;
  }

  private markDirty(node: SorterNode): void {
    if (node.dirty || !this.fullySorted) return;
    node.dirty = true;
    this.dirtyNodes.push(node);
  }

  /** Add sign × `v` (scalar quantities by pool index) to the leaf and every ancestor below the root. */
  private changeAllocation(leaf: SorterNode, v: readonly number[], sign: number, bumpCount: boolean): void {
    for (let n: SorterNode | null = leaf; n !== null && n !== this.root; n = n.parent) {
      const a = n.alloc;
      while (a.length < v.length) a.push(0);
      for (let i = 0; i < v.length; i++) a[i] += sign * v[i];
      if (bumpCount) n.count++;
      n.share = this.computeShare(n);
      if (!n.onlyChild) this.markDirty(n); // an only child keeps its place (its key is re-read when a sibling arrives)
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private splitLeaf(node: SorterNode): SorterNode {
    const dot = new SorterNode('.', `${node.path}/.`, node, true);
    dot.weight = this.weights?.get(dot.path) ?? 1;
    dot.alloc = [...node.alloc];
    dot.count = node.count;
    dot.active = node.active;
    dot.share = this.computeShare(dot);
    node.isLeaf = false;
    node.active = false;
    node.children.append(dot);
    return dot;
  }

  private findNode(path: string): SorterNode | undefined {
    let node: SorterNode | undefined = this.root;
    for (const seg of path.split('/')) {
      node = node.child(seg);
      if (!node) return undefined;
    }
    return node;
  }

  private mustGet(client: string): SorterNode {
    // Allocation changes are nearly always for the client being visited (an offer made in the walk).
    if (this.visitedNode !== null && client === this.visitedName) return this.visitedNode;
    const n = this.clients.get(client);
    if (!n) throw new Error(`sorter: unknown client ${client}`);
    return n;
  }

  /** The client the last walk visited, and its leaf (forgotten when clients are added or removed). */
  private visitedName = '';
  private visitedNode: SorterNode | null = null;

  /**
   * A node's allocation vector, with room for eight resource names from the start: its storage is
   * then made together with the node (side by side in memory) instead of when the first offer grows it.
   */
  private zeroVector(): number[] {
    const n = this.pool.names.length;
    return n <= 8 ? [0, 0, 0, 0, 0, 0, 0, 0] : new Array<number>(n).fill(0);
  }
}

const NONE_EXCLUDED: ReadonlySet<string> = new Set();

/** Past this many moved siblings a full re-sort of the parent is cheaper than binary moves. */
const REPOSITION_MAX = 32;

/** The sibling order of compare(), on explicit keys. */
function compareKeys(ai: boolean, as: number, ac: number, ar: number, bi: boolean, bs: number, bc: number, br: number): number {
  if (ai !== bi) return ai ? 1 : -1;
  if (as !== bs) return as < bs ? -1 : 1;
  if (ac !== bc) return ac - bc;
  return ar - br;
}

/** Sibling x's placed key against node's placed key (to find node where it sits). */
function placedVsPlaced(x: SorterNode, node: SorterNode): number {
  return compareKeys(x.placedInactive, x.placedShare, x.placedCount, x.rank, node.placedInactive, node.placedShare, node.placedCount, node.rank);
}

/** Sibling x's placed key against node's current key (to find where node goes). */
function placedVsCurrent(x: SorterNode, node: SorterNode): number {
  return compareKeys(x.placedInactive, x.placedShare, x.placedCount, x.rank, node.isLeaf && !node.active, node.share, node.count, node.rank);
}

export const drfSorter = (options: SorterOptions): DrfSorter => new DrfSorter(options);
