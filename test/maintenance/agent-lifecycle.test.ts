/**
 * Inverse offers across an agent's lifecycle on a DRAINING machine (mesos-semantics §5.1–§5.3,
 * §6.2): agents that register or reregister on a machine already DRAINING get inverse offers;
 * removing an agent, marking it unreachable or its socket closing rescinds its inverse offers, and
 * once it is active again a fresh inverse offer is made. Also when `machine.drained` is (not) logged.
 */
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { InverseOfferView, OfferView } from '../../src/master/scheduler.ts';
import { of, runYaml, type Ev } from '../failures/helpers.ts';

const fw1 = (extra = '', policy = 'ignore') => `  - { id: fw1, role: a, ${extra}inverseOffers: ${policy}, scheduler: { type: scripted, onOffer: hold } }`;
const summaryIo = (summary: Record<string, unknown>) =>
  (summary.failures as { maintenance: { inverseOffers: Record<string, number> } }).maintenance.inverseOffers;
const io = (events: Ev[]) => of(events, 'inverseOffer').map((e) => [e.t, e.inverseOffer, e.agent, e.start]);
const rescinded = (events: Ev[]) => of(events, 'inverseOffer.rescinded').map((e) => [e.t, e.inverseOffer, e.agent, e.reason]);

describe('an agent that registers on a machine that is already DRAINING', () => {
  // Maintenance is scheduled at 100 ms (start +60 s → 60 100) for machine agent2, which has no agent
  // yet; agent2 registers at 300 ms running a task of fw1 (`used`).
  const viaTimeline = `
name: add-on-draining
until: 2500ms
frameworks:
${fw1()}
agents:
  - { id: agent1, resources: "cpus:1;mem:512" }
timeline:
  - { at: 100ms, do: scheduleMaintenance, agents: [agent2], start: 60s }
  - { at: 300ms, do: addAgent, agent: { id: agent2, resources: "cpus:2;mem:1024", used: [{ framework: fw1, role: a, resources: "cpus:1;mem:512" }] } }
`;
  const viaAt = `
name: add-on-draining-at
until: 2500ms
frameworks:
${fw1()}
agents:
  - { id: agent1, resources: "cpus:1;mem:512" }
  - { id: agent2, at: 300ms, resources: "cpus:2;mem:1024", used: [{ framework: fw1, role: a, resources: "cpus:1;mem:512" }] }
timeline:
  - { at: 100ms, do: scheduleMaintenance, agents: [agent2], start: 60s }
`;

  it.each([['timeline addAgent', viaTimeline], ['agents[].at', viaAt]])('gets an inverse offer from the run its registration triggers (%s)', (_name, yaml) => {
    const { events } = runYaml(yaml);
    // §5.2: inverse offers at the end of every allocation run for each candidate agent with a
    // maintenance entry, to every framework holding resources (allocated: the used task) there.
    // The addSlave run at 300 ms covers agent2; Mesos' addSlave takes the agent's unavailability.
    expect(io(events)).toEqual([[300, 'io-000001', 'agent2', 60_100]]);
    expect(of(events, 'offer', (e) => e.agent === 'agent2').map((e) => [e.t, e.run])).toEqual([[300, 3]]);
    // ignored and no offer timeout: it stays outstanding, no second one (§5.2)
    // the machine is not drained: it had no agent at 100 ms, and its agent runs a task since 300 ms
    expect(of(events, 'machine.drained')).toEqual([]);
  });

  it('its offers (§5.1) and its inverse offer (§5.2) reach the scheduler carrying the unavailability', () => {
    const { spec } = loadScenarioText('add-on-draining.yaml', viaTimeline);
    const built = buildSimulation(spec!, []);
    built.sim.run(50);
    const fw = built.master.frameworks.get('fw1')!;
    const seen: [number, string, number | null][] = [];
    const orig = fw.scheduler.onOffers.bind(fw.scheduler);
    (fw.scheduler as { onOffers: typeof orig }).onOffers = (offers: readonly OfferView[], d) => {
      for (const o of offers) seen.push([d.now, o.agentId, o.unavailability?.startMs ?? null]);
      return orig(offers, d);
    };
    const inverse: [number, string, number][] = [];
    (fw.scheduler as { onInverseOffers?: (v: readonly InverseOfferView[], d: { now: number }) => void }).onInverseOffers = (views, d) => {
      for (const v of views) inverse.push([d.now, v.agentId, v.unavailability.startMs]);
    };
    built.sim.run(2500);
    expect(seen).toEqual([[300, 'agent2', 60_100]]);
    expect(inverse).toEqual([[300, 'agent2', 60_100]]);
  });

  it('an agent that registers empty on a DRAINING machine drains at once (not when the machine, agentless, was scheduled)', () => {
    const { events, result } = runYaml(`
name: add-empty-on-draining
until: 2500ms
frameworks:
${fw1()}
agents:
  - { id: agent1, resources: "cpus:1;mem:512" }
timeline:
  - { at: 100ms, do: scheduleMaintenance, agents: [agent2], start: 60s }
  - { at: 300ms, do: addAgent, agent: { id: agent2, resources: "cpus:2;mem:1024" } }
`);
    // drained = DRAINING and its registered agents hold no task (docs/failures.md): first true at 300 ms
    expect(of(events, 'machine.drained').map((e) => [e.t, e.machine, e.drainMs])).toEqual([[300, 'agent2', 200]]);
    // fw1 is only *offered* agent2 (it holds the offer): offered resources count (§5.2)
    expect(io(events)).toEqual([[300, 'io-000001', 'agent2', 60_100]]);
    expect((result.summary.failures as { maintenance: { drainMs: { drained: number; max: number } } }).maintenance.drainMs).toMatchObject({ drained: 1, max: 200 });
  });
});

