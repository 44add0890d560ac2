/**
 * The trace-replay queue (src/frameworks/replay-queue.ts) against a plain array model: the same
 * entries in the same order, the same counts passed over, under random adds, removals (also during
 * a scan, as launches do) and scans that skip shapes and stop at a limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplayQueue, type QueueEntry } from '../../src/frameworks/replay-queue.ts';

interface Entry extends QueueEntry { readonly id: number; readonly key: string }

const entry = (id: number, priority: number, key: string): Entry =>
  ({ id, priority, key, shape: { quantities: new Map([['cpus', key.length]]) }, shapeId: -1, removed: false, run: null, count: 1 });

type Op =
  | { kind: 'add'; priority: number; shape: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'scan'; skipShapes: number[]; limit: number; launch: number[] };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), priority: fc.integer({ min: 0, max: 2 }), shape: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('scan' as const), skipShapes: fc.uniqueArray(fc.integer({ min: 0, max: 3 })), limit: fc.integer({ min: 1, max: 40 }), launch: fc.array(fc.nat(), { maxLength: 3 }) }) },
);

describe('ReplayQueue', () => {
  it('scans like a plain priority-ordered FIFO list, passing over skipped shapes with exact counts', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const queue = new ReplayQueue<Entry>();
      let model: Entry[] = []; // live entries, scan order
      let next = 0;
      for (const o of ops) {
        if (o.kind === 'add') {
          const e = entry(next++, o.priority, 'x'.repeat(o.shape + 1));
          queue.add(e, e.key);
          // highest priority first, FIFO within: after every entry of priority ≥ its own
          let at = model.length;
          while (at > 0 && model[at - 1].priority < e.priority) at--;
          model.splice(at, 0, e);
        } else if (o.kind === 'remove') {
          if (model.length === 0) continue;
          const e = model[o.pick % model.length];
          queue.remove(e, e.key);
          model = model.filter((m) => m !== e);
        } else {
          // Expected: walk the model; an entry of a skipped shape counts 1 and is not visited; visiting
          // counts 1; stop once the count passes the limit. Some visited entries are "launched" (removed).
          const skipped = new Set(o.skipShapes.map((s) => 'x'.repeat(s + 1)));
          const launchAt = new Set(o.launch);
          const expected: number[] = [];
          let count = 0;
          for (const e of model) {
            if (++count > o.limit) break;
            if (!skipped.has(e.key)) expected.push(e.id);
          }
          const visited: number[] = [];
          let seen = 0;
          const launched: Entry[] = [];
          queue.scan((e) => {
            if (++seen > o.limit) return false;
            visited.push(e.id);
            if (launchAt.has(visited.length - 1)) { queue.remove(e, e.key); launched.push(e); }
            return true;
          }, (shapeId) => [...skipped].some((k) => model.find((m) => m.key === k)?.shapeId === shapeId), (n) => (seen += n) <= o.limit);
          expect(visited).toEqual(expected);
          model = model.filter((m) => !launched.includes(m));
        }
        expect(queue.size).toBe(model.length);
        expect(queue.distinctShapes).toBe(new Set(model.map((m) => m.key)).size);
      }
    }), { seed: 20261121, numRuns: 300 });
  });

  it('compacts a list once most of it is removed, and keeps order across compactions', () => {
    const queue = new ReplayQueue<Entry>();
    const all = Array.from({ length: 200 }, (_, i) => entry(i, 0, i % 2 === 0 ? 'a' : 'bb'));
    for (const e of all) queue.add(e, e.key);
    for (const e of all.slice(0, 150)) queue.remove(e, e.key);
    const order: number[] = [];
    queue.scan((e) => { order.push(e.id); return true; }, () => false, () => true);
    expect(order).toEqual(all.slice(150).map((e) => e.id));
    expect(queue.size).toBe(50);
  });

  it('a batch entry of n tasks scans, takes and compacts exactly as n single entries added in a row', () => {
    // Two queues fed the same jobs: `singles` gets a job of n tasks as n entries, `batched` as one
    // entry of count n. A scan's visitor answers per shape, as trace-replay's does: launch while the
    // shape has room in this "offer", then the shape does not fit (stamped, skipped from then on);
    // a blocked job (placement) is passed by without launching. Same visits, launches and counts.
    type Job = { id: number; priority: number; shape: number; n: number };
    const jobOp = fc.record({ kind: fc.constant('add' as const), priority: fc.integer({ min: 0, max: 2 }), shape: fc.integer({ min: 0, max: 3 }), n: fc.integer({ min: 1, max: 40 }) });
    const scanOp = fc.record({ kind: fc.constant('scan' as const), room: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 4, maxLength: 4 }), blocked: fc.uniqueArray(fc.nat({ max: 30 })), limit: fc.integer({ min: 1, max: 60 }) });
    fc.assert(fc.property(fc.array(fc.oneof({ weight: 3, arbitrary: jobOp }, { weight: 2, arbitrary: scanOp }), { maxLength: 120 }), (ops) => {
      const singles = new ReplayQueue<Entry>();
      const batched = new ReplayQueue<Entry>();
      const jobs: Job[] = [];
      for (const o of ops) {
        if (o.kind === 'add') {
          const job: Job = { id: jobs.length, priority: o.priority, shape: o.shape, n: o.n };
          jobs.push(job);
          const key = 'x'.repeat(o.shape + 1);
          for (let i = 0; i < o.n; i++) { const e = entry(job.id, o.priority, key); singles.add(e, key); }
          const b = { ...entry(job.id, o.priority, key), count: o.n };
          batched.add(b, key);
        } else {
          const run = (queue: ReplayQueue<Entry>, take: (e: Entry) => void) => {
            const room = [...o.room];
            const stamped = new Set<number>();
            const trace: string[] = [];
            let seen = 0;
            queue.scan((e) => {
              if (++seen > o.limit) { trace.push('cut'); return false; }
              const shape = e.key.length - 1;
              if (o.blocked.includes(e.id)) { trace.push(`pass ${e.id}`); return true; }
              if (room[shape] === 0) { stamped.add(e.shapeId); trace.push(`full ${e.id}`); return true; }
              room[shape]--;
              take(e);
              trace.push(`take ${e.id}`);
              return true;
            }, (shapeId) => stamped.has(shapeId), (n) => { trace.push(`passed ${n}`); return (seen += n) <= o.limit; });
            return trace;
          };
          expect(run(batched, (e) => batched.takeOne(e, e.key))).toEqual(run(singles, (e) => singles.remove(e, e.key)));
        }
        expect(batched.size).toBe(singles.size);
        expect(batched.distinctShapes).toBe(singles.distinctShapes);
      }
    }), { seed: 20261122, numRuns: 300 });
  });
});
