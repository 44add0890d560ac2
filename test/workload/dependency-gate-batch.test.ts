/**
 * The dependency gate's batches (src/workload/replay/dependency-gate.ts `tasksSubmitted`): a record's
 * tasks noted as one batch release dependents exactly when noting them key by key (`taskSubmitted`)
 * does — under random orders of task ends, ends of unknown or repeated keys, records repeated with
 * other counts, and a key noted one by one over a batch (a gang record).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DependencyGate } from '../../src/workload/replay/dependency-gate.ts';
import type { JobSubmittedRecord } from '../../src/workload/records.ts';

const rec = (group: string, taskCount: number, dependsOn?: string[]): JobSubmittedRecord =>
  ({ kind: 'job.submitted', atMs: 0, jobId: 'j', group, taskCount, ...(dependsOn ? { dependsOn } : {}) });

type Op =
  | { kind: 'note'; group: number; count: number; single: boolean }
  | { kind: 'wait'; on: number }
  | { kind: 'done'; group: number; index: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('note' as const), group: fc.integer({ min: 0, max: 1 }), count: fc.integer({ min: 1, max: 4 }), single: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), on: fc.integer({ min: 0, max: 1 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('done' as const), group: fc.integer({ min: 0, max: 1 }), index: fc.integer({ min: 0, max: 4 }) }) },
);

function gate(released: string[]): DependencyGate {
  return new DependencyGate({ now: () => 0, release: (r) => released.push(r.group!), releaseAfter: (_ms, r) => released.push(`later ${r.group!}`) });
}

describe('DependencyGate batches', () => {
  it('release the same records at the same steps as tasks noted key by key', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 150 }), (ops) => {
      const byKey: string[] = [];
      const batched: string[] = [];
      const a = gate(byKey);
      const b = gate(batched);
      let waiter = 0;
      for (const o of ops) {
        if (o.kind === 'note') {
          const r = rec(`s${o.group}`, o.count);
          const base = `j/s${o.group}`;
          for (let i = 0; i < o.count; i++) a.taskSubmitted(r, `${base}/${i}`);
          if (o.single) for (let i = 0; i < o.count; i++) b.taskSubmitted(r, `${base}/${i}`);
          else b.tasksSubmitted(r, base, o.count);
        } else if (o.kind === 'wait') {
          const r = rec(`w${waiter++}`, 1, [`s${o.on}`]);
          expect(b.admit(r)).toBe(a.admit(r));
        } else {
          const key = `j/s${o.group}/${o.index}`;
          a.taskDone(key);
          b.taskDone(key);
        }
        // whether each stage is open now (a probe that waits on it is held or not)
        for (const g of [0, 1]) {
          const probe = rec(`probe${waiter++}`, 1, [`s${g}`]);
          expect(b.admit(probe)).toBe(a.admit(probe));
        }
        expect(batched).toEqual(byKey);
        expect(b.held).toBe(a.held);
      }
    }), { seed: 20261122, numRuns: 400 });
  });

  it('a record repeated: keys done are open again; keys noted one by one over a batch are the batch\'s no more', () => {
    const run = (steps: (g: DependencyGate, note: (n: number, single: boolean) => void) => void) => {
      const out: string[][] = [];
      for (const batch of [false, true]) {
        const released: string[] = [];
        const g = gate(released);
        const note = (n: number, single: boolean) => {
          if (batch && !single) g.tasksSubmitted(rec('s0', n), 'j/s0', n);
          else for (let i = 0; i < n; i++) g.taskSubmitted(rec('s0', n), `j/s0/${i}`);
        };
        steps(g, note);
        out.push(released);
      }
      return out;
    };
    // 4 tasks, 2 done, the first 2 noted again: 4 open again, released once all 4 are done.
    const [a1, b1] = run((g, note) => {
      note(4, false); g.taskDone('j/s0/0'); g.taskDone('j/s0/1'); note(2, false);
      g.admit(rec('w', 1, ['s0']));
      for (const i of [0, 1, 2, 3]) g.taskDone(`j/s0/${i}`);
    });
    expect(a1).toEqual(['w']);
    expect(b1).toEqual(a1);
    // 2 tasks noted twice while open (a batch, then one by one): each key ends once, so the stage never closes.
    const [a2, b2] = run((g, note) => {
      note(2, false); note(2, true);
      g.admit(rec('w', 1, ['s0']));
      for (const i of [0, 1, 0, 1]) g.taskDone(`j/s0/${i}`);
    });
    expect(a2).toEqual([]);
    expect(b2).toEqual(a2);
  });

  it('keeps no key per task for a batch, and forgets it once every task is done', () => {
    const g = gate([]);
    g.tasksSubmitted(rec('s0', 10_000), 'j/s0', 10_000);
    expect(g.openTasks()).toEqual({ keys: 0, batches: 1, batchTasks: 10_000 });
    for (let i = 0; i < 10_000; i++) g.taskDone(`j/s0/${i}`);
    expect(g.openTasks()).toEqual({ keys: 0, batches: 0, batchTasks: 0 });
  });
});
