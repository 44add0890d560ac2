/**
 * Timeline actions that need a leading master (failure-actions.ts NEEDS_LEADING_MASTER) at a moment no
 * master leads (between `failMaster` and the election) are held and applied right after the
 * election, logged `timeline.held`: Mesos answers operator calls 503 without a leader, and an agent
 * registers with the next one. Before, each of them stopped the run with "allocator: unknown agent"
 * (or "agent added twice"), a simulation error.
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from './helpers.ts';

function run(action: string) {
  return runYaml(`
name: no-leader
until: 10m
agents: [{ id: a, count: 3, resources: "cpus:4;mem:8GiB;disk(eng){dynamic}:200;disk:800" }]
frameworks:
  - id: batch
    checkpoint: true
    scheduler: { type: batch, jobs: { count: 4, interarrival: 1m, tasks: [1, 3], resources: "cpus:1;mem:1GiB", duration: { exponential: 8m } } }
timeline:
  - { at: 1m, do: failMaster, electionDelay: 5s }
  - ${action}
`);
}

describe('timeline actions while no master leads', () => {
  it('are held until the election, then applied (each used to stop the run)', () => {
    const cases: [string, string, (e: Record<string, unknown>) => boolean][] = [
      ['{ at: 62s, do: markAgentGone, agents: [a-00001] }', 'agent.gone', (e) => e.agent === 'a-00001'],
      ['{ at: 62s, do: drainAgent, agents: [a-00001], markGone: true }', 'agent.draining', (e) => e.agent === 'a-00001'],
      ['{ at: 62s, do: removeAgent, agent: a-00001 }', 'agent.removed', (e) => e.agent === 'a-00001'],
      ['{ at: 62s, do: updateAgent, agent: a-00001, resources: "cpus:8;mem:8GiB;disk:1000" }', 'agent.updated', (e) => e.agent === 'a-00001'], // disk: the agent's dynamic disk(eng) reservation is applied again on it
      ['{ at: 62s, do: addAgent, agent: { id: z, resources: "cpus:2;mem:2GiB" } }', 'agent.added', (e) => e.agent === 'z'],
      ['{ at: 62s, do: reserve, agent: a-00001, resources: "cpus(eng){dynamic}:1" }', 'operator.operation', (e) => e.operation === 'reserve'],
      ['{ at: 62s, do: createVolume, agent: a-00001, resources: "disk(eng){dynamic}[v1:/data]:100" }', 'operator.operation', (e) => e.operation === 'create'],
    ];
    for (const [action, applied, which] of cases) {
      const { events } = run(action);
      const verb = /do: (\w+)/.exec(action)![1];
      const logged = verb === 'reserve' || verb === 'createVolume' ? 'operator' : verb; // the run spec's name for operations on agents
      expect(of(events, 'timeline.held').map((e) => [e.t, e.action, e.reason]), action).toEqual([[62_000, logged, 'no leading master']]);
      expect(of(events, applied, which).map((e) => e.t), action).toEqual([65_000]); // at the election
    }
  });

  it('a deactivated agent (held, applied at the election) gets no offers from the new master', () => {
    const { events } = run('{ at: 62s, do: deactivateAgent, agents: [a-00001] }');
    expect(of(events, 'timeline.held').map((e) => [e.t, e.action])).toEqual([[62_000, 'deactivateAgent']]);
    expect(of(events, 'offer', (e) => e.agent === 'a-00001' && e.t >= 65_000)).toEqual([]);
    expect(of(events, 'offer', (e) => e.agent !== 'a-00001' && e.t >= 65_000).length).toBeGreaterThan(0);
  });

  it('an action while a master leads is applied at once, as before', () => {
    const { events } = run('{ at: 70s, do: markAgentGone, agents: [a-00001] }');
    expect(of(events, 'timeline.held')).toEqual([]);
    expect(of(events, 'agent.gone').map((e) => e.t)).toEqual([70_000]);
  });
});
