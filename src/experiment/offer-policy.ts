/**
 * Plugin offer policies at build time (issue 8): RunSpec.master.offerPolicy → the policy's factory
 * (src/master/offer-policy/registry.ts) → the allocator's offer restriction, the hook static
 * partitioning uses (fair-share-stage.ts canOfferFromAgent). With static partitioning as well, an
 * agent is offered to a framework only when both allow it. A no-op without `offerPolicy`.
 */
import type { RngStreams } from '../kernel/rng.ts';
import type { AllocatorAgentInfo } from '../master/allocator/types.ts';
import type { OfferRestriction } from '../master/allocator/static-partition.ts';
import type { Master } from '../master/master.ts';
import { offerPolicyFactory, type OfferPolicy } from '../master/offer-policy/registry.ts';
import type { RunSpec } from '../scenario/run-spec.ts';

class PolicyRestriction implements OfferRestriction {
  private readonly policy: OfferPolicy;
  private readonly inner: OfferRestriction | null;

  constructor(policy: OfferPolicy, inner: OfferRestriction | null) {
    this.policy = policy;
    this.inner = inner;
  }

  allows(frameworkId: string, agentId: string, role: string, agent: AllocatorAgentInfo): boolean {
    if (this.inner && !this.inner.allows(frameworkId, agentId, role, agent)) return false;
    return this.policy.allows(frameworkId, role, agent) === true;
  }

  agentAdded(agentId: string): void {
    this.inner?.agentAdded?.(agentId);
  }
}

export function installOfferPolicy(master: Master, spec: RunSpec, rngs: RngStreams): void {
  const p = spec.master.offerPolicy;
  if (!p) return;
  const factory = offerPolicyFactory(p.type);
  if (!factory) throw new Error(`offer policy "${p.type}" is not registered (load its plugin with --plugin or plugins:)`);
  const policy = factory(p.options, { rng: rngs.stream(`offer-policy/${p.type}`) });
  master.allocator.offerRestriction = new PolicyRestriction(policy, master.allocator.offerRestriction);
}
