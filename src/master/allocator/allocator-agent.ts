/**
 * The allocator's view of one agent (Mesos HH `Slave`): total resources, what is offered or
 * allocated per framework and role, and the derived `available` = total − offeredOrAllocated
 * (floored at zero: an agent may be over-allocated; shared resources always count as available).
 */
import { internedName } from '../../cluster/interned-name.ts';
import { isRoleOrDescendant, reservationRole, type Resource } from '../../cluster/resource.ts';
import { add, allocatableTo, EMPTY, filter, subtract, type Resources } from '../../cluster/resources.ts';
import type { AllocatorAgentInfo } from './types.ts';

export class AllocatorAgent {
  info!: AllocatorAgentInfo;
  /** `info.id` (interned), kept on the agent itself: read on every offer, and `info` is another object in memory. */
  id = '';
  total!: Resources;
  /** Derived from `info` (read on every candidate offer, so kept as flags). */
  hasGpus = false;
  multiRoleCapable = false;
  hierarchicalRoleCapable = false;
  /** The total holds shared resources (persistent volumes offered while in use, §3.6). */
  hasShared = false;
  /** The total holds reserved resources (so what a role may use depends on the role, §3.1). */
  hasReserved = false;
  /**
   * The total holds entries some frameworks cannot take (shared, revocable, or a refined
   * reservation), so an offer here may need stripping; without any, none does (what is available
   * is always part of the total).
   */
  strippable = false;
  /**
   * What is offered or allocated per (framework, role), in the order the holdings began, as
   * (framework id, role, resources) triples. The first two are fields of the agent itself: an offer
   * reads and writes them in the object the walk has just read, not in an array elsewhere in memory
   * (a cycle touches 10,000 agents in shuffled order, and the array was a cache miss of its own on
   * every offer and every return). An agent rarely holds for more than two; the rest go to `more`.
   */
  private f0 = '';
  private r0 = '';
  private x0: Resources = EMPTY;
  private f1 = '';
  private r1 = '';
  private x1: Resources = EMPTY;
  /** Holdings 2, 3, …: flat triples; null until an agent first holds three. */
  private more: (string | Resources)[] | null = null;
  /** How many holdings there are. */
  private heldCount = 0;
  activated = true;
  /** Changed since the allocator last visited it (resources returned, filter expired, updated). */
  dirty = false;
  /** Allocation run in which this agent was last chosen as a candidate. */
  candidateInRun = -1;
  /** Allocation run in which the quota stage last offered on this agent (stage 2 offers there may merge). */
  quotaStageRun = -1;
  /** Σ allocations, or null until next needed (recomputed from `allocations`). */
  private allocatedSum: Resources | null = EMPTY;
  private availableCache: Resources | null = null;

  constructor(info: AllocatorAgentInfo) {
    this.update(info);
  }

  update(info: AllocatorAgentInfo): void {
    this.info = info;
    if (this.id !== info.id) this.id = internedName(info.id); // offers carry it, and returns look the agent up by it
    if (this.total !== info.total) this.availableCache = null;
    this.total = info.total;
    this.hasGpus = info.total.some((r) => r.name === 'gpus' && r.amount > 0);
    this.multiRoleCapable = info.capabilities.includes('MULTI_ROLE');
    this.hierarchicalRoleCapable = info.capabilities.includes('HIERARCHICAL_ROLE');
    this.hasShared = info.total.some((r) => r.shared);
    this.hasReserved = info.total.some((r) => r.reservations.length > 0);
    this.strippable = info.total.some((r) => r.shared || r.revocable || r.reservations.length > 1);
    if (this.hasReserved) this.splitTotal = splitOfTotal(info.total);
  }

  get available(): Resources {
    if (this.availableCache === null) {
      const held = this.offeredOrAllocated;
      this.availableCache = held.length === 0 ? this.total : subtract(this.total, filter(held, isNotShared));
    }
    return this.availableCache;
  }

  /**
   * What `role` may use of `available` (unreserved, or reserved to the role or an ancestor, §3.1).
   * Read for every role visited on the agent, so the reserved/unreserved split of `available` is
   * kept until `available` changes.
   */
  availableTo(role: string): Resources {
    const available = this.available;
    if (!this.hasReserved) return available;
    const owners = this.reservationOwnersOf(available);
    // One owner, and the role may use its reservations: all of `available` (what allocatableTo returns).
    for (const owner of owners) if (isRoleOrDescendant(role, owner)) return owners.length === 1 ? available : allocatableTo(available, role);
    return this.unreservedPart;
  }

