/**
 * Maintenance and inverse offers (mesos-semantics §5), including the cases of Mesos'
 * HierarchicalAllocatorTest.MaintenanceInverseOffers: only frameworks holding resources (offered
 * or allocated) on the agent get an inverse offer; a framework that declined everything gets none.
 */
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { OfferView } from '../../src/master/scheduler.ts';
import { of, runYaml } from '../failures/helpers.ts';

const twoFrameworks = (policy: string, extra = '') => `
name: io
until: 2m
agents:
  - { id: agent1, resources: "cpus:2;mem:1024" }
  - { id: agent2, resources: "cpus:2;mem:1024" }
frameworks:
  - id: holder
    inverseOffers: ${policy}
    scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:2;mem:1024" }, maxTasks: 1 }
  - id: decliner
    at: 1s
    scheduler: { type: scripted, onOffer: decline, refuseSeconds: 1000 }
timeline:
  - { at: 10s, do: scheduleMaintenance, agents: [agent1], start: 1h, duration: 1h }
${extra}`;

describe('inverse offers (HAT MaintenanceInverseOffers)', () => {
  it('go only to the framework holding resources on the draining agent, never to one that declined everything', () => {
    const { events } = runYaml(twoFrameworks('ignore'));
    const launched = of(events, 'task.launched');
    expect(launched.map((e) => [e.framework, e.agent])).toEqual([['holder', 'agent1']]);
    expect(of(events, 'offer', (e) => e.framework === 'decliner').length).toBeGreaterThan(0); // it was offered agent2 and declined
    const io = of(events, 'inverseOffer');
    expect(io.map((e) => [e.t, e.framework, e.agent, e.start])).toEqual([[10_000, 'holder', 'agent1', 3_610_000]]);
    // ignored: outstanding, so no second inverse offer while it stays unanswered (no offer timeout)
    expect(io.length).toBe(1);
  });

  it('a decline installs an inverse-offer filter of refuse_seconds (no interval floor): re-sent after it expires', () => {
    const { events, result } = runYaml(twoFrameworks('{ policy: decline, refuseSeconds: 30 }'));
    const times = of(events, 'inverseOffer').map((e) => e.t);
    // declined at 10 s → filtered until 40 s; the batch run at 40 s sends the next one (and so on)
    expect(times.slice(0, 3)).toEqual([10_000, 40_000, 70_000]);
    const m = (result.summary.failures as { maintenance: { inverseOffers: { declined: number; accepted: number } } }).maintenance.inverseOffers;
    expect(m.declined).toBe(times.length);
    expect(m.accepted).toBe(0);
  });

  it('changing the unavailability rescinds outstanding inverse offers and sends new ones', () => {
    const { events } = runYaml(twoFrameworks('ignore', '  - { at: 20s, do: scheduleMaintenance, agents: [agent1], start: 30m }'));
    expect(of(events, 'inverseOffer.rescinded').map((e) => [e.t, e.reason])).toEqual([[20_000, 'unavailability changed']]);
    expect(of(events, 'inverseOffer').map((e) => [e.t, e.start])).toEqual([[10_000, 3_610_000], [20_000, 1_820_000]]);
  });

  it('comply: accept and kill the tasks; the machine drains, goes DOWN and comes back UP as a fresh agent', () => {
    const { events, result } = runYaml(twoFrameworks('comply', `  - { at: 1m, do: machineDown, agents: [agent1] }
  - { at: 1m30s, do: machineUp, agents: [agent1] }`));
    // accepted at 10 s; afterwards the holder is still *offered* agent1 now and then (it declines the
    // offers), and offered resources count as held, so it keeps getting inverse offers (§5.2)
    expect(of(events, 'inverseOffer.accepted').map((e) => e.t)[0]).toBe(10_000);
    expect(of(events, 'task.status').map((e) => [e.t, e.state])).toEqual([[10_000, 'TASK_KILLED']]);
    expect(of(events, 'machine.drained').map((e) => [e.t, e.drainMs])).toEqual([[10_000, 0]]);
    expect(of(events, 'machine.mode').map((e) => [e.t, e.mode])).toEqual([[10_000, 'DRAINING'], [60_000, 'DOWN'], [90_000, 'UP']]);
    expect(of(events, 'agent.added', (e) => e.agent === 'agent1').map((e) => e.t)).toEqual([0, 90_000]);
    expect((result.summary.failures as { maintenance: { drainMs: { drained: number } } }).maintenance.drainMs.drained).toBe(1);
  });

  it('machine DOWN is refused for a machine that is not DRAINING; its tasks are lost / gone by operator otherwise', () => {
    const { events } = runYaml(twoFrameworks('ignore', `  - { at: 5s, do: machineDown, agents: [agent2] }
  - { at: 1m, do: machineDown, agents: [agent1] }`));
    expect(of(events, 'machine.mode', (e) => e.machine === 'agent2')).toEqual([]);
    expect(of(events, 'task.status').map((e) => [e.t, e.state, e.reason])).toEqual([[60_000, 'TASK_LOST', 'machine down for maintenance']]);
  });

  it('offers from a DRAINING machine carry its unavailability', () => {
    const { spec } = loadScenarioText('io.yaml', twoFrameworks('ignore', '  - { at: 30s, do: revive, framework: decliner }'));
    const built = buildSimulation(spec!, []);
    const seen: [number, string, number | null][] = [];
    built.sim.run(1500);
    const fw = built.master.frameworks.get('decliner')!;
    const orig = fw.scheduler.onOffers.bind(fw.scheduler);
    (fw.scheduler as { onOffers: typeof orig }).onOffers = (offers: readonly OfferView[], d) => {
      for (const o of offers) seen.push([d.now, o.agentId, o.unavailability?.startMs ?? null]);
      return orig(offers, d);
    };
    built.master.killTask(built.master.agents.get('agent1') ? [...built.master.agents.get('agent1')!.tasks][0] : '');
    built.sim.run(40_000);
    expect(seen.filter(([, a]) => a === 'agent1').map(([, , s]) => s)).toContain(3_610_000);
    expect(seen.filter(([, a]) => a === 'agent2').every(([, , s]) => s === null)).toBe(true);
  });
});

describe('DRAIN_AGENT (§5.3)', () => {
  it('deactivates the agent, kills its tasks within the capped grace period, DRAINED; mark_gone removes it for good', () => {
    const { events } = runYaml(`
name: drain
until: 2m
failures: { killGracePeriod: 30s }
agents:
  - { id: a1, resources: "cpus:2;mem:1024" }
frameworks:
  - id: f
    scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:1;mem:512" }, maxTasks: 2 }
timeline:
  - { at: 10s, do: drainAgent, agents: [a1], maxGracePeriod: 5s, markGone: true }
`);
    expect(of(events, 'task.status').map((e) => [e.t, e.state])).toEqual([[15_000, 'TASK_KILLED'], [15_000, 'TASK_KILLED']]);
    expect(of(events, 'agent.drained').map((e) => [e.t, e.drainMs])).toEqual([[15_000, 5_000]]);
    expect(of(events, 'agent.state').map((e) => e.to)).toEqual(['gone']);
    expect(of(events, 'offer', (e) => e.t > 10_000)).toEqual([]);
  });
});
