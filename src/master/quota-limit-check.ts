/**
 * Setting a quota limit below what the role already consumes (mesos-semantics §3.3, Mesos
 * docs/quota.md:75-78): the request is rejected unless `force`; with `force` it is applied and the
 * master rescinds enough of the role's outstanding offers to bring consumption under the limit where
 * offers can (running tasks are never killed for it).
 *
 * Consumption is the quota notion of §3.4: the role subtree's reservations plus what is offered or
 * allocated to it unreserved and non-revocable (scalars). Which offers go first is not specified by
 * Mesos; we take them in the order they were made, skipping offers that hold nothing over the limit.
 */
import { formatMilli } from '../core/units.ts';
import type { Resources } from '../cluster/resources.ts';
import type { Offer } from './master-state.ts';
import { topLevelRole, type Quantities } from './allocator/quota.ts';

/** Names whose consumption exceeds the limit, with both amounts; empty when the limit holds. */
export function exceededLimits(consumed: Quantities, limits: Quantities): { name: string; consumed: number; limit: number }[] {
  const out: { name: string; consumed: number; limit: number }[] = [];
  for (const [name, limit] of [...limits].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const c = consumed.get(name) ?? 0;
    if (c > limit) out.push({ name, consumed: c, limit });
  }
  return out;
}

/** The diagnostic of a rejected update, after Mesos' "Invalid QuotaConfig" message. */
export function rejectionReason(role: string, exceeded: readonly { name: string; consumed: number; limit: number }[]): string {
  const list = (f: (e: { name: string; consumed: number; limit: number }) => number) => exceeded.map((e) => `${e.name}:${formatMilli(f(e))}`).join(';');
  return `role ${role} already consumes ${list((e) => e.consumed)}, more than the requested limit ${list((e) => e.limit)} (use force to bypass this check)`;
}

/** Unreserved non-revocable scalars of an offer (what rescinding it gives back of the role's consumption). */
function quotaPart(resources: Resources): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of resources) {
    if (r.ranges !== null || r.revocable || r.reservations.length > 0) continue;
    out.set(r.name, (out.get(r.name) ?? 0) + r.amount);
  }
  return out;
}

/**
 * Offers of the role's subtree to rescind, in the order they were made, until no limited name is
 * consumed beyond its limit (or no offer is left that would help).
 */
export function offersOverLimit(role: string, offers: Iterable<Offer>, consumed: Quantities, limits: Quantities): Offer[] {
  const left = new Map(consumed);
  const over = () => [...limits].some(([n, l]) => (left.get(n) ?? 0) > l);
  const out: Offer[] = [];
  for (const offer of offers) {
    if (!over()) break;
    if (topLevelRole(offer.role) !== role) continue;
    const part = quotaPart(offer.resources);
    if (![...part].some(([n, v]) => v > 0 && (left.get(n) ?? 0) > (limits.get(n) ?? Infinity))) continue;
    for (const [n, v] of part) left.set(n, (left.get(n) ?? 0) - v);
    out.push(offer);
  }
  return out;
}
