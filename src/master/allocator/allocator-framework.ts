/** The allocator's view of one framework (Mesos HH `Framework`). */
import { compileOfferConstraints, type AgentFilter } from './offer-constraints.ts';
import { FilterTally, FrameworkFilters } from './refusal-filters.ts';
import type { AllocatorFrameworkInfo, FrameworkCapability, MinAllocatable } from './types.ts';

export class AllocatorFramework {
  info!: AllocatorFrameworkInfo;
  /** `info.id`, kept on the framework itself: read on every offer, and `info` is another object in memory. */
  id = '';
  active: boolean;
  readonly suppressed = new Set<string>();
  readonly filters: FrameworkFilters;
  /** Roles this framework is tracked under: subscribed, or still holding resources (§3.1). */
  readonly trackedRoles = new Set<string>();
  private capabilities!: Set<FrameworkCapability>;
  /**
   * Number of agents on which this framework holds offered or allocated resources, per role. The
   * first role's count sits in the framework itself (most frameworks have one role, and an offer
   * then reads no other object); further roles in one flat list of (role, count) pairs (a map lookup
   * per offer costs more; one list is one object to read from memory, not two). The first role
   * keeps its place at count 0 (a cycle returns everything, then offers again) until another role
   * needs it; a role is counted in one place or the other.
   */
  private firstHeldRole: string | null = null;
  private firstHeldCount = 0;
  private readonly held: (string | number)[] = [];

  /** `tally`: the allocator's count of filters over all its frameworks. */
  constructor(info: AllocatorFrameworkInfo, active: boolean, tally: FilterTally = new FilterTally()) {
    this.active = active;
    this.filters = new FrameworkFilters(tally);
    this.update(info);
  }

  /** New roles, capabilities, constraints, overrides, suppressed roles (also the initial state). */
  update(info: AllocatorFrameworkInfo): void {
    this.info = info;
    this.id = info.id;
    this.firstRole = info.roles.length > 0 ? info.roles[0] : null;
    this.singleRole = info.roles.length <= 1;
    this.capabilities = new Set(info.capabilities);
    this.takesShared = this.capabilities.has('SHARED_RESOURCES');
    this.takesRevocable = this.capabilities.has('REVOCABLE_RESOURCES');
    this.takesRefinement = this.capabilities.has('RESERVATION_REFINEMENT');
    this.constraints = compileOfferConstraints(info.offerConstraints ?? {});
    this.hasConstraints = this.constraints.size > 0;
    this.minAllocatable = info.minAllocatable !== undefined && info.minAllocatable.size > 0 ? info.minAllocatable : null;
    this.suppressed.clear();
    for (const r of info.suppressedRoles ?? []) this.suppressed.add(r);
  }

  /** Compiled offer constraints by role (empty = none). */
  constraints = new Map<string, AgentFilter>();
  hasConstraints = false;
  /** Per-role min-allocatable overrides (null = none). */
  private minAllocatable: ReadonlyMap<string, MinAllocatable> | null = null;
  /** Capabilities read on every candidate offer, as flags. */
  takesShared = false;
  takesRevocable = false;
  takesRefinement = false;

  /**
   * Subscribed to `role` (one of `info.roles`). Asked on every return; the first role and whether
   * there are others are kept on the framework itself, so the usual framework with one role answers
   * without reading `info` and its role list, two more objects in memory.
   */
  subscribes(role: string): boolean {
    return role === this.firstRole || (!this.singleRole && this.info.roles.includes(role));
  }

  private firstRole: string | null = null;
  private singleRole = true;

  has(cap: FrameworkCapability): boolean {
    return this.capabilities.has(cap);
  }

  minAllocatableFor(role: string): MinAllocatable | undefined {
    return this.minAllocatable === null ? undefined : this.minAllocatable.get(role);
  }

  /** A (role, agent) pair started holding resources for this framework. */
  holdOn(role: string): void {
    if (this.firstHeldRole === role) { this.firstHeldCount++; return; }
    const i = this.heldAt(role);
    if (i >= 0) (this.held[i + 1] as number)++;
    else if (this.firstHeldCount === 0) { this.firstHeldRole = role; this.firstHeldCount = 1; }
    else this.held.push(role, 1);
  }

  /** A (role, agent) pair no longer holds anything. */
  releaseOn(role: string): void {
    if (this.firstHeldRole === role && this.firstHeldCount > 0) { this.firstHeldCount--; return; }
    const i = this.heldAt(role);
    if (i < 0) return;
    const left = (this.held[i + 1] as number) - 1;
    if (left > 0) this.held[i + 1] = left; else this.held.splice(i, 2);
  }

  holdsRole(role: string): boolean {
    return (this.firstHeldRole === role && this.firstHeldCount > 0) || this.heldAt(role) >= 0;
  }

  private heldAt(role: string): number {
    const held = this.held;
    for (let i = 0; i < held.length; i += 2) if (held[i] === role) return i;
    return -1;
  }
}
