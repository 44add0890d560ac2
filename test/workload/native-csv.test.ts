import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical-json.ts';
import { DiagnosticSink } from '../../src/workload/diagnostics.ts';
import { convertTrace } from '../../src/workload/convert.ts';
import { openTraceSync } from '../../src/workload/traces/open-sync.ts';
import { writeFileSync } from 'node:fs';
import { NATIVE_HEADER } from '../../src/workload/traces/native-csv-format.ts';
import { fixture, hasShared, readTrace, shared } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'clustersim-native-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('native CSV reader', () => {
  it('reads a hand-written trace: any column subset, quotes, comments, bare numeric ids prefixed', async () => {
    const { records, diagnostics } = await readTrace(fixture('native/example.csv'));
    expect(diagnostics).toEqual([]);
    expect(records).toHaveLength(4);
    expect(records[0]).toEqual({ kind: 'machine.event', atMs: 0, event: 'add', machineId: 'machine-1', capacity: { cpus: 32000, mem: 131072000 }, failureDomains: ['rack-1', 'zone-a'] });
    expect(records[2]).toEqual({
      kind: 'job.submitted', atMs: 1000, jobId: 'web', taskCount: 4, request: { cpus: 1500, mem: 2048000 }, role: 'prod', framework: 'marathon',
      priority: 200, constraints: [{ attribute: 'rack', op: 'ne', value: 'r1' }, { attribute: 'zone', op: 'eq', value: 'a' }],
    });
    expect(records[3]).toMatchObject({ jobId: 'job-17', request: { cpus: 250, mem: 512500 }, durationMs: 60000 });
  });

  it('reports bad cells at their line and column', async () => {
    const { records, where, diagnostics } = await readTrace(fixture('native/malformed.csv'));
    expect(where).toEqual([
      '1:38 CS6011', // unknown column "bogus" (warning)
      '4:16 CS6004', // event "start"
      '5:29 CS6003', // taskIndex missing
      '6:31 CS6002', // cpus "1.5.5"
      '7:1 CS6005',  // atMs 5 after 100
      '8:5 CS6004',  // kind "job.unknown"
      '9:1 CS6001',  // unclosed quote
    ]);
    expect(diagnostics[0].severity).toBe('warning');
    expect(records.map((r) => r.atMs)).toEqual([0, 100]);
  });
});

describe('native CSV field count (brief: every invalid trace line yields a diagnostic with file:line:column)', () => {
  // An unquoted `1,5` shifts every later cell one column to the right: without the check the row
  // was read as mem 5 MiB and duration 1024 ms, silently.
  const text = [
    'atMs,kind,jobId,taskCount,cpus,memMiB,durationMs',
    '0,job.submitted,a1,2,1,5,1024,60000',    // 8 fields: column of the 8th
    '1000,job.submitted,a2,2,1,1024',         // 6 fields: just past the line end
    '2000,job.submitted,"a,3",2,1,1024,60000', // 7 fields, one of them quoted with a comma
    '3000,job.submitted,a4,2,1,1024,60000,',  // a trailing comma is an 8th (empty) field
  ].join('\n') + '\n';

  it('reports CS6001 with the expected and found counts and skips the row (async and replay readers alike)', async () => {
    const file = join(tmp, 'shifted.csv');
    writeFileSync(file, text);
    const a = await readWithBothReaders(file);
    expect(a.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '2:31 CS6001 expected 7 fields as in the header, found 8',
      '3:31 CS6001 expected 7 fields as in the header, found 6',
      '5:38 CS6001 expected 7 fields as in the header, found 8',
    ]);
    expect(a.records.map((r) => r.atMs)).toEqual([2000]);
    expect(a.reader.stats.skipped).toBe(3);
  });
});

/** The async reader's result, checked to equal the replay's (the same records and diagnostics). */
async function readWithBothReaders(file: string) {
  const a = await readTrace(file);
  const sink = new DiagnosticSink({ maxReported: 100 });
  const r = openTraceSync(file, { sink })!;
  const records = [];
  for (let b = r.nextBatch(); b !== null; b = r.nextBatch()) records.push(...b);
  expect(sink.reported).toEqual(a.diagnostics);
  expect(records).toEqual(a.records);
  return a;
}

