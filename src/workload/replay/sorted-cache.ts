/**
 * The replay's sorted-copy cache. Google 2019 and the Alibaba tables are grouped by entity, not
 * sorted by time, but the replay feed streams records in time order. Before such a file is
 * replayed it is converted once — with `trace convert`'s own code (SortedNativeCsvWriter: the
 * external merge sort of sort/line-runs.ts, bounded memory, atomic rename) — into a time-sorted
 * native CSV in a cache directory, and the replay reads that copy through the ordinary native-CSV
 * path. Later runs with the same input reuse it.
 *
 *   <cacheDir>/<key>.csv   the sorted records (ties in input order), importer scale already applied
 *   <cacheDir>/<key>.json  what it was made from and the conversion's diagnostics (original file:line:column)
 *
 * key = sha256(cache version, a fingerprint of the importer sources, sha256 of the input bytes,
 * format, table, scale overrides). The path of the input is not part of the key: the same bytes
 * elsewhere share the entry. The .csv is renamed into place first and the .json last, and an
 * entry counts only when both exist, so a concurrent or interrupted conversion is never seen half
 * done (leftovers are hidden `.tmp-*` files; two runs converting at once each write their own and
 * rename the same content).
 *
 * Each reuse touches the .json, so `clustersim trace cache --prune --max-size` (cache-maintenance.ts)
 * can remove the least recently used entries first; nothing is evicted automatically.
 *
 * The cache directory is `$CLUSTERSIM_TRACE_CACHE`, or `.clustersim-cache/traces` under the current
 * directory; `CLUSTERSIM_TRACE_CACHE=off` disables the conversion (records that go back in time are
 * then applied late, at the current simulated time, and counted in feed.stats.late).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { canonicalJson } from '../../core/canonical-json.ts';
import type { Diagnostic, Severity } from '../../core/diagnostic.ts';
import { DiagnosticSink } from '../diagnostics.ts';
import type { Detection } from '../traces/detect.ts';
import { packageRoot } from '../../core/package-root.ts';
import { openTraceSync } from '../traces/open-sync.ts';
import type { ScaleFactors } from '../units.ts';
import type { TraceUnits } from '../traces/normalized-range.ts';
import { SortedNativeCsvWriter } from '../sort/sorted-native-csv.ts';

/** Formats whose tables are not sorted by time (docs/workloads.md §3): replayed through the cache. */
export const UNSORTED_FORMATS: ReadonlySet<string> = new Set(['google-2019', 'alibaba-2018', 'alibaba-2017']);
export const CACHE_ENV = 'CLUSTERSIM_TRACE_CACHE';
export const DEFAULT_CACHE_DIR = join('.clustersim-cache', 'traces');
/** Diagnostics of a conversion kept with the entry (the rest are only counted), far above any maxErrors in use. */
export const MAX_STORED_DIAGNOSTICS = 10_000;
const CACHE_VERSION = 1;

/** The cache directory (absolute), or null when the cache is switched off. */
export function traceCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const v = env[CACHE_ENV];
  if (v === 'off') return null;
  return resolve(v !== undefined && v !== '' ? v : DEFAULT_CACHE_DIR);
}

/** sha256 and size of a file's bytes (as stored, e.g. still gzipped), read in 1 MiB blocks. */
export function fileSha256(path: string): { sha256: string; bytes: number } {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  try {
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      h.update(buf.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: h.digest('hex'), bytes };
}

let fingerprint: string | undefined;
/** sha256 of the importer and sort sources: a changed parser never reuses a stale copy. */
function importerFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const h = createHash('sha256');
  try {
    const root = join(packageRoot(fileURLToPath(import.meta.url)), 'src', 'workload');
    for (const dir of ['traces', 'io', 'sort', '.']) {
      const abs = join(root, dir);
      for (const f of readdirSync(abs).filter((n) => n.endsWith('.ts')).sort()) h.update(`${dir}/${f}\n`).update(readFileSync(join(abs, f)));
    }
  } catch {
    h.update('sources unavailable');
  }
  fingerprint = h.digest('hex');
  return fingerprint;
}

interface StoredDiagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Omitted when it is the converted file itself (restored as the path given at replay). */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

interface CacheMeta {
  readonly version: number;
  readonly input: { readonly sha256: string; readonly bytes: number; readonly format: string; readonly table: string };
  readonly scale: Partial<ScaleFactors>;
  readonly records: number;
  /** Size of the sorted copy when written: a copy cut short since (a full disk, a hand edit) is made again, not replayed short. */
  readonly csvBytes?: number;
  readonly runs: number;
  readonly errors: number;
  readonly warnings: number;
  readonly diagnostics: readonly StoredDiagnostic[];
  /** Values above the format's normalized range (CS6014), all counted; absent in entries without any. */
  readonly aboveNormalized?: number;
}

export interface SortedCopy {
  /** The sorted native CSV to replay. */
  readonly csv: string;
  readonly key: string;
  readonly input: { readonly sha256: string; readonly bytes: number };
  /** True when an existing entry was reused (nothing was converted). */
  readonly hit: boolean;
  readonly meta: CacheMeta;
}

