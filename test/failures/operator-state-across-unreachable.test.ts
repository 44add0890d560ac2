/**
 * Maintenance and operator state found wrong by fuzzing (session 22):
 * - an agent drained or deactivated while it was cut off, marked unreachable and then reregistered
 *   was offered again at once and its tasks ran on (§5.3: it stays deactivated until
 *   REACTIVATE_AGENT; a draining agent gets its drain again);
 * - `failures.agentStateMs` counted only stays that had ended; `maintenance.drainMs` kept each
 *   machine's last cycle only;
 * - validate refused `markAgentGone` after a `machineDown` the run refuses (the machine was UP).
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { of, runYaml } from './helpers.ts';

/** Two 4-cpu agents, framework `f` as given, the timeline lines as given; 10 minutes. */
const twoAgentsWith = (framework: string, timeline: string) => `
name: maint
seed: 1
until: 10m
agents:
  - { id: a1, resources: "cpus:4;mem:8GiB" }
  - { id: a2, resources: "cpus:4;mem:8GiB" }
frameworks:
  - id: f
${framework}
timeline:
${timeline}`;

// a1 cut off from 1m to 5m (marked unreachable on the way), the operator's call at 80 s
const cutOff = (operator: string, launch: boolean) => twoAgentsWith(`    capabilities: [MULTI_ROLE, PARTITION_AWARE]
    checkpoint: true
    scheduler: ${launch ? '{ type: scripted, onOffer: launch, task: { resources: "cpus:1;mem:256MiB" }, maxTasks: 8 }' : '{ type: scripted, onOffer: decline, refuseSeconds: 5 }'}`,
`  - { at: 1m, do: fail, agents: [a1], kind: partition, duration: 4m }
  - { at: 80s, ${operator} }
`);
const offersOnA1After = (events: ReturnType<typeof runYaml>['events'], t: number) => of(events, 'offer', (e) => e.agent === 'a1' && e.t >= t);

describe('an agent the operator drained or deactivated, marked unreachable, reregistering', () => {
  it('a drain goes on: its tasks are killed after the grace period, it is DRAINED and gets no offer', () => {
    const { events } = runYaml(cutOff('do: drainAgent, agents: [a1]', true));
    const back = of(events, 'agent.reregistered', (e) => e.agent === 'a1')[0];
    expect(back).toMatchObject({ t: 300_000, tasks: 4 });
    const killed = of(events, 'task.status', (e) => e.agent === 'a1' && e.state === 'TASK_KILLED');
    expect(killed.map((e) => e.t)).toEqual([305_000, 305_000, 305_000, 305_000]); // 5 s kill grace period
    expect(of(events, 'agent.drained')).toEqual([expect.objectContaining({ t: 305_000, agent: 'a1' })]);
    expect(offersOnA1After(events, 300_000)).toEqual([]);
  });

  it('a deactivation stays: no offer after the reregistration, until reactivated', () => {
    const { events } = runYaml(cutOff('do: deactivateAgent, agents: [a1]', false));
    expect(of(events, 'agent.deactivated')).toEqual([expect.objectContaining({ t: 80_000, agent: 'a1' })]);
    expect(of(events, 'agent.reregistered', (e) => e.agent === 'a1')).toHaveLength(1);
    expect(offersOnA1After(events, 300_000)).toEqual([]);
    const reactivated = runYaml(cutOff('do: deactivateAgent, agents: [a1] }\n  - { at: 7m, do: reactivateAgent, agents: [a1]', false)).events;
    expect(offersOnA1After(reactivated, 300_000).length).toBeGreaterThan(0);
    expect(offersOnA1After(reactivated, 300_000).every((e) => e.t >= 420_000)).toBe(true);
  });
});

const twoAgents = (timeline: string) => twoAgentsWith('    scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:1;mem:256MiB" }, maxTasks: 1 }', timeline);

describe('maintenance figures over the whole run', () => {
  it('agentStateMs counts the states agents are still in at the end', () => {
    const { result } = runYaml(twoAgents(`  - { at: 4m, do: scheduleMaintenance, agents: [a1], start: 1m, duration: 30m }
  - { at: 5m, do: machineDown, agents: [a1] }
`));
    // a2 registered all 10 min, a1 5 min before its DOWN; a1 DOWN for the last 5 min
    expect((result.summary.failures as { agentStateMs: unknown }).agentStateMs).toEqual({ down: 300_000, registered: 900_000 });
  });

  it('drainMs counts every maintenance cycle of a machine, a DOWN with tasks in the first one included', () => {
    const { result, events } = runYaml(twoAgents(`  - { at: 1m, do: scheduleMaintenance, agents: [a1, a2], start: 30s, duration: 1m }
  - { at: 2m, do: machineDown, agents: [a1, a2] }
  - { at: 3m, do: machineUp, agents: [a1, a2] }
  - { at: 5m, do: scheduleMaintenance, agents: [a1, a2], start: 30s, duration: 1m }
  - { at: 6m, do: machineDown, agents: [a1, a2] }
  - { at: 7m, do: machineUp, agents: [a1, a2] }
`));
    const drainMs = (result.summary.failures as { maintenance: { drainMs: { drained: number; forcedDown: number } } }).maintenance.drainMs;
    const downsWithTasks = of(events, 'machine.mode', (e) => e.mode === 'DOWN' && (e.tasks as number) > 0).length;
    expect(downsWithTasks).toBeGreaterThan(0);
    expect(drainMs.forcedDown).toBe(downsWithTasks);
    expect(drainMs.drained).toBe(of(events, 'machine.drained').length);
    expect(drainMs.drained).toBe((result.summary.failures as { events: { machinesDrained: number } }).events.machinesDrained);
  });
});

describe('validate: markAgentGone after a machineDown', () => {
  const diagnostics = (timeline: string) => loadScenarioText('m.yaml', twoAgents(timeline)).diagnostics.map((d) => d.code);
  it('is valid when that machineDown is refused at run time (the machine was never DRAINING)', () => {
    expect(diagnostics('  - { at: 1m, do: machineDown, agents: [a1] }\n  - { at: 2m, do: markAgentGone, agents: [a1] }\n')).toEqual([]);
    const { events } = runYaml(twoAgents('  - { at: 1m, do: machineDown, agents: [a1] }\n  - { at: 2m, do: markAgentGone, agents: [a1] }\n'));
    expect(of(events, 'maintenance.refused')).toHaveLength(1);
    expect(of(events, 'agent.gone', (e) => e.agent === 'a1')).toHaveLength(1);
  });
  it('is CS2011 when the machine was DRAINING and went DOWN; an empty target list is CS1002', () => {
    expect(diagnostics('  - { at: 30s, do: scheduleMaintenance, agents: [a1] }\n  - { at: 1m, do: machineDown, agents: [a1] }\n  - { at: 2m, do: markAgentGone, agents: [a1] }\n')).toEqual(['CS2011']);
    expect(diagnostics('  - { at: 30s, do: scheduleMaintenance, agents: [a1] }\n  - { at: 40s, do: unscheduleMaintenance, agents: [a1] }\n  - { at: 1m, do: machineDown, agents: [a1] }\n  - { at: 2m, do: markAgentGone, agents: [a1] }\n')).toEqual([]);
    expect(diagnostics('  - { at: 1m, do: machineDown, agents: [] }\n')).toEqual(['CS1002']);
  });
});
