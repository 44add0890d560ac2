/** The allocator's view of one framework (Mesos HH `Framework`). */
import { add, EMPTY, subtract, type Resources } from '../../cluster/resources.ts';
import { FrameworkFilters } from './refusal-filters.ts';
import type { AllocatorFrameworkInfo, FrameworkCapability, MinAllocatable } from './types.ts';

export class AllocatorFramework {
  info: AllocatorFrameworkInfo;
  active: boolean;
  readonly suppressed = new Set<string>();
  readonly filters = new FrameworkFilters();
  /** Roles this framework is tracked under: subscribed, or still holding resources (§3.1). */
  readonly trackedRoles = new Set<string>();
  private capabilities: Set<FrameworkCapability>;
  private readonly held = new Map<string, Resources>();

  constructor(info: AllocatorFrameworkInfo, active: boolean) {
    this.info = info;
    this.active = active;
    this.capabilities = new Set(info.capabilities);
    for (const r of info.suppressedRoles ?? []) this.suppressed.add(r);
  }

  update(info: AllocatorFrameworkInfo): void {
    this.info = info;
    this.capabilities = new Set(info.capabilities);
    this.suppressed.clear();
    for (const r of info.suppressedRoles ?? []) this.suppressed.add(r);
  }

  has(cap: FrameworkCapability): boolean {
    return this.capabilities.has(cap);
  }

  minAllocatableFor(role: string): MinAllocatable | undefined {
    return this.info.minAllocatable?.get(role);
  }

  addHeld(role: string, r: Resources): void {
    this.held.set(role, add(this.held.get(role) ?? EMPTY, r));
  }

  removeHeld(role: string, r: Resources): void {
    const rest = subtract(this.held.get(role) ?? EMPTY, r);
    if (rest.length === 0) this.held.delete(role); else this.held.set(role, rest);
  }

  holdsRole(role: string): boolean {
    return this.held.has(role);
  }

  heldIn(role: string): Resources {
    return this.held.get(role) ?? EMPTY;
  }
}