export interface SortedCopyOptions {
  readonly cacheDir: string;
  readonly scale: Partial<ScaleFactors>;
  /** The source's declared units (`absolute`: no CS6014 range check, so other diagnostics: part of the key). */
  readonly units?: TraceUnits;
  /** Google times in (0, 600 s) are CS6015 warnings (ReaderOptions.timeUnitCheck; other diagnostics: part of the key when on). */
  readonly timeUnitCheck?: boolean;
  /** Lines per in-memory sorted run (LineSorter; default 200 000). */
  readonly runLines?: number;
}

/** The cache key of `file` read as `d` with `scale` overrides. */
export function cacheKey(input: { sha256: string }, d: Detection, scale: Partial<ScaleFactors>, units?: TraceUnits, timeUnitCheck?: boolean): string {
  return createHash('sha256').update(canonicalJson({
    version: CACHE_VERSION, importers: importerFingerprint(), input: input.sha256, format: d.format, table: d.table, scale,
    ...(units === 'absolute' ? { units } : {}),
    ...(timeUnitCheck === true ? { timeUnitCheck } : {}),
  })).digest('hex');
}

/** The sorted copy of `file`: reused when present, otherwise converted now (synchronously). */
export function sortedCopy(file: string, d: Detection, o: SortedCopyOptions, input = fileSha256(file)): SortedCopy {
  const key = cacheKey(input, d, o.scale, o.units, o.timeUnitCheck);
  const csv = join(o.cacheDir, `${key}.csv`);
  const metaPath = join(o.cacheDir, `${key}.json`);
  const existing = readMeta(metaPath);
  if (existing !== undefined && existsSync(csv) && statSync(csv).size === existing.csvBytes) {
    markUsed(metaPath);
    return { csv, key, input, hit: true, meta: existing };
  }

  const sink = new DiagnosticSink({ maxReported: MAX_STORED_DIAGNOSTICS });
  const writer = new SortedNativeCsvWriter(csv, o.runLines);
  let reader: ReturnType<typeof openTraceSync>;
  let runs: number;
  try {
    reader = openTraceSync(file, { sink, scale: o.scale, units: o.units, timeUnitCheck: o.timeUnitCheck }, d);
    if (reader !== undefined) for (let b = reader.nextBatch(); b !== null; b = reader.nextBatch()) writer.add(b);
    runs = writer.commit().runs;
  } catch (e) {
    writer.abort();
    throw e;
  } finally {
    reader?.close();
  }
  const meta: CacheMeta = {
    version: CACHE_VERSION, input: { ...input, format: d.format, table: d.table }, scale: o.scale,
    records: writer.records, csvBytes: statSync(csv).size, runs, errors: sink.errors, warnings: sink.warnings,
    diagnostics: sink.reported.map((x) => stored(x, file)),
    ...(sink.aboveNormalized > 0 ? { aboveNormalized: sink.aboveNormalized } : {}),
  };
  writeFileAtomic(metaPath, canonicalJson(meta, 2) + '\n');
  return { csv, key, input, hit: false, meta };
}

/**
 * Report a copy's conversion diagnostics into the replay's sink, with the original file, line and
 * column (the same whether the entry was just made or reused); those beyond the stored ones are counted.
 */
export function reportConversionDiagnostics(copy: SortedCopy, file: string, sink: DiagnosticSink): void {
  let errors = 0;
  let warnings = 0;
  for (const s of copy.meta.diagnostics) {
    const d: Diagnostic = { code: s.code, severity: s.severity, message: s.message, file: s.file ?? file, ...(s.line !== undefined ? { line: s.line } : {}), ...(s.column !== undefined ? { column: s.column } : {}) };
    sink.report(d);
    if (d.severity === 'error') errors++; else warnings++;
  }
  sink.errors += copy.meta.errors - errors;
  sink.warnings += copy.meta.warnings - warnings;
  sink.aboveNormalized += copy.meta.aboveNormalized ?? 0;
}

function stored(d: Diagnostic, file: string): StoredDiagnostic {
  return {
    code: d.code, severity: d.severity, message: d.message,
    ...(d.file !== undefined && d.file !== file ? { file: d.file } : {}),
    ...(d.line !== undefined ? { line: d.line } : {}),
    ...(d.column !== undefined ? { column: d.column } : {}),
  };
}

/**
 * The .json's modification time is the entry's last use (`clustersim trace cache --prune` removes
 * the least recently used first). Wall-clock time of the cache only, never part of a result.
 */
function markUsed(metaPath: string): void {
  try {
    const now = new Date(); // wall-clock: the cache entry's last use, never part of a result
    utimesSync(metaPath, now, now);
  } catch {
    // a read-only cache still serves its entries
  }
}

function readMeta(path: string): CacheMeta | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
    const m = JSON.parse(readFileSync(path, 'utf8')) as CacheMeta;
    return m.version === CACHE_VERSION && Array.isArray(m.diagnostics) ? m : undefined;
  } catch {
    return undefined;
  }
}
