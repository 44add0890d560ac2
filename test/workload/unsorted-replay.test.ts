/**
 * Replaying traces that are not sorted by time (Alibaba, Google 2019) through the sorted-copy
 * cache (src/workload/replay/sorted-cache.ts): the replay equals `trace convert` + replaying the
 * converted CSV, the cache is reused and keyed by the input bytes, diagnostics keep the original
 * file:line:column, an interrupted conversion leaves nothing visible, and the genuine samples
 * replay without a late record.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { convertTrace } from '../../src/workload/convert.ts';
import { DiagnosticSink } from '../../src/workload/diagnostics.ts';
import { CACHE_ENV, cacheKey, fileSha256, sortedCopy } from '../../src/workload/replay/sorted-cache.ts';
import { listTraceCache, pruneTraceCache } from '../../src/workload/replay/cache-maintenance.ts';
import type { ReplayFeed } from '../../src/workload/replay/feed.ts';
import { specFromText } from '../frameworks/helpers.ts';
import { hasShared, repoRoot, shared } from './helpers.ts';

const dirs: string[] = [];
const tmp = (prefix: string) => { const d = mkdtempSync(join(tmpdir(), prefix)); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

let savedEnv: string | undefined;
let cacheDir = '';
beforeEach(() => {
  savedEnv = process.env[CACHE_ENV];
  cacheDir = join(tmp('trace-cache-'), 'cache');
  process.env[CACHE_ENV] = cacheDir;
});
afterEach(() => {
  if (savedEnv === undefined) delete process.env[CACHE_ENV]; else process.env[CACHE_ENV] = savedEnv;
});

/** A deterministic LCG (test data only). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

const BAD_LINE = 17; // a batch_task row with a non-numeric instance_num: CS6002 at column 4 (field 2)

/**
 * An Alibaba 2018 directory grouped by entity, as the real tables are: machine_meta by machine
 * (an add at 0, later updates), batch_task by job (its tasks start at times spread over an hour,
 * so the file goes back in time on almost every job). One bad row at line BAD_LINE.
 */
function writeAlibaba(seed = 1, jobs = 80): string {
  const dir = tmp('alibaba-unsorted-');
  const rnd = lcg(seed);
  const meta: string[] = [];
  for (let m = 1; m <= 6; m++) {
    meta.push(`m_${m},0,${m},${m % 3},96,100,USING`);
    meta.push(`m_${m},${1000 + Math.floor(rnd() * 2000)},${m},${m % 3},96,100,USING`);
  }
  writeFileSync(join(dir, 'machine_meta.csv'), meta.join('\n') + '\n');
  const tasks: string[] = [];
  for (let j = 1; j <= jobs; j++) {
    const n = 1 + Math.floor(rnd() * 3);
    for (let t = 1; t <= n; t++) {
      const start = 60 + Math.floor(rnd() * 3600);
      const run = 30 + Math.floor(rnd() * 900);
      tasks.push(`M${t},${1 + Math.floor(rnd() * 40)},j_${j},1,Terminated,${start},${start + run},${50 + Math.floor(rnd() * 350)},${(0.1 + rnd()).toFixed(2)}`);
    }
  }
  tasks.splice(BAD_LINE - 1, 0, 'M1,many,j_bad,1,Terminated,100,200,100,0.2');
  writeFileSync(join(dir, 'batch_task.csv'), tasks.join('\n') + '\n');
  return dir;
}

function scenario(sources: readonly string[], extra = ''): string {
  return `name: unsorted-replay
seed: 3
until: 2h
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
workload:
  sources: [${sources.map((s) => `{ trace: ${JSON.stringify(s)} }`).join(', ')}]
  map: [{ framework: batch }]
  maxErrors: 50
${extra}`;
}

interface Replayed { digest: string; events: string[]; feed: ReplayFeed; inputs: readonly unknown[] }

function replay(sources: readonly string[]): Replayed {
  const spec = specFromText(scenario(sources));
  const r = runScenario(spec, { keepEvents: true });
  // the feed's statistics, from a second identical build (runScenario does not expose it)
  const b = buildSimulation(spec, []);
  b.sim.run(spec.untilMs);
  return { digest: r.digest!, events: [...r.events!], feed: b.workload!.feed!, inputs: b.workload!.inputs };
}

const withoutDiagnostics = (events: readonly string[]) => events.filter((l) => !l.includes('"workload.diagnostic"'));
const cacheEntries = () => (existsSync(cacheDir) ? readdirSync(cacheDir).sort() : []);

