import { describe, expect, it } from 'vitest';
import { AFTER_WINDOW_MS, type TaskEventRecord } from '../../src/workload/records.ts';
import { DiagnosticSink } from '../../src/workload/diagnostics.ts';
import { openTrace } from '../../src/workload/traces/open-trace.ts';
import { readAll } from '../../src/workload/traces/reader.ts';
import { countBy, fixture, hasShared, readTrace, shared } from './helpers.ts';

describe('Google 2011 importer on fixtures', () => {
  it('maps a task_events row to a normalized task.event', async () => {
    const { records, diagnostics, reader } = await readTrace(fixture('google-2011/task_events/ok.csv'));
    expect(reader.format).toBe('google-2011');
    expect(reader.table).toBe('task_events');
    expect(diagnostics).toEqual([]);
    expect(records).toHaveLength(9);
    // row 2: time 0 = before the window; normalized 0.125 cpus × 32 cores = 4 cores
    expect(records[1]).toMatchObject({
      kind: 'task.event', atMs: 0, window: 'before', event: 'submit', jobId: 'job-3418314', taskIndex: 0,
      machineId: 'machine-3938719206', schedulingClass: 3, priority: 9, band: 'production',
      request: { cpus: 4000, mem: 9759621, disk: 445016 }, distinctMachines: false,
    });
    // row 1: synthesized record (missing info 2) with no requests at all
    expect(records[0]).toMatchObject({ missing: 'exists-but-no-creation', request: undefined });
    // row 3: µs → ms, truncated
    expect(records[2]).toMatchObject({ atMs: 600026, window: undefined, event: 'schedule' });
    // the last row carries 2^63−1: after the window
    const last = records[8] as TaskEventRecord;
    expect(last).toMatchObject({ atMs: AFTER_WINDOW_MS, window: 'after', event: 'lost', band: 'monitoring' });
    expect(countBy(records, (r) => (r as TaskEventRecord).event)).toEqual({ submit: 4, schedule: 2, finish: 1, kill: 1, lost: 1 });
  });

  it('reports malformed rows at file:line:column and skips them', async () => {
    const { records, where, diagnostics, reader } = await readTrace(fixture('google-2011/task_events/malformed.csv'));
    expect(where).toEqual([
      '2:32 CS6001',  // 12 fields: column just past the end of the line
      '3:35 CS6001',  // 14 fields: column of the 14th field
      '4:16 CS6002',  // priority "nine"
      '5:18 CS6002',  // CPU request "0.5x"
      '6:9 CS6004',   // event type 9
      '7:4 CS6003',   // empty job ID
      '8:1 CS6010',   // a 20-digit time that is not 2^63−1
      '9:1 CS6002',   // negative time
      '10:36 CS6010', // different-machines flag 2
      '11:6 CS6004',  // missing info 3
    ]);
    expect(diagnostics.every((d) => d.file?.endsWith('malformed.csv') && d.severity === 'error')).toBe(true);
    expect(diagnostics[3].message).toBe('CPU must be a number, got "0.5x"');
    expect(records.map((r) => r.atMs)).toEqual([0, 2]);
    expect(reader.stats).toEqual({ lines: 12, records: 2, skipped: 10 });
  });

  it('rejects rows that go back in time', async () => {
    const { records, where, diagnostics } = await readTrace(fixture('google-2011/task_events/unsorted.csv'));
    expect(where).toEqual(['3:1 CS6005', '5:1 CS6005']);
    expect(diagnostics[0].message).toContain('"650000000" (650000 ms) is earlier than the previous row\'s (700000 ms)');
    expect(records.map((r) => (r as TaskEventRecord).taskIndex)).toEqual([0, 1, 3, 5]);
  });

  it('keeps the complete lines of a truncated gzip and reports where it stopped', async () => {
    // `zcat truncated.csv.gz | wc -l` prints 172 complete lines, then a 21-byte partial line
    const { records, where, diagnostics, reader } = await readTrace(fixture('google-2011/task_events/truncated.csv.gz'));
    expect(records).toHaveLength(172);
    expect(where).toEqual(['173:22 CS6006']);
    expect(diagnostics[0].message).toMatch(/gzip stream is truncated or corrupt \(unexpected end of file\) after 172 complete line\(s\); the incomplete line 173 \(21 bytes\) was dropped/);
    expect(reader.stats.lines).toBe(172);
  });

  it('can also be iterated one record at a time, and read() collects everything', async () => {
    const sink = new DiagnosticSink();
    const reader = await openTrace(fixture('google-2011/job_events/ok.csv'), { sink });
    const ids: string[] = [];
    for await (const r of reader!) if (r.kind === 'job.event') ids.push(r.jobId);
    expect(ids).toEqual(['job-3418309', 'job-6251812952', 'job-6251812952', 'job-6251812952']);
    expect(await readAll((await openTrace(fixture('google-2011/job_events/ok.csv'), { sink }))!)).toHaveLength(4);
  });

  it('reads the other five tables', async () => {
    const machines = await readTrace(fixture('google-2011/machine_events/ok.csv'));
    expect(machines.records[4]).toMatchObject({ kind: 'machine.event', event: 'add', machineId: 'machine-8', capacity: undefined, platform: undefined });
    expect(machines.records[2]).toMatchObject({ capacity: { cpus: 32000, mem: 131072000 } });
    const jobs = await readTrace(fixture('google-2011/job_events/ok.csv'));
    expect(jobs.records[3]).toMatchObject({ kind: 'job.event', event: 'finish', jobId: 'job-6251812952', name: 'name', logicalName: 'logical' });
    const cons = await readTrace(fixture('google-2011/task_constraints/ok.csv'));
    expect(cons.records.map((r) => r.kind === 'task.constraint' && r.constraint)).toEqual([
      { attribute: 'rs', op: 'eq', value: undefined },
      { attribute: 'GxsQNiWU1kZ9uDnhP5QsxqXRM4jP7Aq2EbJKExdl+8Y=', op: 'ne', value: '2' },
      { attribute: 'kernel', op: 'gt', value: '42' },
      { attribute: 'kernel', op: 'ge', value: '42' },
    ]);
    const usage = await readTrace(fixture('google-2011/task_usage/ok.csv'));
    expect(usage.records[0]).toMatchObject({ kind: 'usage.sample', atMs: 600000, endMs: 900000, subject: 'task', usage: { cpus: 50, cpusMax: 1269 } });
    expect(usage.records).toHaveLength(2); // the second row has 19 columns (the older -1 release)
    const attrs = await readTrace(fixture('google-2011/machine_attributes/ok.csv'));
    expect(attrs.records[2]).toMatchObject({ kind: 'machine.attribute', name: 'kernel', value: undefined, deleted: true });
  });
});

