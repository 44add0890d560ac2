/**
 * Reconciliation after reregistration (src/master/failover/reregistration-reconciliation.ts) under
 * random failure timelines (fast-check, fixed seed, bounded runs): partitions, master failovers,
 * operator marks and scheduler disconnects at random times, on three agents running a batch and a
 * PARTITION_AWARE service. Invariants:
 *   - every task the master ends without telling its framework (`task.status` unannounced) is
 *     answered at most once, and only while the framework had not been told otherwise since;
 *   - an answer is never given for a task that has no unannounced end before it;
 *   - an unannounced task still unanswered at the end is one whose framework asked nothing since
 *     (no ask of its framework after the task went unannounced);
 *   - the run is deterministic (the same events twice).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runYaml, type Ev } from '../failures/helpers.ts';

type Step =
  | { k: 'partition'; agent: number; at: number; minutes: number }
  | { k: 'failMaster'; at: number; delay: number }
  | { k: 'gone'; agent: number; at: number }
  | { k: 'disconnect'; fw: 'batch' | 'svc'; at: number; minutes: number };

const at = fc.integer({ min: 1, max: 50 }); // minutes
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ k: fc.constant('partition' as const), agent: fc.integer({ min: 1, max: 3 }), at, minutes: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ k: fc.constant('failMaster' as const), at, delay: fc.integer({ min: 5, max: 120 }) }),
  fc.record({ k: fc.constant('gone' as const), agent: fc.integer({ min: 1, max: 3 }), at }),
  fc.record({ k: fc.constant('disconnect' as const), fw: fc.constantFrom('batch' as const, 'svc' as const), at, minutes: fc.integer({ min: 1, max: 20 }) }),
);

function timeline(steps: readonly Step[]): string {
  return steps.map((s) => {
    switch (s.k) {
      case 'partition': return `  - { at: ${s.at}m, do: fail, agents: [a-0000${s.agent}], kind: partition, duration: ${s.minutes}m }`;
      case 'failMaster': return `  - { at: ${s.at}m, do: failMaster, electionDelay: ${s.delay}s }`;
      case 'gone': return `  - { at: ${s.at}m, do: markAgentGone, agents: [a-0000${s.agent}] }`;
      case 'disconnect': return `  - { at: ${s.at}m, do: disconnectFramework, framework: ${s.fw}, duration: ${s.minutes}m }`;
    }
  }).join('\n');
}

function run(steps: readonly Step[]): Ev[] {
  return runYaml(`
name: reconcile-prop
seed: 9
until: 90m
agents: [{ id: a, count: 3, resources: "cpus:4;mem:8GiB" }]
frameworks:
  - id: svc
    capabilities: [MULTI_ROLE, PARTITION_AWARE]
    checkpoint: true
    failoverTimeout: 2h
    scheduler: { type: replicated-service, instances: 3, resources: "cpus:1;mem:1GiB" }
  - id: batch
    checkpoint: true
    failoverTimeout: 2h
    scheduler: { type: batch, jobs: { count: 40, interarrival: 1m, tasks: [1, 3], resources: "cpus:1;mem:1GiB", duration: { exponential: 8m } } }
timeline:
${timeline(steps)}
`).events;
}

describe('reconciliation after reregistration under random failures', () => {
  it('answers each unannounced task at most once, only while its framework was not told, and deterministically', () => {
    // Every run has a master failover with an agent cut off across it (so agents recover, time out
    // or are marked gone while frameworks ask), plus random other steps.
    const base = fc.record({ at: fc.integer({ min: 2, max: 40 }), delay: fc.integer({ min: 5, max: 120 }), agent: fc.integer({ min: 1, max: 3 }), minutes: fc.integer({ min: 1, max: 40 }) })
      .map((b): Step[] => [{ k: 'partition', agent: b.agent, at: b.at - 1, minutes: b.minutes }, { k: 'failMaster', at: b.at, delay: b.delay }]);
    fc.assert(fc.property(base, fc.array(step, { maxLength: 5 }), (failover, more) => {
      const steps = [...failover, ...more];
      const events = run(steps);
      // task → 'open' (unannounced, not told since) | 'told' | 'answered'
      const state = new Map<string, 'open' | 'told' | 'answered'>();
      const openedAt = new Map<string, number>();
      const lastAsk = new Map<string, number>();
      for (const e of events) {
        const task = String(e.task);
        if (e.type === 'task.status') {
          if (e.unannounced === true) { state.set(task, 'open'); openedAt.set(task, e.t); } else if (state.get(task) === 'open') state.set(task, 'told');
        } else if (e.type === 'task.reconciled' && e.cause === 'kill') {
          if (state.get(task) === 'open') state.set(task, 'told');
        } else if (e.type === 'task.reconciled' && e.cause === 'reconcile') {
          expect(state.get(task), `answer for ${task} at ${e.t}`).toBe('open');
          state.set(task, 'answered');
        } else if (e.type === 'framework.reconcile') {
          lastAsk.set(String(e.framework), e.t);
        }
      }
      // Unanswered at the end: its framework made no logged ask after it went unannounced, or every
      // ask since found it on an agent... never: an unannounced task's agent is gone or unreachable.
      const fwOf = new Map(events.filter((e) => e.type === 'task.status' && e.unannounced === true).map((e) => [String(e.task), String(e.framework)]));
      for (const [task, s] of state) {
        if (s !== 'open') continue;
        const asked = lastAsk.get(fwOf.get(task)!) ?? -1;
        expect(asked, `${task} unannounced at ${openedAt.get(task)} and still open, yet asked at ${asked}`).toBeLessThanOrEqual(openedAt.get(task)!);
      }
      expect(run(steps)).toEqual(events);
    }), { seed: 17, numRuns: 25 });
  }, 120_000);
});
