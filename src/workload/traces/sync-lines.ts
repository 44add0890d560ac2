/**
 * The synchronous twin of line-reader.ts: the same LineParser, fed from a SyncByteSource, one
 * batch of records per decompressed chunk. Used by the trace-replay path, whose consumer is the
 * (synchronous) simulation loop. Diagnostics are identical to the async reader's.
 */
import type { WorkloadRecord } from '../records.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import { TRACE_CODES, traceDiagnostic } from '../messages.ts';
import { openSyncByteSource, type SyncByteSource } from '../io/sync-bytes.ts';
import type { LineParser, ReadStats } from './line-reader.ts';

const MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface SyncLineBatches {
  /** The next non-empty batch of records, or null at the end of the file. */
  next(): WorkloadRecord[] | null;
  close(): void;
}

export function readLineBatchesSync(file: string, parser: LineParser, sink: DiagnosticSink, stats: ReadStats): SyncLineBatches {
  let source: SyncByteSource | null;
  try {
    source = openSyncByteSource(file);
  } catch (err) {
    sink.report(traceDiagnostic(TRACE_CODES.io, `cannot read file: ${(err as Error).message}`, file));
    source = null;
  }
  let carry: Buffer | undefined;
  let line = stats.lines;
  const parseBlock = (buf: Buffer, end: number, out: WorkloadRecord[]) => {
    let s = 0;
    while (s < end) {
      let nl = buf.indexOf(10, s);
      if (nl < 0 || nl >= end) nl = end;
      line++;
      const e = nl > s && buf[nl - 1] === 13 ? nl - 1 : nl;
      parser.parseLine(buf, s, e, line, out);
      s = nl + 1;
    }
    stats.lines = line;
  };
  const finish = () => {
    const err = source?.error;
    if (err) {
      const partial = carry?.length ?? 0;
      const what = err.kind === 'gzip' ? `gzip stream is truncated or corrupt (${err.message})` : `read failed (${err.message})`;
      const tail = partial > 0 ? `; the incomplete line ${line + 1} (${partial} bytes) was dropped` : '';
      sink.report(traceDiagnostic(err.kind === 'gzip' ? TRACE_CODES.gzip : TRACE_CODES.io,
        `${what} after ${line} complete line(s)${tail}`, file, line + 1, partial + 1));
      carry = undefined;
    }
    source?.close();
    source = null;
  };
  return {
    next() {
      while (source !== null) {
        const chunk = source.next();
        if (chunk === null) {
          const out: WorkloadRecord[] = [];
          if (!source.error && carry && carry.length > 0) {
            line++;
            const e = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
            parser.parseLine(carry, 0, e, line, out);
            stats.lines = line;
            carry = undefined;
          }
          finish();
          if (out.length > 0) { stats.records += out.length; return out; }
          return null;
        }
        const lastNl = chunk.lastIndexOf(10);
        if (lastNl < 0) {
          carry = carry ? Buffer.concat([carry, chunk]) : chunk;
          if (carry.length > MAX_LINE_BYTES) {
            sink.report(traceDiagnostic(TRACE_CODES.format, `line longer than ${MAX_LINE_BYTES} bytes; not a trace file? Reading stopped here: the rest of the file is not read`, file, line + 1, 1));
            carry = undefined;
            finish();
          }
          continue;
        }
        const buf = carry ? Buffer.concat([carry, chunk.subarray(0, lastNl + 1)]) : chunk;
        const end = carry ? buf.length : lastNl + 1;
        carry = lastNl + 1 < chunk.length ? chunk.subarray(lastNl + 1) : undefined;
        const out: WorkloadRecord[] = [];
        parseBlock(buf, end, out);
        if (out.length > 0) { stats.records += out.length; return out; }
      }
      return null;
    },
    close() {
      source?.close();
      source = null;
    },
  };
}
