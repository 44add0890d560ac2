/**
 * Master side of an oversubscription report (mesos-semantics §4; MC:7529-7599, 8028-8045): the
 * agent's revocable total is *replaced* by the reported amount, every outstanding offer on that agent
 * holding revocable resources is rescinded (resources back, no filter), and the allocator's
 * `updateAgent` takes the new total — which triggers an allocation run on that agent only if it
 * changed (HA:1125-1173). If the new total is below what is already allocated the agent is simply
 * over-allocated and nothing more is offered (HA:532-533); the master never kills revocable tasks
 * itself (that is the QoS controller's job).
 *
 * The allocator needs no special code: revocable resources are separate entries of the agent total,
 * so they are offered only to REVOCABLE_RESOURCES frameworks (stripIncapable), always whole (they are
 * not quota-eligible, so no quota/headroom chopping applies), counted in DRF shares (the sorter pools
 * and allocations aggregate every scalar by name), and never in quota (quotaEligible excludes them).
 */
import { add, equals, filter, isNonRevocable, isRevocable, type Resources } from '../../cluster/resources.ts';
import type { Master } from '../master.ts';

/** Returns the offers rescinded; does nothing (and returns null) when the total did not change. */
export function updateAgentRevocable(master: Master, agentId: string, revocable: Resources): string[] | null {
  const agent = master.agents.get(agentId);
  if (!agent) return null;
  const current = filter(agent.info.total, isRevocable);
  const fresh = filter(revocable, isRevocable);
  if (equals(current, fresh)) return null;
  const rescinded: string[] = [];
  for (const offer of [...master.offers.values()]) {
    if (offer.agentId !== agentId || !offer.resources.some((r) => r.revocable)) continue;
    master.rescindOffer(offer.id, 'revocable resources updated');
    rescinded.push(offer.id);
  }
  master.updateAgent({ ...agent.info, total: add(filter(agent.info.total, isNonRevocable), fresh) });
  return rescinded;
}
