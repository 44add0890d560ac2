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
 * siblings (binary search) at the start of the next walk. Only a pool change (agent added or removed)
 * or a change of excluded names recomputes every share and re-sorts every level.
 */
import type { Resources } from '../../cluster/resources.ts';
import { SorterNode } from './sorter-tree.ts';
import type { Sorter, SorterOptions } from './sorter.ts';

export class DrfSorter implements Sorter {
  readonly kind: string = 'drf';
  protected readonly root = new SorterNode('', '', null, false);
  protected readonly clients = new Map<string, SorterNode>();
  private readonly weights = new Map<string, number>();
  private readonly resourceIndex = new Map<string, number>();
  private readonly resourceNames: string[] = [];
  private readonly excluded: Set<string>;
  private pool: number[] = [];
  private poolDouble: number[] = [];
  private dirtyNodes: SorterNode[] = [];
  private fullySorted = true;

  constructor(options: SorterOptions = {}) {
    this.excluded = new Set(options.excludedResourceNames ?? []);
  }

  // ---- clients ------------------------------------------------------------------------------

  add(client: string): void {
    if (this.clients.has(client)) throw new Error(`sorter: client ${client} already added`);
    const segments = client.split('/');
    let parent = this.root;
    let path = '';
    for (let i = 0; i < segments.length; i++) {
      path = i === 0 ? segments[0] : `${path}/${segments[i]}`;
      const last = i === segments.length - 1;
      let node = parent.child(segments[i]);
      if (node === undefined) {
        node = new SorterNode(segments[i], path, parent, last);
        node.weight = this.weights.get(path) ?? 1;
        node.alloc = this.zeroVector();
        parent.children.push(node);
        this.markDirty(node);
      } else if (last) {
        // "a" added while "a/b" exists: represent client "a" by the virtual leaf "a/.".
        const dot = new SorterNode('.', `${path}/.`, node, true);
        dot.weight = this.weights.get(dot.path) ?? 1;
        dot.alloc = this.zeroVector();
        node.children.push(dot);
        this.markDirty(dot);
        node = dot;
      } else if (node.isLeaf) {
        // Existing client "a" gains a descendant: it becomes internal and moves into "a/.".
        this.clients.set(node.path, this.splitLeaf(node));
      }
      parent = node;
    }
    this.clients.set(client, parent);
  }

  remove(client: string): void {
    const leaf = this.mustGet(client);
    this.clients.delete(client);
    this.changeAllocation(leaf, leaf.alloc.map((x) => -x), false);
    let parent = leaf.parent!;
    parent.children.splice(parent.children.indexOf(leaf), 1);
    // Prune internal nodes left without clients, and collapse "a" + lone "a/." back into a leaf.
    while (parent !== this.root) {
      const grand = parent.parent!;
      if (parent.children.length === 0) {
        grand.children.splice(grand.children.indexOf(parent), 1);
        parent = grand;
        continue;
      }
      if (parent.children.length === 1 && parent.children[0].name === '.') {
        const dot = parent.children[0];
        parent.isLeaf = true;
        parent.children = [];
        parent.active = dot.active;
        this.clients.set(parent.path, parent);
        this.markDirty(parent);
      }
      break;
    }
    this.fullySorted = false;
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
    this.weights.set(path, weight);
    const node = this.findNode(path);
    if (node) {
      node.weight = weight;
      node.share = this.computeShare(node);
      this.markDirty(node);
    }
  }

  // ---- allocations --------------------------------------------------------------------------

  allocated(client: string, resources: Resources): void {
    this.changeAllocation(this.mustGet(client), this.toVector(resources, 1), true);
  }

  unallocated(client: string, resources: Resources): void {
    this.changeAllocation(this.mustGet(client), this.toVector(resources, -1), false);
  }

  addToPool(resources: Resources): void {
    this.changePool(resources, 1);
  }

  removeFromPool(resources: Resources): void {
    this.changePool(resources, -1);
  }

  share(client: string): number {
    const n = this.clients.get(client);
    return n ? n.share : 0;
  }

  allocation(client: string): ReadonlyMap<string, number> {
    const n = this.clients.get(client) ?? this.findNode(client);
    const out = new Map<string, number>();
    if (!n) return out;
    n.alloc.forEach((v, i) => { if (v !== 0) out.set(this.resourceNames[i], v); });
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
    this.flush();
    this.walk(this.root, visit);
  }

