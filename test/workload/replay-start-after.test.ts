/**
 * Google 2019 `start_after_collection_ids` in the replay (src/workload/replay/start-after-gate.ts):
 * the instances of a collection that comes after others are held until those have ended *in the
 * simulation* — not at their trace end times — then submitted. Hand-written Google 2019 JSON
 * (collection_events + instance_events, replayed through the sorted-copy cache) on one machine of
 * 3 cpus declared in the scenario; the window opens at trace time 600 s.
 *
 * Collection 1 (A): two 2-cpu instances the trace ran side by side, 600–660 s. Here they run one
 * after the other: 0–60 s and 61–121 s (the framework suppressed while nothing was queued, so the
 * next offer comes with the next allocation run), so A ends at 121 s here (61 s in the trace).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { CACHE_ENV } from '../../src/workload/replay/sorted-cache.ts';
import { specFromText } from '../frameworks/helpers.ts';
import type { ReplayTask } from '../../src/frameworks/trace-replay.ts';
import type { JobEventRecord } from '../../src/workload/records.ts';
import { StartAfterGate } from '../../src/workload/replay/start-after-gate.ts';

const dirs: string[] = [];
const tmp = (prefix: string) => { const d = mkdtempSync(join(tmpdir(), prefix)); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

let savedEnv: string | undefined;
beforeEach(() => {
  savedEnv = process.env[CACHE_ENV];
  process.env[CACHE_ENV] = join(tmp('start-after-cache-'), 'cache');
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env[CACHE_ENV]; else process.env[CACHE_ENV] = savedEnv;
});

const US = 1_000_000; // µs per second of trace time
const CODES = { submit: 0, schedule: 3, fail: 5, finish: 6, kill: 7 } as const;
type Ev = keyof typeof CODES;

/** A collection event: [trace seconds, event, collection id, start_after ids]. */
type Coll = [sec: number, ev: Ev, id: number, after?: number[], extra?: Record<string, string>];
/** An instance event: [trace seconds, event, collection id, instance index, cpus]. */
type Inst = [sec: number, ev: Ev, id: number, index: number, cpus?: number, extra?: Record<string, string>];

function writeTrace(colls: readonly Coll[], insts: readonly Inst[]): string {
  const dir = tmp('google-2019-');
  const c = colls.map(([sec, ev, id, after, extra]) => JSON.stringify({
    time: String(sec * US), type: String(CODES[ev]), collection_id: String(id), priority: '200', user: 'u1',
    ...(after ? { start_after_collection_ids: after.map(String) } : {}), ...extra,
  }));
  const i = insts.map(([sec, ev, id, index, cpus = 1, extra]) => JSON.stringify({
    time: String(sec * US), type: String(CODES[ev]), collection_id: String(id), instance_index: String(index), priority: '200',
    ...(ev === 'submit' ? { resource_request: { cpus, memory: 100 } } : {}),
    ...(ev === 'schedule' ? { machine_id: '7' } : {}), ...extra,
  }));
  // Grouped by entity (last entity first), as the real tables are: the replay sorts them by time.
  const grouped = (lines: string[], entity: (n: number) => string) => lines.map((l, n) => ({ l, e: entity(n), n }))
    .sort((x, y) => (x.e === y.e ? x.n - y.n : x.e < y.e ? 1 : -1)).map((x) => x.l).join('\n');
  writeFileSync(join(dir, 'collection_events-000000000000.json'), `${grouped(c, (n) => String(colls[n][2]).padStart(6, '0'))}\n`);
  writeFileSync(join(dir, 'instance_events-000000000000.json'), `${grouped(i, (n) => `${String(insts[n][2]).padStart(6, '0')}/${insts[n][3]}`)}\n`);
  return dir;
}

interface Feed { startAfter: Record<string, number>; allocSets: Record<string, number>; tasksSubmitted: number; traceWarnings: number }

