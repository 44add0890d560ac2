/**
 * Story 14: optimistic (Omega-style) offers, src/master/optimistic/. The two-framework case is
 * worked out by hand; the default (pessimistic) mode must not change any event.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioSet } from '../../src/experiment/scenario-set.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const ROOT = join(import.meta.dirname, '../..');

/**
 * One agent with 4 cpus; f1 and f2 each launch one task of 3 cpus (f2: `f2task`). f1's offers
 * arrive after 100 ms, f2's after 300 ms.
 */
const twoFrameworks = (offerModel: string, f2task = 'tasksPerOffer: 1, maxTasks: 1, task: { resources: "cpus:3;mem:1GiB" }') => `
name: two
until: 500ms
master: { ${offerModel} }
agents:
  - { id: a1, resources: "cpus:4;mem:4GiB" }
frameworks:
  - { id: f1, role: r1, offerLatency: 100ms, scheduler: { type: scripted, onOffer: launch, refuseSeconds: 0, tasksPerOffer: 1, maxTasks: 1, task: { resources: "cpus:3;mem:1GiB" } } }
  - { id: f2, role: r2, offerLatency: 300ms, scheduler: { type: scripted, onOffer: launch, refuseSeconds: 0, ${f2task} } }
`;

function run(text: string) {
  const r = loadScenarioText('two.yaml', text);
  expect(r.diagnostics).toEqual([]);
  const res = runScenario(r.spec!, { keepEvents: true });
  const events = res.events!.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { ...res, events, spec: r.spec! };
}

const of = (events: Record<string, unknown>[], type: string) => events.filter((e) => e.type === type);