describe('inverse offers of an agent that leaves the master', () => {
  // fw1 runs a task on agent1 and agent2 from 100 ms; both machines are scheduled at 1 s (start
  // +1 h): inverse offers io-000001 (agent1) and io-000002 (agent2) at 1 s, ignored.
  const base = (timeline: string, fwExtra = '') => `
name: leave
until: 6s
frameworks:
${fw1(fwExtra)}
agents:
  - { id: agent1, resources: "cpus:2;mem:1024" }
  - { id: agent2, resources: "cpus:2;mem:1024" }
timeline:
  - { at: 100ms, do: accept, framework: fw1, agent: agent1, launch: [{ resources: "cpus:1;mem:512" }], refuseSeconds: 0 }
  - { at: 100ms, do: accept, framework: fw1, agent: agent2, launch: [{ resources: "cpus:1;mem:512" }], refuseSeconds: 0 }
  - { at: 1s, do: scheduleMaintenance, agents: [agent1, agent2], start: 1h }
${timeline}`;

  it('operator removal rescinds them (§6.2 "inverse offers removed"), reason "agent removed"', () => {
    const { events, result } = runYaml(base('  - { at: 2s, do: removeAgent, agent: agent1 }'));
    expect(io(events)).toEqual([[1_000, 'io-000001', 'agent1', 3_601_000], [1_000, 'io-000002', 'agent2', 3_601_000]]);
    expect(rescinded(events)).toEqual([[2_000, 'io-000001', 'agent1', 'agent removed']]);
    expect(summaryIo(result.summary)).toMatchObject({ made: 2, rescinded: 1 });
  });

  it('a socket close rescinds them (§6.2, §5.3 deactivateSlave) and the first run after it reconnects makes a fresh one (§5.2)', () => {
    // agent2's process stops at 3 s for 1.5 s: socket closed → deactivated; back at 4.5 s →
    // re-activated, which triggers no run (§1.1): the next batch tick (5 s) covers it again.
    const { events } = runYaml(base('  - { at: 3s, do: fail, agents: [agent2], kind: process, duration: 1500ms }', 'failoverTimeout: 1h, checkpoint: true, '));
    expect(rescinded(events)).toEqual([[3_000, 'io-000002', 'agent2', 'agent disconnected']]);
    expect(io(events)).toEqual([
      [1_000, 'io-000001', 'agent1', 3_601_000], [1_000, 'io-000002', 'agent2', 3_601_000],
      [5_000, 'io-000003', 'agent2', 3_601_000],
    ]);
    // the offer rescission comes first, as in Master::deactivate (offers, then inverse offers)
    const t3 = events.filter((e) => e.t === 3_000 && (e.type === 'offer.rescinded' || e.type === 'inverseOffer.rescinded')).map((e) => e.type);
    expect(t3).toEqual(['offer.rescinded', 'inverseOffer.rescinded']);
  });
});

