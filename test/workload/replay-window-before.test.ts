/**
 * `window.before: include` (src/workload/replay/window-clip.ts): work the trace dates before the
 * window start is replayed as the cell stood at that moment — what had ended by then is not run,
 * what was running runs only its remaining time (end − window start) from time 0, what was still
 * queued keeps its whole run time, and work without a known run time is left as it was.
 * Traces are hand-written: native CSV (job.submitted, as SWF / Alibaba / generators give) and the
 * Google 2011 task_events layout (submit / schedule / finish).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import type { RunSpec } from '../../src/scenario/run-spec.ts';
import type { FeedStats } from '../../src/workload/replay/feed.ts';
import { specFromText } from '../frameworks/helpers.ts';
import { writeGoogleTrace } from './google-trace-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'window-before-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each task's job, launch and end (ms; null: still running at `until`), in launch order. */
function lives(spec: RunSpec): { tasks: string[]; feed: FeedStats } {
  const byId = new Map<string, { job: string; launched: number; ended: number | null }>();
  const b = buildSimulation(spec, [{
    emit(t, type, f) {
      // CS6015: the Google rows below are dated 300 s and 500 s on purpose (before the window, which a
      // genuine table only dates 0), so they are what a table in seconds looks like: warned, not an error
      if (type === 'workload.diagnostic' && f.code !== 'CS6015') throw new Error(`trace diagnostic: ${String(f.message)}`);
      if (type === 'task.launched') byId.set(f.task as string, { job: f.job as string, launched: t, ended: null });
      if (type === 'task.status' && f.state !== 'TASK_RUNNING') {
        const l = byId.get(f.task as string);
        if (l && l.ended === null) l.ended = t;
      }
    },
  }]);
  b.sim.run(spec.untilMs);
  return { tasks: [...byId.values()].map((l) => `${l.job} ${l.launched / 1000}-${l.ended === null ? 'running' : l.ended / 1000}`), feed: b.workload!.feed!.stats };
}

function nativeSpec(name: string, header: string, rows: string[], window: string): RunSpec {
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
  return specFromText(`name: ${name}
seed: 1
until: 10m
agents: [{ id: m, resources: "cpus:8;mem:16GiB" }]
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
workload:
  sources: [{ trace: ${file} }]
  window: ${window}
  map: [{ framework: batch }]
`);
}

describe('job.submitted records before the window (include)', () => {
  // The window opens at trace time 600 s (simulation time 0). One 1-cpu task per job.
  const HEADER = 'atMs,kind,jobId,taskCount,cpus,memMiB,durationMs,startMs,endMs';
  const ROWS = [
    '0,job.submitted,done,1,1,512,60000,,',             // ran 0–60 s: over 9 min before the window
    '100000,job.submitted,ended-ali,1,1,512,620000,,720000', // Alibaba-like: recorded end 720 s → 120 s left
    '500000,job.submitted,spans,1,1,512,200000,,',      // ran 500–700 s: 100 s were left at the window start
    '540000,job.submitted,at-start,1,1,512,60000,,',    // ran 540–600 s: ended exactly at the window start
    '550000,job.submitted,queued,1,1,512,60000,650000,710000', // SWF-like: waited until 650 s, so all 60 s are left
    '560000,job.submitted,forever,1,1,512,,,',         // no run time: runs until killed, as before
    '700000,job.submitted,inside,1,1,512,60000,,',      // in the window: untouched
  ];

  it('drops what ended by the window start and runs the rest for its remaining time from 0', () => {
    const { tasks, feed } = lives(nativeSpec('include', HEADER, ROWS, '{ start: 600s }'));
    expect(tasks).toEqual(['ended-ali 0-120', 'spans 0-100', 'queued 0-60', 'forever 0-running', 'inside 100-160']);
    expect(feed).toMatchObject({ records: 7, tasksSubmitted: 5, endedBeforeWindow: 2, shortenedAtWindow: 2 });
  });

  it('before: drop still ignores all of it', () => {
    const { tasks, feed } = lives(nativeSpec('drop', HEADER, ROWS, '{ start: 600s, before: drop }'));
    expect(tasks).toEqual(['inside 100-160']);
    expect(feed).toMatchObject({ tasksSubmitted: 1, endedBeforeWindow: 0, shortenedAtWindow: 0 });
  });
});

describe('Google task events before the window (include)', () => {
  // Google 2011's snapshot: tasks running when the trace starts are submitted and scheduled at
  // trace time 0; the window opens at 600 s. Job 1 finishes at 700 s: 100 s left at the window
  // start. Job 2 finished at 300 s, before the window: it never runs. Job 3 was submitted before
  // the window but scheduled inside it, at 650 s, and ran 60 s: all 60 s are replayed.
  const rows: Parameters<typeof writeGoogleTrace>[0] = [
    [0, 1, 0, 'submit'], [0, 1, 0, 'schedule'], [700, 1, 0, 'finish'],
    [0, 2, 0, 'submit'], [0, 2, 0, 'schedule'], [300, 2, 0, 'finish'],
    [500, 3, 0, 'submit'], [650, 3, 0, 'schedule'], [710, 3, 0, 'finish'],
  ];
  const spec = (lookahead: string) => {
    const trace = writeGoogleTrace(rows);
    return specFromText(`name: google-before
seed: 1
until: 10m
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
workload:
  sources: [{ trace: ${join(trace, 'machine_events')} }, { trace: ${join(trace, 'task_events')} }]
  window: { start: 600s, before: include }
  agents: { resources: "cpus:32;mem:128GiB" }
  map: [{ framework: batch }]
  lookahead: ${lookahead}
`);
  };

  it('a task scheduled before the window runs end − window start; one that ended before never starts', () => {
    const { tasks, feed } = lives(spec('0'));
    // Launched at 0; job 1 ends when its finish record is read at 100 s. Job 3 ends at its finish
    // record (110 s) too: without look-ahead its end is not known earlier (the documented deviation).
    expect(tasks).toEqual(['job-1 0-100', 'job-3 0-110']);
    expect(feed).toMatchObject({ tasksSubmitted: 3, endedBeforeWindow: 1, shortenedAtWindow: 1 });
  });

  it('with look-ahead the remaining run time is told early and gives the same ends', () => {
    const { tasks, feed } = lives(spec('10m'));
    expect(tasks).toEqual(['job-1 0-100', 'job-3 0-60']);
    expect(feed).toMatchObject({ endedBeforeWindow: 1, shortenedAtWindow: 1, endsToldAhead: 2 });
  });
});
