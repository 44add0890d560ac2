/**
 * The children of one sorter node, kept in sibling order in chunks of at most 2×CHUNK nodes.
 *
 * A DRF walk is dominated by "the first client got an offer, move it to its new place", usually
 * from the front to near the back. In one flat array that is two O(n) memmoves per offer (20 ms
 * per cycle at 10k agents × 1k roles, measured); in chunks it is O(log n) compares plus one short
 * memmove. Iteration stays a plain double loop over `chunks`. Inactive leaves (which sort last and
 * are never walked) are parked outside the chunks, so "moves to the end" stays an append even while
 * many roles sit out an allocation stage.
 */
import type { SorterNode } from './sorter-tree.ts';

const CHUNK = 32;
const RANK_GAP = 1 << 20;

export const isInactiveLeaf = (n: SorterNode): boolean => n.isLeaf && !n.active;

export type NodeOrder = (a: SorterNode, b: SorterNode) => number;

export class OrderedChildren {
  /** Non-empty chunks in order (internal nodes and active leaves); read-only for callers. */
  chunks: SorterNode[][] = [];
  /**
   * Inactive leaves, in no order: they sort after every other child and are never walked, so they
   * stay out of the chunks (a node moving to the end of the order then lands at the chunks' tail).
   */
  readonly parked: SorterNode[] = [];
  private readonly byName = new Map<string, SorterNode>();
  /** The same nodes sorted by name; their `rank` numbers follow this order (integer tie-break keys). */
  private readonly named: SorterNode[] = [];

  get size(): number {
    return this.byName.size;
  }

  get(name: string): SorterNode | undefined {
    return this.byName.get(name);
  }

  first(): SorterNode | undefined {
    return this.chunks.length > 0 ? this.chunks[0][0] : this.parked[0];
  }

  /** Append without ordering (the caller re-sorts or repositions before the next walk). */
  append(node: SorterNode): void {
    const previous = this.byName.size === 1 ? this.first() : undefined;
    this.byName.set(node.name, node);
    this.rankNew(node);
    const last = this.chunks[this.chunks.length - 1];
    if (last !== undefined && last.length < 2 * CHUNK) last.push(node);
    else this.chunks.push([node]);
    node.onlyChild = this.byName.size === 1;
    if (previous !== undefined) previous.onlyChild = false;
  }

  /** Remove by identity (linear; client removal is rare). */
  remove(node: SorterNode): boolean {
    if (!this.unpark(node)) {
      const c = this.chunks.findIndex((chunk) => chunk.includes(node));
      if (c < 0) return false;
      this.cut(c, this.chunks[c].indexOf(node));
    }
    this.byName.delete(node.name);
    this.named.splice(this.named.indexOf(node), 1);
    node.onlyChild = false;
    if (this.byName.size === 1) this.first()!.onlyChild = true;
    return true;
  }

  clear(): void {
    this.chunks = [];
    this.parked.length = 0;
    this.byName.clear();
    this.named.length = 0;
  }