  /** Something is left and all of it is reserved (only the owners' subtrees can take it). */
  get onlyReserved(): boolean {
    const available = this.available;
    if (!this.hasReserved || available.length === 0) return false;
    this.reservationOwnersOf(available); // refreshes the split
    return this.unreservedPart.length === 0;
  }

  /** Distinct roles the reserved part of `available` belongs to, sorted. */
  get reservationOwners(): readonly string[] {
    return this.hasReserved ? this.reservationOwnersOf(this.available) : [];
  }

  private reservationOwnersOf(available: Resources): readonly string[] {
    if (this.splitOf !== available) {
      // Nothing offered or allocated: the split of the total, made when the total was set.
      const { owners, unreserved } = available === this.total ? this.splitTotal : split(available);
      this.owners = owners;
      this.unreservedPart = unreserved;
      this.splitOf = available;
    }
    return this.owners;
  }

  private splitOf: Resources | null = null;
  private owners: readonly string[] = [];
  private unreservedPart: Resources = EMPTY;
  private splitTotal: ReservationSplit = { owners: [], unreserved: EMPTY, reserved: EMPTY };

  get offeredOrAllocated(): Resources {
    if (this.allocatedSum === null) {
      let sum: Resources = EMPTY;
      for (let k = 0; k < this.heldCount; k++) sum = add(sum, this.resourcesAt(k));
      this.allocatedSum = sum;
    }
    return this.allocatedSum;
  }

  /** What the framework holds for `role` here (undefined: no holding). */
  heldBy(frameworkId: string, role: string): Resources | undefined {
    const k = this.holdingIndex(frameworkId, role);
    return k < 0 ? undefined : this.resourcesAt(k);
  }

  /** Frameworks holding anything here, each once, sorted. */
  frameworkIds(): string[] {
    const ids = new Set<string>();
    for (let k = 0; k < this.heldCount; k++) ids.add(this.frameworkAt(k));
    return [...ids].sort();
  }

  /** Returns true when the framework held nothing for `role` on this agent before. */
  allocate(frameworkId: string, role: string, resources: Resources): boolean {
    const k = this.holdingIndex(frameworkId, role);
    if (k < 0) this.append(frameworkId, role, resources);
    else this.setResourcesAt(k, add(this.resourcesAt(k), resources));
    const before = this.availableCache;
    // The unreserved part of an untouched total offered: the rest is the total's reserved part.
    this.availableCache = before === null ? null
      : before === this.total && this.hasReserved && !this.hasShared && resources === this.splitTotal.unreserved ? this.splitTotal.reserved
        : withoutEntries(before, resources);
    // The unreserved part of a split `available` was offered: what is left is the reserved part,
    // owned by the same roles (the next role visited asks for that split at once).
    if (before !== null && this.availableCache !== null && this.splitOf === before && resources === this.unreservedPart) {
      this.splitOf = this.availableCache;
      this.unreservedPart = EMPTY;
    }
    // The sum is rebuilt lazily: offers are made far more often than it is read.
    this.allocatedSum = this.allocatedSum !== null && this.allocatedSum.length === 0 ? resources : null;
    return k < 0;
  }

  /**
   * Returns what was actually held (never more than the framework had on this agent) and whether
   * the framework now holds nothing for `role` here.
   */
  unallocate(frameworkId: string, role: string, resources: Resources): { released: Resources; roleEmptied: boolean } {
    const k = this.holdingIndex(frameworkId, role);
    const held = k < 0 ? EMPTY : this.resourcesAt(k);
    // The usual return is the very offer that was recorded (a whole decline, a rescind): nothing left.
    const remaining = resources === held ? EMPTY : subtract(held, resources);
    const released = remaining.length === 0 ? held : subtract(held, remaining);
    let roleEmptied = false;
    if (k >= 0 && held.length > 0) {
      if (remaining.length === 0) { this.removeHolding(k); roleEmptied = true; } else this.setResourcesAt(k, remaining);
    }
    // Rebuilt when next read (returns come in bursts between reads, as offers do).
    this.allocatedSum = this.heldCount === 0 ? EMPTY : null;
    this.availableCache = null;
    return { released, roleEmptied };
  }

  private holdingIndex(frameworkId: string, role: string): number {
    const n = this.heldCount;
    if (n === 0) return -1;
    if (this.f0 === frameworkId && this.r0 === role) return 0;
    if (n === 1) return -1;
    if (this.f1 === frameworkId && this.r1 === role) return 1;
    const more = this.more;
    if (more !== null) for (let i = 0; i < (n - 2) * 3; i += 3) if (more[i] === frameworkId && more[i + 1] === role) return 2 + i / 3;
    return -1;
  }

