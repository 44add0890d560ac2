/**
 * The children of one sorter node in sibling order: node ids in an Int32Array, the ordered ones in
 * `slots[lo, hi)` with free room at both ends, so that a child leaving or joining moves only the
 * shorter side. A DRF walk is dominated by "the first client got an offer, move it to its new
 * place", usually from the front to near the back: the front is then a step of `lo`, the insert a
 * short move near `hi`, and the block is re-centred when one end runs out of room.
 *
 * The order is (share, count, rank) of the key each child was last placed with (arena
 * `placedShare`, `placedCount`, `rank`): unique among siblings, since ranks are. Inactive leaves
 * sort after everything and are never walked, so they are not in the order at all ("parked").
 */
import { ACTIVE, FELL, IN_ORDER, LATE, LEAF, ONLY_CHILD, type SorterArena } from './sorter-arena.ts';

const RANK_GAP = 1 << 20;

export class ChildOrder {
  /** Ordered child ids live in `slots[lo, hi)`. Read-only for callers (a walk). */
  slots = new Int32Array(8);
  lo = 4;
  hi = 4;
  private readonly byName = new Map<string, number>();
  /** The same children sorted by name; their ranks follow this order (integer tie-break keys). */
  private readonly named: number[] = [];

  get size(): number {
    return this.byName.size;
  }

  get(name: string): number | undefined {
    return this.byName.get(name);
  }

  /** Some child (the only one, when there is one). */
  any(): number {
    return this.byName.values().next().value!;
  }

  /** Every child, ordered or parked. */
  ids(): number[] {
    return [...this.byName.values()];
  }

  /** A new child, not yet in the order (it is placed by the next reposition or sort). */
  add(arena: SorterArena, id: number): void {
    const previous = this.byName.size === 1 ? this.any() : -1;
    this.byName.set(arena.name[id], id);
    this.rankNew(arena, id);
    if (this.byName.size === 1) arena.flags[id] |= ONLY_CHILD;
    if (previous >= 0) arena.flags[previous] &= ~ONLY_CHILD;
  }

  remove(arena: SorterArena, id: number): void {
    this.take(arena, id);
    this.byName.delete(arena.name[id]);
    this.named.splice(this.named.indexOf(id), 1);
    arena.flags[id] &= ~ONLY_CHILD;
    if (this.byName.size === 1) arena.flags[this.any()] |= ONLY_CHILD;
  }

  /** Take the child out of the order, finding it by binary search on its placed key (a parked child: nothing to do). */
  take(arena: SorterArena, id: number): void {
    if ((arena.flags[id] & IN_ORDER) === 0) return;
    arena.flags[id] &= ~IN_ORDER;
    const slots = this.slots;
    if (slots[this.lo] === id) { this.lo++; return; } // the usual: the first got an offer
    // The same binary search as insert's, written out in both: as one shared method the quota cycle
    // counted 9 M more instructions (bench/count-allocation.sh, session 12).
    let a = this.lo, b = this.hi;
    const s = arena.placedShare[id], c = arena.placedCount[id], r = arena.rank[id];
    while (a < b) {
      const mid = (a + b) >> 1;
      if (placedBefore(arena, slots[mid], s, c, r)) a = mid + 1; else b = mid;
    }
    if (a >= this.hi || slots[a] !== id) for (a = this.lo; slots[a] !== id; a++); // never expected: keys are unique
    this.removeAt(a);
  }

  /** Take the child at `slots[p]` out of the order (a walk that reached it knows where it is). */
  takeAt(arena: SorterArena, p: number): void {
    arena.flags[this.slots[p]] &= ~IN_ORDER;
    if (p === this.lo) this.lo++; else this.removeAt(p);
  }

  /**
   * Put the child where its current key belongs among the others' placed keys (an inactive leaf is
   * parked instead), and record that key as placed.
   */
  insert(arena: SorterArena, id: number): void {
    place(arena, id);
    const f = arena.flags[id];
    if ((f & (LEAF | ACTIVE)) === LEAF) return; // inactive leaf: parked
    arena.flags[id] = f | IN_ORDER;
    const slots = this.slots;
    const s = arena.share[id], c = arena.count[id], r = arena.rank[id];
    let a = this.lo, b = this.hi;
    if (a === b || placedBefore(arena, slots[b - 1], s, c, r)) a = b; // the usual: it now sorts last
    else {
      while (a < b) {
        const mid = (a + b) >> 1;
        if (placedBefore(arena, slots[mid], s, c, r)) a = mid + 1; else b = mid;
      }
    }
    this.insertAt(a, id);
  }

