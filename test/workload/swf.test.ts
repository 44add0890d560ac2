import { describe, expect, it } from 'vitest';
import type { JobSubmittedRecord } from '../../src/workload/records.ts';
import { countBy, fixture, hasShared, readTrace, shared } from './helpers.ts';

describe('SWF importer on fixtures', () => {
  it('maps the 18 fields, −1 = unknown, header comments into meta', async () => {
    const { records, where, reader } = await readTrace(fixture('swf/tiny.swf'));
    expect(reader.meta.get('Computer')).toBe('tiny test machine');
    expect(reader.meta.get('Note')).toBe('first line of a note\ncontinued here');
    expect(records[0]).toMatchObject({
      kind: 'job.submitted', atMs: 0, jobId: 'job-1', taskCount: 4, request: { cpus: 1000, mem: 1000 },
      durationMs: 100000, requestedDurationMs: 200000, user: 'user-1', queue: 'queue-1',
      status: 'completed', outcome: 'finish', startMs: 10000, endMs: 110000,
    });
    // job 2: wait/run/requested unknown; preceding job 1 with 30 s think time
    expect(records[1]).toMatchObject({ jobId: 'job-2', taskCount: 2, durationMs: undefined, startMs: undefined, afterJobs: ['job-1'], thinkTimeMs: 30000, outcome: undefined });
    // job 5: fractional seconds; size from the requested processors when allocation is unknown
    expect(records[2]).toMatchObject({ jobId: 'job-5', atMs: 120000, startMs: 120500, durationMs: 10500, taskCount: 2 });
    expect(records[3]).toMatchObject({ jobId: 'job-7', taskCount: 8, request: { cpus: 1000, mem: 2000 }, outcome: 'fail' });
    expect(where).toEqual(['9:13 CS6005', '10:71 CS6001', '12:33 CS6002', '14:32 CS6010']);
  });
});

describe.skipIf(!hasShared)('SWF importer on the genuine logs', () => {
  it('KTH SP2 (cleaned): 27 992 jobs, 212 users, status counts', async () => {
    const { records, diagnostics, reader } = await readTrace(shared('swf/KTH-SP2-1996-2.1-cln.swf.gz'));
    expect(diagnostics).toEqual([]);
    const j = records as JobSubmittedRecord[];
    expect(j).toHaveLength(27992);
    expect(new Set(j.map((r) => r.user)).size).toBe(212);
    expect(countBy(j, (r) => r.status ?? '')).toEqual({ completed: 20483, failed: 7509 });
    expect(j.reduce((s, r) => s + r.taskCount, 0)).toBe(215675);
    expect(Math.max(...j.map((r) => r.taskCount))).toBe(100);
    expect(reader.meta.get('MaxJobs')).toBe('28490');
  });

  it('NASA iPSC/860: every wait, requested time and status unknown', async () => {
    const { records, diagnostics } = await readTrace(shared('swf/NASA-iPSC-1993-3.1-cln.swf.gz'));
    expect(diagnostics).toEqual([]);
    const j = records as JobSubmittedRecord[];
    expect(j).toHaveLength(18239);
    expect(j.every((r) => r.startMs === undefined && r.requestedDurationMs === undefined && r.status === undefined)).toBe(true);
    expect(new Set(j.map((r) => r.user)).size).toBe(69);
    expect(j.reduce((s, r) => s + r.taskCount, 0)).toBe(309953);
  });
});
