/**
 * The replay feed's look-ahead window (`workload.lookahead`, src/workload/replay/lookahead.ts):
 * a task the simulation starts before the trace did ends at launch + its trace run time when the
 * terminal record is within the window, at the trace's terminal time without look-ahead, and at
 * the earlier of the two in between. Traces are written in the Google 2011 task_events format.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { RunSpec } from '../../src/scenario/run-spec.ts';
import type { ReplayFeed } from '../../src/workload/replay/feed.ts';
import type { ReplayStats, TraceReplayScheduler } from '../../src/frameworks/trace-replay.ts';
import { scheduler, specFromText } from '../frameworks/helpers.ts';
import { writeGoogleTrace as writeTrace, type Row } from './google-trace-writer.ts';

function scenario(trace: string, extra = '', until = '10m'): string {
  return `name: lookahead
seed: 7
until: ${until}
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
  - { id: late, role: late, at: 30s, scheduler: { type: trace-replay } }
workload:
  sources: [{ trace: ${join(trace, 'machine_events')} }, { trace: ${join(trace, 'task_events')} }]
  agents: { resources: "cpus:32;mem:128GiB" }
  map: [{ match: { band: production }, framework: late }, { framework: batch }]
${extra}`;
}

interface TaskLife { job: string; launched: number; ended: number | null; state: string | null }

/** Run and collect every task's launch and end (in launch order), plus the feed. */
function lives(spec: RunSpec): { tasks: TaskLife[]; feed: ReplayFeed; late: ReplayStats } {
  const byId = new Map<string, TaskLife>();
  const b = buildSimulation(spec, [{
    emit(t, type, f) {
      if (type === 'workload.diagnostic') throw new Error(`trace diagnostic: ${String(f.message)}`);
      if (type === 'task.launched') byId.set(f.task as string, { job: f.job as string, launched: t, ended: null, state: null });
      if (type === 'task.status') {
        const l = byId.get(f.task as string);
        if (l && l.ended === null && f.state !== 'TASK_RUNNING') { l.ended = t; l.state = f.state as string; }
      }
    },
  }]);
  b.sim.run(spec.untilMs);
  return { tasks: [...byId.values()], feed: b.workload!.feed!, late: scheduler<TraceReplayScheduler>(b, 'late').stats };
}

// Job 1: the trace starts it 100 s after its submit and runs it 60 s; the simulation starts it at once.
// Job 2: evicted after 30 s of trace run time, resubmitted, then started 140 s late and run 60 s.
// Job 3: killed in the trace before it ever ran (no run time to tell ahead).
// Job 4 (production, so framework `late`, which subscribes at 30 s): started by the trace at its submit,
// later in the simulation, so it ends after its terminal record.
const ROWS: Row[] = [
  [10, 1, 0, 'submit'], [10, 2, 0, 'submit'], [10, 3, 0, 'submit'], [10, 4, 0, 'submit', 9], [10, 4, 0, 'schedule', 9],
  [98, 4, 0, 'finish', 9],
  [20, 2, 0, 'schedule'], [50, 2, 0, 'evict'], [60, 2, 0, 'submit'],
  [110, 1, 0, 'schedule'], [170, 1, 0, 'finish'],
  [200, 2, 0, 'schedule'], [260, 2, 0, 'finish'], [300, 3, 0, 'kill'],
];

