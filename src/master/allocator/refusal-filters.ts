/**
 * Refusal ("decline") filters per (framework, role, agent) (mesos-semantics §2.1).
 *
 * A filter suppresses a candidate offer iff the refused resources contain it. Lifetime:
 * refuse_seconds (negative → 5 s, > 365 days → 365 days, exactly 0 → no filter), then
 * max(allocation interval, that), so a filter always survives at least one batch run (MESOS-4302).
 * Expiry runs as its own event, so at equal timestamps the earlier-created timer runs first.
 */
import { contains, type Resources } from '../../cluster/resources.ts';

export const DEFAULT_REFUSE_MS = 5_000;
const MAX_REFUSE_MS = 365 * 86_400_000;

export interface RefusalFilter {
  readonly id: number;
  readonly resources: Resources;
  readonly expiresAtMs: number;
}

/** Effective filter duration in ms, or null when no filter is installed. */
export function effectiveRefuseMs(refuseSeconds: number | undefined, allocationIntervalMs: number): number | null {
  let ms = refuseSeconds === undefined ? DEFAULT_REFUSE_MS : Math.round(refuseSeconds * 1000);
  if (refuseSeconds !== undefined && refuseSeconds < 0) ms = DEFAULT_REFUSE_MS;
  if (ms === 0) return null;
  if (ms > MAX_REFUSE_MS) ms = MAX_REFUSE_MS;
  return Math.max(allocationIntervalMs, ms);
}

/**
 * Filters held by all the frameworks of one allocator. An allocation run reads it once: with none
 * held, no candidate offer looks at its framework's filters (another object in memory per offer).
 */
export class FilterTally {
  count = 0;
}

/** role → agent → filters, for one framework. */
export class FrameworkFilters {
  private readonly byRole = new Map<string, Map<string, RefusalFilter[]>>();
  /** Filters held (read first on every candidate offer: most frameworks hold none). */
  private count = 0;
  private readonly tally: FilterTally;

  constructor(tally: FilterTally = new FilterTally()) {
    this.tally = tally;
  }

  add(role: string, agentId: string, filter: RefusalFilter): void {
    this.count++;
    this.tally.count++;
    let byAgent = this.byRole.get(role);
    if (!byAgent) this.byRole.set(role, (byAgent = new Map()));
    const list = byAgent.get(agentId);
    if (list) list.push(filter); else byAgent.set(agentId, [filter]);
  }

  remove(role: string, agentId: string, id: number): RefusalFilter | undefined {
    const list = this.byRole.get(role)?.get(agentId);
    if (!list) return undefined;
    const at = list.findIndex((f) => f.id === id);
    if (at < 0) return undefined;
    const [f] = list.splice(at, 1);
    this.count--;
    this.tally.count--;
    if (list.length === 0) this.byRole.get(role)!.delete(agentId);
    return f;
  }

  isFiltered(role: string, agentId: string, candidate: Resources): boolean {
    if (this.count === 0) return false;
    const list = this.byRole.get(role)?.get(agentId);
    if (!list) return false;
    for (const f of list) if (contains(f.resources, candidate)) return true;
    return false;
  }

  clearRole(role: string): void {
    this.drop(this.countForRole(role));
    this.byRole.delete(role);
  }

  clearAgent(agentId: string): void {
    for (const byAgent of this.byRole.values()) {
      this.drop(byAgent.get(agentId)?.length ?? 0);
      byAgent.delete(agentId);
    }
  }

  clearAll(): void {
    this.drop(this.count);
    this.byRole.clear();
  }

  private drop(n: number): void {
    this.count -= n;
    this.tally.count -= n;
  }

  countForRole(role: string): number {
    let n = 0;
    for (const list of this.byRole.get(role)?.values() ?? []) n += list.length;
    return n;
  }
}
