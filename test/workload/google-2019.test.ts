import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AFTER_WINDOW_MS, type MachineEventRecord } from '../../src/workload/records.ts';
import { countBy, fixture, hasShared, readTrace, shared } from './helpers.ts';

describe('Google 2019 importer on fixtures', () => {
  it('decodes string int64s, omitted defaults and the 2019 event codes', async () => {
    const { records, where, diagnostics } = await readTrace(fixture('google-2019/instance_events-000000000000.json'));
    expect(records[0]).toMatchObject({
      kind: 'task.event', atMs: 0, window: 'before', event: 'schedule', jobId: 'job-385614011', taskIndex: 0,
      machineId: 'machine-385611578151', priority: 200, band: 'production', schedulingClass: 2,
      request: { cpus: 668, mem: 464000 },
      constraints: [{ attribute: 'rack', op: 'eq', value: 'r1' }, { attribute: 'gpu', op: 'absent', value: undefined }],
    });
    // type 1 / 2 are QUEUE / ENABLE in 2019 (SCHEDULE / EVICT in 2011); omitted fields take defaults
    expect(records[1]).toMatchObject({ event: 'queue', schedulingClass: 0, band: 'best-effort', machineId: undefined, request: undefined });
    expect(records[2]).toMatchObject({ event: 'enable', machineId: undefined, allocJobId: undefined }); // −1 = dedicated machine; alloc 0 = none
    expect(records[3]).toMatchObject({ event: 'kill', priority: 360, band: 'monitoring', allocJobId: 'job-400000001' }); // enum given by name
    expect(where).toEqual(['4:21 CS6004', '5:2 CS6002', '6:73 CS6007']);
    expect(diagnostics[0].message).toBe('unknown type "99" (known: 0–10)');
  });

  it('reads collection_events, instance_usage and machine_attributes', async () => {
    const coll = await readTrace(fixture('google-2019/collection_events-000000000000.json'));
    expect(coll.diagnostics).toEqual([]);
    expect(coll.records[0]).toMatchObject({ kind: 'job.event', event: 'submit', user: 'u+abc=', maxPerMachine: 1, collectionType: 'job' });
    expect(coll.records[1]).toMatchObject({ event: 'schedule', allocJobId: 'job-400000001' }); // a job that runs in an alloc set
    expect(coll.records[2]).toMatchObject({ collectionType: 'alloc-set', parentJobId: 'job-385614011', startAfter: ['job-385614011'], band: 'free' });
    expect(coll.records[3]).toMatchObject({ event: 'finish', atMs: AFTER_WINDOW_MS, window: 'after', missing: 'snapshot-but-no-transition' });
    const usage = await readTrace(fixture('google-2019/instance_usage-000000000000.json'));
    expect(usage.records[0]).toMatchObject({ kind: 'usage.sample', atMs: 600000, endMs: 900000, usage: { cpus: 320, mem: 262144, cpusMax: 640, memMax: undefined } });
    const attrs = await readTrace(fixture('google-2019/machine_attributes-000000000000.json'));
    expect(attrs.records.map((r) => r.kind === 'machine.attribute' && [r.value, r.deleted])).toEqual([['r1', false], [undefined, true]]);
  });

  it('a row without its mandatory id says which field is missing (found by fuzzing: the diagnostic had no message)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'g19-'));
    const rows = [
      '{"time":"0","name":"rack","value":"r1"}', // machine_attributes without machine_id
      '{"time":"0","machine_id":"7","name":"rack","value":"r1"}',
    ];
    writeFileSync(join(dir, 'machine_attributes-000000000000.json'), rows.join('\n') + '\n');
    const attrs = await readTrace(join(dir, 'machine_attributes-000000000000.json'));
    expect(attrs.diagnostics.map((d) => [d.line, d.code, d.message])).toEqual([[1, 'CS6003', 'machine_id is missing but mandatory']]);
    expect(attrs.records).toHaveLength(1);
    writeFileSync(join(dir, 'instance_usage-000000000000.json'), '{"start_time":"600000000","end_time":"900000000","instance_index":"0"}\n');
    const usage = await readTrace(join(dir, 'instance_usage-000000000000.json'));
    expect(usage.diagnostics.map((d) => [d.line, d.code, d.message])).toEqual([[1, 'CS6003', 'collection_id is missing but mandatory']]);
  });
});

describe.skipIf(!hasShared)('Google 2019 importer on the genuine machine_events shard', () => {
  it('46 219 rows, 10 001 machines, exact event counts, unsorted times accepted', async () => {
    const { records, diagnostics, reader } = await readTrace(shared('google-2019/machine_events-000000000000.json.gz'));
    expect(diagnostics).toEqual([]);
    expect(reader.stats).toEqual({ lines: 46219, records: 46219, skipped: 0 });
    const m = records as MachineEventRecord[];
    expect(countBy(m, (r) => r.event)).toEqual({ add: 27777, remove: 17941, update: 501 });
    expect(new Set(m.map((r) => r.machineId)).size).toBe(10001);
    expect(m.filter((r) => r.capacity === undefined)).toHaveLength(459);
    expect(m.filter((r) => r.window === 'before')).toHaveLength(9526);
    expect(new Set(m.map((r) => r.platform)).size).toBe(5);
    expect(new Set(m.map((r) => r.switchId)).size).toBe(261);
  });
});