describe('workload.lookahead on a hand-written Google trace', () => {
  const trace = writeTrace(ROWS);
  const run = (lookahead: string | null, until = '10m') =>
    lives(specFromText(scenario(trace, lookahead === null ? '' : `  lookahead: ${lookahead}\n`, until)));
  const job = (ts: TaskLife[], id: string) => ts.filter((t) => t.job === id);

  it('without look-ahead a task started early ends at the trace terminal time', () => {
    const { tasks, feed } = run(null);
    const [a] = job(tasks, 'job-1');
    expect(a.launched).toBeLessThan(110_000 - 60_000); // started well before the trace did
    expect(a.ended).toBe(170_000);
    expect(a.state).toBe('TASK_FINISHED');
    const [b1, b2] = job(tasks, 'job-2');
    expect([b1.ended, b1.state]).toEqual([50_000, 'TASK_KILLED']);
    expect(b2.ended).toBe(260_000);
    expect(job(tasks, 'job-3')[0].ended).toBe(300_000);
    expect(feed.stats.peakLookaheadRecords).toBe(0);
  });

  it('with a window at least the gap, it ends at launch + the trace run time', () => {
    const { tasks, feed } = run('10m');
    const [a] = job(tasks, 'job-1');
    expect(a.ended).toBe(a.launched + 60_000); // terminal and schedule both read while the submit was buffered
    expect(a.state).toBe('TASK_FINISHED');
    const [b1, b2] = job(tasks, 'job-2');
    expect([b1.ended, b1.state]).toEqual([b1.launched + 30_000, 'TASK_KILLED']);
    expect(b2.launched).toBeGreaterThanOrEqual(60_000); // the resubmission is still applied at its own time
    expect([b2.ended, b2.state]).toEqual([b2.launched + 60_000, 'TASK_FINISHED']);
    // Never started in the trace: no run time to tell, so it still ends at the kill record.
    expect(job(tasks, 'job-3')[0].ended).toBe(300_000);
    expect(feed.stats.tasksSubmitted).toBe(5);
    expect(feed.stats.tasksEnded).toBe(5); // each terminal record counted once
    expect(feed.stats.endsToldAhead).toBe(4); // all but job 3's kill
    expect(feed.stats.records).toBe(ROWS.length + 1);
  });

  it('a window of 150 s (the terminal read after the launch, the schedule still buffered) gives the same ends', () => {
    const { tasks } = run('150s');
    const [a] = job(tasks, 'job-1');
    expect(a.ended).toBe(a.launched + 60_000);
    const [, b2] = job(tasks, 'job-2');
    expect(b2.ended).toBe(b2.launched + 60_000);
  });

  it('with a window smaller than the gap, it ends at the earlier of the two', () => {
    const { tasks } = run('30s');
    const [a] = job(tasks, 'job-1');
    expect(a.launched + 60_000).toBeLessThan(170_000 - 30_000);
    expect(a.ended).toBe(Math.min(170_000, Math.max(a.launched + 60_000, 170_000 - 30_000)));
    expect(a.ended).toBe(140_000);
    const [, b2] = job(tasks, 'job-2');
    expect(b2.ended).toBe(260_000 - 30_000);
  });

  it('a task the simulation started after the trace did still ends at launch + run time, told once', () => {
    for (const w of [null, '30s', '10m']) {
      const { tasks, late } = run(w);
      const [d] = job(tasks, 'job-4');
      expect(d.launched).toBeGreaterThanOrEqual(30_000);
      expect(d.ended).toBe(d.launched + 88_000);
      // Told while running, once, and not again when the terminal record itself is applied. With 10 m it
      // is told before the framework subscribed (the hub holds it after the submit) and launches known.
      expect(late.endedByTrace).toBe(w === '10m' ? 0 : 1);
    }
  });

  it('a terminal record dated after `until` but within the window still ends the task before `until`', () => {
    const plain = job(run(null, '240s').tasks, 'job-2')[1];
    expect(plain.ended).toBeNull(); // still running at the end
    const { tasks, feed } = run('10m', '240s');
    const b2 = job(tasks, 'job-2')[1];
    expect(b2.ended).toBe(b2.launched + 60_000);
    expect(feed.stats.records).toBe(ROWS.filter((r) => r[0] <= 240).length + 1); // later records are not applied
    expect(feed.stats.tasksEnded).toBe(3);
  });

  it('lookahead: 0 is the default, and invalid values are reported at their line and column', () => {
    const a = runScenario(specFromText(scenario(trace)));
    const b = runScenario(specFromText(scenario(trace, '  lookahead: 0\n')));
    expect(b.digest).toBe(a.digest);
    for (const bad of ['-5', 'soon', '[1]']) {
      const r = loadScenarioText('scenarios/inline.yaml', scenario(trace, `  lookahead: ${bad}\n`));
      expect(r.spec).toBeUndefined();
      expect(r.diagnostics.map((d) => `${d.line}:${d.column}`)).toContain('11:14');
    }
  });
});

/** The largest number of rows dated within any span of `ms`. */
function densestSpan(rows: readonly Row[], ms: number): number {
  const times = rows.map((r) => r[0] * 1000);
  let densest = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] > ms) j++;
    densest = Math.max(densest, i - j + 1);
  }
  return densest;
}

/** A seeded random Google trace: `jobs` single-task jobs over an hour, each started some time after its submit. */
function randomRows(jobs: number, seed: number): Row[] {
  let s = seed >>> 0;
  const rnd = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const rows: Row[] = [];
  for (let j = 1; j <= jobs; j++) {
    const submit = Math.floor(rnd() * 3000);
    const start = submit + Math.floor(rnd() * 600);
    const end = start + 1 + Math.floor(rnd() * 900);
    const ev = rnd() < 0.8 ? 'finish' : rnd() < 0.5 ? 'fail' : 'kill';
    rows.push([submit, j, 0, 'submit'], [start, j, 0, 'schedule'], [end, j, 0, ev]);
    if (rnd() < 0.2) { // resubmitted incarnation
      rows.push([end + 5, j, 0, 'submit'], [end + 50, j, 0, 'schedule'], [end + 200, j, 0, 'finish']);
    }
  }
  return rows.sort((a, b) => a[0] - b[0]);
}