// Expected numbers below were computed independently with zcat | awk (and python for the sums).
describe.skipIf(!hasShared)('Google 2011 importer on the genuine samples', () => {
  it('task_events part 0: 450 146 rows, exact event counts', async () => {
    const { records, diagnostics, reader } = await readTrace(shared('google-2011/task_events/part-00000-of-00500.csv.gz'));
    expect(diagnostics).toEqual([]);
    expect(reader.stats).toEqual({ lines: 450146, records: 450146, skipped: 0 });
    const tasks = records as TaskEventRecord[];
    expect(countBy(tasks, (r) => r.event)).toEqual({ submit: 201491, schedule: 189994, evict: 4338, fail: 581, finish: 43237, kill: 10505 });
    expect(tasks.filter((r) => r.window === 'before')).toHaveLength(277321);
    expect(tasks.filter((r) => r.machineId === undefined)).toHaveLength(119565);
    expect(tasks.filter((r) => r.missing === 'exists-but-no-creation' && r.request === undefined)).toHaveLength(291);
    expect(countBy(tasks, (r) => String(r.schedulingClass))).toEqual({ 0: 237969, 1: 58109, 2: 97482, 3: 56586 });
    expect(tasks[tasks.length - 1].atMs).toBe(5611086); // 5 611 086 346 µs
  });

  it('job_events part 0 and the complete machine_events table', async () => {
    const jobs = await readTrace(shared('google-2011/job_events/part-00000-of-00500.csv.gz'));
    expect(jobs.diagnostics).toEqual([]);
    expect(countBy(jobs.records, (r) => (r.kind === 'job.event' ? r.event : r.kind))).toEqual({ submit: 4900, schedule: 4892, fail: 8, finish: 636, kill: 268 });
    const machines = await readTrace(shared('google-2011/machine_events/part-00000-of-00001.csv.gz'));
    expect(machines.diagnostics).toEqual([]);
    expect(countBy(machines.records, (r) => (r.kind === 'machine.event' ? r.event : r.kind))).toEqual({ add: 21443, remove: 8957, update: 7380 });
    expect(machines.records.filter((r) => r.kind === 'machine.event' && r.event === 'add' && r.capacity === undefined)).toHaveLength(32);
    expect(machines.records[machines.records.length - 1].atMs).toBe(2506135493);
  });
});
