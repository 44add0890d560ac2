/**
 * Open a trace file for *synchronous* streaming (the replay path): detect the format from the
 * first decompressed chunk, build the format's line parser and pull record batches on demand.
 * Every importer is available; the native CSV is read line by line (no newlines inside quotes).
 */
import { TRACE_CODES, traceDiagnostic } from '../messages.ts';
import type { WorkloadRecord } from '../records.ts';
import { openSyncByteSource } from '../io/sync-bytes.ts';
import { CLI_HINTS, detectFromHead, type Detection, type DetectionHints } from './detect.ts';
import { newStats, type LineParser, type ReadStats } from './line-reader.ts';
import type { ReaderOptions, TraceFormat } from './reader.ts';
import { readLineBatchesSync } from './sync-lines.ts';
import { google2011Parser } from './google-2011.ts';
import { google2019Parser, type Google2019Table } from './google-2019.ts';
import { alibaba2018Parser, type Alibaba2018Table } from './alibaba-2018.ts';
import { alibaba2017Parser } from './alibaba-2017.ts';
import { swfParser } from './swf.ts';
import { NativeCsvLineParser } from './native-csv-lines.ts';
import type { Google2011Table } from './google-2011-codes.ts';

export interface SyncTraceReader {
  readonly file: string;
  readonly format: TraceFormat;
  readonly table: string;
  readonly stats: ReadStats;
  /** The next batch (never empty), or null at the end. */
  nextBatch(): WorkloadRecord[] | null;
  close(): void;
}

export function lineParserFor(file: string, d: Detection, opts: ReaderOptions): LineParser & { skipped: number } {
  switch (d.format) {
    case 'google-2011': return google2011Parser(file, d.table as Google2011Table, opts);
    case 'google-2019': return google2019Parser(file, d.table as Google2019Table, opts);
    case 'alibaba-2018': return alibaba2018Parser(file, d.table as Alibaba2018Table, opts);
    case 'alibaba-2017': return alibaba2017Parser(file, opts);
    case 'swf': return swfParser(file, opts);
    case 'native-csv': return new NativeCsvLineParser(file, opts.sink);
  }
}

/** Detect a file's format and table from its first chunk; undefined (after a CS6008/CS6009 diagnostic) when impossible. */
export function detectSync(file: string, opts: ReaderOptions & { format?: TraceFormat | 'auto'; table?: string }, hints: DetectionHints = CLI_HINTS): Detection | undefined {
  let head: Buffer;
  try {
    const src = openSyncByteSource(file);
    head = src.next() ?? Buffer.alloc(0);
    src.close();
  } catch (err) {
    opts.sink.report(traceDiagnostic(TRACE_CODES.io, `cannot read file: ${(err as Error).message}`, file));
    return undefined;
  }
  const d = detectFromHead(file, head, opts.format === 'auto' ? undefined : opts.format, opts.table, hints);
  if (typeof d === 'string') {
    opts.sink.report(traceDiagnostic(TRACE_CODES.format, d, file));
    return undefined;
  }
  return d;
}

/** Detect and open; undefined (after a CS6008/CS6009 diagnostic) when impossible. */
export function openTraceSync(file: string, opts: ReaderOptions & { format?: TraceFormat | 'auto'; table?: string }, detected?: Detection): SyncTraceReader | undefined {
  const d = detected ?? detectSync(file, opts);
  if (d === undefined) return undefined;
  const stats = newStats();
  const parser = lineParserFor(file, d, opts);
  const lines = readLineBatchesSync(file, parser, opts.sink, stats);
  return {
    file, format: d.format, table: d.table, stats,
    nextBatch() {
      const b = lines.next();
      stats.skipped = parser.skipped;
      return b;
    },
    close: () => lines.close(),
  };
}
