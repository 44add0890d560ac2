/**
 * `clustersim trace inspect <file|dir..>`, `clustersim trace convert <input> --to csv --out FILE` and
 * `clustersim trace cache [--prune [--max-size SIZE]]`: thin adapters over src/workload. Statistics go to stdout, diagnostics (file:line:column) to
 * stderr as they are found. Bad rows are skipped; the exit code is 2 if any error was reported.
 */
import type { Stats } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { formatDiagnostic } from '../../core/diagnostic.ts';
import { canonicalJson } from '../../core/canonical-json.ts';
import { DiagnosticSink, DEFAULT_MAX_ERRORS } from '../../workload/diagnostics.ts';
import { inspectTrace, formatInspect, type InspectResult } from '../../workload/inspect.ts';
import { convertTrace } from '../../workload/convert.ts';
import { TRACE_FORMATS, type TraceFormat } from '../../workload/traces/reader.ts';
import { TRACE_UNITS, type TraceUnits } from '../../workload/traces/normalized-range.ts';
import type { ScaleFactors } from '../../workload/units.ts';
import { listTraceCache, pruneTraceCache, type CacheEntry } from '../../workload/replay/cache-maintenance.ts';
import { traceCacheDir } from '../../workload/replay/sorted-cache.ts';
import { listTraceFilesSync } from '../../workload/traces/list-sync.ts';
import { parseMiB } from '../../core/units.ts';
import { refuseOutputFile, statOrNull } from '../output-file.ts';

const EXIT_OK = 0;
const EXIT_INVALID = 2;

export interface TraceCommonArgs {
  format?: TraceFormat | 'auto';
  table?: string;
  maxErrors?: number;
  scaleCpus?: number;
  scaleMemMib?: number;
  scaleDiskMib?: number;
  /** What the resource columns hold (normalized-range.ts): `absolute` switches the CS6014 range check off. */
  units?: TraceUnits;
}

function scaleOf(a: TraceCommonArgs): Partial<ScaleFactors> | undefined {
  const s: { cpus?: number; memMiB?: number; diskMiB?: number } = {};
  if (a.scaleCpus !== undefined) s.cpus = a.scaleCpus;
  if (a.scaleMemMib !== undefined) s.memMiB = a.scaleMemMib;
  if (a.scaleDiskMib !== undefined) s.diskMiB = a.scaleDiskMib;
  return Object.keys(s).length > 0 ? s : undefined;
}

function makeSink(a: TraceCommonArgs, live: boolean): DiagnosticSink {
  return new DiagnosticSink({
    maxReported: a.maxErrors ?? DEFAULT_MAX_ERRORS,
    onReport: live ? (d) => console.error(formatDiagnostic(d)) : undefined,
  });
}

/**
 * Flag values yargs cannot validate (`type: 'number'` turns `abc` into NaN with no error);
 * checked in the handler like the other commands do, so a bad flag is a usage error (exit 2).
 */
export function checkTraceArgs(a: TraceCommonArgs): string | undefined {
  if (a.maxErrors !== undefined && !(Number.isInteger(a.maxErrors) && a.maxErrors >= 0)) {
    return '--max-errors must be a non-negative integer';
  }
  for (const [flag, v] of [['--scale-cpus', a.scaleCpus], ['--scale-mem-mib', a.scaleMemMib], ['--scale-disk-mib', a.scaleDiskMib]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) return `${flag} must be a positive number`;
  }
  // as `units: absolute` in a scenario (schema-workload-units.ts): declared units without their size
  // would be multiplied by the format's normalized scale (4 cores -> 128) with the range check off
  if (a.units === 'absolute' && (a.scaleCpus === undefined || a.scaleMemMib === undefined)) {
    const missing = [a.scaleCpus === undefined ? '--scale-cpus' : '', a.scaleMemMib === undefined ? '--scale-mem-mib' : ''].filter((f) => f !== '').join(' and ');
    return `--units absolute needs ${missing}: what one unit of the trace is (e.g. --scale-cpus 1 --scale-mem-mib 0.00000095367431640625 for cores and bytes); without it the format's default scale would multiply the values as normalized ones`;
  }
  return undefined;
}

