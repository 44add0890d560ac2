/**
 * Wire a run's `workload` section into a built simulation: open every source for synchronous
 * streaming (trace files through their importers, generators from named seeded streams), merge
 * them in time order and start the replay feed. A trace file of a format that is not sorted by
 * time (Google 2019, Alibaba) is replayed from its time-sorted copy (sorted-cache.ts), made on
 * first use; its conversion diagnostics go to the feed's sink with their original file:line:column.
 * Returns the feed (its statistics) and the trace files read, with their hashes (manifest.json).
 */
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { EventSink } from '../../core/event-sink.ts';
import type { RngStreams } from '../../kernel/rng.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import type { Master } from '../../master/master.ts';
import type { ReplayHub } from '../../frameworks/replay-hub.ts';
import { DiagnosticSink } from '../diagnostics.ts';
import { TRACE_CODES, traceDiagnostic } from '../messages.ts';
import { SCENARIO_HINTS, type Detection } from '../traces/detect.ts';
import type { ScaleFactors } from '../units.ts';
import { detectSync, openTraceSync } from '../traces/open-sync.ts';
import { listTraceFilesSync } from '../traces/list-sync.ts';
import type { TraceFormat } from '../traces/reader.ts';
import type { TraceUnits } from '../traces/normalized-range.ts';
import { GOOGLE_WINDOW_START_MS } from '../traces/google-time.ts';
import { google2011Like } from '../synthetic/google-2011-like.ts';
import { jobStream } from '../synthetic/job-stream.ts';
import { ReplayFeed } from './feed.ts';
import { iteratorSource, mergeSources, traceSource, type RecordSource } from './record-source.ts';
import { fileSha256, reportConversionDiagnostics, sortedCopy, traceCacheDir, UNSORTED_FORMATS, type SortedCopy } from './sorted-cache.ts';
import type { WorkloadSpec } from './spec.ts';
import { sampleRng } from './sample-rng.ts';

/** A trace file a run read (manifest.json `inputs`): the bytes as stored, and the sorted copy replayed instead, if any. */
export interface TraceInput {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly format: string;
  readonly table: string;
  /** Key of the sorted copy (`<cacheDir>/<key>.csv`) when the format is not sorted by time. */
  readonly sortedCopy?: string;
}

export interface AttachedWorkload {
  readonly feed: ReplayFeed;
  readonly inputs: readonly TraceInput[];
  /**
   * Every trace diagnostic the run's readers reported (the first `maxErrors` kept, all counted):
   * summary.json `replay.feed.invalidLines`, printed by `run` (exit 2 on errors), a `check` error.
   */
  readonly diagnostics: DiagnosticSink;
}

export function attachWorkload(o: {
  sim: Simulation; master: Master; hub: ReplayHub; spec: WorkloadSpec; rngs: RngStreams; events: EventSink; untilMs: number;
}): AttachedWorkload {
  const cacheDir = traceCacheDir();
  const inputs: TraceInput[] = [];
  // Diagnostics and manifest inputs name a file as the scenario names it (source path + the file's
  // path inside a directory source), never as opened here (`resolved`): same bytes from any directory.
  const named = new Map<string, string>();
  const sink = new DiagnosticSink({ maxReported: o.spec.maxErrors, fileName: (f) => named.get(f) ?? f });
  const scale = {
    ...(o.spec.scale.cpus !== null ? { cpus: o.spec.scale.cpus } : {}),
    ...(o.spec.scale.memMiB !== null ? { memMiB: o.spec.scale.memMiB } : {}),
    ...(o.spec.scale.diskMiB !== null ? { diskMiB: o.spec.scale.diskMiB } : {}),
  };
  // CS6015: Google times in seconds, when the replay reads the Google clock as the trace defines it
  const timeUnitCheck = o.spec.window.startMs >= GOOGLE_WINDOW_START_MS;
  const sources: RecordSource[] = [];
  for (const s of o.spec.sources) {
    if (s.kind === 'synthetic') {
      const rng = o.rngs.stream(`workload/generator/${s.name}`);
      sources.push(iteratorSource(s.generator.type === 'jobs' ? jobStream(s.generator, rng, s.name) : google2011Like(s.generator, rng)));
      continue;
    }
    const root = s.resolved ?? s.path;
    for (const file of listTraceFilesSync(root)) {
      const name = file === root ? s.path : join(s.path, relative(root, file));
      named.set(file, name);
      const opts = { sink, scale: { ...scale, ...s.scale }, units: s.units, timeUnitCheck, format: (s.format ?? 'auto') as TraceFormat | 'auto', table: s.table ?? undefined };
      const d = detectSync(file, opts, SCENARIO_HINTS);
      if (d === undefined) continue;
      const input = fileSha256(file);
      const copy = cacheDir !== null && UNSORTED_FORMATS.has(d.format) ? sortedCopyOrWarn(file, d, cacheDir, opts.scale, input, sink, s.units, timeUnitCheck) : undefined;
      if (copy !== undefined) {
        reportConversionDiagnostics(copy, file, sink);
        const reader = openTraceSync(copy.csv, { sink }, { format: 'native-csv', table: 'records' });
        if (reader) sources.push(traceSource(reader));
        inputs.push({ path: name, ...input, format: d.format, table: d.table, sortedCopy: copy.key });
        continue;
      }
      const reader = openTraceSync(file, opts, d);
      if (reader) sources.push(traceSource(reader));
      inputs.push({ path: name, ...input, format: d.format, table: d.table });
    }
  }
  const feed = new ReplayFeed({
    sim: o.sim, master: o.master, hub: o.hub, spec: o.spec, source: mergeSources(sources), sink, events: o.events,
    sampleRng: sampleRng(o.spec.sample, o.rngs), untilMs: o.untilMs,
  });
  return { feed, inputs, diagnostics: sink };
}

/**
 * The sorted copy, or undefined (after a CS6009 warning) when the cache directory cannot be
 * written: the file is then replayed as it is, and records that go back in time are applied late.
 */
function sortedCopyOrWarn(file: string, d: Detection, cacheDir: string, scale: Partial<ScaleFactors>, input: { sha256: string; bytes: number }, sink: DiagnosticSink, units?: TraceUnits, timeUnitCheck?: boolean): SortedCopy | undefined {
  try {
    return sortedCopy(file, d, { cacheDir, scale, units, timeUnitCheck }, input);
  } catch (err) {
    sink.report(traceDiagnostic(TRACE_CODES.io,
      `cannot write the time-sorted copy of this ${d.format} table to ${cacheDir}, with its sorted runs spilled under the temporary directory ${tmpdir()} (${(err as Error).message}); replaying it unsorted, so records that go back in time are applied late. Set CLUSTERSIM_TRACE_CACHE (and TMPDIR) to writable directories`,
      file, undefined, undefined, 'warning'));
    return undefined;
  }
}