describe('replaying an unsorted Alibaba 2018 trace through the sorted-copy cache', () => {
  it('applies every record at its own time and equals trace convert + replaying the converted CSVs', async () => {
    const dir = writeAlibaba();
    const direct = replay([dir]);
    expect(direct.feed.stats.late).toBe(0);
    expect(direct.feed.stats.tasksSubmitted).toBeGreaterThan(500);
    expect(direct.feed.stats.agentsAdded).toBe(6);
    expect(direct.feed.stats.agentsUpdated).toBe(6);

    // the manual way: convert each table, replay the sorted CSVs (same order: machines first)
    const out = tmp('converted-');
    const sink = new DiagnosticSink({ maxReported: 100 });
    for (const t of ['machine_meta', 'batch_task']) await convertTrace(join(dir, `${t}.csv`), { sink, out: join(out, `${t}.native.csv`), runLines: 37 });
    const manual = replay([join(out, 'machine_meta.native.csv'), join(out, 'batch_task.native.csv')]);
    expect(manual.feed.stats.late).toBe(0);
    expect(withoutDiagnostics(direct.events)).toEqual(withoutDiagnostics(manual.events));

    // without the cache the same trace goes back in time: records are applied late and the run differs
    process.env[CACHE_ENV] = 'off';
    const unsorted = replay([dir]);
    expect(unsorted.feed.stats.late).toBeGreaterThan(100);
    expect(withoutDiagnostics(unsorted.events)).not.toEqual(withoutDiagnostics(direct.events));
  });

  it('reports bad rows with the original file:line:column, the same with a fresh or a reused cache', () => {
    const dir = writeAlibaba();
    const cold = replay([dir]);
    const diag = cold.events.filter((l) => l.includes('"workload.diagnostic"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(diag).toHaveLength(1);
    const task = (cold.inputs as { path: string }[]).find((i) => i.path.endsWith('batch_task.csv'))!.path; // as the scenario names it
    expect(diag[0]).toMatchObject({ code: 'CS6002', file: task, line: BAD_LINE, column: 4 });
    expect(task).toBe(join(dir, 'batch_task.csv')); // the scenario names it by its absolute path
    const warm = replay([dir]);
    expect(warm.events).toEqual(cold.events);
    expect(warm.digest).toBe(cold.digest);
  });

  it('reuses the cache entry, keys it by the input bytes, and records the input hashes in the manifest', () => {
    const dir = writeAlibaba();
    const first = replay([dir]);
    const entries = cacheEntries();
    expect(entries.filter((e) => e.endsWith('.csv'))).toHaveLength(2); // machine_meta and batch_task
    expect(entries.filter((e) => e.startsWith('.tmp-'))).toEqual([]);
    const before = new Map(entries.map((e) => [e, { stat: statSync(join(cacheDir, e)), text: readFileSync(join(cacheDir, e), 'utf8') }]));

    const second = replay([dir]);
    expect(second.digest).toBe(first.digest);
    expect(cacheEntries()).toEqual(entries);
    for (const e of entries) {
      const s = statSync(join(cacheDir, e));
      const was = before.get(e)!;
      expect(s.ino).toBe(was.stat.ino); // not rewritten
      expect(readFileSync(join(cacheDir, e), 'utf8')).toBe(was.text);
      // the copy itself is untouched; its .json is touched on reuse (the entry's last use, for pruning)
      if (e.endsWith('.csv')) expect(s.mtimeMs).toBe(was.stat.mtimeMs); else expect(s.mtimeMs).toBeGreaterThanOrEqual(was.stat.mtimeMs);
    }

    // the inputs: bytes as stored, and the sorted copy replayed instead
    const task = (first.inputs as { path: string }[]).find((i) => i.path.endsWith('batch_task.csv'))!.path;
    const { sha256 } = fileSha256(task);
    expect(first.inputs).toContainEqual(expect.objectContaining({ path: task, sha256, format: 'alibaba-2018', table: 'batch_task' }));
    const key = (first.inputs as { path: string; sortedCopy: string }[]).find((i) => i.path === task)!.sortedCopy;
    expect(entries).toContain(`${key}.csv`);
    const runDir = join(tmp('run-'), 'out');
    runScenario(specFromText(scenario([dir])), { outDir: runDir });
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { inputs: { path: string; sha256: string; sortedCopy?: string }[] };
    expect(manifest.inputs).toContainEqual(expect.objectContaining({ path: task, sha256, sortedCopy: key }));

    // a changed input: a new entry next to the old ones (which stay untouched)
    writeFileSync(task, readFileSync(task, 'utf8') + 'M1,2,j_new,1,Terminated,5,65,100,0.2\n');
    const changed = replay([dir]);
    expect(changed.feed.stats.tasksSubmitted).toBe(first.feed.stats.tasksSubmitted + 2);
    const after = cacheEntries();
    expect(after.filter((e) => e.endsWith('.csv'))).toHaveLength(3);
    for (const e of entries) expect(after).toContain(e);
    expect(changed.feed.stats.late).toBe(0);
  });

  it('keys the copy by the importer options too (scale)', () => {
    const dir = writeAlibaba();
    const task = join(dir, 'batch_task.csv');
    const d = { format: 'alibaba-2018' as const, table: 'batch_task' };
    const input = fileSha256(task);
    expect(cacheKey(input, d, {})).not.toBe(cacheKey(input, d, { cpus: 0.02 }));
    const a = sortedCopy(task, d, { cacheDir, scale: {} });
    const b = sortedCopy(task, d, { cacheDir, scale: { cpus: 0.02 } });
    expect(a.hit || b.hit).toBe(false);
    expect(readFileSync(a.csv, 'utf8')).not.toBe(readFileSync(b.csv, 'utf8'));
    expect(sortedCopy(task, d, { cacheDir, scale: {} }).hit).toBe(true);
  });

  it('makes a copy cut short since it was written again (it was replayed short, silently)', () => {
    const dir = writeAlibaba();
    const task = join(dir, 'batch_task.csv');
    const d = { format: 'alibaba-2018' as const, table: 'batch_task' };
    const first = sortedCopy(task, d, { cacheDir, scale: {} });
    const whole = readFileSync(first.csv, 'utf8');
    writeFileSync(first.csv, whole.split('\n').slice(0, 3).join('\n') + '\n');
    const again = sortedCopy(task, d, { cacheDir, scale: {} });
    expect(again.hit).toBe(false);
    expect(readFileSync(again.csv, 'utf8')).toBe(whole);
    expect(sortedCopy(task, d, { cacheDir, scale: {} }).hit).toBe(true);
  });

  it('a cache directory that cannot be written: a CS6009 warning, and the file is replayed unsorted', () => {
    const dir = writeAlibaba();
    const blocker = join(tmp('blocked-'), 'a-file');
    writeFileSync(blocker, 'not a directory');
    process.env[CACHE_ENV] = join(blocker, 'cache');
    const r = replay([dir]);
    const warnings = r.events.filter((l) => l.includes('"CS6009"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warnings).toHaveLength(2); // machine_meta and batch_task
    expect(warnings[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining('CLUSTERSIM_TRACE_CACHE') });
    expect(r.feed.stats.late).toBeGreaterThan(100);
    expect((r.inputs as { sortedCopy?: string }[]).every((i) => i.sortedCopy === undefined)).toBe(true);
  });

  it('an interrupted conversion (the process killed mid-write) leaves no cache entry visible', () => {
    const dir = writeAlibaba(5, 4000);
    const task = join(dir, 'batch_task.csv');
    const script = join(tmp('kill-'), 'convert-and-die.mjs');
    // Kill the converting process (SIGKILL: no cleanup runs) at its 3rd buffered write; runLines 500 spills runs.
    writeFileSync(script, `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const write = fs.writeSync;
let n = 0;
fs.writeSync = (...a) => { if (++n === 3) process.kill(process.pid, 'SIGKILL'); return write(...a); };
syncBuiltinESMExports();
const { sortedCopy } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'src/workload/replay/sorted-cache.ts')).href)});
sortedCopy(${JSON.stringify(task)}, { format: 'alibaba-2018', table: 'batch_task' }, { cacheDir: ${JSON.stringify(cacheDir)}, scale: {}, runLines: 500 });
console.log('finished');
`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout).not.toContain('finished');
    const left = cacheEntries();
    expect(left.some((e) => e.startsWith('.tmp-'))).toBe(true); // it was killed half-way through writing
    expect(left.filter((e) => !e.startsWith('.tmp-'))).toEqual([]); // but nothing a reader would take

    // the next run converts afresh and gets the complete copy
    const copy = sortedCopy(task, { format: 'alibaba-2018', table: 'batch_task' }, { cacheDir, scale: {} });
    expect(copy.hit).toBe(false);
    expect(copy.meta.records).toBe(readFileSync(task, 'utf8').trim().split('\n').length - 1); // all rows but the bad one
    expect(readFileSync(copy.csv, 'utf8').trim().split('\n')).toHaveLength(copy.meta.records + 1);
  });
});

describe.skipIf(!hasShared)('the genuine unsorted samples replay without late records', () => {
  const agentsOnly = (sources: readonly string[]) => specFromText(`name: genuine-unsorted
seed: 1
until: 9d
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
workload:
  sources: [${sources.map((s) => `{ trace: ${JSON.stringify(s)} }`).join(', ')}]
  agents: { resources: "cpus:32;mem:128GiB" }
  map: [{ match: { user: [nobody] }, framework: batch }]   # no task is run: unmapped work is only counted
`);
  const feedOf = (sources: readonly string[]) => {
    const spec = agentsOnly(sources);
    const events: string[] = [];
    const b = buildSimulation(spec, [{ emit(_t, type, f) { if (type === 'workload.diagnostic') events.push(JSON.stringify(f)); } }]);
    b.sim.run(spec.untilMs);
    return { feed: b.workload!.feed!, diagnostics: events };
  };

  it('Alibaba 2018 machine_meta and machine_usage', () => {
    const sources = [shared('alibaba-2018', 'machine_meta.csv.gz'), shared('alibaba-2018', 'machine_usage.head-100002.csv.gz')];
    const { feed, diagnostics } = feedOf(sources);
    expect(diagnostics).toEqual([]);
    expect(feed.stats.late).toBe(0);
    expect(feed.stats.agentsAdded).toBe(4034);
    expect(feed.stats.records).toBe(17_592 + 100_002);
    process.env[CACHE_ENV] = 'off'; // the same sources read as they are go back in time
    expect(feedOf(sources).feed.stats.late).toBeGreaterThan(1000);
  });

  it('Google 2019 machine_events', () => {
    const src = [shared('google-2019', 'machine_events-000000000000.json.gz')];
    const { feed } = feedOf(src);
    expect(feed.stats.late).toBe(0);
    expect(feed.stats.agentsAdded).toBeGreaterThan(9000);
  });

  it('Alibaba 2017 batch_task', () => {
    const src = [shared('alibaba-2017', 'batch_task.csv.gz')];
    const { feed } = feedOf(src);
    expect(feed.stats.late).toBe(0);
    expect(feed.stats.records).toBe(80_553);
    expect(feed.stats.unmapped).toBeGreaterThan(0);
  });
});

describe('trace cache housekeeping (clustersim trace cache)', () => {
  const at = (path: string, ms: number) => utimesSync(path, ms / 1000, ms / 1000);

  it('lists entries most recently used first; a reuse touches its entry; --prune --max-size removes the least recently used', () => {
    const d = { format: 'alibaba-2018' as const, table: 'batch_task' };
    const [x, y, z] = [1, 2, 3].map((seed) => join(writeAlibaba(seed, 20 * seed), 'batch_task.csv'));
    const copies = [x, y, z].map((f) => sortedCopy(f, d, { cacheDir, scale: {} }));
    // Ages: x used 3 days ago, y 2 days ago, z 1 day ago; then x is reused now.
    copies.forEach((c, i) => at(join(cacheDir, `${c.key}.json`), Date.now() - (3 - i) * 86_400_000));
    expect(sortedCopy(x, d, { cacheDir, scale: {} }).hit).toBe(true);
    writeFileSync(join(cacheDir, `${'f'.repeat(64)}.csv`), 'stray without its .json\n');
    writeFileSync(join(cacheDir, '.tmp-fresh'), 'a conversion still running\n');

    const listing = listTraceCache(cacheDir);
    expect(listing.entries.map((e) => e.key)).toEqual([copies[0].key, copies[2].key, copies[1].key]);
    expect(listing.entries[0]).toMatchObject({ format: 'alibaba-2018', table: 'batch_task', records: copies[0].meta.records, inputSha256: copies[0].input.sha256 });
    expect(listing.strays.map((s) => s.file).sort()).toEqual(['.tmp-fresh', `${'f'.repeat(64)}.csv`]);

    // Keep room for the two most recently used: y (least recent) goes, with the stray; the fresh .tmp stays.
    const keep = listing.entries[0].bytes + listing.entries[1].bytes + 100;
    const r = pruneTraceCache(cacheDir, keep, Date.now());
    expect(r.removed.map((e) => e.key)).toEqual([copies[1].key]);
    expect(r.removedStrays).toEqual([`${'f'.repeat(64)}.csv`]);
    expect(existsSync(copies[1].csv)).toBe(false);
    expect(sortedCopy(x, d, { cacheDir, scale: {} }).hit).toBe(true);
    expect(sortedCopy(y, d, { cacheDir, scale: {} }).hit).toBe(false); // converted again when needed

    // The CLI: everything goes without --max-size; a size without --prune is a usage error.
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin/clustersim.js'), 'trace', 'cache', ...args], { encoding: 'utf8', env: { ...process.env, [CACHE_ENV]: cacheDir } });
    expect(cli('--max-size', '1GiB').status).toBe(2);
    const list = cli('--json');
    expect(list.status).toBe(0);
    expect((JSON.parse(list.stdout) as { entries: unknown[] }).entries).toHaveLength(3);
    const all = cli('--prune');
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/freed .* left/);
    expect(listTraceCache(cacheDir).entries).toEqual([]);
  });
});
