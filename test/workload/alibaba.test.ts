import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDagName } from '../../src/workload/traces/alibaba-common.ts';
import type { JobSubmittedRecord, MachineEventRecord, UsageSampleRecord } from '../../src/workload/records.ts';
import { countBy, fixture, hasShared, readTrace, shared } from './helpers.ts';

describe('Alibaba DAG task names', () => {
  it('decodes task ids and dependencies; the letter is irrelevant', () => {
    expect(parseDagName('M1_2_3')).toEqual({ group: 'stage-1', dependsOn: ['stage-2', 'stage-3'] });
    expect(parseDagName('R4_2')).toEqual({ group: 'stage-4', dependsOn: ['stage-2'] });
    expect(parseDagName('M5')).toEqual({ group: 'stage-5', dependsOn: undefined });
    expect(parseDagName('task_Nzg3ODAwNDgzMTAwNTc2NTQ2Mw==')).toEqual({ group: 'stage-task_Nzg3ODAwNDgzMTAwNTc2NTQ2Mw==' });
  });
});

describe('Alibaba 2018 importer on fixtures', () => {
  it('batch_task: DAG, hundredths of a core, start/end 0 = not started/finished', async () => {
    const { records, where } = await readTrace(fixture('alibaba-2018/batch_task.csv'));
    expect(where).toEqual(['6:4 CS6002']);
    expect(records[2]).toMatchObject({
      kind: 'job.submitted', atMs: 157240000, jobId: 'job-j_1', group: 'stage-3', dependsOn: ['stage-1', 'stage-2'],
      taskCount: 3, request: { cpus: 1000, mem: 3093299 }, durationMs: 60000, outcome: 'fail', status: 'Failed',
    });
    expect(records[3]).toMatchObject({ jobId: 'job-j_2', taskCount: 371, startMs: 87060000, endMs: undefined, durationMs: undefined, outcome: undefined });
    expect(records[4]).toMatchObject({ atMs: 0, startMs: undefined, request: undefined });
  });

  it('batch_instance, container_meta, container_usage, machine_meta, machine_usage', async () => {
    const inst = await readTrace(fixture('alibaba-2018/batch_instance.csv'));
    expect(inst.records[0]).toMatchObject({ kind: 'task.run', instance: 'ins_74901673', group: 'stage-1', machineId: 'machine-m_1', outcome: 'finish', usage: { cpus: 130, cpusMax: 160 } });
    expect(inst.records[2]).toMatchObject({ endMs: undefined, outcome: undefined, machineId: undefined });
    const cm = await readTrace(fixture('alibaba-2018/container_meta.csv'));
    expect(cm.records.map((r) => r.kind === 'task.event' && `${r.event} ${r.jobId}/${r.taskIndex}`)).toEqual([
      'schedule job-app_5052/1', 'update-running job-app_5052/1', 'schedule job-app_8125/2',
    ]);
    const cu = await readTrace(fixture('alibaba-2018/container_usage.csv'));
    expect((cu.records[1] as UsageSampleRecord).usage).toEqual({ cpuUtil: 60, memUtil: 350, diskUtil: undefined }); // 101 = invalid
    const mm = await readTrace(fixture('alibaba-2018/machine_meta.csv'));
    expect(mm.records.map((r) => (r as MachineEventRecord).event)).toEqual(['add', 'update', 'add', 'add']);
    expect(mm.records[3]).toMatchObject({ capacity: { cpus: 96000, mem: undefined }, failureDomains: ['22', '6'], status: 'IMPORT_INSTALLING' });
    const mu = await readTrace(fixture('alibaba-2018/machine_usage.csv'));
    expect(mu.where).toEqual(['3:15 CS6002']);
    expect((mu.records[1] as UsageSampleRecord).usage.diskUtil).toBeUndefined(); // −1 = invalid
  });
});

describe('Alibaba 2017 importer on fixtures', () => {
  it('skips the added header line, handles CRLF, negative times and short rows', async () => {
    const { records, where, reader } = await readTrace(fixture('alibaba-2017/batch_task.csv'));
    expect(reader.format).toBe('alibaba-2017');
    expect(reader.meta.get('header')).toMatch(/^task_create_time/);
    expect(where).toEqual(['5:27 CS6001']);
    expect(records[0]).toMatchObject({ atMs: 6459000, jobId: 'job-3', group: 'stage-4', taskCount: 15740, request: { cpus: 500, mem: 2085861 }, durationMs: 65000, outcome: 'finish' });
    expect(records[1]).toMatchObject({ request: undefined, outcome: undefined, durationMs: undefined });
    expect(records[2]).toMatchObject({ atMs: -1078000, window: 'before', outcome: 'fail' });
  });
});

