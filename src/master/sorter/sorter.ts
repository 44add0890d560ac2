/**
 * The Sorter contract (Mesos `sorter/sorter.hpp`): orders clients — role paths in the role sorter,
 * framework ids in a role's framework sorter — for allocation. State-oriented and incremental:
 * the allocator tells it about allocations and pool changes, and asks for the order.
 *
 * Clients are slash-separated paths ("eng/ml"); a subtree competes as a whole against its siblings.
 */
import type { Resources } from '../../cluster/resources.ts';
import type { SorterPool } from './sorter-pool.ts';

export interface Sorter {
  readonly kind: string;
  add(client: string): void;
  remove(client: string): void;
  contains(client: string): boolean;
  /** Number of clients (active or not). */
  count(): number;
  activate(client: string): void;
  deactivate(client: string): void;
  /** Some client is active (optional: the allocator parks idle roles only with sorters that say). */
  anyActive?(): boolean;
  /** False for a client the sorter does not have. */
  isActive(client: string): boolean;
  /** Weight by path; may be set before the node exists (mesos-semantics §1.3). */
  updateWeight(path: string, weight: number): void;
  /** Record resources offered or allocated to a client; bumps the allocation count up the path. */
  allocated(client: string, resources: Resources): void;
  /** Remove resources from a client's allocation; counts are untouched. */
  unallocated(client: string, resources: Resources): void;
  /**
   * Agent totals entering or leaving the pool (the share denominator). With a shared pool
   * (`SorterOptions.pool`) the pool's owner updates it once for all sorters instead.
   */
  addToPool(resources: Resources): void;
  removeFromPool(resources: Resources): void;
  /** Active clients in allocation order (a snapshot). */
  sort(): string[];
  /**
   * Visit active clients in allocation order without allocating a snapshot; stops when `visit`
   * returns false. Allocations recorded during the walk take effect in the order of the next walk,
   * exactly as Mesos' per-agent `sort()` snapshots behave.
   */
  forEach(visit: (client: string) => boolean | void): void;
  /** The client's dominant share (already divided by its weight); 0 for unknown clients. */
  share(client: string): number;
  /** Scalar quantities allocated to a client or subtree (milli-units by name). */
  allocation(client: string): ReadonlyMap<string, number>;
  allocationCount(client: string): number;
}

export interface SorterOptions {
  /** `--fair_sharing_excluded_resource_names` */
  readonly excludedResourceNames?: readonly string[];
  /** Seeded uniform source, used only by the random sorter. */
  readonly random?: () => number;
  /** Totals shared with other sorters of the same allocator; a private pool when omitted. */
  readonly pool?: SorterPool;
}

export type SorterFactory = (options: SorterOptions) => Sorter;
