/**
 * Ingest benchmark (issue 6): rows/s of the Google 2011 task_events importer on .csv.gz input and
 * peak memory while streaming, against csv-parse on the same input.
 *
 * Inputs: the genuine shard `../shared/traces-real/google-2011/task_events/part-00000-of-00500.csv.gz`
 * when present (else a seeded synthetic shard of the same shape), and a larger file made of
 * `copies` time-shifted copies of it (job ids offset per copy, so the rows stay sorted and
 * distinct), generated once into the OS temp dir so the measurement lasts a few seconds.
 * Memory is bounded if the peak RSS of the large file is about that of the small one.
 *
 * Run alone: `npx tsx bench/ingest.ts [copies]`; `npm run bench` calls benchIngest().
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { DiagnosticSink } from '../src/workload/diagnostics.ts';
import { readGoogle2011 } from '../src/workload/traces/google-2011.ts';
import { GOOGLE_SCALE, toMilli } from '../src/workload/units.ts';
import { openTraceSync } from '../src/workload/traces/open-sync.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GENUINE = resolve(repoRoot, '../shared/traces-real/google-2011/task_events/part-00000-of-00500.csv.gz');
/** Larger than the last time of shard 0 (5 611 086 346 µs), so shifted copies stay sorted. */
const SPAN_US = 5_700_000_000;
const JOB_OFFSET = 10_000_000_000;

interface Measurement {
  rows: number;
  seconds: number;
  rowsPerSec: number;
  peakRssMiB: number;
  peakHeapUsedMiB: number;
  errors: number;
}

class PeakMemory {
  rss = 0;
  heap = 0;
  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.rss) this.rss = m.rss;
    if (m.heapUsed > this.heap) this.heap = m.heapUsed;
  }
}

const MiB = (b: number) => Math.round((b / 1048576) * 10) / 10;

async function timed(run: (peak: PeakMemory) => Promise<{ rows: number; errors: number }>): Promise<Measurement> {
  (globalThis as { gc?: () => void }).gc?.();
  const peak = new PeakMemory();
  peak.sample();
  const t0 = process.hrtime.bigint();
  const { rows, errors } = await run(peak);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  peak.sample();
  return { rows, seconds: Math.round(seconds * 1000) / 1000, rowsPerSec: Math.round(rows / seconds), peakRssMiB: MiB(peak.rss), peakHeapUsedMiB: MiB(peak.heap), errors };
}

/** The byte-level importer (what `trace inspect`/`convert` use), batches of normalized records. */
function byteLevel(file: string) {
  return timed(async (peak) => {
    const sink = new DiagnosticSink();
    let rows = 0;
    for await (const batch of readGoogle2011(file, 'task_events', { sink }).batches()) {
      rows += batch.length;
      peak.sample();
    }
    return { rows, errors: sink.errors };
  });
}

/** The synchronous replay path (worker-thread gunzip + the same line parser), as a run's feed reads traces. */
function syncReplayPath(file: string) {
  return timed(async (peak) => {
    const sink = new DiagnosticSink();
    const reader = openTraceSync(file, { sink, format: 'google-2011', table: 'task_events' })!;
    let rows = 0;
    for (let b = reader.nextBatch(); b !== null; b = reader.nextBatch()) {
      rows += b.length;
      peak.sample();
    }
    return { rows, errors: sink.errors };
  });
}

/** csv-parse (streaming) on the same gzip input, building the same records with Number() casts. */
function csvParse(file: string) {
  return timed(async (peak) => {
    let rows = 0;
    const parser = createReadStream(file).pipe(createGunzip()).pipe(parse({ relax_column_count: true }));
    const s = GOOGLE_SCALE;
    const num = (x: string) => (x === '' ? undefined : Number(x));
    for await (const f of parser as AsyncIterable<string[]>) {
      const cpu = num(f[9]);
      const mem = num(f[10]);
      const disk = num(f[11]);
      const rec = {
        kind: 'task.event', atMs: Math.floor(Number(f[0]) / 1000), jobId: `job-${f[2]}`, taskIndex: Number(f[3]),
        machineId: f[4] === '' ? undefined : `machine-${f[4]}`, event: Number(f[5]), user: f[6], priority: Number(f[8]),
        request: cpu === undefined ? undefined : { cpus: toMilli(cpu, s.cpus), mem: mem === undefined ? undefined : toMilli(mem, s.memMiB), disk: disk === undefined ? undefined : toMilli(disk, s.diskMiB) },
      };
      if (rec.taskIndex >= 0) rows++;
      if ((rows & 4095) === 0) peak.sample();
    }
    return { rows, errors: 0 };
  });
}