  /** Give a new node a rank between its name neighbours; renumber everything when there is no gap. */
  private rankNew(node: SorterNode): void {
    const named = this.named;
    let lo = 0, hi = named.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (named[mid].name < node.name) lo = mid + 1; else hi = mid;
    }
    named.splice(lo, 0, node);
    const below = lo > 0 ? named[lo - 1].rank : 0;
    const above = lo + 1 < named.length ? named[lo + 1].rank : below + 2 * RANK_GAP;
    if (above - below >= 2) node.rank = below + Math.floor((above - below) / 2);
    else for (let i = 0; i < named.length; i++) named[i].rank = (i + 1) * RANK_GAP;
  }

  toArray(): SorterNode[] {
    return this.parked.length === 0 ? this.chunks.flat() : [...this.chunks.flat(), ...this.parked];
  }

  sort(order: NodeOrder): void {
    const all = this.toArray().sort(order);
    this.chunks = [];
    this.parked.length = 0;
    let end = all.length;
    while (end > 0 && isInactiveLeaf(all[end - 1])) this.park(all[--end]);
    for (let i = 0; i < end; i += CHUNK) this.chunks.push(all.slice(i, Math.min(end, i + CHUNK)));
  }

  /**
   * Take `node` out to re-insert it (it keeps its name entry), finding it by binary search with
   * `cmp(x, node)` < 0 meaning "x sorts before where node sits" (its placed key); falls back to a scan.
   */
  take(node: SorterNode, cmp: NodeOrder): boolean {
    if (this.unpark(node)) return true;
    const chunks = this.chunks;
    if (chunks.length > 0 && chunks[0][0] === node) { this.cut(0, 0); return true; } // the usual: the first got an offer
    let lo = 0, hi = chunks.length - 1;
    while (lo < hi) { // first chunk whose last element does not sort before node
      const mid = (lo + hi) >> 1;
      const last = chunks[mid][chunks[mid].length - 1];
      if (last !== node && cmp(last, node) < 0) lo = mid + 1; else hi = mid;
    }
    const chunk = chunks[lo];
    if (chunk !== undefined) {
      let a = 0, b = chunk.length;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (chunk[mid] !== node && cmp(chunk[mid], node) < 0) a = mid + 1; else b = mid;
      }
      if (chunk[a] === node) { this.cut(lo, a); return true; }
    }
    for (let c = 0; c < chunks.length; c++) {
      const i = chunks[c].indexOf(node);
      if (i >= 0) { this.cut(c, i); return true; }
    }
    return false;
  }

  /** Insert after every node that sorts before or equal to it (a node taken out by `take`: it kept its name entry). */
  insert(node: SorterNode, order: NodeOrder): void {
    if (isInactiveLeaf(node)) { this.park(node); return; }
    const chunks = this.chunks;
    if (chunks.length === 0) { chunks.push([node]); return; }
    const tail = chunks[chunks.length - 1];
    if (order(tail[tail.length - 1], node) <= 0) { // the usual: it now has the largest share
      if (tail.length < 2 * CHUNK) tail.push(node); else chunks.push([node]);
      return;
    }
    let lo = 0, hi = chunks.length - 1;
    while (lo < hi) { // first chunk whose last element sorts after node
      const mid = (lo + hi) >> 1;
      const last = chunks[mid][chunks[mid].length - 1];
      if (order(last, node) <= 0) lo = mid + 1; else hi = mid;
    }
    const chunk = chunks[lo];
    let a = 0, b = chunk.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (order(chunk[mid], node) <= 0) a = mid + 1; else b = mid;
    }
    for (let k = chunk.length; k > a; k--) chunk[k] = chunk[k - 1]; // in place: splice allocates
    chunk[a] = node;
    if (chunk.length > 2 * CHUNK) chunks.splice(lo + 1, 0, chunk.splice(CHUNK));
  }

  private park(node: SorterNode): void {
    node.parkedAt = this.parked.length;
    this.parked.push(node);
  }

  /** The node sits among the parked (inactive) leaves. */
  isParked(node: SorterNode): boolean {
    return node.parkedAt >= 0 && this.parked[node.parkedAt] === node;
  }

  /** Take a parked node out (swap with the last); false if it is not parked. */
  private unpark(node: SorterNode): boolean {
    if (!this.isParked(node)) return false;
    const at = node.parkedAt;
    const last = this.parked.pop()!;
    if (last !== node) { this.parked[at] = last; last.parkedAt = at; }
    node.parkedAt = -1;
    return true;
  }

  private cut(c: number, i: number): void {
    const chunk = this.chunks[c];
    if (i === 0) chunk.shift(); // the usual cut (the first got an offer); V8 trims the front in place
    else {
      for (let k = i + 1; k < chunk.length; k++) chunk[k - 1] = chunk[k];
      chunk.pop(); // not `length--`: the length setter is a slow runtime call
    }
    if (chunk.length === 0) this.chunks.splice(c, 1);
  }
}