describe('native CSV: inspect and replay read with one parser', () => {
  // `trace inspect` streamed through csv-parse while the replay reads line by line: an unclosed
  // quote was reported at the file's end by one (line 5, the records after it swallowed) and at its
  // line by the other; `\r\r\n` line ends were an error for one and fine for the other.
  const readBoth = async (name: string, text: string) => {
    const file = join(tmp, name);
    writeFileSync(file, text);
    return readWithBothReaders(file);
  };
  const header = 'atMs,kind,jobId,taskCount,cpus,memMiB,durationMs';

  it('a quote left open is CS6001 at its own line; the next lines are records of their own', async () => {
    const a = await readBoth('open-quote.csv', [header, '0,job.submitted,j1,1,1,100,1000', '10,job.submitted,"j2,1,1,100,1000',
      '20,job.submitted,j3,1,1,100,1000', '30,job.submitted,j4,1,1,100,1000'].join('\n') + '\n');
    expect(a.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['3:1 CS6001']);
    expect(a.records.map((r) => (r as { jobId: string }).jobId)).toEqual(['j1', 'j3', 'j4']);
  });

  it('reads \\r\\r\\n line ends as the replay does', async () => {
    const a = await readBoth('crcr.csv', [header, '0,job.submitted,j1,1,1,100,1000', '10,job.submitted,j2,1,1,100,1000'].join('\r\r\n') + '\r\r\n');
    expect(a.records).toHaveLength(2);
  });

  it('lines ending in CR alone are an error at the header, not a file of unknown columns read as empty (exit 0)', async () => {
    const a = await readBoth('cr-only.csv', [header, '0,job.submitted,j1,1,1,100,1000'].join('\r') + '\r');
    expect(a.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.severity}`)).toEqual(['1:49 CS6011 error']);
    expect(a.diagnostics[0].message).toContain('CR alone');
  });

  it('a quoted header (RFC 4180) is recognized as a native CSV', async () => {
    const a = await readBoth('quoted-header.csv', `${header.split(',').map((c) => `"${c}"`).join(',')}\n0,job.submitted,j1,1,1,100,1000\n`);
    expect(a.diagnostics).toEqual([]);
    expect(a.records).toHaveLength(1);
  });

  it('convert writes a line break inside a value as a space, so every record stays one line', async () => {
    const dir = join(tmp, 'g2019-newline');
    mkdirSync(dir);
    writeFileSync(join(dir, 'collection_events-000000000000.json'),
      '{"time":"0","type":"0","collection_id":"7","user":"team\\nalpha\\r\\nbeta","priority":"200","scheduling_class":"2","collection_type":"0"}\n');
    const out = join(tmp, 'g2019-newline.csv');
    const sink = new DiagnosticSink();
    await convertTrace(dir, { sink, out });
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);
    const back = await readBoth('g2019-newline-copy.csv', readFileSync(out, 'utf8'));
    expect(back.diagnostics).toEqual([]);
    expect(back.records).toMatchObject([{ jobId: 'job-7', user: 'team alpha beta' }]);
  });
});

describe('trace convert → native CSV', () => {
  it('round-trips every fixture table losslessly', async () => {
    for (const dir of ['google-2011/task_events/ok.csv', 'google-2011/machine_events', 'google-2011/task_constraints', 'google-2011/task_usage', 'google-2011/machine_attributes', 'google-2019', 'alibaba-2018', 'alibaba-2017', 'swf']) {
      const sink = new DiagnosticSink({ maxReported: 1000 });
      const out = join(tmp, `${dir.replace(/\W/g, '_')}.csv`);
      const r = await convertTrace(fixture(dir), { sink, out });
      expect(r.out).toBe(out);
      const original = (await Promise.all(r.files.map((f) => readTrace(f.file)))).flatMap((x) => x.records);
      const back = await readTrace(out);
      expect(back.diagnostics).toEqual([]);
      const key = (x: unknown) => canonicalJson(x);
      // converted output is sorted by time; compare as multisets, then check the order
      expect(back.records.map(key).sort()).toEqual(original.map(key).sort());
      const times = back.records.map((x) => x.atMs);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it('sorts unsorted input with bounded runs, stable for equal times, and writes atomically', async () => {
    const sink = new DiagnosticSink();
    const out = join(tmp, 'sorted.csv');
    const r = await convertTrace(fixture('alibaba-2017/batch_task.csv'), { sink, out, runLines: 1 });
    expect(r.sortedInput).toBe(false);
    expect(r.runs).toBeGreaterThan(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(NATIVE_HEADER);
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([-1078000, 6036000, 6459000]);
    expect(readdirSync(tmp).filter((f) => f.startsWith('.tmp-'))).toEqual([]); // no temporary left behind
  });
});

describe.skipIf(!hasShared)('convert on the genuine samples', () => {
  it('Google 2011 job_events + machine_events: one merged native CSV that reads back identically', async () => {
    const sink = new DiagnosticSink();
    const out = join(tmp, 'google-2011.csv');
    const files = [shared('google-2011/machine_events/part-00000-of-00001.csv.gz'), shared('google-2011/job_events/part-00000-of-00500.csv.gz')];
    const parts = await Promise.all(files.map((f) => readTrace(f)));
    for (const f of files) {
      const single = join(tmp, `${files.indexOf(f)}.csv`);
      const r = await convertTrace(f, { sink, out: single });
      expect(r).toMatchObject({ sortedInput: true, runs: 0 });
      const back = await readTrace(single);
      expect(back.diagnostics).toEqual([]);
      expect(back.records.map((x) => canonicalJson(x))).toEqual(parts[files.indexOf(f)].records.map((x) => canonicalJson(x)));
    }
    // the whole directory: tables merged by time, machine events first at equal times
    const r = await convertTrace(shared('google-2011'), { sink, out, format: 'auto' });
    expect(r.records).toBe(37780 + 10704 + 450146);
    expect(r.files.map((f) => f.table)).toEqual(['machine_events', 'job_events', 'task_events']);
    expect(sink.errors).toBe(0);
  });
});
