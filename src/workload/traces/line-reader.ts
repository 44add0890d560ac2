import type { Readable } from 'node:stream';
import type { WorkloadRecord } from '../records.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import { TRACE_CODES, traceDiagnostic } from '../messages.ts';
import { isGzipFile, openByteStream, streamErrorKind } from '../io/open.ts';

/** Counters every reader keeps; `skipped` counts rows dropped because of a diagnostic. */
export interface ReadStats {
  lines: number;
  records: number;
  skipped: number;
}

export function newStats(): ReadStats {
  return { lines: 0, records: 0, skipped: 0 };
}

/** A per-format parser of one line (newline and trailing CR already removed). */
export interface LineParser {
  parseLine(buf: Buffer, start: number, end: number, line: number, out: WorkloadRecord[]): void;
}

/** Longest accepted line; anything longer is not a trace line (and would defeat bounded memory). */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** The file's decompressed bytes (gzip detected by its magic bytes), or null once the reason it cannot be read is reported. */
export async function openTraceBytes(file: string, sink: DiagnosticSink): Promise<Readable | null> {
  try {
    return openByteStream(file, await isGzipFile(file));
  } catch (err) {
    sink.report(traceDiagnostic(TRACE_CODES.io, `cannot read file: ${(err as Error).message}`, file));
    return null;
  }
}

/**
 * Stream a (possibly gzipped) text file line by line through `parser`, yielding one batch of
 * records per decompressed chunk. Only the current chunk plus one partial line are held in memory.
 * I/O and gzip failures become diagnostics at the line where reading stopped; the generator then
 * ends normally, so callers never see a stack trace for bad input.
 */
export async function* readLineBatches(
  file: string,
  parser: LineParser,
  sink: DiagnosticSink,
  stats: ReadStats,
): AsyncGenerator<WorkloadRecord[]> {
  let carry: Buffer | undefined;
  let line = stats.lines;
  const stream = await openTraceBytes(file, sink);
  if (stream === null) return;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const lastNl = chunk.lastIndexOf(10);
      if (lastNl < 0) {
        carry = carry ? Buffer.concat([carry, chunk]) : chunk;
        if (carry.length > MAX_LINE_BYTES) {
          sink.report(traceDiagnostic(TRACE_CODES.format, `line longer than ${MAX_LINE_BYTES} bytes; not a trace file? Reading stopped here: the rest of the file is not read`, file, line + 1, 1));
          return;
        }
        continue;
      }
      // complete lines: the carried partial line + this chunk up to its last newline
      const buf = carry ? Buffer.concat([carry, chunk.subarray(0, lastNl + 1)]) : chunk;
      const end = carry ? buf.length : lastNl + 1;
      carry = lastNl + 1 < chunk.length ? chunk.subarray(lastNl + 1) : undefined;
      const out: WorkloadRecord[] = [];
      let s = 0;
      while (s < end) {
        let nl = buf.indexOf(10, s);
        if (nl < 0 || nl >= end) nl = end; // cannot happen: the block ends with a newline
        line++;
        const e = nl > s && buf[nl - 1] === 13 ? nl - 1 : nl; // tolerate CRLF
        parser.parseLine(buf, s, e, line, out);
        s = nl + 1;
      }
      stats.lines = line;
      if (out.length > 0) {
        stats.records += out.length;
        yield out;
      }
    }
    if (carry && carry.length > 0) {
      // a last line without a newline is fine at a clean end of file
      const out: WorkloadRecord[] = [];
      line++;
      const e = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
      parser.parseLine(carry, 0, e, line, out);
      stats.lines = line;
      if (out.length > 0) {
        stats.records += out.length;
        yield out;
      }
    }
  } catch (err) {
    const kind = streamErrorKind(err);
    if (kind === undefined) throw err;
    const partial = carry?.length ?? 0;
    const what = kind === 'gzip'
      ? `gzip stream is truncated or corrupt (${(err as Error).message})`
      : `read failed (${(err as Error).message})`;
    const tail = partial > 0 ? `; the incomplete line ${line + 1} (${partial} bytes) was dropped` : '';
    sink.report(traceDiagnostic(kind === 'gzip' ? TRACE_CODES.gzip : TRACE_CODES.io,
      `${what} after ${line} complete line(s)${tail}`, file, line + 1, partial + 1));
    stats.lines = line;
  } finally {
    stream.destroy();
  }
}