function run(colls: readonly Coll[], insts: readonly Inst[], extra = '', master = '') {
  const spec = specFromText(`name: start-after
seed: 1
until: 10m
${master}agents: [{ id: m, resources: "cpus:3;mem:8GiB" }]
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
workload:
  sources: [{ trace: ${writeTrace(colls, insts)}, units: absolute }]   # cores and MiB, not normalized (CS6014 otherwise)
  window: { start: 600s }
  scale: { cpus: 1, memMiB: 1 }
  map: [{ framework: batch }]
${extra}`);
  const r = runScenario(spec, { outDir: null, keepEvents: true });
  const events = r.events!.map((l) => JSON.parse(l) as { t: number; type: string; job?: string; task?: string; state?: string });
  const jobOf = new Map(events.filter((e) => e.type === 'task.launched').map((e) => [e.task!, e.job!]));
  const launched = events.filter((e) => e.type === 'task.launched').map((e) => `${e.t / 1000} ${e.job!.slice(4)}`);
  const ended = events.filter((e) => e.type === 'task.status' && e.state !== 'TASK_RUNNING' && jobOf.has(e.task!)).map((e) => `${e.t / 1000} ${jobOf.get(e.task!)!.slice(4)} ${e.state}`);
  const summary = r.summary as { replay: { feed: Feed } };
  const diagnostics = events.filter((e) => e.type === 'workload.diagnostic').map((e) => {
    const d = e as unknown as { severity: string; code: string; message: string };
    return `${d.severity} ${d.code} ${d.message}`;
  });
  return { launched, ended, feed: summary.replay.feed, diagnostics };
}

// A: collection 1, two 2-cpu instances run side by side in the trace (600–660 s), ended at 661 s.
const A_COLL: Coll[] = [[600, 'submit', 1], [661, 'finish', 1]];
const A_INST: Inst[] = [0, 1].flatMap((i): Inst[] => [[600, 'submit', 1, i, 2], [600, 'schedule', 1, i], [660, 'finish', 1, i]]);
// B: collection 2 comes after A; submitted at 670 s, its instance ran 670–700 s in the trace (1 cpu).
const B_COLL: Coll[] = [[670, 'submit', 2, [1]], [701, 'finish', 2]];
const B_INST: Inst[] = [[670, 'submit', 2, 0], [670, 'schedule', 2, 0], [700, 'finish', 2, 0]];

