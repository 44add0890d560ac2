/**
 * The allocator's view of one agent (Mesos HH `Slave`): total resources, what is offered or
 * allocated per framework and role, and the derived `available` = total − offeredOrAllocated
 * (floored at zero: an agent may be over-allocated; shared resources always count as available).
 */
import { isRoleOrDescendant, reservationRole } from '../../cluster/resource.ts';
import { add, allocatableTo, EMPTY, filter, subtract, type Resources } from '../../cluster/resources.ts';
import type { AllocatorAgentInfo } from './types.ts';

export class AllocatorAgent {
  info!: AllocatorAgentInfo;
  /** `info.id`, kept on the agent itself: read on every offer, and `info` is another object in memory. */
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
   * What is offered or allocated per (framework, role), in the order the holdings began: one flat
   * list of (framework id, role, resources) triples, not nested maps or entry objects, so that
   * making an offer allocates nothing here (an agent holds for a few frameworks; a cycle over 10,000
   * agents made 20,000 maps, then 10,000 short-lived entries for the garbage collector to copy), and
   * one list rather than three parallel ones: an offer reads one list from memory, not three.
   */
  private readonly held: (string | Resources)[] = [EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY];
  /**
   * Used length of `held`. The array has room for two holdings from the start (made together with
   * the agent, so the two sit side by side in memory, one cache line apart rather than anywhere) and
   * never shrinks: popping it to empty would let V8 drop its backing store, to be grown again by the
   * next offer (a cycle returns and re-offers everything).
   */
  private heldEnd = 0;
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
    this.id = info.id;
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
      this.availableCache = subtract(this.total, filter(this.offeredOrAllocated, (r) => !r.shared));
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
      for (let i = 2; i < this.heldEnd; i += 3) sum = add(sum, this.held[i] as Resources);
      this.allocatedSum = sum;
    }
    return this.allocatedSum;
  }

  /** What the framework holds for `role` here (undefined: no holding). */
  heldBy(frameworkId: string, role: string): Resources | undefined {
    const i = this.holdingIndex(frameworkId, role);
    return i < 0 ? undefined : this.held[i + 2] as Resources;
  }

  /** Frameworks holding anything here, each once, sorted. */
  frameworkIds(): string[] {
    const ids = new Set<string>();
    for (let i = 0; i < this.heldEnd; i += 3) ids.add(this.held[i] as string);
    return [...ids].sort();
  }

  /** Returns true when the framework held nothing for `role` on this agent before. */
  allocate(frameworkId: string, role: string, resources: Resources): boolean {
    const i = this.holdingIndex(frameworkId, role);
    if (i < 0) this.append(frameworkId, role, resources);
    else this.held[i + 2] = add(this.held[i + 2] as Resources, resources);
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
    return i < 0;
  }

  /**
   * Returns what was actually held (never more than the framework had on this agent) and whether
   * the framework now holds nothing for `role` here.
   */
  unallocate(frameworkId: string, role: string, resources: Resources): { released: Resources; roleEmptied: boolean } {
    const i = this.holdingIndex(frameworkId, role);
    const held = i < 0 ? EMPTY : this.held[i + 2] as Resources;
    // The usual return is the very offer that was recorded (a whole decline, a rescind): nothing left.
    const remaining = resources === held ? EMPTY : subtract(held, resources);
    const released = remaining.length === 0 ? held : subtract(held, remaining);
    let roleEmptied = false;
    if (i >= 0 && held.length > 0) {
      if (remaining.length === 0) { this.removeHolding(i); roleEmptied = true; } else this.held[i + 2] = remaining;
    }
    // Rebuilt when next read (returns come in bursts between reads, as offers do).
    this.allocatedSum = this.heldEnd === 0 ? EMPTY : null;
    this.availableCache = null;
    return { released, roleEmptied };
  }

  private holdingIndex(frameworkId: string, role: string): number {
    const held = this.held, end = this.heldEnd;
    for (let i = 0; i < end; i += 3) if (held[i] === frameworkId && held[i + 1] === role) return i;
    return -1;
  }

  private append(frameworkId: string, role: string, resources: Resources): void {
    const held = this.held, end = this.heldEnd;
    if (end === held.length) held.push(frameworkId, role, resources);
    else { held[end] = frameworkId; held[end + 1] = role; held[end + 2] = resources; }
    this.heldEnd = end + 3;
  }

  /** Remove the holding at i, keeping the order of the rest (the array keeps its capacity). */
  private removeHolding(i: number): void {
    const held = this.held, end = this.heldEnd;
    for (let k = i + 3; k < end; k++) held[k - 3] = held[k];
    for (let k = end - 3; k < end; k++) held[k] = EMPTY; // drop the references, keep the slots
    this.heldEnd = end - 3;
  }

  /** The holdings as entries (a copy: for bookkeeping outside allocation runs). */
  get holdings(): Holding[] {
    const out: Holding[] = [];
    for (let i = 0; i < this.heldEnd; i += 3) out.push({ frameworkId: this.held[i] as string, role: this.held[i + 1] as string, resources: this.held[i + 2] as Resources });
    return out;
  }

  holds(frameworkId: string): boolean {
    for (let i = 0; i < this.heldEnd; i += 3) if (this.held[i] === frameworkId) return true;
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

/**
 * available − offered when the offer is made of whole entries of `available` (the same objects: the
 * usual coarse-grained offer, or its reserved or unreserved part); null (recompute) otherwise.
 * Shared entries stay available while offered (§3.6), so an offer holding one is recomputed.
 */
function withoutEntries(available: Resources, offered: Resources): Resources | null {
  if (offered === available) return offered.some((r) => r.shared) ? null : EMPTY;
  let found = 0;
  for (const r of offered) {
    if (r.shared || !available.includes(r)) return null;
    found++;
  }
  return found === 0 ? available : available.filter((r) => !offered.includes(r));
}