  /** Order every child by its current key from scratch, and place them all. */
  sortAll(arena: SorterArena): void {
    const all = this.ids().sort((x, y) => compareCurrent(arena, x, y));
    let n = 0;
    for (const id of all) {
      place(arena, id);
      if ((arena.flags[id] & (LEAF | ACTIVE)) === LEAF) arena.flags[id] &= ~IN_ORDER;
      else { arena.flags[id] |= IN_ORDER; n++; }
    }
    if (this.slots.length < 2 * n + 4) this.slots = new Int32Array(2 * n + 8);
    this.lo = (this.slots.length - n) >> 1;
    this.hi = this.lo + n;
    for (let i = 0; i < n; i++) this.slots[this.lo + i] = all[i]; // the active ones come first
  }

  private removeAt(p: number): void {
    if (p - this.lo < this.hi - 1 - p) { move(this.slots, this.lo + 1, this.lo, p); this.lo++; }
    else { move(this.slots, p, p + 1, this.hi); this.hi--; }
  }

  private insertAt(p: number, id: number): void {
    let toLeft = p - this.lo <= this.hi - p;
    if ((toLeft && this.lo === 0) || (!toLeft && this.hi === this.slots.length)) {
      p += this.recentre();
      toLeft = p - this.lo <= this.hi - p;
    }
    if (toLeft) { move(this.slots, this.lo - 1, this.lo, p); this.lo--; this.slots[p - 1] = id; }
    else { move(this.slots, p + 1, p, this.hi); this.hi++; this.slots[p] = id; }
  }

  /** Move the ordered block to the middle (growing the array if it is over half full); returns the shift. */
  private recentre(): number {
    const n = this.hi - this.lo;
    const old = this.slots;
    const slots = old.length < 2 * n + 4 ? new Int32Array(2 * n + 8) : old;
    const lo = (slots.length - n) >> 1;
    if (slots === old) old.copyWithin(lo, this.lo, this.hi); else slots.set(old.subarray(this.lo, this.hi), lo);
    const shift = lo - this.lo;
    this.slots = slots;
    this.lo = lo;
    this.hi = lo + n;
    return shift;
  }

  /** Give a new child a rank between its name neighbours; renumber all when there is no gap. */
  private rankNew(arena: SorterArena, id: number): void {
    const named = this.named, name = arena.name[id];
    let lo = 0, hi = named.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arena.name[named[mid]] < name) lo = mid + 1; else hi = mid;
    }
    named.splice(lo, 0, id);
    const below = lo > 0 ? arena.rank[named[lo - 1]] : 0;
    const above = lo + 1 < named.length ? arena.rank[named[lo + 1]] : below + 2 * RANK_GAP;
    if (above - below >= 2) arena.rank[id] = below + Math.floor((above - below) / 2);
    else for (let i = 0; i < named.length; i++) arena.rank[named[i]] = (i + 1) * RANK_GAP;
  }
}

/** Record the node's current key as the one it is positioned by. */
function place(arena: SorterArena, id: number): void {
  arena.placedShare[id] = arena.share[id];
  arena.placedCount[id] = arena.count[id];
  arena.flags[id] &= ~(LATE | FELL);
}

/** Child x's placed key sorts before the key (s, c, r). */
function placedBefore(arena: SorterArena, x: number, s: number, c: number, r: number): boolean {
  const xs = arena.placedShare[x];
  if (xs !== s) return xs < s;
  const xc = arena.placedCount[x];
  if (xc !== c) return xc < c;
  return arena.rank[x] < r;
}

/** Sibling order on current keys: inactive leaves last, then (share, count, rank). */
function compareCurrent(arena: SorterArena, a: number, b: number): number {
  const ai = (arena.flags[a] & (LEAF | ACTIVE)) === LEAF, bi = (arena.flags[b] & (LEAF | ACTIVE)) === LEAF;
  if (ai !== bi) return ai ? 1 : -1;
  if (arena.share[a] !== arena.share[b]) return arena.share[a] < arena.share[b] ? -1 : 1;
  if (arena.count[a] !== arena.count[b]) return arena.count[a] - arena.count[b];
  return arena.rank[a] - arena.rank[b];
}

/** slots[start, end) to `target` (overlap allowed): a short move as a loop, a long one as a memmove. */
function move(slots: Int32Array, target: number, start: number, end: number): void {
  const n = end - start;
  if (n > 16) { slots.copyWithin(target, start, end); return; }
  if (target < start) for (let i = 0; i < n; i++) slots[target + i] = slots[start + i];
  else for (let i = n - 1; i >= 0; i--) slots[target + i] = slots[start + i];
}
