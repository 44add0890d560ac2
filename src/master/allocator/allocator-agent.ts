/**
 * The allocator's view of one agent (Mesos HH `Slave`): total resources, what is offered or
 * allocated per framework and role, and the derived `available` = total − offeredOrAllocated
 * (floored at zero: an agent may be over-allocated; shared resources always count as available).
 */
import { add, EMPTY, filter, subtract, type Resources } from '../../cluster/resources.ts';
import type { AllocatorAgentInfo } from './types.ts';

export class AllocatorAgent {
  info!: AllocatorAgentInfo;
  total!: Resources;
  /** Derived from `info` (read on every candidate offer, so kept as flags). */
  hasGpus = false;
  multiRoleCapable = false;
  hierarchicalRoleCapable = false;
  /** The total holds shared resources (persistent volumes offered while in use, §3.6). */
  hasShared = false;
  /** The total holds reserved resources (so what a role may use depends on the role, §3.1). */
  hasReserved = false;
  /** framework → role → offered or allocated resources */
  readonly allocations = new Map<string, Map<string, Resources>>();
  activated = true;
  /** Allocation run in which this agent was last chosen as a candidate. */
  candidateInRun = -1;
  private allocatedSum: Resources = EMPTY;
  private availableCache: Resources | null = null;

  constructor(info: AllocatorAgentInfo) {
    this.update(info);
  }

  update(info: AllocatorAgentInfo): void {
    this.info = info;
    if (this.total !== info.total) this.availableCache = null;
    this.total = info.total;
    this.hasGpus = info.total.some((r) => r.name === 'gpus' && r.amount > 0);
    this.multiRoleCapable = info.capabilities.includes('MULTI_ROLE');
    this.hierarchicalRoleCapable = info.capabilities.includes('HIERARCHICAL_ROLE');
    this.hasShared = info.total.some((r) => r.shared);
    this.hasReserved = info.total.some((r) => r.reservations.length > 0);
  }

  get available(): Resources {
    if (this.availableCache === null) {
      this.availableCache = subtract(this.total, filter(this.allocatedSum, (r) => !r.shared));
    }
    return this.availableCache;
  }

  get offeredOrAllocated(): Resources {
    return this.allocatedSum;
  }

  /** Returns true when the framework held nothing for `role` on this agent before. */
  allocate(frameworkId: string, role: string, resources: Resources): boolean {
    let byRole = this.allocations.get(frameworkId);
    if (!byRole) this.allocations.set(frameworkId, (byRole = new Map()));
    const before = byRole.get(role);
    byRole.set(role, before === undefined ? resources : add(before, resources));
    // Offering everything that was available (the usual coarse-grained offer) leaves nothing,
    // unless some of it is shared (shared volumes stay available, §3.6).
    const wasAll = resources === this.availableCache && !resources.some((r) => r.shared);
    this.allocatedSum = add(this.allocatedSum, resources);
    this.availableCache = wasAll ? EMPTY : null;
    return before === undefined;
  }

  /**
   * Returns what was actually held (never more than the framework had on this agent) and whether
   * the framework now holds nothing for `role` here.
   */
  unallocate(frameworkId: string, role: string, resources: Resources): { released: Resources; roleEmptied: boolean } {
    const byRole = this.allocations.get(frameworkId);
    const held = byRole?.get(role) ?? EMPTY;
    const remaining = subtract(held, resources);
    const released = remaining.length === 0 ? held : subtract(held, remaining);
    let roleEmptied = false;
    if (byRole && held.length > 0) {
      if (remaining.length === 0) { byRole.delete(role); roleEmptied = true; } else byRole.set(role, remaining);
      if (byRole.size === 0) this.allocations.delete(frameworkId);
    }
    this.allocatedSum = this.allocations.size === 0 ? EMPTY : subtract(this.allocatedSum, released);
    this.availableCache = null;
    return { released, roleEmptied };
  }

  holds(frameworkId: string): boolean {
    return this.allocations.has(frameworkId);
  }
}
