/**
 * Revocable resources in the allocator and the master (mesos-semantics §4, §1.5), after Mesos'
 * HierarchicalAllocatorTest cases UpdateSlaveOversubscribedResources (over-allocation after a shrink),
 * RecoverOversubscribedResources and the REVOCABLE_RESOURCES capability, plus the master's rescission of
 * offers holding revocable resources when an agent reports a new revocable total.
 */
import { describe, expect, it } from 'vitest';
import { add, filter, isNonRevocable, quotaEligible } from '../../src/cluster/resources.ts';
import { updateAgentRevocable } from '../../src/master/oversubscription/update-revocable.ts';
import { agentInfo, bareMaster, frameworkInfo, hold, offers, res } from './helpers.ts';

describe('oversubscribed resources in the allocator', () => {
  it('UpdateSlaveOversubscribedResources: the revocable total is replaced; a shrink below what is held offers nothing', () => {
    const { sim, master, events } = bareMaster();
    const agent = agentInfo('agent1', 'cpus:100;mem:100;disk:100');
    master.addFramework(frameworkInfo('framework1', 'role1', ['REVOCABLE_RESOURCES']), hold);
    master.addAgent(agent);
    master.start();
    sim.run(0);
    // Initially all the (non-revocable) resources are offered.
    expect(offers(events)).toEqual([{ t: 0, framework: 'framework1', agent: 'agent1', resources: 'cpus:100;disk:100;mem:100' }]);
    const update = (rev: string) => master.allocator.updateAgent({ ...agent, total: add(agent.total, res(rev)) });
    // 10 oversubscribed cpus: offered at once (updateSlave triggers a run on the agent).
    update('cpus{revocable}:10');
    sim.run(0);
    expect(offers(events).slice(1)).toEqual([{ t: 0, framework: 'framework1', agent: 'agent1', resources: 'cpus{revocable}:10' }]);
    // 12: only the 2 not yet offered.
    update('cpus{revocable}:12');
    sim.run(0);
    expect(offers(events).slice(2)).toEqual([{ t: 0, framework: 'framework1', agent: 'agent1', resources: 'cpus{revocable}:2' }]);
    // 5 < 12 held: the agent is over-allocated and nothing more is offered, now or at later batch runs.
    update('cpus{revocable}:5');
    sim.run(3000);
    expect(offers(events)).toHaveLength(3);
    expect(master.allocator.agents.get('agent1')!.available).toEqual([]);
  });

  it('RecoverOversubscribedResources: recovered revocable and regular resources are offered again', () => {
    const { sim, master, events } = bareMaster();
    master.addFramework(frameworkInfo('framework1', 'role1', ['REVOCABLE_RESOURCES']), hold);
    master.addAgent(agentInfo('agent1', 'cpus:100;mem:100;disk:100;cpus{revocable}:10'));
    master.start();
    sim.run(0);
    expect(offers(events)).toEqual([{ t: 0, framework: 'framework1', agent: 'agent1', resources: 'cpus:100;cpus{revocable}:10;disk:100;mem:100' }]);
    // Recover 6 oversubscribed cpus and 2 regular cpus (no filter): offered at the next batch run.
    master.returnPart('framework1', String(events.find((e) => e.type === 'offer')!.offer), res('cpus{revocable}:6;cpus:2'), 0);
    sim.run(1000);
    expect(offers(events).slice(1)).toEqual([{ t: 1000, framework: 'framework1', agent: 'agent1', resources: 'cpus:2;cpus{revocable}:6' }]);
  });

  it('frameworks without REVOCABLE_RESOURCES are never offered revocable resources', () => {
    const { sim, master, events } = bareMaster();
    master.addFramework(frameworkInfo('framework1', 'role1'), hold);
    master.addAgent(agentInfo('agent1', 'cpus:4;mem:100;cpus{revocable}:10;mem{revocable}:50'));
    master.start();
    sim.run(0);
    expect(offers(events)).toEqual([{ t: 0, framework: 'framework1', agent: 'agent1', resources: 'cpus:4;mem:100' }]);
    updateAgentRevocable(master, 'agent1', res('cpus{revocable}:20'));
    sim.run(5000);
    expect(offers(events)).toHaveLength(1);
  });

  it('revocable resources are offered whole, count in DRF shares, and never in quota', () => {
    const { sim, master, events } = bareMaster();
    master.addFramework(frameworkInfo('framework1', 'role1', ['REVOCABLE_RESOURCES']), hold);
    master.addAgent(agentInfo('agent1', 'cpus:10;mem:100;cpus{revocable}:10'));
    master.start();
    sim.run(0);
    expect(offers(events)[0].resources).toBe('cpus:10;cpus{revocable}:10;mem:100');
    // DRF: the pool holds 20 cpus (10 + 10 revocable) and role1 holds all of them.
    expect(master.allocator.roleSorter.allocation('role1').get('cpus')).toBe(20_000);
    expect(master.allocator.roleSorter.share('role1')).toBe(1);
    // Quota and headroom only ever look at unreserved, non-revocable scalars.
    expect(quotaEligible(res('cpus:10;cpus{revocable}:10;cpus(r):1'))).toEqual(res('cpus:10'));
  });

  it('a revocable report rescinds the agent\'s outstanding offers holding revocable resources, then offers the new total', () => {
    const { sim, master, events } = bareMaster();
    master.addFramework(frameworkInfo('framework1', 'role1', ['REVOCABLE_RESOURCES']), hold);
    master.addFramework(frameworkInfo('framework2', 'role2'), hold);
    master.addAgent(agentInfo('agent1', 'cpus:2;mem:100'));
    master.addAgent(agentInfo('agent2', 'cpus:2;mem:100'));
    master.start();
    sim.run(0);
    const before = offers(events).length;
    const changed = updateAgentRevocable(master, 'agent1', res('cpus{revocable}:4'));
    expect(changed).toEqual([]); // no outstanding revocable offer yet
    sim.run(0);
    const revOffer = events.filter((e) => e.type === 'offer').slice(before);
    expect(revOffer.map((e) => [e.framework, e.agent, e.resources])).toEqual([['framework1', 'agent1', 'cpus{revocable}:4']]);
    // The same total again: nothing happens.
    expect(updateAgentRevocable(master, 'agent1', res('cpus{revocable}:4'))).toBeNull();
    // A new total: the held revocable offer is rescinded (no filter) and the new total is offered whole.
    const rescinded = updateAgentRevocable(master, 'agent1', res('cpus{revocable}:3;mem{revocable}:10'));
    expect(rescinded).toEqual([revOffer[0].offer]);
    const r = events.find((e) => e.type === 'offer.rescinded')!;
    expect(r).toMatchObject({ agent: 'agent1', resources: 'cpus{revocable}:4', reason: 'revocable resources updated' });
    expect(events.some((e) => e.type === 'filter.installed' && e.agent === 'agent1' && String(e.resources).includes('revocable'))).toBe(false);
    sim.run(0);
    expect(offers(events).at(-1)).toMatchObject({ framework: 'framework1', agent: 'agent1', resources: 'cpus{revocable}:3;mem{revocable}:10' });
    // Non-revocable offers on the agent were left alone.
    expect(events.filter((e) => e.type === 'offer.rescinded')).toHaveLength(1);
    expect(filter(master.agents.get('agent1')!.info.total, isNonRevocable)).toEqual(res('cpus:2;mem:100'));
  });
});

