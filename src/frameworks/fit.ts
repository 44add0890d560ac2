/**
 * Picking concrete offered resources for a task shape. A shape is scalar quantities by name
 * (cpus:1;mem:4096); the task takes them from the offer's entries, the role's reservations first
 * (using reserved capacity is what reservations are for), then unreserved, non-revocable before
 * revocable unless the task asks for revocable resources.
 */
import { makeResource, type Resource } from '../cluster/resource.ts';
import { resources, type Resources } from '../cluster/resources.ts';

export interface TaskShape {
  /** Scalar quantities in milli-units by resource name. */
  readonly quantities: ReadonlyMap<string, number>;
  readonly revocable?: boolean;
}

export function shapeOf(rs: Resources, revocable = false): TaskShape {
  const q = new Map<string, number>();
  for (const r of rs) if (r.ranges === null) q.set(r.name, (q.get(r.name) ?? 0) + r.amount);
  return { quantities: q, revocable };
}

/** Concrete resources for `shape` out of `offered`, or null when it does not fit. */
export function fit(offered: Resources, shape: TaskShape): Resources | null {
  const picked: Resource[] = [];
  for (const [name, need] of shape.quantities) {
    if (need <= 0) continue;
    const candidates = offered
      .filter((r) => r.name === name && r.ranges === null && !r.shared && r.volume === null && (shape.revocable || !r.revocable))
      .sort((a, b) => rank(a, shape) - rank(b, shape) || (a.key < b.key ? -1 : 1));
    let left = need;
    for (const r of candidates) {
      if (left === 0) break;
      if (r.mount) {
        if (r.amount > left) continue; // a MOUNT disk is taken whole or not at all
      }
      const take = Math.min(left, r.amount);
      picked.push(makeResource({ ...r, amount: take }));
      left -= take;
    }
    if (left > 0) return null;
  }
  return resources(picked);
}

function rank(r: Resource, shape: TaskShape): number {
  const reserved = r.reservations.length > 0 ? 0 : 1;
  const rev = r.revocable === Boolean(shape.revocable) ? 0 : 2;
  return rev + reserved;
}

/** What `fit` could draw on per resource name: non-revocable only, and with revocable too. */
export interface FitTotals {
  readonly regular: ReadonlyMap<string, number>;
  readonly withRevocable: ReadonlyMap<string, number>;
}

export function fitTotals(offered: Resources): FitTotals {
  const regular = new Map<string, number>();
  const withRevocable = new Map<string, number>();
  for (const r of offered) {
    if (r.ranges !== null || r.shared || r.volume !== null) continue; // what fit() never takes
    withRevocable.set(r.name, (withRevocable.get(r.name) ?? 0) + r.amount);
    if (!r.revocable) regular.set(r.name, (regular.get(r.name) ?? 0) + r.amount);
  }
  return { regular, withRevocable };
}

/**
 * False when `fit` would surely return null: some quantity exceeds everything it could draw on.
 * (True does not promise a fit: a MOUNT disk is taken whole or not at all.) A cheap pre-check for
 * queues that look at many tasks per offer.
 */
export function mayFit(totals: FitTotals, shape: TaskShape): boolean {
  const have = shape.revocable ? totals.withRevocable : totals.regular;
  for (const [name, need] of shape.quantities) if (need > 0 && need > (have.get(name) ?? 0)) return false;
  return true;
}
