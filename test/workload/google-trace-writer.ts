/**
 * Hand-written Google 2011 traces for replay tests: a directory with `machine_events` (machines at
 * time 0) and `task_events` rows, in the trace's own CSV layout. Removed after the test file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const S = 1_000_000; // µs per second (Google trace time)
export const EV = { submit: 0, schedule: 1, evict: 2, fail: 3, finish: 4, kill: 5, lost: 6 } as const;
export type Row = [seconds: number, job: number, index: number, event: keyof typeof EV, priority?: number];

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** A trace directory with machines (at time 0) and the given task_events rows (sorted by time here). */
export function writeGoogleTrace(rows: readonly Row[], machines = 1): string {
  const dir = mkdtempSync(join(tmpdir(), 'google-trace-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'machine_events'));
  mkdirSync(join(dir, 'task_events'));
  const ms = Array.from({ length: machines }, (_, i) => `0,${i + 1},0,p,1,1`);
  writeFileSync(join(dir, 'machine_events', 'part-00000-of-00001.csv'), `${ms.join('\n')}\n`);
  const lines = [...rows].sort((a, b) => a[0] - b[0]).map(([sec, job, index, ev, priority = 2]) => `${Math.round(sec * S)},,${job},${index},,${EV[ev]},user-1,0,${priority},0.0625,0.01,0,0`);
  writeFileSync(join(dir, 'task_events', 'part-00000-of-00001.csv'), `${lines.join('\n')}\n`);
  return dir;
}