/** `trace inspect`; returns the exit code. */
export async function runTraceInspect(a: TraceCommonArgs & { inputs: string[]; json?: boolean }): Promise<number> {
  const bad = checkTraceArgs(a);
  if (bad !== undefined) {
    console.error(`error: ${bad}`);
    return EXIT_INVALID;
  }
  const sink = makeSink(a, !a.json);
  const results: InspectResult[] = [];
  for (const input of a.inputs) {
    results.push(await inspectTrace(input, { sink, format: a.format, table: a.table, scale: scaleOf(a), units: a.units }));
  }
  if (a.json) {
    const body = results.length === 1 ? results[0] : results;
    console.log(canonicalJson({ result: body, diagnostics: sink.reported, suppressed: sink.suppressed }, 2));
  } else {
    // An input of which no file could be read (unrecognized format, missing): its error is already on
    // stderr; an all-zero statistics block under it would only look like an empty trace.
    const shown = results.filter((r) => r.files.length > 0);
    if (shown.length > 0) console.log(shown.map(formatInspect).join('\n\n'));
    const summary = sink.summary();
    if (summary) console.error(formatDiagnostic(summary));
  }
  return sink.errors > 0 ? EXIT_INVALID : EXIT_OK;
}

/** `trace convert`; returns the exit code. */
export async function runTraceConvert(a: TraceCommonArgs & { input: string; to: string; out?: string; force?: boolean }): Promise<number> {
  const bad = a.out === undefined || a.out === '' ? '--out FILE is required' : checkTraceArgs(a);
  if (bad !== undefined) {
    console.error(`error: ${bad}`);
    return EXIT_INVALID;
  }
  // brief: "a run never silently overwrites another run's results" — nor its own input.
  const refused = refuseOutput(a.input, a.out!, a.force === true);
  if (refused !== undefined) {
    console.error(`error: ${refused}`);
    return EXIT_INVALID;
  }
  const sink = makeSink(a, true);
  let r;
  try {
    r = await convertTrace(a.input, { sink, out: a.out!, format: a.format, table: a.table, scale: scaleOf(a), units: a.units, overwrite: a.force === true });
  } catch (e) {
    console.error(`error: cannot write ${a.out}: ${(e as Error).message}`);
    return EXIT_INVALID;
  }
  const summary = sink.summary();
  if (summary) console.error(formatDiagnostic(summary));
  if (r.out !== undefined) {
    const how = r.sortedInput ? 'input already sorted' : `sorted with ${r.runs} spilled run(s)`;
    console.log(`${r.out}: ${r.records} records from ${r.files.length} file(s) (${how})`);
  }
  return sink.errors > 0 || r.out === undefined ? EXIT_INVALID : EXIT_OK;
}

/**
 * Why `out` must not be written, or undefined: it is the input file (or one of the files of an
 * input directory; compared by device and inode, so links count), always refused; it already
 * exists, refused without `--force`.
 */
export function refuseOutput(input: string, out: string, force: boolean): string | undefined {
  const outStat = statOrNull(out);
  const isInput = `--out ${out} is the input file; write the converted trace elsewhere`;
  if (outStat === null) return resolve(out) === resolve(input) ? isInput : undefined;
  const inStat = statOrNull(input);
  const same = (s: Stats | null) => s !== null && s.isFile() && s.dev === outStat.dev && s.ino === outStat.ino;
  if (same(inStat)) return isInput;
  if (inStat?.isDirectory()) {
    let files: string[] = [];
    try { files = listTraceFilesSync(input); } catch { /* unreadable: convert reports it (CS6009) */ }
    for (const f of files) {
      if (same(statOrNull(f))) return `--out ${out} is one of the input trace files under ${input}; write the converted trace elsewhere`;
    }
  }
  return refuseOutputFile(out, force); // exists: a plain file, and only with --force
}

/** `trace cache`: list the replay's sorted-copy cache, or prune it; returns the exit code. */
export function runTraceCache(a: { prune?: boolean; maxSize?: string; json?: boolean }, env: NodeJS.ProcessEnv = process.env): number {
  const dir = traceCacheDir(env);
  if (dir === null) {
    console.error('error: the trace cache is switched off (CLUSTERSIM_TRACE_CACHE=off)');
    return EXIT_INVALID;
  }
  let maxBytes = 0;
  if (a.maxSize !== undefined) {
    const mib = parseMiB(a.maxSize);
    if (typeof mib === 'string') { console.error(`error: --max-size: ${mib}`); return EXIT_INVALID; }
    if (!a.prune) { console.error('error: --max-size needs --prune'); return EXIT_INVALID; }
    maxBytes = Math.floor(mib * 1048576);
  }
  if (a.prune) {
    const r = pruneTraceCache(dir, maxBytes, Date.now()); // wall-clock: cache housekeeping, not a result
    if (a.json) console.log(canonicalJson({ dir, removed: r.removed, removedStrays: r.removedStrays, freedBytes: r.freedBytes, remainingBytes: r.remainingBytes }, 2));
    else {
      for (const e of r.removed) console.log(`removed ${describeEntry(e)}`);
      for (const f of r.removedStrays) console.log(`removed stray ${f}`);
      console.log(`${dir}: freed ${formatBytes(r.freedBytes)}, ${formatBytes(r.remainingBytes)} left`);
    }
    return EXIT_OK;
  }
  const l = listTraceCache(dir);
  if (a.json) { console.log(canonicalJson(l, 2)); return EXIT_OK; }
  console.log(`${dir}: ${l.entries.length} sorted cop${l.entries.length === 1 ? 'y' : 'ies'}, ${formatBytes(l.totalBytes)}`);
  for (const e of l.entries) console.log(`  ${describeEntry(e)}`);
  for (const s of l.strays) console.log(`  stray ${s.file} (${formatBytes(s.bytes)})`);
  return EXIT_OK;
}

