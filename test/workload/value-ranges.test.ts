/**
 * Values no trace can mean are CS6010 at their line and column, the line skipped (found by fuzzing
 * traces, session 20). Before: `1e400` parsed as Infinity and stopped the run (exit 3, "bad resources
 * cpus:Infinity"); a native CSV negative duration scheduled a task's end in the past (exit 3); a job of
 * 10^10 tasks allocated a byte per task (exit 3); negative requests were replayed with the resource left out.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from './helpers.ts';

const file = (name: string, text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'cs-ranges-')), name);
  writeFileSync(path, text);
  return path;
};
const problems = async (path: string, opts: object = {}) => (await readTrace(path, opts as never)).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);

describe('trace values outside what any trace can mean', () => {
  it('Google 2011: a number too large for a double, a negative request', async () => {
    const path = file('task_events-part.csv', '600000001,,7,0,,0,u,3,9,1e400,0.1,0,0\n600000002,,7,1,,0,u,3,9,-0.1,0.1,0,0\n600000003,,7,2,,0,u,3,9,0.1,0.1,0,0\n');
    const r = await readTrace(path, { format: 'google-2011', table: 'task_events' } as never);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '1:25 CS6010 CPU "1e400" is too large',
      '2:25 CS6010 CPU "-0.1" is negative',
    ]);
    expect(r.records).toHaveLength(1);
  });

  it('SWF: processors or memory beyond reason', async () => {
    const path = file('x.swf', [
      '1 0 0 60 1e400 -1 -1 -1 60 -1 1 1 1 -1 -1 -1 -1 -1',
      '2 0 0 60 20000000 -1 -1 -1 60 -1 1 1 1 -1 -1 -1 -1 -1',
      '3 0 0 60 4 -1 -1 4 60 1e300 1 1 1 -1 -1 -1 -1 -1',
      '4 0 0 60 4 -1 -1 4 60 1024 1 1 1 -1 -1 -1 -1 -1', '',
    ].join('\n'));
    expect(await problems(path)).toEqual([
      expect.stringMatching(/^1:\d+ CS6010 allocated processors "1e400" is too large$/),
      expect.stringMatching(/^2:\d+ CS6010 20000000 tasks in one job is above the limit of 10000000$/),
      expect.stringMatching(/^3:\d+ CS6010 memory per processor 1e\+300 KB is above 1000000000$/),
    ]);
  });

  it('native CSV: negative durations, times, amounts; task counts outside 1–10^7', async () => {
    const path = file('trace.csv', [
      'atMs,kind,jobId,taskCount,cpus,memMiB,durationMs,thinkTimeMs',
      '1000,job.submitted,a,1,1,512,-5,', '1000,job.submitted,b,-3,1,512,60000,', '1000,job.submitted,c,0,1,512,60000,',
      '1000,job.submitted,d,10000000000,1,512,60000,', '1000,job.submitted,e,2,-1,512,60000,', '1000,job.submitted,f,2,1,512,60000,-1',
      '1000,job.submitted,g,2,1,512,60000,', '',
    ].join('\n'));
    expect(await problems(path)).toEqual([
      '2:30 CS6010 durationMs: -5 is negative',
      '3:22 CS6010 taskCount: -3 is outside 1–10000000',
      '4:22 CS6010 taskCount: 0 is outside 1–10000000',
      '5:22 CS6010 taskCount: 10000000000 is outside 1–10000000',
      '6:24 CS6010 cpus: -1 is negative',
      '7:36 CS6010 thinkTimeMs: -1 is negative',
    ]);
  });

  it('Google 2019: a negative instance index or request, a number too large', async () => {
    const path = file('instance_events-000000000000.json', [
      '{"time":"600000001","type":"0","collection_id":"12","instance_index":"-3","resource_request":{"cpus":0.1,"memory":0.1}}',
      '{"time":"600000002","type":"0","collection_id":"13","instance_index":"0","resource_request":{"cpus":1e400,"memory":0.1}}',
      '{"time":"600000003","type":"0","collection_id":"14","instance_index":"0","resource_request":{"cpus":-0.1,"memory":0.1}}',
      '{"time":"600000004","type":"0","collection_id":"15","instance_index":"0","resource_request":{"cpus":0.1,"memory":0.1}}', '',
    ].join('\n'));
    const r = await readTrace(path);
    expect(r.diagnostics.map((d) => `${d.line} ${d.code} ${d.message}`)).toEqual([
      '1 CS6010 instance_index -3 is negative', '2 CS6010 cpus is too large', '3 CS6010 cpus -0.1 is negative',
    ]);
    expect(r.records).toHaveLength(1);
  });
});