  private walk(node: SorterNode, visit: (client: string) => boolean | void): boolean {
    for (const child of node.children) {
      if (child.isLeaf) {
        if (!child.active) return true; // inactive leaves sit at the end
        if (visit(child.name === '.' ? node.path : child.path) === false) return false;
      } else if (!this.walk(child, visit)) {
        return false;
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
    return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  }

  /** Apply pending repositions: one moved child per parent by binary search, otherwise a re-sort. */
  protected flush(): void {
    if (!this.fullySorted) {
      this.recomputeAll(this.root);
      this.fullySorted = true;
      this.clearDirty();
      return;
    }
    if (this.dirtyNodes.length === 0) return;
    const byParent = new Map<SorterNode, SorterNode[]>();
    for (const n of this.dirtyNodes) {
      const p = n.parent!;
      const list = byParent.get(p);
      if (list) list.push(n); else byParent.set(p, [n]);
    }
    for (const [parent, moved] of byParent) {
      if (moved.length === 1) this.reposition(parent, moved[0]);
      else parent.children.sort((a, b) => this.compare(a, b));
    }
    this.clearDirty();
  }

  private clearDirty(): void {
    for (const n of this.dirtyNodes) n.dirty = false;
    this.dirtyNodes = [];
  }

  private reposition(parent: SorterNode, node: SorterNode): void {
    const list = parent.children;
    const at = list.indexOf(node);
    if (at < 0) return; // removed meanwhile
    list.splice(at, 1);
    this.insertSorted(parent, node);
  }

  private insertSorted(parent: SorterNode, node: SorterNode): void {
    const list = parent.children;
    let lo = 0, hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compare(list[mid], node) <= 0) lo = mid + 1; else hi = mid;
    }
    list.splice(lo, 0, node);
  }

  private recomputeAll(node: SorterNode): void {
    for (const c of node.children) {
      c.share = this.computeShare(c);
      if (!c.isLeaf) this.recomputeAll(c);
    }
    node.children.sort((a, b) => this.compare(a, b));
  }

  protected computeShare(node: SorterNode): number {
    let share = 0;
    const alloc = node.alloc, pool = this.pool, poolD = this.poolDouble;
    for (let i = 0; i < pool.length; i++) {
      if (pool[i] > 0 && alloc[i] !== 0 && !this.excluded.has(this.resourceNames[i])) {
        const s = (alloc[i] / 1000) / poolD[i];
        if (s > share) share = s;
      }
    }
    return share / node.weight;
  }

  private markDirty(node: SorterNode): void {
    if (node.dirty || !this.fullySorted) return;
    node.dirty = true;
    this.dirtyNodes.push(node);
  }

  private changeAllocation(leaf: SorterNode, delta: number[], bumpCount: boolean): void {
    for (let n: SorterNode | null = leaf; n !== null && n !== this.root; n = n.parent) {
      const a = n.alloc;
      for (let i = 0; i < delta.length; i++) a[i] += delta[i];
      if (bumpCount) n.count++;
      n.share = this.computeShare(n);
      this.markDirty(n);
    }
  }

  private changePool(resources: Resources, sign: number): void {
    for (const r of resources) {
      if (r.ranges !== null) continue;
      const i = this.indexOf(r.name);
      this.pool[i] += sign * r.amount;
      this.poolDouble[i] = this.pool[i] / 1000;
    }
    this.fullySorted = false;
  }

  // ---- helpers ------------------------------------------------------------------------------

  private splitLeaf(node: SorterNode): SorterNode {
    const dot = new SorterNode('.', `${node.path}/.`, node, true);
    dot.weight = this.weights.get(dot.path) ?? 1;
    dot.alloc = [...node.alloc];
    dot.count = node.count;
    dot.active = node.active;
    dot.share = this.computeShare(dot);
    node.isLeaf = false;
    node.active = false;
    node.children = [dot];
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
    const n = this.clients.get(client);
    if (!n) throw new Error(`sorter: unknown client ${client}`);
    return n;
  }

  private indexOf(name: string): number {
    let i = this.resourceIndex.get(name);
    if (i === undefined) {
      i = this.resourceNames.length;
      this.resourceIndex.set(name, i);
      this.resourceNames.push(name);
      this.pool.push(0);
      this.poolDouble.push(0);
      this.growVectors(this.root, i + 1);
    }
    return i;
  }

  private growVectors(node: SorterNode, size: number): void {
    for (const c of node.children) {
      while (c.alloc.length < size) c.alloc.push(0);
      this.growVectors(c, size);
    }
  }

  private zeroVector(): number[] {
    return new Array<number>(this.resourceNames.length).fill(0);
  }

  private toVector(resources: Resources, sign: number): number[] {
    for (const r of resources) if (r.ranges === null) this.indexOf(r.name);
    const v = this.zeroVector();
    for (const r of resources) if (r.ranges === null) v[this.resourceIndex.get(r.name)!] += sign * r.amount;
    return v;
  }
}

export const drfSorter = (options: SorterOptions): DrfSorter => new DrfSorter(options);
