/**
 * The share denominator of the DRF sorters: the scalar totals of every agent in the cluster
 * (Mesos `Sorter::addSlave`/`removeSlave`, mesos-semantics §1.3).
 *
 * Mesos gives each sorter its own copy of the same totals; one allocator's role sorter and all of
 * its framework sorters share one pool here, so adding an agent costs O(resources), not
 * O(resources × roles). Sorters notice a change through `version` and re-sort lazily on their next
 * walk. The pool also owns the resource-name → vector-index mapping used by every sorter on it.
 */
import type { Resources } from '../../cluster/resources.ts';

export class SorterPool {
  /** Resource names by vector index. */
  readonly names: string[] = [];
  /** Totals in milli-units and as Mesos' 3-decimal doubles (the share denominator). */
  readonly total: number[] = [];
  readonly totalDouble: number[] = [];
  /** Bumped on every change; sorters compare it with the version they last sorted against. */
  version = 0;
  private readonly index = new Map<string, number>();

  indexOf(name: string): number {
    // A cluster has a handful of resource names: a scan of them (names are shared strings,
    // interned-name.ts, so the match is by identity) is cheaper than a map lookup.
    const names = this.names;
    if (names.length <= SCAN_NAMES) for (let k = 0; k < names.length; k++) if (names[k] === name) return k;
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.index.set(name, i);
      this.names.push(name);
      this.total.push(0);
      this.totalDouble.push(0);
    }
    return i;
  }

  /**
   * Scalar quantities of `resources` as a vector by pool index (read-only, reused). The last answer
   * is remembered by identity: the allocator hands the same offer to the role sorter and then to the
   * framework sorter.
   */
  vectorOf(resources: Resources): readonly number[] {
    if (resources === this.lastResources) return this.lastVector;
    const v = this.lastVector;
    for (let i = 0; i < v.length; i++) v[i] = 0; // reused in place (the length setter is slow)
    for (const r of resources) {
      if (r.ranges !== null) continue;
      const i = this.indexOf(r.name);
      while (v.length <= i) v.push(0);
      v[i] += r.amount;
    }
    this.lastResources = resources;
    return v;
  }

  private lastResources: Resources | null = null;
  private readonly lastVector: number[] = [];

  add(resources: Resources): void {
    this.change(resources, 1);
  }

  remove(resources: Resources): void {
    this.change(resources, -1);
  }

  private change(resources: Resources, sign: number): void {
    for (const r of resources) {
      if (r.ranges !== null) continue; // ranges (ports) never enter shares
      const i = this.indexOf(r.name);
      this.total[i] += sign * r.amount;
      this.totalDouble[i] = this.total[i] / 1000;
    }
    this.version++;
  }
}

/** Up to this many names, indexOf scans the list instead of looking the name up. */
const SCAN_NAMES = 8;
