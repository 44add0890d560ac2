/**
 * The client tree shared by the DRF and random sorters (Mesos DSH:172-273).
 *
 * Paths split on "/" into nodes. When a client is also an ancestor of another client (both "a" and
 * "a/b" exist), node "a" becomes internal and client "a" is represented by a virtual leaf "a/."
 * whose weight is always that of path "a/." (i.e. 1 unless set), while the weight of "a" applies to
 * the whole subtree. Inactive leaves never appear in the order.
 */
import { OrderedChildren } from './ordered-children.ts';

export class SorterNode {
  readonly name: string;
  readonly path: string;
  parent: SorterNode | null;
  /** Made when first asked for: most nodes are leaves, and an empty child list costs a map and three arrays. */
  private childList: OrderedChildren | null = null;
  get children(): OrderedChildren {
    return (this.childList ??= new OrderedChildren());
  }
  /** A leaf is a client; an internal node groups clients below it. */
  isLeaf: boolean;
  active = false;
  /** Scalar allocation in milli-units, indexed by the sorter's resource-name index. */
  alloc: number[] = [];
  count = 0;
  share = 0;
  weight = 1;
  /** The only child of its parent: nowhere to move, so allocation changes need no reposition. */
  onlyChild = false;
  /** Pending reposition among siblings (set by allocation changes, applied at the next walk). */
  dirty = false;
  /** The sort key this node had when it was last placed among its siblings (to find it again). */
  placedInactive = false;
  placedShare = -1;
  placedCount = -1;
  /** Index in the parent's parked (inactive) leaves, or -1. */
  parkedAt = -1;
  /** Position of this node's name among its siblings' names (set by OrderedChildren): the path tie-break. */
  rank = 0;

  constructor(name: string, path: string, parent: SorterNode | null, isLeaf: boolean) {
    this.name = name;
    this.path = path;
    this.parent = parent;
    this.isLeaf = isLeaf;
  }

  /** Record the current key as the one this node is positioned by. */
  place(): void {
    this.placedInactive = this.isLeaf && !this.active;
    this.placedShare = this.share;
    this.placedCount = this.count;
  }

  child(name: string): SorterNode | undefined {
    return this.children.get(name);
  }
}

/** Path of a client's leaf node: "a" or, when "a" is internal, "a/.". */
export function leafPathOf(node: SorterNode): string {
  return node.name === '.' ? node.parent!.path : node.path;
}
