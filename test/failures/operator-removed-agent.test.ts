/**
 * An agent the operator removed (timeline `removeAgent`) has left the cluster: a later crash and
 * repair of its machine brought it back (health-checked, marked unreachable, re-registered and
 * re-added; found by fuzzing, session 21).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { specFromText } from '../frameworks/helpers.ts';

describe('an operator-removed agent', () => {
  it('stays removed through a crash and repair of its machine', () => {
    const lines = runScenario(specFromText(`name: removed-agent-crash
seed: 1
until: 10m
agents:
  - { id: a, count: 2, resources: "cpus:8;mem:16GiB" }
frameworks:
  - { id: prod, role: prod, scheduler: { type: batch, jobs: { count: 1, tasks: 2, resources: "cpus:1;mem:1GiB", duration: 1h } } }
timeline:
  - { at: 1m, do: removeAgent, agent: a-00001 }
  - { at: 2m, do: fail, agents: [a-00001], kind: crash, duration: 3m }
`), { outDir: null, keepEvents: true }).events!.map((l) => JSON.parse(l) as { t: number; type: string; agent?: string });
    const mine = lines.filter((l) => l.agent === 'a-00001' && l.type.startsWith('agent.'));
    expect(mine.map((l) => `${l.t} ${l.type}`)).toEqual(['0 agent.added', '60000 agent.removed']);
    expect(lines.some((l) => l.type === 'offer.made' && l.agent === 'a-00001' && l.t > 60_000)).toBe(false);
  });
});
