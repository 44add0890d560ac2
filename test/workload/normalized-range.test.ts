/**
 * CS6014 (src/workload/traces/normalized-range.ts): Google tables give requests and capacities
 * normalized to the largest machine (0 < x ≤ 1), Alibaba memory to the machine (2017: ≤ 1, 2018: ≤ 100).
 * A table written in cores or bytes was replayed silently, each value × the scale (4 cores → 128).
 * Now the first value out of range in a file is an error at its file:line:column, all are counted
 * (trace inspect, summary.json replay.feed.aboveNormalizedRange), `run` exits 2, and a source that
 * declares `units: absolute` (with workload.scale) or `--units absolute` is not checked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { DiagnosticSink } from '../../src/workload/diagnostics.ts';
import { formatInspect, inspectTrace } from '../../src/workload/inspect.ts';
import type { TraceUnits } from '../../src/workload/traces/normalized-range.ts';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
const dir = mkdtempSync(join(tmpdir(), 'cs-normalized-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Google 2011 task_events in cores and GiB-ish units: submit + schedule of 3 tasks, 4 / 0.5 / 8 cores.
const TASKS = [
  '600000000,,7,0,,0,u1,0,2,0.5,0.25,0,0',        // normalized: fine
  '601000000,,7,1,,0,u1,0,2,4,16,0,0',            // line 2: CPU 4 (col 26), memory 16
  '602000000,,7,2,,0,u1,0,2,0.5,0.25,0,0',
  '603000000,,7,3,,0,u1,0,2,8,0.5,0,0',           // line 4: CPU 8
];
const MACHINES = ['0,1,0,p,1,1', '0,2,0,p,32,128']; // line 2: a machine in cores and GiB

function googleDir(name: string): string {
  const d = join(dir, name);
  mkdirSync(join(d, 'machine_events'), { recursive: true });
  mkdirSync(join(d, 'task_events'), { recursive: true });
  writeFileSync(join(d, 'machine_events', 'part-00000-of-00001.csv'), MACHINES.join('\n') + '\n');
  writeFileSync(join(d, 'task_events', 'part-00000-of-00001.csv'), TASKS.join('\n') + '\n');
  return d;
}

async function inspect(path: string, units?: TraceUnits) {
  const sink = new DiagnosticSink({ maxReported: 100 });
  const r = await inspectTrace(path, { sink, units });
  return { r, diags: sink.reported.map(formatDiagnostic), text: formatInspect(r) };
}

describe('trace inspect', () => {
  it('reports the first value above 1 of each Google 2011 file at file:line:column and counts them all', async () => {
    const d = googleDir('g11');
    const { r, diags, text } = await inspect(d);
    expect(diags).toHaveLength(2);
    expect(diags[0]).toMatch(/machine_events\/part-00000-of-00001\.csv:2:9: error CS6014 CPU capacity 32 is above 1, the largest value a normalized Google 2011 table holds/);
    expect(diags[1]).toMatch(/task_events\/part-00000-of-00001\.csv:2:26: error CS6014 CPU request 4 is above 1/);
    expect(diags[1]).toContain('units: absolute');
    expect(r.aboveNormalizedRange).toBe(5); // machine: 32, 128; tasks: 4, 16, 8
    expect(r.errors).toBe(2);
    expect(r.files.map((f) => f.records)).toEqual([2, 4]); // the rows are kept: the file's units are wrong, not a row
    expect(text).toContain('  5 resource value(s) above the format\'s normalized range (CS6014');
  });

  it('says nothing with --units absolute, nor on a normalized table', async () => {
    const { r, diags, text } = await inspect(googleDir('g11-abs'), 'absolute');
    expect(diags).toEqual([]);
    expect(r.aboveNormalizedRange).toBe(0);
    expect(text).not.toContain('normalized range');
    const ok = join(dir, 'ok', 'task_events');
    mkdirSync(ok, { recursive: true });
    writeFileSync(join(ok, 'part-00000-of-00001.csv'), `${TASKS[0]}\n${TASKS[2]}\n`);
    expect((await inspect(ok)).diags).toEqual([]);
  });

  it('Google 2019 requests and capacities, Alibaba 2017 and 2018 memory (101 is Alibaba 2018\'s invalid marker, not a violation)', async () => {
    const g19 = join(dir, 'instance_events-000000000000.json');
    writeFileSync(g19, [
      JSON.stringify({ time: '600000000', type: '0', collection_id: '5', instance_index: 0, priority: 200, resource_request: { cpus: 0.02, memory: 0.01 } }),
      JSON.stringify({ time: '600000001', type: '0', collection_id: '5', instance_index: 1, priority: 200, resource_request: { cpus: 2, memory: 0.01 } }),
    ].join('\n') + '\n');
    const a = await inspect(g19);
    expect(a.diags).toEqual([expect.stringMatching(/instance_events-000000000000\.json:2:\d+: error CS6014 CPU request \(resource_request\.cpus\) 2 is above 1/)]);
    const col = Number(/json:2:(\d+):/.exec(a.diags[0])![1]);
    expect(readFileSync(g19, 'utf8').split('\n')[1].slice(col - 1)).toMatch(/^2,"memory"/); // the value, not the "cpus" key

    // blanks after the colon (the BigQuery export's style), memory, and a capacity: still the value
    const m19 = join(dir, 'machine_events-000000000000.json');
    const rows = [
      '{"time": "0", "machine_id": "1", "type": "ADD", "capacity": {"cpus": 0.5, "memory": 0.25}}',
      '{"time": "0", "machine_id": "2", "type": "ADD", "capacity": {"cpus": 0.5,  "memory":  128}}',
    ];
    writeFileSync(m19, rows.join('\n') + '\n');
    const m = await inspect(m19);
    expect(m.diags).toEqual([expect.stringMatching(/machine_events-000000000000\.json:2:\d+: error CS6014 memory capacity \(capacity\.memory\) 128 is above 1/)]);
    const mcol = Number(/json:2:(\d+):/.exec(m.diags[0])![1]);
    expect(rows[1].slice(mcol - 1)).toBe('128}}');

    const ali17 = join(dir, 'batch_task.csv');
    writeFileSync(ali17, ['100,200,1,1,2,Terminated,100,0.5', '100,200,1,2,2,Terminated,100,64'].join('\n') + '\n');
    expect((await inspect(ali17)).diags).toEqual([expect.stringMatching(/batch_task\.csv:2:30: error CS6014 normalized memory requested per instance 64 is above 1/)]);

    const ali18 = join(dir, 'a18', 'machine_meta.csv');
    mkdirSync(join(dir, 'a18'));
    writeFileSync(ali18, ['m_1,0,1,a,96,100,USING', 'm_2,0,1,a,96,101,USING', 'm_3,0,1,a,96,512,USING'].join('\n') + '\n');
    const b = await inspect(ali18);
    expect(b.diags).toEqual([expect.stringMatching(/machine_meta\.csv:3:14: error CS6014 mem_size 512 is above 100/)]);
    expect(b.r.aboveNormalizedRange).toBe(1);
  });

  it('usage columns with a documented range: Google memory usage (≤ 1), Alibaba 2018 batch_instance memory and utilization percents (≤ 100, 101 the marker); not CPU usage', async () => {
    // a genuine task_usage row (shared docs/traces.md §1.3), then the same with memory in GiB (16, max 24) and a CPU rate of 2.5
    const genuine = '600000000,900000000,3418309,0,4155527081,0.001562,0.06787,0.07568,0.001156,0.001503,0.06787,2.861e-06,0.0001869,0.03967,0.0003567,2.445,0.007243,0,1,0';
    const tu = join(dir, 'g11u', 'task_usage');
    mkdirSync(tu, { recursive: true });
    const rows = [genuine, '900000000,1200000000,3418309,0,4155527081,2.5,16,0.07568,0.001156,0.001503,24,2.861e-06,0.0001869,3.1,0.0003567,2.445,0.007243,0,1,0'];
    writeFileSync(join(tu, 'part-00000-of-00500.csv'), rows.join('\n') + '\n');
    const u = await inspect(tu);
    expect(u.diags).toEqual([expect.stringMatching(/task_usage\/part-00000-of-00500\.csv:2:\d+: error CS6014 canonical memory usage 16 is above 1, the largest value a normalized Google 2011 table holds/)]);
    expect(rows[1].slice(Number(/csv:2:(\d+):/.exec(u.diags[0])![1]) - 1)).toMatch(/^16,/);
    expect(u.r.aboveNormalizedRange).toBe(2); // 16 and 24; the CPU rates 2.5 and 3.1 are not checked
    expect((await inspect(tu, 'absolute')).diags).toEqual([]);

    const iu = join(dir, 'instance_usage-000000000000.json');
    const line2 = '{"start_time": "600000000", "end_time": "900000000", "collection_id": "5", "instance_index": 0, "average_usage": {"cpus": 1.5, "memory": 0.5}, "maximum_usage": {"cpus": 3, "memory": 8}}';
    writeFileSync(iu, ['{"start_time": "600000000", "end_time": "900000000", "collection_id": "5", "instance_index": 1, "average_usage": {"cpus": 0.01, "memory": 0.02}}', line2].join('\n') + '\n');
    const g = await inspect(iu);
    expect(g.diags).toEqual([expect.stringMatching(/instance_usage-000000000000\.json:2:\d+: error CS6014 maximum memory usage \(maximum_usage\.memory\) 8 is above 1/)]);
    expect(line2.slice(Number(/json:2:(\d+):/.exec(g.diags[0])![1]) - 1)).toBe('8}}');
    expect(g.r.aboveNormalizedRange).toBe(1);

    const a18 = join(dir, 'a18u');
    mkdirSync(a18);
    const bi = join(a18, 'batch_instance.csv');
    writeFileSync(bi, ['ins_1,M1,j_1,1,Terminated,100,200,m_1,1,1,50,60,0.5,0.6', 'ins_2,M1,j_1,1,Terminated,100,200,m_1,1,1,50,60,101,512'].join('\n') + '\n');
    const b = await inspect(bi);
    expect(b.diags).toEqual([expect.stringMatching(/batch_instance\.csv:2:\d+: error CS6014 mem_max 512 is above 100, the largest value a normalized Alibaba 2018 table holds \(100 = the largest machine\)/)]);
    expect(b.r.aboveNormalizedRange).toBe(1); // 101 is the marker
    const mu = join(a18, 'machine_usage.csv');
    writeFileSync(mu, ['m_1,10,41,92,,,43.04,33.08,5', 'm_1,20,41,92,,,43.04,33.08,101', 'm_1,30,410,92,,,43.04,33.08,-1'].join('\n') + '\n');
    const m = await inspect(mu);
    expect(m.diags).toEqual([expect.stringMatching(/machine_usage\.csv:3:8: error CS6014 cpu_util_percent 410 is above 100, the largest value a normalized Alibaba 2018 table holds \(100 = 100 %\)/)]);
  });

  it('the CLI exits 2 with the diagnostic and no stack trace; --units absolute exits 0', () => {
    const d = googleDir('g11-cli');
    const r = cli('trace', 'inspect', join(d, 'task_events'));
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/task_events\/part-00000-of-00001\.csv:2:26: error CS6014 CPU request 4 is above 1/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(r.stdout).toContain('3 resource value(s) above the format\'s normalized range');
    const abs = cli('trace', 'inspect', join(d, 'task_events'), '--units', 'absolute', '--scale-cpus', '1', '--scale-mem-mib', '1');
    expect(abs.status, abs.stderr).toBe(0);
    expect(abs.stderr).toBe('');
  }, 30_000);
});

describe('replay', () => {
  function scenario(name: string, source: string, scale = ''): string {
    const d = googleDir(`run-${name}`);
    const file = join(d, 's.yaml');
    writeFileSync(file, [
      `name: ${name}`, 'seed: 1', 'until: 10m',
      'frameworks:', '  - { id: batch, role: batch, scheduler: { type: trace-replay } }',
      'workload:', `  sources: [${source}]`, '  window: { start: 600s }', ...(scale ? [`  scale: ${scale}`] : []),
      '  agents: { resources: "cpus:64;mem:256GiB" }', '  map: [{ framework: batch }]',
    ].join('\n') + '\n');
    return file;
  }

  it('run prints CS6014 at file:line:column, counts the values in summary.json and exits 2', () => {
    const file = scenario('cores', '{ trace: machine_events }, { trace: task_events }');
    const out = join(dir, 'out-cores');
    const r = cli('run', file, '--out', out, '--no-report');
    expect(r.status, r.stderr).toBe(2);
    const err = r.stderr.trim().split('\n');
    expect(err[0]).toMatch(/run-cores\/machine_events\/part-00000-of-00001\.csv:2:9: error CS6014 CPU capacity 32 is above 1/);
    expect(err[1]).toMatch(/run-cores\/task_events\/part-00000-of-00001\.csv:2:26: error CS6014 CPU request 4 is above 1/);
    expect(err[2]).toMatch(/^error: 5 resource value\(s\) above the normalized range of their trace format in 2 file\(s\), replayed as read \(summary\.json replay\.feed\.aboveNormalizedRange/);
    expect(err[2]).not.toContain('invalid trace line');
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    const feed = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).replay.feed;
    expect(feed).toMatchObject({ aboveNormalizedRange: 5, invalidLines: 0 }); // the rows were kept, not skipped
  }, 60_000);

  it('units: absolute with workload.scale replays the same file without a diagnostic', () => {
    const file = scenario('abs', '{ trace: machine_events, units: absolute }, { trace: task_events, units: absolute }', '{ cpus: 1, memMiB: 1024 }');
    const out = join(dir, 'out-abs');
    const r = cli('run', file, '--out', out, '--no-report');
    expect(r.status, r.stderr).toBe(0);
    const feed = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).replay.feed;
    expect(feed).toMatchObject({ aboveNormalizedRange: 0, invalidLines: 0, tasksSubmitted: 4 });
  }, 60_000);

  it('units: absolute without workload.scale is a scenario error at the field (exit 2)', () => {
    const file = scenario('noscale', '{ trace: task_events, units: absolute }');
    const r = cli('validate', file);
    expect(r.status).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/s\.yaml:7:\d+: error CS\d+ units: absolute needs workload\.scale\.cpus and workload\.scale\.memMiB/);
  }, 30_000);
});

const shared = resolve('../shared/traces-real');
describe.skipIf(!existsSync(shared))('the genuine samples are within their normalized ranges', () => {
  it.each([
    'google-2011/machine_events', 'google-2011/task_events', 'google-2019/machine_events-000000000000.json.gz',
    'alibaba-2017/batch_task.csv.gz', 'alibaba-2018/machine_meta.csv.gz', 'alibaba-2018/machine_usage.head-100002.csv.gz',
  ])('%s', async (p) => {
    const { r, diags } = await inspect(join(shared, p));
    expect(diags.filter((d) => d.includes('CS6014'))).toEqual([]);
    expect(r.aboveNormalizedRange).toBe(0);
  }, 60_000);
});
