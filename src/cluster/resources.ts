/**
 * Resource sets (Mesos `Resources`): immutable arrays of Resource sorted by key with one entry per
 * key and no empty entries. All arithmetic is on integers, so there is no float drift.
 *
 * Subtraction floors at zero (an entry that would go negative disappears), which is how Mesos
 * derives `available = total - offeredOrAllocated` on an over-allocated agent (mesos-semantics §10.1).
 */
import { addRanges, containsRanges, normalizeRanges, subtractRanges } from './ranges.ts';
import { isEmptyResource, isRoleOrDescendant, reservationRole, withAmount, withRanges, type Resource } from './resource.ts';

export type Resources = readonly Resource[];

export const EMPTY: Resources = Object.freeze([]) as Resources;

const byKey = (a: Resource, b: Resource) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Canonicalise an arbitrary list: sort by key, merge equal keys, drop empties. */
export function resources(list: readonly Resource[]): Resources {
  const sorted = [...list].sort(byKey);
  const out: Resource[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.key === r.key) out[out.length - 1] = merge(last, r);
    else out.push(r.ranges ? withNormalRanges(r) : r);
  }
  return out.filter((r) => !isEmptyResource(r));
}

/** `r` itself when its ranges are already sorted and coalesced (a parsed entry is shared as it is). */
function withNormalRanges(r: Resource): Resource {
  const normal = normalizeRanges(r.ranges!);
  const same = normal.length === r.ranges!.length && normal.every(([lo, hi], i) => lo === r.ranges![i][0] && hi === r.ranges![i][1]);
  return same ? r : withRanges(r, normal);
}

function merge(a: Resource, b: Resource): Resource {
  if (a.shared) return { ...a, copies: a.copies + b.copies };
  if (a.ranges && b.ranges) return withRanges(a, addRanges(a.ranges, b.ranges));
  return withAmount(a, a.amount + b.amount);
}

export function add(a: Resources, b: Resources): Resources {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: Resource[] = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    const c = byKey(a[i], b[j]);
    if (c < 0) out.push(a[i++]);
    else if (c > 0) out.push(b[j++]);
    else out.push(merge(a[i++], b[j++]));
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

export function subtract(a: Resources, b: Resources): Resources {
  if (b.length === 0 || a.length === 0) return a;
  const out: Resource[] = [];
  let i = 0, j = 0;
  while (i < a.length) {
    if (j >= b.length) { out.push(a[i++]); continue; }
    const c = byKey(a[i], b[j]);
    if (c < 0) { out.push(a[i++]); continue; }
    if (c > 0) { j++; continue; }
    const x = a[i++], y = b[j++];
    let r: Resource | null;
    if (x.shared) r = x.copies - y.copies > 0 ? { ...x, copies: x.copies - y.copies } : null;
    else if (x.ranges && y.ranges) r = withRanges(x, subtractRanges(x.ranges, y.ranges));
    else r = withAmount(x, x.amount - y.amount);
    if (r && !isEmptyResource(r)) out.push(r);
  }
  return out;
}

/** True when every entry of `b` is covered by `a` (the refusal-filter test, mesos-semantics §2.1). */
export function contains(a: Resources, b: Resources): boolean {
  let i = 0;
  for (const y of b) {
    while (i < a.length && a[i].key < y.key) i++;
    if (i >= a.length || a[i].key !== y.key) return false;
    const x = a[i];
    if (x.ranges && y.ranges) { if (!containsRanges(x.ranges, y.ranges)) return false; }
    else if (!x.shared && x.amount < y.amount) return false;
  }
  return true;
}

export function equals(a: Resources, b: Resources): boolean {
  return contains(a, b) && contains(b, a);
}

export function isEmpty(a: Resources): boolean {
  return a.length === 0;
}

export function filter(a: Resources, pred: (r: Resource) => boolean): Resources {
  let keep = true;
  for (const r of a) if (!pred(r)) { keep = false; break; }
  return keep ? a : a.filter(pred);
}

/** Allocatable to `role`: unreserved, or reserved to the role itself or an ancestor (mesos-semantics §3.1). */
export function allocatableTo(a: Resources, role: string): Resources {
  return filter(a, (r) => {
    const owner = reservationRole(r);
    return owner === null || isRoleOrDescendant(role, owner);
  });
}

export const isUnreserved = (r: Resource) => r.reservations.length === 0;
export const isReserved = (r: Resource) => r.reservations.length > 0;
export const isRevocable = (r: Resource) => r.revocable;
export const isNonRevocable = (r: Resource) => !r.revocable;
export const isScalarResource = (r: Resource) => r.ranges === null;

/** Unreserved, non-revocable scalars: the part quota and headroom apply to (mesos-semantics §3.4). */
export function quotaEligible(a: Resources): Resources {
  return filter(a, (r) => r.reservations.length === 0 && !r.revocable && r.ranges === null);
}

/** Scalar quantities aggregated by name (reservations, revocable, volumes all merged). */
export function scalarQuantities(a: Resources): Map<string, number> {
  const q = new Map<string, number>();
  for (const r of a) if (r.ranges === null) q.set(r.name, (q.get(r.name) ?? 0) + r.amount);
  return q;
}

export function scalarOf(a: Resources, name: string): number {
  let n = 0;
  for (const r of a) if (r.name === name && r.ranges === null) n += r.amount;
  return n;
}
