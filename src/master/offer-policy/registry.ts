/**
 * Offer policies by name (issue 8, plugins): an allocator variant reduced to its smallest honest
 * form — a predicate consulted wherever the allocator asks "may this framework, in this role, be
 * offered anything on this agent?" (fair-share-stage.ts canOfferFromAgent, the same hook as static
 * partitioning). A policy can only forbid offers, never add or resize them, so the DRF bookkeeping
 * and every Mesos rule stay as they are; what differs from Mesos is exactly which agents a framework
 * is offered. No built-ins: plugins register them (src/experiment/plugins.ts), a scenario selects
 * one with `master.offerPolicy: { type: <name>, options: {...} }`.
 */
import type { Rng } from '../../kernel/rng.ts';
import type { AllocatorAgentInfo } from '../allocator/types.ts';

export interface OfferPolicy {
  /**
   * May `frameworkId`, in `role`, be offered resources on `agent`? Called on the allocator's hot
   * path; must be deterministic and depend only on its arguments and the policy's own state set up
   * by the factory (no wall clock, no Math.random: use `ctx.rng`).
   */
  allows(frameworkId: string, role: string, agent: AllocatorAgentInfo): boolean;
}

export interface OfferPolicyContext {
  /** A seeded stream of the run (`offer-policy/<name>`). */
  readonly rng: Rng;
}

export type OfferPolicyFactory = (options: Readonly<Record<string, unknown>>, ctx: OfferPolicyContext) => OfferPolicy;

const policies = new Map<string, OfferPolicyFactory>();

export function registerOfferPolicy(name: string, factory: OfferPolicyFactory): void {
  if (policies.has(name)) throw new Error(`offer policy "${name}" is already registered`);
  policies.set(name, factory);
}

export function offerPolicyFactory(name: string): OfferPolicyFactory | undefined {
  return policies.get(name);
}

export function offerPolicyNames(): string[] {
  return [...policies.keys()].sort();
}
