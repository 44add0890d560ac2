/**
 * A quota limit below what the role already consumes (mesos-semantics §3.3, Mesos docs/quota.md:75-78):
 * rejected unless `force`; with `force` it is set and the master rescinds enough of the role's
 * outstanding offers, oldest first, to get under the limit. Running tasks are never killed for it.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

type Ev = { t: number; type: string; offer?: string; agent?: string; resources?: string; reason?: string; role?: string; limit?: string };

function run(agents: string, timeline: string): Ev[] {
  const { spec, diagnostics } = loadScenarioText('quota-limit.yaml', `
name: quota-limit
until: 2500ms
frameworks:
  - { id: fw1, role: a, scheduler: { type: scripted, onOffer: hold } }
agents:
${agents}
timeline:
${timeline}
`);
  expect(diagnostics).toEqual([]);
  return runScenario(spec!, { keepEvents: true }).events!.map((l) => JSON.parse(l) as Ev);
}

const pick = (events: Ev[], ...types: string[]) =>
  events.filter((e) => types.includes(e.type)).map((e) => `${e.t} ${e.type} ${e.offer ?? e.role ?? ''} ${e.agent ?? ''} ${e.resources ?? e.limit ?? ''} ${e.reason ?? ''}`.trim());

describe('quota limit set below consumption (§3.3)', () => {
  it('is rejected without force: the quota stays unset, nothing is rescinded, later offers are not chopped', () => {
    // fw1 holds agent1's whole offer (cpus 4 consumed); a limit of 2 cpus is refused.
    const events = run('  - { id: agent1, resources: "cpus:4;mem:1024" }', `
  - { at: 500ms, do: setQuota, role: a, limit: "cpus:2" }
  - { at: 1500ms, do: addAgent, agent: { id: agent2, resources: "cpus:4;mem:1024" } }`);
    expect(pick(events, 'quota.set', 'quota.rejected', 'offer.rescinded')).toEqual([
      '500 quota.rejected a  cpus:2 role a already consumes cpus:4, more than the requested limit cpus:2 (use force to bypass this check)',
    ]);
    expect(pick(events, 'offer').slice(1)).toEqual(['1500 offer o-000002 agent2 cpus:4;mem:1024']);
  });

  it('with force is set, and the offer that put the role over the limit is rescinded (no filter) and re-offered chopped', () => {
    const events = run('  - { id: agent1, resources: "cpus:4;mem:1024" }', `
  - { at: 500ms, do: setQuota, role: a, limit: "cpus:2", force: true }
  - { at: 1500ms, do: addAgent, agent: { id: agent2, resources: "cpus:4;mem:1024" } }`);
    expect(pick(events, 'quota.set', 'quota.rejected', 'offer.rescinded')).toEqual([
      '500 quota.set a  cpus:2',
      '500 offer.rescinded o-000001 agent1 cpus:4;mem:1024 quota limit',
    ]);
    // Back with no filter: the 1 s batch run offers agent1 again, chopped to the limit (§3.4); the
    // limit is then reached, so agent2 brings only memory.
    expect(pick(events, 'offer')).toEqual([
      '0 offer o-000001 agent1 cpus:4;mem:1024',
      '1000 offer o-000002 agent1 cpus:2;mem:1024',
      '1500 offer o-000003 agent2 mem:1024',
    ]);
  });

  it('with force rescinds only as many offers as needed, oldest first', () => {
    // Two 2-cpu offers (4 cpus consumed); a limit of 3 cpus: rescinding the first is enough.
    const events = run('  - { id: agent, count: 2, resources: "cpus:2;mem:512" }', `
  - { at: 500ms, do: setQuota, role: a, limit: "cpus:3", force: true }`);
    expect(pick(events, 'offer.rescinded')).toEqual(['500 offer.rescinded o-000001 agent-00001 cpus:2;mem:512 quota limit']);
  });

  it('counts a running task and reservations as consumption; force never kills the task', () => {
    const task = run('  - { id: agent1, resources: "cpus:4;mem:1024" }', `
  - { at: 100ms, do: accept, framework: fw1, agent: agent1, launch: [{ resources: "cpus:4;mem:512" }], refuseSeconds: 0 }
  - { at: 500ms, do: setQuota, role: a, limit: "cpus:2" }
  - { at: 600ms, do: setQuota, role: a, limit: "cpus:2", force: true }`);
    expect(pick(task, 'quota.set', 'quota.rejected').map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['500 quota.rejected', '600 quota.set']);
    expect(task.filter((e) => e.type === 'offer.rescinded' || (e.type === 'task.status' && e.reason !== undefined))).toEqual([]);
    // A static reservation of 4 cpus for a is consumption too, offered or not.
    const reserved = run('  - { id: agent1, resources: "cpus(a):4;mem:1024" }', `
  - { at: 500ms, do: setQuota, role: a, limit: "cpus:3" }
  - { at: 600ms, do: setQuota, role: a, limit: "cpus:4" }`);
    expect(pick(reserved, 'quota.set', 'quota.rejected').map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['500 quota.rejected', '600 quota.set']);
  });
});