describe('optimistic offers (story 14)', () => {
  it('offers the same free resources to both frameworks; the second to commit conflicts', () => {
    const { events, summary } = run(twoFrameworks('offerModel: optimistic'));
    // t=0: one allocation run offers all of a1 (4 cpus) to f1 AND to f2: nothing is held.
    const offers = of(events, 'offer');
    expect(offers.map((o) => [o.t, o.framework, o.agent, o.resources])).toEqual([
      [0, 'f1', 'a1', 'cpus:4;mem:4096'], [0, 'f2', 'a1', 'cpus:4;mem:4096'],
    ]);
    // t=100ms: f1 commits 3 cpus (4 free). t=300ms: f2 wants 3 cpus, only 1 is left: conflict.
    expect(of(events, 'task.launched').map((e) => [e.t, e.framework])).toEqual([[100, 'f1']]);
    const dropped = of(events, 'task.status').filter((e) => e.state === 'TASK_DROPPED');
    expect(dropped.map((e) => [e.t, e.framework, e.agent])).toEqual([[300, 'f2', 'a1']]);
    expect(String(dropped[0].reason)).toMatch(/^conflict/);
    expect(of(events, 'offer.accepted').map((e) => [e.t, e.framework, e.tasks, e.conflicts])).toEqual([[100, 'f1', 1, 0], [300, 'f2', 0, 1]]);
    const m = summary.offerModel as any;
    expect(m.type).toBe('optimistic');
    expect(m.launches).toEqual({ attempted: 2, committed: 1, conflicts: 1, conflictRate: 0.5 });
    expect(m.frameworks.f2).toMatchObject({ attempted: 1, launched: 0, conflicts: 1, conflictRate: 1 });
    expect(m.frameworks.f1).toMatchObject({ attempted: 1, launched: 1, conflicts: 0 });
    // The allocator accounts the committed task only (f1 holds 3 cpus, f2 nothing).
    expect((summary.frameworks as any).f1.end.cpus).toBe(3);
    expect((summary.frameworks as any).f2?.end.cpus ?? 0).toBe(0);
  });

  it('pessimistic offers (the Mesos model) give a1 to one framework at a time: no conflict', () => {
    const { events, summary } = run(twoFrameworks('offerModel: pessimistic'));
    expect(of(events, 'offer').map((o) => [o.t, o.framework])).toEqual([[0, 'f1']]);
    expect(of(events, 'task.status').filter((e) => e.state === 'TASK_DROPPED')).toEqual([]);
    expect((summary.offerModel as any).launches).toEqual({ attempted: 1, committed: 1, conflicts: 0, conflictRate: 0 });
  });

  it('incremental transactions keep the launches that fit; all-or-nothing drops the whole accept', () => {
    const two = 'tasksPerOffer: 2, maxTasks: 2, task: { resources: "cpus:1;mem:512" }'; // f2: two 1-cpu tasks, 1 cpu left
    const inc = run(twoFrameworks('offerModel: optimistic', two));
    expect(of(inc.events, 'task.launched').map((e) => [e.t, e.framework])).toEqual([[100, 'f1'], [300, 'f2']]);
    expect((inc.summary.offerModel as any).launches).toEqual({ attempted: 3, committed: 2, conflicts: 1, conflictRate: roundish(1 / 3) });
    const gang = run(twoFrameworks('offerModel: { type: optimistic, transactions: all-or-nothing }', two));
    expect(of(gang.events, 'task.launched').map((e) => [e.t, e.framework])).toEqual([[100, 'f1']]);
    const reasons = of(gang.events, 'task.status').filter((e) => e.state === 'TASK_DROPPED').map((e) => e.reason);
    expect(reasons).toEqual(['conflict: another launch of the transaction conflicted', 'conflict: resources taken since the offer']);
    expect((gang.summary.offerModel as any).accepts).toEqual({ validated: 2, conflicted: 1 });
  });

  it('a decline with refuse_seconds filters the agent for that framework, as in Mesos (§2.1)', () => {
    const text = twoFrameworks('offerModel: optimistic').replace('until: 500ms', 'until: 4s')
      .replace('refuseSeconds: 0, tasksPerOffer: 1, maxTasks: 1', 'refuseSeconds: 3, tasksPerOffer: 1, maxTasks: 1');
    const { events } = run(text);
    // f1 launched at 100 ms with refuse 3 s on the unused 1 cpu: not offered a1 again before 3.1 s.
    const f1Offers = of(events, 'offer').filter((o) => o.framework === 'f1').map((o) => o.t);
    expect(f1Offers[0]).toBe(0);
    expect(f1Offers.slice(1).every((t) => (t as number) >= 3100)).toBe(true);
    expect(of(events, 'filter.installed').some((e) => e.framework === 'f1' && e.until === 3100)).toBe(true);
  });

  it('a batch framework places a dropped (conflicting) launch again on later offers', () => {
    const text = `
name: requeue
until: 10s
master: { offerModel: optimistic }
agents:
  - { id: a1, resources: "cpus:4;mem:4GiB" }
frameworks:
  - { id: f1, role: r1, offerLatency: 100ms, scheduler: { type: scripted, onOffer: launch, refuseSeconds: 0, tasksPerOffer: 1, maxTasks: 1, task: { resources: "cpus:3;mem:1GiB", duration: 2s } } }
  - { id: f2, role: r2, offerLatency: 300ms, scheduler: { type: batch, refuseSeconds: 0, jobs: { count: 1, tasks: 1, resources: "cpus:3;mem:1GiB", duration: 1s } } }
`;
    const { events } = run(text);
    expect(of(events, 'task.status').filter((e) => e.state === 'TASK_DROPPED').map((e) => [e.t, e.framework])).toEqual([[300, 'f2']]);
    const f2 = of(events, 'task.launched').filter((e) => e.framework === 'f2');
    expect(f2).toHaveLength(1); // placed again once f1's task freed the cpus
    expect(f2[0].t as number).toBeGreaterThanOrEqual(2100);
  });

  it('is deterministic: the same scenario and seed give the same event log', () => {
    const text = twoFrameworks('offerModel: optimistic').replace('until: 500ms', 'until: 30s');
    expect(run(text).digest).toBe(run(text).digest);
  });

  it('the built-in scenario: optimistic runs repeat byte for byte and conflict', async () => {
    const set = await loadScenarioSet(join(ROOT, 'scenarios/optimistic-vs-pessimistic.yaml'), { variants: ['optimistic'] });
    expect(set.diagnostics).toEqual([]);
    const spec = set.runs[0].spec;
    const a = runScenario(spec), b = runScenario(spec);
    expect(a.digest).toBe(b.digest);
    expect((a.summary.offerModel as any).launches.conflicts).toBeGreaterThan(0);
  });

  it('survives a master failover and agent failures (the built-in scenarios, optimistic)', async () => {
    for (const file of ['master-failover.yaml', 'rack-failure.yaml']) {
      const set = await loadScenarioSet(join(ROOT, 'scenarios', file), { overrides: [{ path: ['master', 'offerModel'], value: 'optimistic' }] });
      expect(set.diagnostics).toEqual([]);
      const spec = set.runs[0].spec;
      const a = runScenario(spec), b = runScenario(spec);
      expect(a.digest, file).toBe(b.digest);
      expect((a.summary.tasks as { launched: number }).launched, file).toBeGreaterThan(0);
      expect((a.summary.offerModel as any).type).toBe('optimistic');
    }
  });

  it('the default mode is untouched: no offerModel in the RunSpec, and an explicit pessimistic changes no event', () => {
    const plain = run(twoFrameworks('allocationInterval: 1s').replace('until: 500ms', 'until: 20s'));
    expect('offerModel' in plain.spec.master).toBe(false);
    expect(plain.summary.offerModel).toBeUndefined();
    const explicit = run(twoFrameworks('offerModel: pessimistic').replace('until: 500ms', 'until: 20s'));
    expect(explicit.digest).toBe(plain.digest);
    const { offerModel: _, ...rest } = explicit.summary;
    expect(rest).toEqual(plain.summary);
  });
});

function roundish(x: number): number {
  return Number(x.toPrecision(9));
}