describe('Google 2019 start_after_collection_ids in the replay', () => {
  it('a dependent collection starts only after the one it comes after has ended here, not at the trace times', () => {
    const { launched, ended, feed } = run([...A_COLL, ...B_COLL], [...A_INST, ...B_INST]);
    // A runs 0–60 and 61–121 here; B (released by the trace at 70 s, with a free cpu for it) waits until 121 s.
    expect(launched).toEqual(['0 1', '61 1', '121 2']);
    // B keeps the run time the trace gave it while it was held (30 s).
    expect(ended).toContain('151 2 TASK_FINISHED');
    expect(feed.startAfter).toMatchObject({
      collectionsHeld: 1, tasksHeld: 1, released: 1, cancelledWhileHeld: 0, heldAtEnd: 0, peakHeld: 1,
      heldMsTotal: 51_000, heldMsMean: 51_000, heldMsMax: 51_000, dependenciesEnded: 0, dependenciesUnseen: 0,
      collectionsHeldAtEnd: 0, collectionsWaitingOnTraceAtEnd: 0, cycles: 0,
    });
  });

  it('workload.dependencies: false replays trace times only', () => {
    const { launched, feed } = run([...A_COLL, ...B_COLL], [...A_INST, ...B_INST], '  dependencies: false\n');
    expect(launched).toEqual(['0 1', '61 1', '70 2']); // beside A's second instance
    expect(feed.startAfter).toBeUndefined();
  });

  it('a chain of three: each waits for the one before it to end here', () => {
    // C: collection 3 comes after B; the trace submits and runs it at 705 s (B ended at 701 s there).
    const { launched, feed } = run(
      [...A_COLL, ...B_COLL, [705, 'submit', 3, [2]], [716, 'finish', 3]],
      [...A_INST, ...B_INST, [705, 'submit', 3, 0], [705, 'schedule', 3, 0], [715, 'finish', 3, 0], [705, 'submit', 3, 1], [705, 'schedule', 3, 1], [715, 'finish', 3, 1]],
    );
    // B runs 121–151 here, so C's two instances start at 151 s (not 105 s).
    expect(launched).toEqual(['0 1', '61 1', '121 2', '151 3', '151 3']);
    expect(feed.startAfter).toMatchObject({ collectionsHeld: 2, tasksHeld: 3, released: 3, heldMsMax: 51_000, heldMsTotal: 51_000 + 2 * 46_000 });
  });

  it('a dependency that ended here already holds nothing; one the trace never shows holds only until the trace starts the dependent', () => {
    const { launched, feed } = run(
      // D (4) comes after collection 999, which is nowhere in the trace; the trace submits D at 620 s and starts it at 650 s.
      // E (5) comes after A, submitted when A has ended here.
      [...A_COLL, [620, 'submit', 4, [999]], [671, 'finish', 4], [800, 'submit', 5, [1]], [811, 'finish', 5]],
      [...A_INST, [620, 'submit', 4, 0], [650, 'schedule', 4, 0], [670, 'finish', 4, 0], [800, 'submit', 5, 0], [800, 'schedule', 5, 0], [810, 'finish', 5, 0]],
    );
    // D is held from 20 s until the trace starts it (50 s): Borg proves then that it was not waiting for 999;
    // launched with the next offer of the free cpu (55 s; 5 s decline filter). (Before: released at once,
    // launched at 25 s beside A.) E at 200 s, not held.
    expect(launched).toEqual(['0 1', '55 4', '61 1', '200 5']);
    expect(feed.startAfter).toMatchObject({
      collectionsHeld: 1, tasksHeld: 1, released: 1, heldMsMax: 30_000, dependenciesEnded: 1, dependenciesUnseen: 1,
      unseenSeenLater: 0, unseenDroppedAtTraceStart: 1, collectionsHeldAtEnd: 0, collectionsWaitingOnTraceAtEnd: 0,
    });
  });

  it('a dependency first seen after the dependent is waited for if the dependent has not started', () => {
    // B (2) comes after A (1), but the trace shows B first: B is submitted at 600 s, A only at 605 s
    // (two 2-cpu instances side by side, 605–665 s); the trace starts B at 670 s, after A ended there.
    const { launched, feed } = run(
      [[600, 'submit', 2, [1]], [701, 'finish', 2], [605, 'submit', 1], [666, 'finish', 1]],
      [[600, 'submit', 2, 0], [670, 'schedule', 2, 0], [700, 'finish', 2, 0],
        ...[0, 1].flatMap((i): Inst[] => [[605, 'submit', 1, i, 2], [605, 'schedule', 1, i], [665, 'finish', 1, i]])],
    );
    // A runs 5–65 and 66–126 here; B waits for it (before: launched at 0 s, as if 1 had ended before the trace).
    expect(launched).toEqual(['5 1', '66 1', '126 2']);
    expect(feed.startAfter).toMatchObject({
      collectionsHeld: 1, tasksHeld: 1, released: 1, heldMsMax: 126_000, dependenciesUnseen: 1, unseenSeenLater: 1, unseenDroppedAtTraceStart: 0,
    });
  });

  it('a dependency cycle is reported and broken: the collection closing it waits for the trace to start it', () => {
    // X (20) comes after Y (21) and Y after X. X's instance (600 s) waits for Y, running here; Y's (605 s)
    // would wait for X: a cycle. Y waits instead until the trace starts it (625 s), X until Y has ended here.
    const spec = run(
      [[600, 'submit', 21, [20]], [600, 'submit', 20, [21]], [641, 'finish', 21], [661, 'finish', 20]],
      [[601, 'submit', 20, 0], [645, 'schedule', 20, 0], [655, 'finish', 20, 0], [605, 'submit', 21, 0], [625, 'schedule', 21, 0], [640, 'finish', 21, 0]],
    );
    // Before: both held until the end of the run (nothing launched).
    expect(spec.launched).toEqual(['25 21', '41 20']);
    expect(spec.feed.startAfter).toMatchObject({ collectionsHeld: 2, released: 2, cycles: 1, heldAtEnd: 0, collectionsHeldAtEnd: 0 });
    expect(spec.feed.traceWarnings).toBe(1);
    expect(spec.diagnostics).toEqual([expect.stringMatching(/^warning CS6013 start_after_collection_ids: dependency cycle: job-21 comes after job-20, which .*comes after job-21/)]);
  });

  it('an instance the trace ends before it ever ran is dropped while held; one that waits at the end is counted', () => {
    const { launched, feed } = run(
      // F (6) comes after A; the trace kills its instance at 640 s before it ran (never scheduled there).
      // G (7) comes after H (8), which the trace never ends within the run.
      [...A_COLL, [610, 'submit', 6, [1]], [641, 'kill', 6], [600, 'submit', 8], [620, 'submit', 7, [8]]],
      [...A_INST, [610, 'submit', 6, 0], [640, 'kill', 6, 0], [620, 'submit', 7, 0], [620, 'schedule', 7, 0]],
    );
    expect(launched).toEqual(['0 1', '61 1']);
    expect(feed.startAfter).toMatchObject({
      collectionsHeld: 2, tasksHeld: 2, released: 0, cancelledWhileHeld: 1, heldAtEnd: 1, peakHeld: 2, collectionsHeldAtEnd: 1, collectionsWaitingOnTraceAtEnd: 0,
    });
  });

  it('with look-ahead, the end told early to a held instance goes with it', () => {
    const { launched, ended } = run([...A_COLL, ...B_COLL], [...A_INST, ...B_INST], '  lookahead: 10m\n');
    expect(launched).toEqual(['0 1', '60 1', '120 2']);
    expect(ended).toContain('150 2 TASK_FINISHED');
  });

  it('under the monolithic baseline too (the gate is upstream of the frameworks)', () => {
    const { launched } = run([...A_COLL, ...B_COLL], [...A_INST, ...B_INST], '', 'master: { offerModel: monolithic }\n');
    expect(launched.map((l) => l.split(' ')[1])).toEqual(['1', '1', '2']);
    expect(Number(launched[2].split(' ')[0])).toBeGreaterThanOrEqual(120);
  });
});

