/**
 * Resource conversions of the Mesos offer operations and operator endpoints (mesos-semantics §3.5,
 * §3.6): RESERVE, UNRESERVE, CREATE (persistent volume), DESTROY.
 *
 * Each operation names the resources as they are *after* RESERVE/CREATE, or *before*
 * UNRESERVE/DESTROY, in the resource text syntax:
 *   reserve   cpus(eng){dynamic}:2          takes cpus:2 (or, refined, cpus(eng-parent):2)
 *   unreserve cpus(eng){dynamic}:2          gives back cpus:2 (a refinement returns to the previous owner)
 *   create    disk(db){dynamic}[vol-1]:512  takes disk(db){dynamic}:512
 *   destroy   disk(db){dynamic}[vol-1]:512  gives back disk(db){dynamic}:512
 * A conversion is "consume these, produce those"; applying it to a set that does not contain what
 * it consumes is an error (the offer or the agent does not hold them).
 */
import { makeResource, type Resource } from './resource.ts';
import { add, contains, resources, subtract, type Resources } from './resources.ts';

export const OPERATION_KINDS = ['reserve', 'unreserve', 'create', 'destroy'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

export interface Operation {
  readonly kind: OperationKind;
  readonly resources: Resources;
}

export interface Conversion {
  readonly consumed: Resources;
  readonly converted: Resources;
}

/** The conversion an operation performs, or a message saying why it is malformed. */
export function conversionOf(op: Operation): Conversion | string {
  if (op.resources.length === 0) return `${op.kind} names no resources (a zero amount is none)`;
  const before: Resource[] = [];
  for (const r of op.resources) {
    // mesos-semantics §4: revocable resources cannot be reserved, nor back a volume
    if (r.revocable) return `${op.kind} cannot apply to revocable resources`;
    const last = r.reservations[r.reservations.length - 1];
    switch (op.kind) {
      case 'reserve':
      case 'unreserve':
        if (last === undefined || !last.dynamic) return `${op.kind} needs dynamically reserved resources, e.g. cpus(role){dynamic}:1`;
        if (last.role === '*') return `${op.kind}: role * cannot hold dynamic reservations`; // §3.5: Mesos refuses a reservation for *
        if (r.volume !== null) return `${op.kind} cannot apply to a persistent volume (destroy it first)`;
        before.push(rebuild(r, { reservations: r.reservations.slice(0, -1) }));
        break;
      case 'create':
      case 'destroy':
        if (r.name !== 'disk' || r.volume === null) return `${op.kind} needs persistent volumes, e.g. disk(role){dynamic}[vol-1]:512`;
        if (last === undefined) return 'persistent volumes are made from reserved disk';
        before.push(rebuild(r, { volume: null, shared: false }));
        break;
    }
  }
  const plain = resources(before);
  return op.kind === 'reserve' || op.kind === 'create'
    ? { consumed: plain, converted: op.resources }
    : { consumed: op.resources, converted: plain };
}

/** `rs` with the conversion applied, or null when `rs` does not hold what it consumes. */
export function applyConversion(rs: Resources, c: Conversion): Resources | null {
  if (!contains(rs, c.consumed)) return null;
  return add(subtract(rs, c.consumed), c.converted);
}

function rebuild(r: Resource, change: Partial<Pick<Resource, 'reservations' | 'volume' | 'shared'>>): Resource {
  return makeResource({
    name: r.name, amount: r.amount, ranges: r.ranges, revocable: r.revocable, mount: r.mount,
    reservations: change.reservations ?? r.reservations,
    volume: change.volume !== undefined ? change.volume : r.volume,
    shared: change.shared ?? r.shared,
    copies: r.copies,
  });
}