describe('workload.lookahead on a random trace', () => {
  const rows = randomRows(300, 42);
  const trace = writeTrace(rows, 4);
  const text = (extra: string, until = '1h') => scenario(trace, extra, until);

  it('is deterministic, changes the run, and keeps only the window in memory', () => {
    const spec = specFromText(text('  lookahead: 5m\n'));
    const r1 = runScenario(spec);
    const r2 = runScenario(spec);
    expect(r2.digest).toBe(r1.digest);
    expect(runScenario(specFromText(text(''))).digest).not.toBe(r1.digest);

    const { feed } = lives(spec);
    // The buffer only holds records dated within (now, now + 5 m]: no more than the densest 5-minute span.
    const densest = densestSpan(rows, 300_000);
    expect(feed.stats.peakLookaheadRecords).toBeGreaterThan(0);
    expect(feed.stats.peakLookaheadRecords).toBeLessThanOrEqual(densest);
    expect(densest).toBeLessThan(rows.length / 4);
  });

  it('sampling: the same jobs are replayed with and without look-ahead, and each end is no later', () => {
    // Until 2 h: the whole trace (which ends before 1.5 h) is applied.
    const base = lives(specFromText(text('  sample: { jobs: 0.5 }\n', '2h')));
    const ahead = lives(specFromText(text('  sample: { jobs: 0.5 }\n  lookahead: 2m\n', '2h')));
    expect(ahead.feed.stats.sampledOut).toBe(base.feed.stats.sampledOut);
    expect(ahead.feed.stats.sampledOut).toBeGreaterThan(0);
    expect(ahead.feed.stats.tasksSubmitted).toBe(base.feed.stats.tasksSubmitted);
    expect(ahead.feed.stats.tasksEnded).toBe(base.feed.stats.tasksEnded);
    // Only incarnations of sampled jobs are told ahead (every one of them was started in this trace, and
    // each terminal record is read 2 m early).
    expect(ahead.feed.stats.endsToldAhead).toBe(ahead.feed.stats.tasksEnded);
    expect(base.feed.stats.endsToldAhead).toBe(0);
    const jobs = (ls: TaskLife[]) => [...new Set(ls.map((t) => t.job))].sort();
    expect(jobs(ahead.tasks)).toEqual(jobs(base.tasks));
    expect(ahead.feed.stats.records).toBe(base.feed.stats.records);
    // Records of sampled-out jobs are counted, not buffered: the buffer follows the sampled rows only.
    const kept = new Set(jobs(base.tasks));
    expect(ahead.feed.stats.peakLookaheadRecords).toBeLessThanOrEqual(densestSpan(rows.filter((r) => kept.has(`job-${r[1]}`)), 120_000));
    // The cluster is large enough that nothing waits: every incarnation launches at its submit in both runs,
    // and every run lasts at most as long as without look-ahead.
    const ended = (ls: TaskLife[]) => ls.filter((t) => t.ended !== null);
    expect(ended(ahead.tasks).length).toBeGreaterThanOrEqual(ended(base.tasks).length);
    let shorter = 0;
    for (let i = 0; i < base.tasks.length; i++) {
      const b = base.tasks[i];
      const a = ahead.tasks[i];
      expect(a.job).toBe(b.job);
      expect(a.launched).toBe(b.launched);
      if (b.ended !== null) expect(a.ended!).toBeLessThanOrEqual(b.ended);
      if (a.ended !== null && b.ended !== null && a.ended < b.ended) shorter++;
    }
    expect(shorter).toBeGreaterThan(10);
    // Cut at 1 h, inside the trace: records read ahead past `until` are not counted as replayed.
    const cutBase = lives(specFromText(text('  sample: { jobs: 0.5 }\n', '1h'))).feed.stats;
    const cutAhead = lives(specFromText(text('  sample: { jobs: 0.5 }\n  lookahead: 2m\n', '1h'))).feed.stats;
    expect([cutAhead.records, cutAhead.sampledOut, cutAhead.tasksEnded]).toEqual([cutBase.records, cutBase.sampledOut, cutBase.tasksEnded]);
    expect(cutAhead.records).toBeLessThan(ahead.feed.stats.records);
  });
});