describe('an agent marked unreachable on a DRAINING machine and reregistering', () => {
  // fw1 (partition-aware) runs a task on agent1; maintenance at 1 s (start +1 h) → inverse offer at
  // 1 s, ignored. agent1 is partitioned at 2 s for 100 s.
  const scenario = (policy = 'ignore', extra = '') => `
name: rereg-on-draining
until: 110s
frameworks:
${fw1('failoverTimeout: 1h, capabilities: [MULTI_ROLE, PARTITION_AWARE], ', policy)}
agents:
  - { id: agent1, resources: "cpus:2;mem:1024" }
timeline:
  - { at: 100ms, do: accept, framework: fw1, agent: agent1, launch: [{ resources: "cpus:1;mem:512" }], refuseSeconds: 0 }
  - { at: 1s, do: scheduleMaintenance, agents: [agent1], start: 1h }
  - { at: 2s, do: fail, agents: [agent1], kind: partition, duration: 100s }
${extra}`;
  const yaml = scenario();

  it('its inverse offer is removed when marked unreachable and a new one follows the reregistration (a fresh addSlave)', () => {
    const { events } = runYaml(yaml);
    // pings every 15 s from its registration at 0; silent from 2 s, so the 5th unanswered ping (at
    // 75 s) times out at 90 s → marked unreachable (§6.2): offers rescinded, inverse offers removed.
    expect(of(events, 'agent.unreachable').map((e) => e.t)).toEqual([90_000]);
    expect(rescinded(events)).toEqual([[90_000, 'io-000001', 'agent1', 'agent removed']]);
    // reregisters at 102 s with its task as used: §6.2 fresh addSlave (with the unavailability) → §5.2
    expect(of(events, 'agent.reregistered').map((e) => e.t)).toEqual([102_000]);
    expect(io(events)).toEqual([[1_000, 'io-000001', 'agent1', 3_601_000], [102_000, 'io-000002', 'agent1', 3_601_000]]);
  });

  it('the machine is not logged drained while its unreachable agent may still run the task', () => {
    const { events, result } = runYaml(yaml);
    expect(of(events, 'task.status').map((e) => [e.t, e.state])).toEqual([[90_000, 'TASK_UNREACHABLE'], [102_000, 'TASK_RUNNING']]);
    expect(of(events, 'machine.drained')).toEqual([]);
    expect((result.summary.failures as { maintenance: { drainMs: { drained: number } } }).maintenance.drainMs.drained).toBe(0);
  });

  it('its allocator-side maintenance state goes with it: unscheduled while away, it comes back without inverse offers', () => {
    // fw1 declines every inverse offer with refuse_seconds 0 (no filter): one per run while agent1
    // is DRAINING and fw1 holds resources there (§5.2). The machine is unscheduled at 95 s, while
    // agent1 is unreachable; §6.2 removeSlave dropped its maintenance entry, and the fresh addSlave
    // at 102 s sees an UP machine: no more inverse offers.
    const { events } = runYaml(scenario('{ policy: decline, refuseSeconds: 0 }', '  - { at: 95s, do: unscheduleMaintenance, agents: [agent1] }'));
    const times = of(events, 'inverseOffer').map((e) => e.t as number);
    expect(times[0]).toBe(1_000);
    expect(times.every((t) => t < 90_000)).toBe(true);
    expect(of(events, 'machine.mode').map((e) => [e.t, e.mode])).toEqual([[1_000, 'DRAINING'], [95_000, 'UP']]);
    expect(of(events, 'agent.reregistered').map((e) => e.t)).toEqual([102_000]);
  });
});
