/**
 * The allocator's side of maintenance (mesos-semantics §5.2; HA:1462-1589, 2544-2631; HH:457-462):
 * per agent, its unavailability, the frameworks with an outstanding inverse offer, and the last
 * response (ACCEPT/DECLINE + time) of each framework; per framework, inverse-offer filters by agent.
 *
 * After every allocation run, for each candidate agent with an unavailability: one inverse offer to
 * every framework that has resources **offered or allocated** on the agent, is active, has no
 * outstanding inverse offer there and is not inverse-filtered for it. Frameworks that hold nothing
 * on the agent (e.g. declined everything) get none. Deactivated agents are skipped (the master
 * drops inverse offers for inactive agents, MC:9617-9668).
 *
 * Kept apart from hierarchical.ts: it reads the allocator's agents and frameworks and is rebuilt
 * with the allocator on master failover (statuses are not persisted, HH:457-462).
 */
import type { Unavailability } from '../scheduler.ts';
import type { HierarchicalAllocator } from './hierarchical.ts';

export type InverseOfferStatus = 'ACCEPT' | 'DECLINE';

export interface InverseOfferDecision {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly unavailability: Unavailability;
}

interface AgentMaintenance {
  unavailability: Unavailability;
  readonly outstanding: Set<string>;
  readonly statuses: Map<string, { status: InverseOfferStatus; atMs: number }>;
}

/** Inverse-offer filter lifetime: refuse_seconds (default 5 s; <0 → 5 s; 0 → none; cap 365 d; no interval floor). */
export function inverseFilterMs(refuseSeconds: number | undefined): number | null {
  const s = refuseSeconds === undefined || refuseSeconds < 0 ? 5 : Math.min(refuseSeconds, 365 * 86400);
  return s === 0 ? null : Math.round(s * 1000);
}

export class InverseOfferAllocator {
  private readonly allocator: HierarchicalAllocator;
  private readonly now: () => number;
  private readonly maintenance = new Map<string, AgentMaintenance>();
  /** framework → agent → filter expiry (ms) */
  private readonly filters = new Map<string, Map<string, number>>();

  constructor(allocator: HierarchicalAllocator, now: () => number) {
    this.allocator = allocator;
    this.now = now;
  }

  /**
   * updateUnavailability (HA:1462-1491): clears every inverse-offer filter for the agent, resets its
   * maintenance state (recorded responses too) and requests a run on the agent. null = removed.
   */
  updateUnavailability(agentId: string, u: Unavailability | null): void {
    for (const f of this.filters.values()) f.delete(agentId);
    if (u === null) this.maintenance.delete(agentId);
    else this.maintenance.set(agentId, { unavailability: u, outstanding: new Set(), statuses: new Map() });
    if (this.allocator.agents.has(agentId)) this.allocator.requestAllocation([agentId]);
  }

  /**
   * removeSlave (§6.2; HA:1068-1109): the agent's maintenance state (outstanding flags, statuses)
   * and every inverse-offer filter for it go with it. A later addSlave gets the machine's current
   * unavailability afresh (updateUnavailability), as Mesos' addSlave takes it as a parameter.
   */
  removeAgent(agentId: string): void {
    for (const f of this.filters.values()) f.delete(agentId);
    this.maintenance.delete(agentId);
  }

  unavailabilityOf(agentId: string): Unavailability | null {
    return this.maintenance.get(agentId)?.unavailability ?? null;
  }

  /**
   * updateInverseOffer (HA:1494-1589): a response (status) or a timeout/rescission (null) clears the
   * outstanding flag; a response may install a filter for the agent.
   */
  updateInverseOffer(agentId: string, frameworkId: string, status: InverseOfferStatus | null, refuseSeconds?: number): void {
    const m = this.maintenance.get(agentId);
    if (!m) return;
    m.outstanding.delete(frameworkId);
    if (status === null) return;
    m.statuses.set(frameworkId, { status, atMs: this.now() });
    const ms = inverseFilterMs(refuseSeconds);
    if (ms === null) return;
    let f = this.filters.get(frameworkId);
    if (!f) this.filters.set(frameworkId, (f = new Map()));
    f.set(agentId, this.now() + ms);
  }

  /** Deactivation and REVIVE drop every inverse-offer filter of the framework (HA:899-900, 1797-1806). */
  clearFrameworkFilters(frameworkId: string): void {
    this.filters.delete(frameworkId);
  }

  /** The framework's outstanding inverse offers are gone (removed, deactivated). */
  dropFramework(frameworkId: string): void {
    this.filters.delete(frameworkId);
    for (const m of this.maintenance.values()) m.outstanding.delete(frameworkId);
  }

  statuses(agentId: string): ReadonlyMap<string, { status: InverseOfferStatus; atMs: number }> {
    return this.maintenance.get(agentId)?.statuses ?? new Map();
  }

  /** Inverse offers for the run's candidate agents (`scope` null = all agents), in agent then framework order. */
  generate(scope: readonly string[] | null): InverseOfferDecision[] {
    const out: InverseOfferDecision[] = [];
    const ids = scope === null ? [...this.maintenance.keys()] : scope.filter((id) => this.maintenance.has(id));
    const now = this.now();
    for (const agentId of [...new Set(ids)].sort()) {
      const m = this.maintenance.get(agentId)!;
      const agent = this.allocator.agents.get(agentId);
      if (!agent || !agent.activated) continue;
      for (const frameworkId of agent.frameworkIds()) {
        const fw = this.allocator.frameworks.get(frameworkId);
        if (!fw || !fw.active || m.outstanding.has(frameworkId)) continue;
        const until = this.filters.get(frameworkId)?.get(agentId);
        if (until !== undefined) {
          if (now < until) continue;
          this.filters.get(frameworkId)!.delete(agentId);
        }
        m.outstanding.add(frameworkId);
        out.push({ frameworkId, agentId, unavailability: m.unavailability });
      }
    }
    return out;
  }
}
