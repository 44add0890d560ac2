import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../src/workload/diagnostics.ts';
import { formatInspect, inspectTrace } from '../../src/workload/inspect.ts';
import { fixture, hasShared, shared } from './helpers.ts';

async function inspect(path: string) {
  const sink = new DiagnosticSink({ maxReported: 1000 });
  const r = await inspectTrace(path, { sink });
  return { r, s: r.stats, sink };
}

describe('trace inspect on fixtures', () => {
  it('counts events, distinct ids, capacity at the start, requests and the time span', async () => {
    const { s, r } = await inspect(fixture('google-2011/task_events/ok.csv'));
    expect(r.errors).toBe(0);
    expect(s.byEvent).toEqual({ 'task.event finish': 1, 'task.event kill': 1, 'task.event lost': 1, 'task.event schedule': 2, 'task.event submit': 4 });
    expect(s.distinct).toMatchObject({ jobs: 3, tasks: 4, machines: 3, users: 2 });
    // submit rows with requests: 0.125 cpu (×1) and 0.0625 cpu (×2) of a 32-core machine
    expect(s.requested).toMatchObject({ tasks: 3, withoutRequest: 1, cpus: 4000 + 2 * 2000, meanCpus: 2667 });
    expect(s.time).toEqual({ firstMs: 600026, lastMs: 900000, spanMs: 299974, beforeWindow: 2, afterWindow: 1 });
  });

  it('reports capacity of the machines added at the earliest time', async () => {
    const { s } = await inspect(fixture('google-2011/machine_events/ok.csv'));
    expect(s.start).toMatchObject({ atMs: 0, machines: 3, cpus: 64000, mem: 2 * 32676250 + 131072000, unknownCapacity: 0 });
    expect(s.start.shapes).toEqual({ 'cpus 16000 mem 32676250': 2, 'cpus 32000 mem 131072000': 1 });
  });

  it('says so for a directory holding no trace file (it printed nothing, exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-empty-'));
    writeFileSync(join(dir, 'README.md'), 'skipped\n');
    const { r, sink } = await inspect(dir);
    expect(r.errors).toBe(1);
    expect(sink.format()).toEqual([expect.stringMatching(/error CS6008 no trace file under .*inspect-empty-\w+ \(hidden files/)]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('inspects a directory, skipping files it cannot recognize with a warning', async () => {
    const { r, sink } = await inspect(fixture('google-2011'));
    expect(r.files.map((f) => `${f.table} ${f.records}/${f.skipped}`)).toEqual([
      // machine tables first, as the replay reads a directory (list-sync.ts)
      'machine_events 6/0', 'machine_attributes 3/0', 'job_events 4/0', 'task_events 2/10', 'task_events 9/0',
      'task_events 172/0', 'task_events 4/2', 'task_constraints 4/0', 'task_usage 2/0',
    ]);
    expect(sink.errors).toBe(13); // the malformed, truncated and unsorted fixtures
    const text = formatInspect(r);
    expect(text).toContain('records: 206');
    expect(text).toContain('diagnostics: 13 error(s), 0 warning(s)');
  });

  it('never throws on a missing path', async () => {
    const { r, sink } = await inspect(fixture('does-not-exist.csv'));
    expect(r.files).toEqual([]);
    expect(sink.reported[0].code).toBe('CS6009');
  });

  it('reports one CS6008 for a single file it cannot recognize (not a second "no trace file" error)', async () => {
    const { sink } = await inspect('README.md');
    expect(sink.reported.map((d) => `${d.code} ${d.severity}`)).toEqual(['CS6008 error']);
  });
});

// Expected values computed independently from the genuine files with zcat | awk and python
// (SWF: sum over jobs of field 5, allocated processors, which the importer prefers to field 8;
// Google job_events: user is column 5, times are µs − 600 s offset, 0 = before the window)
// (sums in milli-units with the default scale: 1.0 normalized = 32 cores, 128 GiB, 1 TiB).
describe.skipIf(!hasShared)('trace inspect on the genuine samples', () => {
  it('Google 2011 task_events part 0', async () => {
    const { s, r } = await inspect(shared('google-2011/task_events/part-00000-of-00500.csv.gz'));
    expect(r.errors).toBe(0);
    expect(s.records).toBe(450146);
    expect(s.distinct).toEqual({ jobs: 4895, tasks: 190926, taskGroups: 0, machines: 12492, users: 519 });
    expect(s.requested).toEqual({
      tasks: 201200, withoutRequest: 291, cpus: 294801865, mem: 990714778080, disk: 70232617795,
      meanCpus: 1465, meanMem: 4924030, meanDisk: 349069, missing: { cpus: 0, mem: 0, disk: 0 },
    });
    expect(s.time).toEqual({ firstMs: 600026, lastMs: 5611086, spanMs: 5011060, beforeWindow: 277321, afterWindow: 0 });
  });

  it('Google 2011 machine_events: 12 583 machines, 12 477 at the start', async () => {
    const { s } = await inspect(shared('google-2011/machine_events/part-00000-of-00001.csv.gz'));
    expect(s.distinct.machines).toBe(12583);
    expect(s.start).toMatchObject({ atMs: 0, machines: 12477, cpus: 211304000, mem: 768442543899, unknownCapacity: 0 });
    // capacity mix at time 0 (normalized cpus 0.5 → 16 cores, mem 0.4995 → 65470.464 MiB …)
    expect(Object.entries(s.start.shapes).slice(0, 3)).toEqual([
      ['cpus 16000 mem 65470464', 6672], ['cpus 16000 mem 32676250', 3835], ['cpus 16000 mem 98172928', 992],
    ]);
    expect(s.time.lastMs).toBe(2506135493);
  });

  it('Google 2019 machine_events: 9 526 machines at time 0', async () => {
    const { s } = await inspect(shared('google-2019/machine_events-000000000000.json.gz'));
    expect(s.distinct.machines).toBe(10001);
    expect(s.start).toMatchObject({ atMs: 0, machines: 9526, cpus: 205261525, mem: 488997664000, unknownCapacity: 0 });
  });

  it('Alibaba 2017 batch_task: 11 909 321 instances in 80 553 task groups', async () => {
    const { s } = await inspect(shared('alibaba-2017/batch_task.csv.gz'));
    expect(s.distinct).toMatchObject({ jobs: 12951, taskGroups: 80553 });
    expect(s.submittedTasks).toBe(11909321);
    expect(s.requested).toMatchObject({ tasks: 11059704, withoutRequest: 849617, cpus: 6788440100, mem: 28992190073055 });
  });

  it('Alibaba 2018 machine_meta: 3 887 machines of 96 cores at time 0', async () => {
    const { s } = await inspect(shared('alibaba-2018/machine_meta.csv.gz'));
    expect(s.start).toMatchObject({ atMs: 0, machines: 3887, cpus: 3887 * 96000 });
    expect(s.time).toMatchObject({ firstMs: 0, lastMs: 696633000 });
  });

  it('Google 2011 job_events: 10 704 events of 4 900 jobs by 521 users', async () => {
    const { s, r } = await inspect(shared('google-2011/job_events'));
    expect(r.errors).toBe(0);
    expect(s.records).toBe(10704);
    expect(s.distinct).toMatchObject({ jobs: 4900, users: 521 });
    expect(s.time).toEqual({ firstMs: 604046, lastMs: 5598884, spanMs: 4994838, beforeWindow: 7970, afterWindow: 0 });
  });

  it('SWF KTH SP2: 27 992 jobs by 212 users asking for 215 675 processors (allocated, else requested)', async () => {
    const { s, r } = await inspect(shared('swf/KTH-SP2-1996-2.1-cln.swf.gz'));
    expect(r.errors).toBe(0);
    expect(s.records).toBe(27992);
    expect(s.distinct).toMatchObject({ jobs: 27992, users: 212 });
    expect(s.submittedTasks).toBe(215675);
    // The log gives no memory: inspect says "mem not given", not "0 MiB".
    expect(s.requested.missing.mem).toBe(s.requested.tasks);
    expect(formatInspect(r)).toMatch(/; mem not given\n/);
    expect(s.time).toMatchObject({ firstMs: 599_850_000, lastMs: 29_363_618_000 });
  });

  it('the whole samples directory: every file recognized, no diagnostics', async () => {
    const { r } = await inspect(shared());
    expect(r.files.map((f) => f.format)).toEqual([
      'google-2011', 'google-2019', 'alibaba-2018', 'google-2011', 'google-2011', 'alibaba-2017', 'alibaba-2018', 'swf', 'swf',
    ]);
    expect(r.errors + r.warnings).toBe(0);
    expect(r.stats.records).toBe(80553 + 17592 + 100002 + 10704 + 37780 + 450146 + 46219 + 27992 + 18239);
  });
});
