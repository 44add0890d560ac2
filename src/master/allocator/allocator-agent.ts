/**
 * The allocator's view of one agent (Mesos HH `Slave`): total resources, what is offered or
 * allocated per framework and role, and the derived `available` = total − offeredOrAllocated
 * (floored at zero: an agent may be over-allocated; shared resources always count as available).
 */
import { add, EMPTY, filter, subtract, type Resources } from '../../cluster/resources.ts';
import type { AllocatorAgentInfo } from './types.ts';

export class AllocatorAgent {
  info: AllocatorAgentInfo;
  total: Resources;
  /** framework → role → offered or allocated resources */
  readonly allocations = new Map<string, Map<string, Resources>>();
  activated = true;
  private allocatedSum: Resources = EMPTY;
  private availableCache: Resources | null = null;

  constructor(info: AllocatorAgentInfo) {
    this.info = info;
    this.total = info.total;
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

  setTotal(total: Resources): void {
    this.total = total;
    this.availableCache = null;
  }

  allocate(frameworkId: string, role: string, resources: Resources): void {
    let byRole = this.allocations.get(frameworkId);
    if (!byRole) this.allocations.set(frameworkId, (byRole = new Map()));
    byRole.set(role, add(byRole.get(role) ?? EMPTY, resources));
    this.allocatedSum = add(this.allocatedSum, resources);
    this.availableCache = null;
  }

  /** Returns what was actually held (never more than the framework had on this agent). */
  unallocate(frameworkId: string, role: string, resources: Resources): Resources {
    const byRole = this.allocations.get(frameworkId);
    const held = byRole?.get(role) ?? EMPTY;
    const remaining = subtract(held, resources);
    const released = subtract(held, remaining);
    if (byRole) {
      if (remaining.length === 0) byRole.delete(role); else byRole.set(role, remaining);
      if (byRole.size === 0) this.allocations.delete(frameworkId);
    }
    this.allocatedSum = subtract(this.allocatedSum, released);
    this.availableCache = null;
    return released;
  }

  holds(frameworkId: string): boolean {
    return this.allocations.has(frameworkId);
  }
}
