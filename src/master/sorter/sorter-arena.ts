/**
 * The nodes of every DRF sorter on one pool (an allocator's role sorter and all of its framework
 * sorters), stored by integer id in typed arrays rather than as one object per node.
 *
 * Why: an allocation run reads the state of whichever role is first in DRF order, a different
 * role nearly every agent. As objects, each role's leaf, its allocation vector, its framework
 * sorter's leaf and that leaf's vector were separate objects anywhere in the heap, each a likely
 * cache miss once 10,000 agents had streamed through the cache; binary searches among siblings read
 * one more object per compare. Here a node is a row: its share, count and sort keys sit in a few
 * contiguous arrays that stay in cache (8 bytes per node each), and its allocation vector is one
 * cache line of `alloc` (`stride` names per row, eight to start with).
 *
 * Ids are reused after `free` (a removed client's row is zeroed when handed out again).
 */
import type { SorterPool } from './sorter-pool.ts';
import type { ChildOrder } from './child-order.ts';

/** `flags` bits. */
export const LEAF = 1;
export const ACTIVE = 2;
/** A reposition among its siblings is pending (applied at the next walk). */
export const DIRTY = 4;
/** The node sits in its parent's walked order (internal nodes and active leaves, once placed). */
export const IN_ORDER = 8;
/** The only child of its parent: nowhere to move, so allocation changes need no reposition. */
export const ONLY_CHILD = 16;
/**
 * `share` is out of date (the allocation changed since it was computed): recomputed when the node is
 * next placed. Most changes are never read as a share: a framework sorter with one client is never
 * ordered, and a cycle's returns are followed by a re-sort.
 */
export const STALE = 32;
/**
 * In its parent's order at a key lower than its current one: its allocation only grew since it was
 * placed, so it sorts at or after where it stands. Moved when a walk reaches it (drf.ts `walk`).
 */
export const LATE = 64;
/** Its key may have dropped since it was placed (resources returned, weight changed): moved eagerly. */
export const FELL = 128;

export class SorterArena {
  /** Allocation slots per row: at least the pool's resource names. */
  stride = 8;
  private capacity = 0;
  parent = new Int32Array(0);
  flags = new Uint8Array(0);
  /** Dominant share ÷ weight (out of date while the node is STALE). */
  share = new Float64Array(0);
  /** Allocation count (bumped on every allocation, never lowered). */
  count = new Float64Array(0);
  weight = new Float64Array(0);
  /** Position of the node's name among its siblings' names: the path tie-break. */
  rank = new Float64Array(0);
  /** The key the node was last placed among its siblings with (to find it again); share −1: never placed. */
  placedShare = new Float64Array(0);
  placedCount = new Float64Array(0);
  /** Scalar allocation in milli-units: row `id`, slot = the pool's index of the resource name. */
  alloc = new Float64Array(0);
  /** Last path segment ("." for a virtual leaf). */
  readonly name: string[] = [];
  readonly path: string[] = [];
  /** What a walk hands to its caller: the path, or for a virtual leaf "a/." the path "a". */
  readonly client: string[] = [];
  /** Children of internal nodes (null for leaves and nodes that never had children). */
  readonly children: (ChildOrder | null)[] = [];
  private readonly free: number[] = [];

  readonly pool: SorterPool;

  constructor(pool: SorterPool) {
    this.pool = pool;
  }

  newNode(name: string, path: string, client: string, parent: number, flags: number, weight: number): number {
    let id = this.free.pop();
    if (id === undefined) {
      id = this.name.length;
      if (id === this.capacity) this.grow();
      this.name.push(name); this.path.push(path); this.client.push(client); this.children.push(null);
    } else {
      this.name[id] = name; this.path[id] = path; this.client[id] = client; this.children[id] = null;
      this.alloc.fill(0, id * this.stride, (id + 1) * this.stride);
    }
    this.parent[id] = parent;
    this.flags[id] = flags;
    this.share[id] = 0;
    this.count[id] = 0;
    this.weight[id] = weight;
    this.rank[id] = 0;
    this.placedShare[id] = -1;
    this.placedCount[id] = -1;
    return id;
  }

  freeNode(id: number): void {
    this.flags[id] = 0;
    this.children[id] = null;
    this.free.push(id);
  }

  /** Widen every row to hold `names` slots (a resource name joined the pool). */
  ensureStride(names: number): void {
    if (names <= this.stride) return;
    let stride = this.stride;
    while (stride < names) stride *= 2;
    const alloc = new Float64Array(this.capacity * stride);
    for (let id = 0; id < this.capacity; id++) alloc.set(this.alloc.subarray(id * this.stride, (id + 1) * this.stride), id * stride);
    this.alloc = alloc;
    this.stride = stride;
  }

  private grow(): void {
    const capacity = Math.max(64, this.capacity * 2);
    this.parent = widen(this.parent, new Int32Array(capacity));
    this.flags = widen(this.flags, new Uint8Array(capacity));
    this.share = widen(this.share, new Float64Array(capacity));
    this.count = widen(this.count, new Float64Array(capacity));
    this.weight = widen(this.weight, new Float64Array(capacity));
    this.rank = widen(this.rank, new Float64Array(capacity));
    this.placedShare = widen(this.placedShare, new Float64Array(capacity));
    this.placedCount = widen(this.placedCount, new Float64Array(capacity));
    this.alloc = widen(this.alloc, new Float64Array(capacity * this.stride));
    this.capacity = capacity;
  }
}

function widen<T extends Int32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

/** One arena per pool: the sorters sharing a pool share their nodes' storage too. */
const arenas = new WeakMap<SorterPool, SorterArena>();

export function arenaOf(pool: SorterPool): SorterArena {
  let arena = arenas.get(pool);
  if (arena === undefined) arenas.set(pool, (arena = new SorterArena(pool)));
  return arena;
}