  private frameworkAt(k: number): string {
    return k === 0 ? this.f0 : k === 1 ? this.f1 : this.more![(k - 2) * 3] as string;
  }

  private roleAt(k: number): string {
    return k === 0 ? this.r0 : k === 1 ? this.r1 : this.more![(k - 2) * 3 + 1] as string;
  }

  private resourcesAt(k: number): Resources {
    return k === 0 ? this.x0 : k === 1 ? this.x1 : this.more![(k - 2) * 3 + 2] as Resources;
  }

  private setResourcesAt(k: number, resources: Resources): void {
    if (k === 0) this.x0 = resources; else if (k === 1) this.x1 = resources; else this.more![(k - 2) * 3 + 2] = resources;
  }

  private setHolding(k: number, frameworkId: string, role: string, resources: Resources): void {
    if (k === 0) { this.f0 = frameworkId; this.r0 = role; this.x0 = resources; return; }
    if (k === 1) { this.f1 = frameworkId; this.r1 = role; this.x1 = resources; return; }
    const more = (this.more ??= []), i = (k - 2) * 3;
    if (i === more.length) more.push(frameworkId, role, resources);
    else { more[i] = frameworkId; more[i + 1] = role; more[i + 2] = resources; }
  }

  private append(frameworkId: string, role: string, resources: Resources): void {
    this.setHolding(this.heldCount++, frameworkId, role, resources);
  }

  /** Remove holding k, keeping the order of the rest. */
  private removeHolding(k: number): void {
    const n = this.heldCount;
    for (let j = k; j < n - 1; j++) this.setHolding(j, this.frameworkAt(j + 1), this.roleAt(j + 1), this.resourcesAt(j + 1));
    this.setHolding(n - 1, '', '', EMPTY); // drop the references
    if (n - 1 === 2) this.more = null;
    this.heldCount = n - 1;
  }

  /** The holdings as entries (a copy: for bookkeeping outside allocation runs). */
  get holdings(): Holding[] {
    const out: Holding[] = [];
    for (let k = 0; k < this.heldCount; k++) out.push({ frameworkId: this.frameworkAt(k), role: this.roleAt(k), resources: this.resourcesAt(k) });
    return out;
  }

  holds(frameworkId: string): boolean {
    for (let k = 0; k < this.heldCount; k++) if (this.frameworkAt(k) === frameworkId) return true;
    return false;
  }
}

/** Resources offered or allocated to one framework for one role on an agent. */
export interface Holding {
  readonly frameworkId: string;
  readonly role: string;
  readonly resources: Resources;
}

interface ReservationSplit {
  /** Distinct roles owning reserved entries, sorted. */
  readonly owners: readonly string[];
  /** The unreserved entries. */
  readonly unreserved: Resources;
  /** The reserved entries. */
  readonly reserved: Resources;
}

/**
 * The split of an agent total, made once per total: agents built from the same text share one total
 * (parsing is memoized, resource-text.ts) and so share one split, whose arrays then stay in cache
 * while thousands of agents are walked.
 */
const totalSplits = new WeakMap<Resources, ReservationSplit>();

function splitOfTotal(total: Resources): ReservationSplit {
  let s = totalSplits.get(total);
  if (s === undefined) totalSplits.set(total, (s = split(total)));
  return s;
}

function split(rs: Resources): ReservationSplit {
  const owners: string[] = [];
  for (const r of rs) {
    const owner = reservationRole(r);
    if (owner !== null && !owners.includes(owner)) owners.push(owner);
  }
  return {
    owners: owners.length > 1 ? owners.sort() : owners,
    unreserved: owners.length === 0 ? rs : rs.filter((r) => r.reservations.length === 0),
    reserved: owners.length === 0 ? EMPTY : rs.filter((r) => r.reservations.length > 0),
  };
}

// Predicates made once: as inline arrows each call would make a new function object (an offer,
// and every agent's `available` after returns, allocated one each).
const isShared = (r: Resource): boolean => r.shared;
const isNotShared = (r: Resource): boolean => !r.shared;

/**
 * available − offered when the offer is made of whole entries of `available` (the same objects: the
 * usual coarse-grained offer, or its reserved or unreserved part); null (recompute) otherwise.
 * Shared entries stay available while offered (§3.6), so an offer holding one is recomputed.
 */
function withoutEntries(available: Resources, offered: Resources): Resources | null {
  if (offered === available) return offered.some(isShared) ? null : EMPTY;
  let found = 0;
  for (const r of offered) {
    if (r.shared || !available.includes(r)) return null;
    found++;
  }
  return found === 0 ? available : available.filter((r) => !offered.includes(r));
}
