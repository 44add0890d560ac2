import { parse, type CsvError } from 'csv-parse';
import type { WorkloadRecord } from '../records.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import { TRACE_CODES, traceDiagnostic } from '../messages.ts';
import { streamErrorKind } from '../io/open.ts';
import { newStats, openTraceBytes } from './line-reader.ts';
import { makeReader, type ReaderOptions, type TraceReader } from './reader.ts';
import { TimeOrder } from './time-order.ts';
import { NATIVE_COLUMNS, type NativeColumn } from './native-csv-format.ts';
import { buildNativeRecord } from './native-csv-record.ts';

/**
 * Native CSV reader (format in native-csv-format.ts and docs/workloads.md), built on csv-parse's
 * streaming API: these files are written by people, so quoting and CRLF must work, and they are
 * small enough that a generic parser is fast enough. Every value is cast per column (never
 * `cast: true`, so `007` stays a string id). Rows must be sorted by atMs.
 */
interface Parsed {
  record: string[];
  raw: string;
  info: { lines: number };
}

const BATCH = 1024;

/** 1-based character column where field `k` starts in a raw CSV record (quote-aware). */
export function fieldColumn(raw: string, k: number): number {
  let field = 0;
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    if (field === k) return i + 1;
    const c = raw[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) field++;
  }
  return raw.replace(/\r?\n$/, '').length + 1;
}

/**
 * CS6001 when a row has more or fewer fields than the header (RFC 4180: every record has the same
 * number of fields). Without this check an unquoted `1,5` shifts every later cell into the wrong
 * column and the row is silently mis-read. The column is that of the first extra field, or just
 * past the end of the line when fields are missing (as the Google importer reports it, row.ts).
 */
export function fieldCountProblem(found: number, expected: number, raw: string): { column: number; message: string } | undefined {
  if (found === expected) return undefined;
  const column = found > expected ? fieldColumn(raw, expected) : raw.replace(/\r?\n$/, '').length + 1;
  return { column, message: `expected ${expected} fields as in the header, found ${found}` };
}

export function readNativeCsv(file: string, opts: ReaderOptions): TraceReader {
  const stats = newStats();
  const sink: DiagnosticSink = opts.sink;
  return makeReader('native-csv', 'records', file, stats, async function* () {
    const source = await openTraceBytes(file, sink);
    if (source === null) return;
    let lastLine = 0;
    const parser = parse({
      info: true, raw: true, relax_column_count: true, skip_empty_lines: true, bom: true,
      comment: '#', comment_no_infix: true, // `#` starts a comment only at the beginning of a line
      skip_records_with_error: true,
      on_skip: (err: CsvError | undefined) => {
        const lines = (err as { lines?: number } | undefined)?.lines;
        sink.report(traceDiagnostic(TRACE_CODES.columnCount, `CSV syntax: ${err?.message.replace(/ at line \d+$/, '') ?? 'bad record'}`, file, lines ?? lastLine + 1, 1));
        stats.skipped++;
        return undefined;
      },
    });
    source.on('error', (err) => parser.destroy(err));
    source.pipe(parser);
    const order = new TimeOrder(file, sink, 'atMs');
    let header: (NativeColumn | undefined)[] | undefined;
    let out: WorkloadRecord[] = [];
    try {
      for await (const row of parser as AsyncIterable<Parsed>) {
        // info.lines is the line where the record ends; a quoted newline makes it span lines
        const spanned = (row.raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length;
        const line = row.info.lines - spanned;
        lastLine = row.info.lines;
        stats.lines = lastLine;
        if (header === undefined) {
          header = readHeader(row, file, sink);
          if (header === undefined) return;
          continue;
        }
        const count = fieldCountProblem(row.record.length, header.length, row.raw);
        if (count !== undefined) {
          sink.report(traceDiagnostic(TRACE_CODES.columnCount, count.message, file, line, count.column));
          stats.skipped++;
          continue;
        }
        const rec = buildNativeRecord(row.record, header, (k, code, message, severity) => {
          sink.report(traceDiagnostic(code, message, file, line, fieldColumn(row.raw, k), severity));
        });
        if (rec === undefined) {
          stats.skipped++;
          continue;
        }
        if (!order.accept(rec.atMs, line, fieldColumn(row.raw, header.indexOf('atMs')), () => row.record[header!.indexOf('atMs')])) {
          stats.skipped++;
          continue;
        }
        out.push(rec);
        if (out.length >= BATCH) {
          stats.records += out.length;
          yield out;
          out = [];
        }
      }
    } catch (err) {
      const kind = streamErrorKind(err);
      if (kind === undefined && (err as { code?: string }).code?.startsWith('CSV_') !== true) throw err;
      sink.report(traceDiagnostic(kind === 'io' ? TRACE_CODES.io : kind === 'gzip' ? TRACE_CODES.gzip : TRACE_CODES.columnCount,
        `reading stopped: ${(err as Error).message}`, file, lastLine + 1, 1));
    } finally {
      source.destroy();
    }
    if (out.length > 0) {
      stats.records += out.length;
      yield out;
    }
  });
}

function readHeader(row: Parsed, file: string, sink: DiagnosticSink): (NativeColumn | undefined)[] | undefined {
  const cols = row.record.map((c) => c.trim());
  const header: (NativeColumn | undefined)[] = [];
  for (const [k, c] of cols.entries()) {
    if ((NATIVE_COLUMNS as readonly string[]).includes(c)) header.push(c as NativeColumn);
    else {
      header.push(undefined);
      sink.report(traceDiagnostic(TRACE_CODES.header, `unknown column "${c}" is ignored (known: ${NATIVE_COLUMNS.join(', ')})`,
        file, row.info.lines, fieldColumn(row.raw, k), 'warning'));
    }
  }
  for (const need of ['atMs', 'kind'] as const) {
    if (!header.includes(need)) {
      sink.report(traceDiagnostic(TRACE_CODES.header, `the header must have a "${need}" column`, file, row.info.lines, 1));
      return undefined;
    }
  }
  return header;
}
