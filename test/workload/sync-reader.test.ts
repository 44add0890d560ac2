import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../src/workload/diagnostics.ts';
import type { WorkloadRecord } from '../../src/workload/records.ts';
import { openTraceSync } from '../../src/workload/traces/open-sync.ts';
import { fixture, hasShared, readTrace, shared } from './helpers.ts';

function readSync(file: string): { records: WorkloadRecord[]; where: string[] } {
  const sink = new DiagnosticSink({ maxReported: 1000 });
  const r = openTraceSync(file, { sink });
  if (!r) throw new Error(sink.format().join('; '));
  const records: WorkloadRecord[] = [];
  for (let b = r.nextBatch(); b !== null; b = r.nextBatch()) records.push(...b);
  return { records, where: sink.reported.map((d) => `${d.line}:${d.column} ${d.code}`) };
}

describe('synchronous trace reading (the replay path)', () => {
  const files = [
    'google-2011/task_events/ok.csv', 'google-2011/task_events/malformed.csv', 'google-2011/task_events/unsorted.csv',
    'google-2011/task_events/truncated.csv.gz', 'google-2011/machine_events/ok.csv', 'google-2019/instance_events-000000000000.json',
    'alibaba-2018/batch_task.csv', 'alibaba-2017/batch_task.csv', 'swf/tiny.swf', 'native/example.csv', 'native/malformed.csv',
  ];
  it.each(files)('%s: the same records and diagnostics as the async importer', async (f) => {
    const a = await readTrace(fixture(f));
    const s = readSync(fixture(f));
    expect(s.records).toEqual(a.records);
    expect(s.where).toEqual(a.where);
  });

  it('a truncated gzip stream is a CS6006 diagnostic at the first incomplete line, not a crash', () => {
    const s = readSync(fixture('google-2011/task_events/truncated.csv.gz'));
    expect(s.where.some((w) => w.endsWith('CS6006'))).toBe(true);
    expect(s.records.length).toBeGreaterThan(0);
  });

  it.skipIf(!hasShared)('the genuine Google 2011 task_events shard streams completely (450 146 rows)', () => {
    const sink = new DiagnosticSink();
    const r = openTraceSync(shared('google-2011/task_events/part-00000-of-00500.csv.gz'), { sink })!;
    let n = 0;
    for (let b = r.nextBatch(); b !== null; b = r.nextBatch()) n += b.length;
    expect(n).toBe(450_146);
    expect(r.stats.lines).toBe(450_146);
    expect(sink.errors).toBe(0);
  });
});