describe('Alibaba CSV rows with too many or too few fields', () => {
  // brief: every invalid trace line yields a diagnostic with file:line:column (an unquoted `1,5` must not shift the columns)
  it('v2017 and v2018 batch_task report CS6001 at the first extra field or past the line end, and skip the row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clustersim-ali-count-'));
    writeFileSync(join(dir, 'v17.csv'), '6459,6524,3,4,15740,Terminated,50,0.007956928\n6460,6524,3,5,1,Terminated,1,5,0.1\n6461,6524,3,6,1,Terminated,50\n');
    writeFileSync(join(dir, 'batch_task.csv'), 'M1,10,j_1,1,Terminated,157213,157229,100,0.39\nM2_1,1,j_1,1,Terminated,157229,157240,1,50,0.2\nM3,1,j_1,1,Terminated,157229,157240,50\n');
    const v17 = await readTrace(join(dir, 'v17.csv'), { format: 'alibaba-2017', table: 'batch_task' });
    expect(v17.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '2:32 CS6001 expected 8 fields, found 9', '3:30 CS6001 expected 8 fields, found 7',
    ]);
    expect(v17.records).toHaveLength(1);
    const v18 = await readTrace(join(dir, 'batch_task.csv'), { format: 'alibaba-2018' });
    expect(v18.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '2:44 CS6001 expected 9 fields, found 10', '3:39 CS6001 expected 9 fields, found 8',
    ]);
    expect(v18.records).toHaveLength(1);
  });
});

describe('Alibaba 2018 invalid markers', () => {
  // −1 and 101 mark invalid normalized values (shared docs/traces.md §3.4); a plan_mem of 101 was replayed as 101% of a machine.
  it('a memory size of −1 or 101 is unknown (no mem in the request), 100 is a whole machine; with units: absolute 101 is a size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clustersim-ali18-invalid-'));
    writeFileSync(join(dir, 'batch_task.csv'), ['M1,1,j_1,1,Terminated,10,20,100,101', 'M2,1,j_2,1,Terminated,10,20,100,-1', 'M3,1,j_3,1,Terminated,10,20,100,100'].join('\n') + '\n');
    const mems = (records: unknown[]) => (records as JobSubmittedRecord[]).map((r) => r.request?.mem);
    const normalized = await readTrace(join(dir, 'batch_task.csv'), { format: 'alibaba-2018' });
    expect(normalized.diagnostics).toEqual([]);
    const [, , whole] = mems(normalized.records);
    expect(mems(normalized.records)).toEqual([undefined, undefined, whole]);
    expect(whole).toBeGreaterThan(0);
    const absolute = await readTrace(join(dir, 'batch_task.csv'), { format: 'alibaba-2018', units: 'absolute' });
    expect(mems(absolute.records)[0]).toBeGreaterThan(0);
    expect(mems(absolute.records)[1]).toBeUndefined();
  });
});

describe.skipIf(!hasShared)('Alibaba importers on the genuine samples', () => {
  it('v2018 machine_meta: 17 592 rows, 4 034 machines, 3 887 at time 0', async () => {
    const { records, diagnostics } = await readTrace(shared('alibaba-2018/machine_meta.csv.gz'));
    expect(diagnostics).toEqual([]);
    const m = records as MachineEventRecord[];
    expect(m).toHaveLength(17592);
    expect(countBy(m, (r) => r.event)).toEqual({ add: 4034, update: 13558 });
    expect(m.filter((r) => r.event === 'add' && r.atMs === 0)).toHaveLength(3887);
    expect(countBy(m, (r) => r.status ?? '')).toEqual({ USING: 17587, IMPORT_INSTALLING: 5 });
    expect(m.every((r) => r.capacity?.cpus === 96000)).toBe(true);
  });

  it('v2018 machine_usage head: 100 002 rows of 16 machines, 16 invalid disk values', async () => {
    const { records, diagnostics } = await readTrace(shared('alibaba-2018/machine_usage.head-100002.csv.gz'));
    expect(diagnostics).toEqual([]);
    const u = records as UsageSampleRecord[];
    expect(u).toHaveLength(100002);
    expect(new Set(u.map((r) => r.machineId)).size).toBe(16);
    expect(u.filter((r) => r.usage.diskUtil === undefined)).toHaveLength(16);
  });

  it('v2017 batch_task: 80 553 tasks of 12 951 jobs, exact status counts', async () => {
    const { records, diagnostics } = await readTrace(shared('alibaba-2017/batch_task.csv.gz'));
    expect(diagnostics).toEqual([]);
    const t = records as JobSubmittedRecord[];
    expect(t).toHaveLength(80553);
    expect(new Set(t.map((r) => r.jobId)).size).toBe(12951);
    expect(countBy(t, (r) => r.status ?? '')).toEqual({ Terminated: 67013, Waiting: 8847, Running: 3567, Failed: 1126 });
    expect(t.filter((r) => r.request === undefined)).toHaveLength(9017);
    expect(t.filter((r) => r.window === 'before')).toHaveLength(167);
    expect(t.reduce((s, r) => s + r.taskCount, 0)).toBe(11909321);
  });
});