/** Deterministic stand-in for the genuine shard when ../shared is absent (LCG, no Math.random). */
async function synthesizeBase(path: string, rows = 450_000): Promise<void> {
  let x = 0x2545f491;
  const next = (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
  const gz = createGzip({ level: 6 });
  const ws = gz.pipe(createWriteStream(path));
  let t = 600_000_000;
  for (let i = 0; i < rows; i++) {
    t += next(25_000);
    const job = 6_000_000_000 + Math.floor(i / 40);
    const ev = next(10) < 5 ? 0 : next(6);
    const line = `${i < rows / 2 ? 0 : t},,${job},${i % 40},${ev === 0 ? '' : 100_000 + next(12_000)},${ev},u${next(500)}AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,${next(4)},${next(12)},0.${next(1000)},0.0${next(1000)},0.000${next(1000)},${next(2)}\n`;
    if (!gz.write(line)) await once(gz, 'drain');
  }
  gz.end();
  await once(ws, 'close');
}

/** `copies` time-shifted copies of the base shard, gzip level 6, generated once and reused. */
async function makeLarge(base: string, copies: number, dir: string): Promise<string> {
  const out = join(dir, 'task_events', `part-00000-of-00001.x${copies}.csv.gz`);
  const done = `${out}.done`;
  if (existsSync(done) && readFileSync(done, 'utf8') === base) return out;
  mkdirSync(dirname(out), { recursive: true });
  const gz = createGzip({ level: 6 });
  const ws = gz.pipe(createWriteStream(out));
  for (let k = 0; k < copies; k++) {
    const lines = createInterface({ input: createReadStream(base).pipe(createGunzip()), crlfDelay: Infinity });
    let chunk = '';
    for await (const line of lines) {
      const c1 = line.indexOf(',');
      const c2 = line.indexOf(',', c1 + 1);
      const c3 = line.indexOf(',', c2 + 1);
      const t = Number(line.slice(0, c1));
      const job = Number(line.slice(c2 + 1, c3)) + k * JOB_OFFSET;
      // time 0 (before the window) of later copies becomes the copy's start: still sorted
      chunk += `${k === 0 ? t : t + k * SPAN_US}${line.slice(c1, c2 + 1)}${job}${line.slice(c3)}\n`;
      if (chunk.length > 1 << 20) {
        if (!gz.write(chunk)) await once(gz, 'drain');
        chunk = '';
      }
    }
    gz.write(chunk);
  }
  gz.end();
  await once(ws, 'close');
  writeFileSync(done, base);
  return out;
}

export async function benchIngest(opts: { copies?: number; dir?: string } = {}): Promise<object> {
  const copies = opts.copies ?? 7;
  const dir = opts.dir ?? join(tmpdir(), 'clustersim-bench-ingest');
  mkdirSync(dir, { recursive: true });
  let base = GENUINE;
  const genuine = existsSync(GENUINE);
  if (!genuine) {
    base = join(dir, 'synthetic-task_events.csv.gz');
    if (!existsSync(`${base}.done`)) {
      await synthesizeBase(base);
      writeFileSync(`${base}.done`, 'ok');
    }
  }
  const large = await makeLarge(base, copies, dir);
  await byteLevel(base); // warm-up: JIT and file cache
  const small = await byteLevel(base);
  const big = await byteLevel(large);
  const csv = await csvParse(base);
  const syncSmall = await syncReplayPath(base);
  const syncBig = await syncReplayPath(large);
  return {
    name: 'ingest.google-2011.task_events',
    machine: { cpus: cpus().length, node: process.version },
    input: { genuine, base, large, copies },
    byteLevel: { shard: small, large: big },
    csvParse: { shard: csv },
    replayPath: { shard: syncSmall, large: syncBig },
    speedupVsCsvParse: Math.round((small.rowsPerSec / csv.rowsPerSec) * 100) / 100,
    targetRowsPerSec: 1_000_000,
    meetsTarget: big.rowsPerSec >= 1_000_000,
    note: 'rows/s = normalized task.event records per wall-clock second from .csv.gz (gunzip included); peak RSS is process-wide',
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const copies = process.argv[2] !== undefined ? Number(process.argv[2]) : undefined;
  console.log(JSON.stringify(await benchIngest({ copies }), null, 2));
}
