/**
 * One Mesos resource: a named quantity with its reservation stack, revocable/shared markings and,
 * for disk, an optional persistent volume or an indivisible MOUNT source.
 *
 * Scalars are integer milli-units (3-decimal fixed point, like Mesos `Value::Scalar`); ranges
 * (ports) are sorted, coalesced inclusive integer intervals. `key` is everything but the quantity:
 * two entries with the same key merge when added.
 */
export interface Reservation {
  readonly role: string;
  /** Static reservations come from the agent's configuration; dynamic ones from RESERVE operations. */
  readonly dynamic: boolean;
}

export type Range = readonly [number, number];

export interface Resource {
  readonly key: string;
  readonly name: string;
  /** Milli-units for scalars; 0 for ranges. */
  readonly amount: number;
  /** Non-null for range resources (ports). */
  readonly ranges: readonly Range[] | null;
  /** Reservation stack: [] = unreserved ("*"); the last entry is the current owner (refinement). */
  readonly reservations: readonly Reservation[];
  readonly revocable: boolean;
  /** Shared persistent volume: may be offered while in use; `copies` counts concurrent holders. */
  readonly shared: boolean;
  readonly copies: number;
  readonly volume: string | null;
  /** MOUNT disk: indivisible, all or nothing. */
  readonly mount: boolean;
}

export interface ResourceInit {
  name: string;
  amount?: number;
  ranges?: readonly Range[] | null;
  reservations?: readonly Reservation[];
  revocable?: boolean;
  shared?: boolean;
  copies?: number;
  volume?: string | null;
  mount?: boolean;
}

export function resourceKey(r: Omit<ResourceInit, 'amount' | 'ranges' | 'copies'>): string {
  let k = r.name;
  const res = r.reservations ?? [];
  if (res.length > 0) k += '(' + res.map((x) => x.role + (x.dynamic ? '!' : '')).join(',') + ')';
  if (r.revocable || r.shared || r.mount) {
    k += '{' + [r.revocable ? 'revocable' : '', r.shared ? 'shared' : '', r.mount ? 'mount' : ''].filter(Boolean).join(',') + '}';
  }
  if (r.volume) k += '[' + r.volume + ']';
  return k;
}

export function makeResource(init: ResourceInit): Resource {
  const reservations = init.reservations ?? [];
  return {
    key: resourceKey(init),
    name: init.name,
    amount: init.ranges ? 0 : init.amount ?? 0,
    ranges: init.ranges ?? null,
    reservations,
    revocable: init.revocable ?? false,
    shared: init.shared ?? false,
    copies: init.shared ? init.copies ?? 1 : 1,
    volume: init.volume ?? null,
    mount: init.mount ?? false,
  };
}

// Hot path of resource arithmetic: build with the field order of makeResource (one hidden class),
// not with an object spread.
export function withAmount(r: Resource, amount: number): Resource {
  return {
    key: r.key, name: r.name, amount, ranges: r.ranges, reservations: r.reservations, revocable: r.revocable,
    shared: r.shared, copies: r.copies, volume: r.volume, mount: r.mount,
  };
}

export function withRanges(r: Resource, ranges: readonly Range[]): Resource {
  return {
    key: r.key, name: r.name, amount: r.amount, ranges, reservations: r.reservations, revocable: r.revocable,
    shared: r.shared, copies: r.copies, volume: r.volume, mount: r.mount,
  };
}

/** The role that currently owns a reservation, or null for unreserved resources. */
export function reservationRole(r: Resource): string | null {
  const n = r.reservations.length;
  return n === 0 ? null : r.reservations[n - 1].role;
}

export function isScalar(r: Resource): boolean {
  return r.ranges === null;
}

export function isEmptyResource(r: Resource): boolean {
  if (r.ranges !== null) return r.ranges.length === 0;
  return r.amount <= 0;
}

/** True when `role` equals `ancestor` or lies below it in the role tree ("a" is an ancestor of "a/b"). */
export function isRoleOrDescendant(role: string, ancestor: string): boolean {
  return role === ancestor || (role.length > ancestor.length && role.startsWith(ancestor) && role[ancestor.length] === '/');
}