describe('StartAfterGate memory', () => {
  const rec = (jobId: string, event: 'submit' | 'finish', startAfter?: string[]): JobEventRecord =>
    ({ kind: 'job.event', atMs: 0, event, jobId, ...(startAfter ? { startAfter } : {}) });
  const task = (jobId: string, i: number): ReplayTask => ({
    key: `${jobId}/${i}`, jobId, resources: {} as ReplayTask['resources'], durationMs: null, outcome: 'finish', priority: 0,
    submittedAtMs: 0, revocable: false, distinctMachines: false, constraints: [],
  });
  const gate = (endedMemory: number) => {
    const submitted: string[] = [];
    const g = new StartAfterGate({ now: () => 0, submit: (_f, t) => submitted.push(t.key), settle: () => {}, warn: () => {} }, endedMemory);
    return { g, submitted };
  };

  it('remembers only the last ENDED_MEMORY ended collections; an older one counts as unseen', () => {
    const { g } = gate(1);
    for (const id of ['a', 'b']) { g.collectionEvent(rec(id, 'submit')); g.collectionEvent(rec(id, 'finish')); }
    g.collectionEvent(rec('c', 'submit', ['a', 'b']));
    expect(g.submit('f', task('c', 0))).toBe(false); // b remembered (ended), a forgotten (unseen: held)
    expect(g.stats).toMatchObject({ dependenciesEnded: 1, dependenciesUnseen: 1, collectionsWaitingOnTraceAtEnd: 1 });
    g.traceStarted('c');
    expect(g.stats).toMatchObject({ released: 1, heldAtEnd: 0, collectionsHeldAtEnd: 0, collectionsWaitingOnTraceAtEnd: 0 });
  });

  it('a held collection the trace ends before it starts is forgotten with its waits', () => {
    const { g, submitted } = gate(16);
    g.collectionEvent(rec('d', 'submit', ['nowhere']));
    expect(g.submit('f', task('d', 0))).toBe(false);
    expect(g.traceEnd('d/0', 'kill', null)).toBe(true); // cancelled while held
    g.collectionEvent(rec('d', 'finish'));
    expect(g.stats).toMatchObject({ cancelledWhileHeld: 1, heldAtEnd: 0, collectionsHeldAtEnd: 0, collectionsWaitingOnTraceAtEnd: 0 });
    // 'nowhere' appearing later no longer concerns d.
    g.collectionEvent(rec('nowhere', 'submit'));
    expect(g.stats.unseenSeenLater).toBe(0);
    expect(submitted).toEqual([]);
  });
});

describe('Google 2019 alloc sets (not modelled: replayed as plain tasks, counted)', () => {
  it('counts alloc instances and the tasks that run in an alloc set', () => {
    const { launched, feed } = run(
      // Alloc set 10 (collection_type 1) with one instance; job 11 runs in it (alloc_collection_id 10) with two tasks.
      [[600, 'submit', 10, undefined, { collection_type: '1' }], [600, 'submit', 11, undefined, { alloc_collection_id: '10' }]],
      [[600, 'submit', 10, 0, 1], [600, 'submit', 11, 0, 1, { alloc_collection_id: '10', alloc_instance_index: '0' }], [600, 'submit', 11, 1, 1]],
    );
    // All three run side by side: the alloc instance's cpu is not where job 11's tasks go (no reservation).
    expect([...launched].sort()).toEqual(['0 10', '0 11', '0 11']);
    expect(feed.allocSets).toEqual({ allocInstances: 1, tasksInAllocs: 2 });
  });
});
