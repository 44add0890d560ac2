/**
 * `trace inspect` on a Google table whose times are not microseconds. Google times are µs on a clock
 * whose window opens at 600 s (only 0 means "before the window"); a shard converted to seconds read as
 * `time: 1 ms … 1 ms (span 0 s)`, 0 errors, 0 warnings, and nothing said the unit was wrong (a replay
 * from 600 s then takes all of it as work before the window). Now a note says so.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../src/workload/diagnostics.ts';
import { formatInspect, inspectTrace } from '../../src/workload/inspect.ts';
import { fixture } from './helpers.ts';

async function text(path: string): Promise<string> {
  return formatInspect(await inspectTrace(path, { sink: new DiagnosticSink({ maxReported: 100 }) }));
}

describe('trace inspect: Google times in the wrong unit', () => {
  it('notes a first in-window time below 600 s (a task_events shard in seconds)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-time-unit-'));
    const file = join(dir, 'task_events-part.csv');
    // rows of the real shard at 1400.59 s … 1426.23 s, times written in seconds
    writeFileSync(file, ['1400,,6251812952,0,,0,u1,0,4,0.0125,0.0159,0.0004,0', '1426,,6251812952,1,,0,u1,0,4,0.0125,0.0159,0.0004,0'].join('\n') + '\n');
    const out = await text(file);
    expect(out).toContain('time: 1 ms … 1 ms (span 0 s)\n  note: Google times are microseconds and the trace window opens at 600 s (600000000), but a record is dated 1 ms: are this file\'s times in seconds or milliseconds?');
  });

  it('says nothing for a table in microseconds', async () => {
    expect(await text(fixture('google-2011/task_events/ok.csv'))).not.toContain('note: Google times');
  });
});
