import type { WorkloadRecord } from '../records.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import type { ScaleFactors } from '../units.ts';
import type { ReadStats } from './line-reader.ts';
import type { TraceUnits } from './normalized-range.ts';

export const TRACE_FORMATS = ['google-2011', 'google-2019', 'alibaba-2018', 'alibaba-2017', 'swf', 'native-csv'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export interface ReaderOptions {
  /** Where malformed rows are reported (file:line:column). */
  readonly sink: DiagnosticSink;
  /** Overrides of the format's default scale factors (units.ts). */
  readonly scale?: Partial<ScaleFactors>;
  /** What the resource columns hold (normalized-range.ts); default `normalized`: values above the format's range are CS6014. */
  readonly units?: TraceUnits;
  /**
   * Warn (CS6015, google-time-unit.ts) about Google times in (0, 600 s), i.e. a table in seconds or
   * milliseconds: a replay whose window opens at or after 600 s (the Google clock as the trace defines
   * it) sets it; hand-written tables in µs on a clock of their own (window from 0) are not flagged.
   */
  readonly timeUnitCheck?: boolean;
}

/**
 * A streaming trace reader. Iterate it for one record at a time, or use `batches()` (one array
 * per decompressed chunk) on hot paths: per-record async iteration costs a promise per record.
 * A reader can be iterated once.
 */
export interface TraceReader extends AsyncIterable<WorkloadRecord> {
  readonly format: TraceFormat;
  readonly table: string;
  readonly file: string;
  readonly stats: ReadStats;
  /** Header facts found while reading (SWF `; Key: value` comments, a skipped header line …). */
  readonly meta: Map<string, string>;
  batches(): AsyncIterable<readonly WorkloadRecord[]>;
}

export function makeReader(
  format: TraceFormat,
  table: string,
  file: string,
  stats: ReadStats,
  batches: () => AsyncIterable<readonly WorkloadRecord[]>,
  meta: Map<string, string> = new Map(),
): TraceReader {
  return {
    format,
    table,
    file,
    stats,
    meta,
    batches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches()) yield* batch;
    },
  };
}

/** Collect every record of a reader (tests and small files only: not bounded). */
export async function readAll(reader: TraceReader): Promise<WorkloadRecord[]> {
  const all: WorkloadRecord[] = [];
  for await (const batch of reader.batches()) for (const r of batch) all.push(r);
  return all;
}