function describeEntry(e: CacheEntry): string {
  const lastUsed = new Date(e.lastUsedMs).toISOString(); // wall-clock: the file's mtime, shown to the user
  return `${e.key.slice(0, 12)}  ${e.format} ${e.table}  ${e.records} records  ${formatBytes(e.bytes)}  from sha256 ${e.inputSha256.slice(0, 12)}  last used ${lastUsed}`;
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

function common<T>(b: Argv<T>) {
  return b
    .option('format', { choices: ['auto', ...TRACE_FORMATS] as const, default: 'auto' as const, describe: 'trace format (auto: from file name and content)' })
    .option('table', { type: 'string', describe: 'table of the trace (e.g. task_events) when the file name does not say' })
    .option('max-errors', { type: 'number', default: DEFAULT_MAX_ERRORS, describe: 'diagnostics to print; bad rows are skipped either way' })
    .option('scale-cpus', { type: 'number', describe: 'cores per trace CPU unit (overrides the format default)' })
    .option('scale-mem-mib', { type: 'number', describe: 'MiB per trace memory unit' })
    .option('scale-disk-mib', { type: 'number', describe: 'MiB per trace disk unit' })
    .option('units', { choices: TRACE_UNITS, describe: 'what the resource columns hold: normalized (the format\'s own units; values above its range are CS6014 errors) or absolute (other units on purpose, with --scale-*)' });
}

/**
 * Register `trace inspect` / `trace convert` on a yargs instance. `setExit` receives the exit
 * code (the lead's main takes the maximum over commands); by default it sets process.exitCode.
 */
export function registerTraceCommand(
  y: Argv,
  setExit: (code: number) => void = (code) => { process.exitCode = Math.max(Number(process.exitCode ?? 0), code); },
): Argv {
  return y.command('trace', 'inspect or convert workload traces (Google 2011/2019, Alibaba 2017/2018, SWF, native CSV)', (t) => t
    .command('inspect <inputs..>', 'print statistics of trace files or directories', (b) => common(b)
      .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'trace files or directories' })
      .option('json', { type: 'boolean', default: false, describe: 'statistics and diagnostics as JSON on stdout' }),
    async (argv) => {
      setExit(await runTraceInspect({ ...argv, inputs: argv.inputs as string[] }));
    })
    .command('convert <input>', 'convert a trace file or directory to the native CSV (sorted by time)', (b) => common(b)
      .positional('input', { type: 'string', demandOption: true, describe: 'trace file or directory' })
      .option('to', { choices: ['csv'] as const, default: 'csv' as const, describe: 'output format' })
      .option('out', { type: 'string', demandOption: true, describe: 'output file (written atomically; never the input)' })
      .option('force', { type: 'boolean', default: false, describe: 'replace an existing output file' }),
    async (argv) => {
      setExit(await runTraceConvert({ ...argv, input: argv.input as string, out: argv.out }));
    })
    .command('cache', 'list the sorted copies kept for replaying unsorted traces, or prune them (least recently used first)', (b) => b
      .option('prune', { type: 'boolean', default: false, describe: 'remove entries, least recently used first, and stray files' })
      .option('max-size', { type: 'string', describe: 'with --prune: keep at most this much (e.g. 20GiB); without it everything goes' })
      .option('json', { type: 'boolean', default: false, describe: 'the listing or what was removed, as JSON' }),
    (argv) => {
      setExit(runTraceCache({ prune: argv.prune, maxSize: argv.maxSize, json: argv.json }));
    })
    .demandCommand(1, 'name a trace action: inspect, convert or cache'));
}
