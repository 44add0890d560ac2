/**
 * The allocator's view of one tracked role (Mesos HH tracks a role while a framework is subscribed
 * to it or holds resources allocated to it, §3.1): the role's framework sorter, the frameworks
 * tracked under it, and the quota account its consumption is charged to (its top-level role's,
 * §3.4). One record per role, so that an offer made to the role reaches all three with the one
 * lookup by name that finds the role.
 */
import type { Sorter } from '../sorter/sorter.ts';
import type { AllocatorFramework } from './allocator-framework.ts';
import type { QuotaAccount } from './quota.ts';

export class AllocatorRole {
  readonly name: string;
  readonly frameworkSorter: Sorter;
  /** Frameworks tracked under the role, by id. */
  readonly frameworks = new Map<string, AllocatorFramework>();
  readonly quota: QuotaAccount;
  /** `quota.row`, kept here too: an offer charges it without reading the account. */
  readonly quotaRow: number;
  /**
   * No framework is active for the role (all suppressed or deactivated): the role is parked in
   * the role sorter (HierarchicalAllocator.syncRoleActivity).
   */
  idle = false;
  /** The stage-2 walk that last visited the role's frameworks (fair-share-stage.ts: each role once per agent). */
  walkStamp = -1;
  /**
   * The first of them (null when none): most roles have one framework, and a walk finds it here
   * without reading the map, which is another object in memory.
   */
  private first: AllocatorFramework | null = null;

  constructor(name: string, frameworkSorter: Sorter, quota: QuotaAccount) {
    this.name = name;
    this.frameworkSorter = frameworkSorter;
    this.quota = quota;
    this.quotaRow = quota.row;
  }

  track(fw: AllocatorFramework): void {
    this.frameworks.set(fw.id, fw);
    this.first ??= fw;
  }

  untrack(fw: AllocatorFramework): void {
    this.frameworks.delete(fw.id);
    if (this.first === fw) this.first = this.frameworks.size > 0 ? this.frameworks.values().next().value! : null;
  }

  /** A framework tracked under the role, by id. */
  framework(id: string): AllocatorFramework | undefined {
    const first = this.first;
    return first !== null && first.id === id ? first : this.frameworks.get(id);
  }
}
