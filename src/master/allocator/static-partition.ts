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
}

export class StaticPartition implements OfferRestriction {
  private readonly owners: ReadonlyMap<string, string>;

  /** `owners`: agent id → the framework that owns it; agents not in the map are shared. */
  constructor(owners: ReadonlyMap<string, string>) {
    this.owners = owners;
  }

  allows(frameworkId: string, agentId: string): boolean {
    const owner = this.owners.get(agentId);
    return owner === undefined || owner === frameworkId;
  }

  ownerOf(agentId: string): string | undefined {
    return this.owners.get(agentId);
  }
}
