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

/**
 * One top-level role's quota and consumption tallies. Made once per top-level role and kept (a
 * tracked role holds on to its account, so an offer charges it without a lookup by name).
 */
export interface QuotaAccount {
  readonly role: string;
  /** The role's quota; null when it has none. */
  quota: Quota | null;
  /**
   * The account's row in the ledger's tallies (`QuotaLedger` reservedRows, allocatedRows): reserved
   * scalars on all agents (static and dynamic, allocated or not) and offered or allocated unreserved
   * non-revocable scalars, by name index.
   */
  readonly row: number;
}

export class QuotaLedger {
  readonly quotas = new Map<string, Quota>();
  /**
   * The tallies are vectors indexed by resource name (`names`): an offer updates them with one name
   * lookup per resource instead of two map updates per tally (it runs on every offer with quota).
   */
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  /** top-level role → its account */
  private readonly accounts = new Map<string, QuotaAccount>();
  /** cluster-wide unreserved non-revocable scalars: totals and the offered/allocated part */
  private readonly unreservedTotal: number[] = [];
  private readonly unreservedAllocated: number[] = [];
  /**
   * Every account's tallies, one row of `stride` names per account (row = `QuotaAccount.row`): one
   * array each rather than two per role, so that an offer's charge reads a row of a block that
   * stays in cache instead of the role's own arrays somewhere in the heap.
   */
  private stride = 8;
  private reservedRows: Float64Array = new Float64Array(0);
  private allocatedRows: Float64Array = new Float64Array(0);

  get active(): boolean {
    return this.quotas.size > 0;
  }

  set(role: string, quota: Quota): void {
    if (isDefaultQuota(quota)) this.quotas.delete(role); else this.quotas.set(role, quota);
    this.account(role).quota = isDefaultQuota(quota) ? null : quota;
  }

  get(role: string): Quota {
    return this.quotas.get(role) ?? NO_QUOTA;
  }

  /** The account of the top-level role `role` belongs to (made on first use, then kept). */
  accountOf(role: string): QuotaAccount {
    return this.account(topLevelRole(role));
  }

  /** An agent's total enters (+1) or leaves (−1) the cluster. */
  agentTotal(total: Resources, sign: 1 | -1): void {
    for (const r of total) {
      if (r.ranges !== null || r.revocable) continue;
      const i = this.indexOf(r.name);
      if (r.reservations.length > 0) {
        const owner = r.reservations[r.reservations.length - 1].role;
        const row = this.account(topLevelRole(owner)).row; // first: a new account may replace the arrays
        this.reservedRows[row * this.stride + i] += sign * r.amount;
      } else {
        this.unreservedTotal[i] += sign * r.amount;
      }
    }
  }

  /** Resources offered or allocated to `role` (+1), or returned (−1). */
  allocation(role: string, resources: Resources, sign: 1 | -1): void {
    // Only resources that count find the role's account (reservations alone never make one).
    for (const r of resources) {
      if (r.ranges !== null || r.revocable || r.reservations.length > 0) continue;
      this.charge(this.accountOf(role).row, resources, sign);
      return;
    }
  }

  /** `allocation` for a role whose account's row (`QuotaAccount.row`) the caller holds. */
  charge(row: number, resources: Resources, sign: 1 | -1): void {
    for (const r of resources) {
      if (r.ranges !== null || r.revocable || r.reservations.length > 0) continue;
      const i = this.indexOf(r.name);
      this.allocatedRows[row * this.stride + i] += sign * r.amount;
      this.unreservedAllocated[i] += sign * r.amount;
    }
  }

  /** Does the top-level role (or any subrole) hold any reservation on any agent? */
  hasReservations(topRole: string): boolean {
    const a = this.accounts.get(topRole);
    if (a === undefined) return false;
    for (let i = 0; i < this.names.length; i++) if (this.reservedRows[a.row * this.stride + i] > 0) return true;
    return false;
  }

  /** Forget every allocation tally (before replaying the current allocations). */
  clearAllocations(): void {
    this.allocatedRows.fill(0);
    this.unreservedAllocated.fill(0);
  }

  /** Consumed quota of a top-level role (reservations + offered/allocated unreserved). */
  consumed(role: string): Map<string, number> {
    const out = new Map<string, number>();
    const a = this.accounts.get(role);
    if (a === undefined) return out;
    for (let i = 0; i < this.names.length; i++) {
      const v = this.consumedAt(a, i);
      if (v !== 0) out.set(this.names[i], v);
    }
    return out;
  }

  availableHeadroom(): Map<string, number> {
    const out = new Map<string, number>();
    for (let i = 0; i < this.names.length; i++) out.set(this.names[i], Math.max(0, this.unreservedTotal[i] - this.unreservedAllocated[i]));
    return out;
  }