describe('revocable resources and quota (mesos-semantics §3.4, §4)', () => {
  it('a quota limit chops unreserved non-revocable scalars only: revocable resources are offered whole and not charged', () => {
    const { sim, master, events } = bareMaster();
    master.allocator.setQuota('role1', { guarantees: new Map(), limits: new Map([['cpus', 2000]]) });
    master.addFramework(frameworkInfo('framework1', 'role1', ['REVOCABLE_RESOURCES']), hold);
    master.addAgent(agentInfo('agent1', 'cpus:10;mem:100;cpus{revocable}:10'));
    master.start();
    sim.run(0);
    expect(offers(events)).toEqual([{ t: 0, framework: 'framework1', agent: 'agent1', resources: 'cpus:2;cpus{revocable}:10;mem:100' }]);
    // A new revocable total rescinds the held offer; the re-offer is chopped to the limit again for
    // regular cpus while all 15 revocable cpus come whole.
    updateAgentRevocable(master, 'agent1', res('cpus{revocable}:15'));
    sim.run(0);
    expect(events.filter((e) => e.type === 'offer.rescinded')).toHaveLength(1);
    expect(offers(events).at(-1)).toMatchObject({ framework: 'framework1', resources: 'cpus:2;cpus{revocable}:15;mem:100' });
  });
});
