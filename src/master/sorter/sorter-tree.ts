/**
 * The client tree shared by the DRF and random sorters (Mesos DSH:172-273).
 *
 * Paths split on "/" into nodes. When a client is also an ancestor of another client (both "a" and
 * "a/b" exist), node "a" becomes internal and client "a" is represented by a virtual leaf "a/."
 * whose weight is always that of path "a/." (i.e. 1 unless set), while the weight of "a" applies to
 * the whole subtree. Inactive leaves never appear in the order.
 */
export class SorterNode {
  readonly name: string;
  readonly path: string;
  parent: SorterNode | null;
  children: SorterNode[] = [];
  /** A leaf is a client; an internal node groups clients below it. */
  isLeaf: boolean;
  active = false;
  /** Scalar allocation in milli-units, indexed by the sorter's resource-name index. */
  alloc: number[] = [];
  count = 0;
  share = 0;
  weight = 1;
  /** Pending reposition among siblings (set by allocation changes, applied at the next walk). */
  dirty = false;

  constructor(name: string, path: string, parent: SorterNode | null, isLeaf: boolean) {
    this.name = name;
    this.path = path;
    this.parent = parent;
    this.isLeaf = isLeaf;
  }

  child(name: string): SorterNode | undefined {
    for (const c of this.children) if (c.name === name) return c;
    return undefined;
  }
}

/** Path of a client's leaf node: "a" or, when "a" is internal, "a/.". */
export function leafPathOf(node: SorterNode): string {
  return node.name === '.' ? node.parent!.path : node.path;
}