  /** Σ max(0, guarantee − consumed) over roles with guarantees. */
  requiredHeadroom(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [role, q] of this.quotas) {
      for (const [n, g] of q.guarantees) {
        const need = g - this.consumedOf(role, n);
        if (need > 0) out.set(n, (out.get(n) ?? 0) + need);
      }
    }
    return out;
  }

  /** Unmet guarantee of a top-level role for one resource name (0 when met or not guaranteed). */
  unsatisfiedOf(role: string, name: string): number {
    const g = this.quotas.get(role)?.guarantees.get(name);
    return g === undefined ? 0 : Math.max(0, g - this.consumedOf(role, name));
  }

  /** Guarantee still unmet for a role: max(0, guarantee − consumed), names with a guarantee only. */
  unsatisfied(role: string): Map<string, number> {
    const q = this.quotas.get(role);
    const out = new Map<string, number>();
    if (!q) return out;
    for (const [n, g] of q.guarantees) {
      const need = g - this.consumedOf(role, n);
      if (need > 0) out.set(n, need);
    }
    return out;
  }

  /** What the role may still take under its limits: limit − consumed per limited name (≥ 0). */
  limitRoom(role: string): Map<string, number> | null {
    return this.limitRoomOf(this.accountOf(role));
  }

  /** `limitRoom` for a role whose account the caller holds (null: no limits). */
  limitRoomOf(account: QuotaAccount): Map<string, number> | null {
    const q = account.quota;
    if (q === null || q.limits.size === 0) return null;
    const out = new Map<string, number>();
    for (const [n, l] of q.limits) out.set(n, Math.max(0, l - this.consumedOf(account.role, n)));
    return out;
  }

  /** Consumed quantity of one name by the account's role (its account in hand: no lookup by role). */
  consumedBy(account: QuotaAccount, name: string): number {
    const i = this.knownIndex(name);
    return i < 0 ? 0 : this.consumedAt(account, i);
  }

  /** Consumed quantity of one name by a top-level role. */
  private consumedOf(role: string, name: string): number {
    const i = this.nameIndex.get(name);
    const a = this.accounts.get(role);
    if (i === undefined || a === undefined) return 0;
    return this.consumedAt(a, i);
  }

  private consumedAt(account: QuotaAccount, i: number): number {
    const at = account.row * this.stride + i;
    return this.reservedRows[at] + this.allocatedRows[at];
  }

  /** The tally index of a name the ledger has seen; −1 otherwise. */
  private knownIndex(name: string): number {
    // A cluster has a handful of resource names: a scan of them (names are shared strings,
    // interned-name.ts, so the match is by identity) is cheaper than a map lookup.
    const names = this.names;
    if (names.length <= SCAN_NAMES) {
      for (let k = 0; k < names.length; k++) if (names[k] === name) return k;
      return -1;
    }
    return this.nameIndex.get(name) ?? -1;
  }

  private indexOf(name: string): number {
    // knownIndex's scan written out again: called on every offer, and through knownIndex the quota
    // cycle counted 5.7 M more instructions (bench/count-allocation.sh, session 13).
    const names = this.names;
    if (names.length <= SCAN_NAMES) for (let k = 0; k < names.length; k++) if (names[k] === name) return k;
    let i = this.nameIndex.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.nameIndex.set(name, i);
      this.names.push(name);
      this.unreservedTotal.push(0);
      this.unreservedAllocated.push(0);
      if (this.names.length > this.stride) this.resize(this.reservedRows.length / this.stride, this.stride * 2);
    }
    return i;
  }

  private account(role: string): QuotaAccount {
    let a = this.accounts.get(role);
    if (a === undefined) {
      const row = this.accounts.size; // accounts are never removed
      if ((row + 1) * this.stride > this.reservedRows.length) this.resize(Math.max(64, 2 * row), this.stride);
      a = { role, quota: this.quotas.get(role) ?? null, row };
      this.accounts.set(role, a);
    }
    return a;
  }

  /** Room for `rows` accounts (never fewer than before) of `stride` names each, the tallies kept. */
  private resize(rows: number, stride: number): void {
    const widen = (from: Float64Array): Float64Array => {
      const to = new Float64Array(rows * stride);
      for (let r = 0; r * this.stride < from.length; r++) to.set(from.subarray(r * this.stride, (r + 1) * this.stride), r * stride);
      return to;
    };
    this.reservedRows = widen(this.reservedRows);
    this.allocatedRows = widen(this.allocatedRows);
    this.stride = stride;
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

/** Up to this many names, indexOf scans the list instead of looking the name up. */
const SCAN_NAMES = 8;
