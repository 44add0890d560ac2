/**
 * Static partitioning (issue 8): an allocator-level restriction of which frameworks may be offered
 * which agents — each framework (team) owns a set of machines, nobody else is offered them; agents
 * no one owns stay shared. This is the "before Mesos" baseline the seed story compares against, not
 * a Mesos feature: real Mesos would express it with static reservations per agent (`--resources`
 * reserved to a role, mesos-semantics §3), which also keep other roles off those resources. We
 * restrict by framework at the whole-agent step (fair-share stage c.) so the DRF bookkeeping stays
 * untouched and the comparison differs from the shared run in exactly one thing: who may use a machine.
 */
import type { AllocatorAgentInfo } from './types.ts';

export interface OfferRestriction {
  /**
   * May `frameworkId`, in `role`, be offered resources on agent `agentId` (whose info is `agent`)?
   * Must depend only on its arguments (the allocator caches per agent). Plugin offer policies
   * (src/experiment/offer-policy.ts) use the role and the agent's info; static partitioning only the ids.
   */
  allows(frameworkId: string, agentId: string, role: string, agent: AllocatorAgentInfo): boolean;
  /**
   * An agent registers with the allocator (called before any `allows` for it; again when it
   * re-registers). Static partitioning assigns agents it did not know at build time here.
   */
  agentAdded?(agentId: string): void;
}

/** A partition's size: a fraction of all agents, or (fraction null) a fixed number of agents. */
export interface PartitionShare {
  readonly framework: string;
  readonly fraction: number | null;
  readonly count: number;
}

const EPS = 1e-9;

export class StaticPartition implements OfferRestriction {
  private readonly owners: Map<string, string>;
  private readonly shares: readonly PartitionShare[];
  /** Every agent assigned so far (owned or shared): the declared ones, then those added at run time. */
  private readonly known: Set<string>;
  private readonly owned = new Map<string, number>();

  /**
   * `owners`: agent id → the framework that owns it; agents not in the map are shared. `declared`:
   * the agents assigned at build time (owned or left shared). An agent that registers without having
   * been declared (a trace's machine) is assigned when it registers, in the order agents appear, by
   * `shares`: to the partition furthest below its share of all agents seen so far (this one
   * included; a `count` partition's share is its count), ties by framework id; the part of the
   * cluster no fraction covers competes as "shared" and loses ties. No `shares`: it stays shared.
   */
  constructor(owners: ReadonlyMap<string, string>, shares: readonly PartitionShare[] = [], declared: Iterable<string> = owners.keys()) {
    this.owners = new Map(owners);
    this.shares = [...shares].sort((a, b) => (a.framework < b.framework ? -1 : a.framework > b.framework ? 1 : 0));
    this.known = new Set(declared);
    for (const id of owners.keys()) this.known.add(id);
    for (const f of owners.values()) this.owned.set(f, (this.owned.get(f) ?? 0) + 1);
  }

  allows(frameworkId: string, agentId: string): boolean {
    const owner = this.owners.get(agentId);
    return owner === undefined || owner === frameworkId;
  }

  ownerOf(agentId: string): string | undefined {
    return this.owners.get(agentId);
  }

  agentAdded(agentId: string): void {
    if (this.known.has(agentId) || this.shares.length === 0) return; // declared, or seen before (kept on re-registration)
    this.known.add(agentId);
    const n = this.known.size;
    let best: string | null = null;
    let bestDeficit = -Infinity;
    let targets = 0;
    let ownedTotal = 0;
    for (const p of this.shares) {
      const target = p.fraction === null ? p.count : p.fraction * n;
      const have = this.owned.get(p.framework) ?? 0;
      targets += target;
      ownedTotal += have;
      if (target - have > bestDeficit + EPS) { best = p.framework; bestDeficit = target - have; }
    }
    // The unpartitioned rest: n − Σ targets agents should be shared; the new agent is not counted yet.
    const sharedDeficit = (n - targets) - (n - 1 - ownedTotal);
    if (best === null || sharedDeficit > bestDeficit + EPS) return;
    this.owners.set(agentId, best);
    this.owned.set(best, (this.owned.get(best) ?? 0) + 1);
  }

  /** Agents owned per framework so far. */
  ownedCounts(): ReadonlyMap<string, number> {
    return this.owned;
  }
}
