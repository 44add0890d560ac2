/**
 * Refusal filters of optimistic mode (story 14). Mesos semantics (mesos-semantics §2.1): a decline,
 * or the unused part of an accept, with refuse_seconds keeps (framework, role, agent) from being
 * offered a subset of those resources for max(allocation interval, refuse_seconds). The allocator's
 * own filters live on resources it tracks as offered; optimistic offers hold nothing, so they are
 * kept here. Expiry is checked when the next snapshot is taken (every agent is visited on every
 * run, so no timer is needed); revive clears a framework's filters of the revived roles.
 */
import { contains, type Resources } from '../../cluster/resources.ts';

interface Filter {
  readonly resources: Resources;
  readonly expiresAtMs: number;
}

export class OptimisticFilters {
  /** `framework\0role\0agent` → filters. */
  private readonly byKey = new Map<string, Filter[]>();

  add(frameworkId: string, role: string, agentId: string, resources: Resources, expiresAtMs: number): void {
    const key = keyOf(frameworkId, role, agentId);
    const list = this.byKey.get(key);
    if (list) list.push({ resources, expiresAtMs }); else this.byKey.set(key, [{ resources, expiresAtMs }]);
  }

  /** True when an unexpired filter covers `resources`; expired filters are dropped. */
  isFiltered(frameworkId: string, role: string, agentId: string, resources: Resources, nowMs: number): boolean {
    if (this.byKey.size === 0) return false;
    const key = keyOf(frameworkId, role, agentId);
    const list = this.byKey.get(key);
    if (!list) return false;
    const live = list.filter((f) => f.expiresAtMs > nowMs);
    if (live.length === 0) { this.byKey.delete(key); return false; }
    if (live.length !== list.length) this.byKey.set(key, live);
    return live.some((f) => contains(f.resources, resources));
  }

  /** Revive (HA:1797-1837): the framework's filters for these roles go. */
  clear(frameworkId: string, roles: readonly string[]): void {
    for (const key of [...this.byKey.keys()]) {
      const [fw, role] = key.split('\u0000');
      if (fw === frameworkId && roles.includes(role)) this.byKey.delete(key);
    }
  }
}

function keyOf(frameworkId: string, role: string, agentId: string): string {
  return `${frameworkId}\u0000${role}\u0000${agentId}`;
}
