/**
 * Quota (mesos-semantics §3.3–3.4): guarantees and limits per top-level role, and the ledger the
 * allocator keeps to enforce them.
 *
 * - A quota is guarantees (absent name = 0) plus limits (absent name = unlimited), scalars only.
 * - consumed(role) = every reservation of the role and its subroles (allocated or not) + the
 *   unreserved, non-revocable scalars offered or allocated to the role and its subroles
 *   (HH:165-169, HA:2024-2044). Revocable resources never count.
 * - available headroom = unreserved non-revocable scalars that are neither offered nor allocated
 *   (HA:2063-2094), i.e. unreserved non-revocable totals − unreserved non-revocable allocations.
 * - required headroom = Σ over quota roles of max(0, guarantee − consumed) (HA:2046-2061).
 *
 * The ledger is updated incrementally by the allocator (agent totals in and out, offers and
 * allocations in and out), so reading any of these is O(names), never a walk over agents.
 */
import type { Resources } from '../../cluster/resources.ts';

/** Scalar quantities in milli-units by resource name. */
export type Quantities = ReadonlyMap<string, number>;

export interface Quota {
  readonly guarantees: Quantities;
  readonly limits: Quantities;
}

export const NO_QUOTA: Quota = { guarantees: new Map(), limits: new Map() };

export function isDefaultQuota(q: Quota): boolean {
  return q.guarantees.size === 0 && q.limits.size === 0;
}

/** The top-level role a role's consumption is charged to ("eng/ml" → "eng"). */
export function topLevelRole(role: string): string {
  const i = role.indexOf('/');
  return i < 0 ? role : role.slice(0, i);
}

export class QuotaLedger {
  readonly quotas = new Map<string, Quota>();
  /** top-level role → reserved scalars on all agents (static and dynamic, allocated or not) */
  private readonly reserved = new Map<string, Map<string, number>>();
  /** top-level role → offered or allocated unreserved non-revocable scalars */
  private readonly allocated = new Map<string, Map<string, number>>();
  /** cluster-wide unreserved non-revocable scalars: totals and the offered/allocated part */
  private readonly unreservedTotal = new Map<string, number>();
  private readonly unreservedAllocated = new Map<string, number>();

  get active(): boolean {
    return this.quotas.size > 0;
  }

  set(role: string, quota: Quota): void {
    if (isDefaultQuota(quota)) this.quotas.delete(role); else this.quotas.set(role, quota);
  }

  get(role: string): Quota {
    return this.quotas.get(role) ?? NO_QUOTA;
  }

  /** An agent's total enters (+1) or leaves (−1) the cluster. */
  agentTotal(total: Resources, sign: 1 | -1): void {
    for (const r of total) {
      if (r.ranges !== null || r.revocable) continue;
      if (r.reservations.length > 0) {
        const owner = r.reservations[r.reservations.length - 1].role;
        bump(nested(this.reserved, topLevelRole(owner)), r.name, sign * r.amount);
      } else {
        bump(this.unreservedTotal, r.name, sign * r.amount);
      }
    }
  }

  /** Resources offered or allocated to `role` (+1), or returned (−1). */
  allocation(role: string, resources: Resources, sign: 1 | -1): void {
    let byName: Map<string, number> | null = null;
    for (const r of resources) {
      if (r.ranges !== null || r.revocable || r.reservations.length > 0) continue;
      byName ??= nested(this.allocated, topLevelRole(role));
      bump(byName, r.name, sign * r.amount);
      bump(this.unreservedAllocated, r.name, sign * r.amount);
    }
  }

  /** Does the top-level role (or any subrole) hold any reservation on any agent? */
  hasReservations(topRole: string): boolean {
    const m = this.reserved.get(topRole);
    if (!m) return false;
    for (const v of m.values()) if (v > 0) return true;
    return false;
  }

  /** Forget every allocation tally (before replaying the current allocations). */
  clearAllocations(): void {
    this.allocated.clear();
    this.unreservedAllocated.clear();
  }

  /** Consumed quota of a top-level role (reservations + offered/allocated unreserved). */
  consumed(role: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const src of [this.reserved.get(role), this.allocated.get(role)]) {
      if (src) for (const [n, v] of src) if (v !== 0) out.set(n, (out.get(n) ?? 0) + v);
    }
    return out;
  }

  availableHeadroom(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [n, v] of this.unreservedTotal) out.set(n, Math.max(0, v - (this.unreservedAllocated.get(n) ?? 0)));
    return out;
  }

  /** Σ max(0, guarantee − consumed) over roles with guarantees. */
  requiredHeadroom(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [role, q] of this.quotas) {
      if (q.guarantees.size === 0) continue;
      const consumed = this.consumed(role);
      for (const [n, g] of q.guarantees) {
        const need = g - (consumed.get(n) ?? 0);
        if (need > 0) out.set(n, (out.get(n) ?? 0) + need);
      }
    }
    return out;
  }

  /** Unmet guarantee of a top-level role for one resource name (0 when met or not guaranteed). */
  unsatisfiedOf(role: string, name: string): number {
    const g = this.quotas.get(role)?.guarantees.get(name);
    if (g === undefined) return 0;
    const consumed = (this.reserved.get(role)?.get(name) ?? 0) + (this.allocated.get(role)?.get(name) ?? 0);
    return Math.max(0, g - consumed);
  }

  /** Guarantee still unmet for a role: max(0, guarantee − consumed), names with a guarantee only. */
  unsatisfied(role: string): Map<string, number> {
    const q = this.quotas.get(role);
    const out = new Map<string, number>();
    if (!q) return out;
    const consumed = this.consumed(role);
    for (const [n, g] of q.guarantees) {
      const need = g - (consumed.get(n) ?? 0);
      if (need > 0) out.set(n, need);
    }
    return out;
  }

  /** What the role may still take under its limits: limit − consumed per limited name (≥ 0). */
  limitRoom(role: string): Map<string, number> | null {
    const q = this.quotas.get(topLevelRole(role));
    if (!q || q.limits.size === 0) return null;
    const consumed = this.consumed(topLevelRole(role));
    const out = new Map<string, number>();
    for (const [n, l] of q.limits) out.set(n, Math.max(0, l - (consumed.get(n) ?? 0)));
    return out;
  }
}

/** a − b per name of a, floored at 0 (ResourceQuantities subtraction). */
export function minusQuantities(a: Quantities, b: Quantities): Map<string, number> {
  const out = new Map<string, number>();
  for (const [n, v] of a) out.set(n, Math.max(0, v - (b.get(n) ?? 0)));
  return out;
}

export function isZeroQuantities(q: Quantities): boolean {
  for (const v of q.values()) if (v > 0) return false;
  return true;
}

function nested(m: Map<string, Map<string, number>>, key: string): Map<string, number> {
  let v = m.get(key);
  if (!v) m.set(key, (v = new Map()));
  return v;
}

function bump(m: Map<string, number>, name: string, delta: number): void {
  m.set(name, (m.get(name) ?? 0) + delta);
}
