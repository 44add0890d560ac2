/**
 * The native CSV as a LineParser: the one parser of the format, for the replay (sync-lines.ts) and
 * for `trace inspect`/`convert` (native-csv.ts). Each physical line is one record: quoted fields
 * may hold commas and `""`, but not line breaks (such a line is CS6001, "Quote Not Closed"), which
 * is also why the writer (native-csv-format.ts csvField) never puts one in a field.
 */
import { parse } from 'csv-parse/sync';
import type { WorkloadRecord } from '../records.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import { TRACE_CODES, traceDiagnostic } from '../messages.ts';
import type { LineParser } from './line-reader.ts';
import { TimeOrder } from './time-order.ts';
import { NATIVE_COLUMNS, type NativeColumn } from './native-csv-format.ts';
import { buildNativeRecord } from './native-csv-record.ts';

export class NativeCsvLineParser implements LineParser {
  skipped = 0;
  private header: (NativeColumn | undefined)[] | undefined;
  private dead = false;
  private readonly file: string;
  private readonly sink: DiagnosticSink;
  private readonly order: TimeOrder;

  constructor(file: string, sink: DiagnosticSink) {
    this.file = file;
    this.sink = sink;
    this.order = new TimeOrder(file, sink, 'atMs');
  }

  parseLine(buf: Buffer, s: number, e: number, line: number, out: WorkloadRecord[]): void {
    if (this.dead) return;
    let raw = buf.toString('utf8', s, e);
    if (line === 1 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    if (raw.trim() === '' || raw.startsWith('#')) return;
    let cells: string[];
    try {
      // Without a quote, RFC 4180 fields are exactly the comma-separated pieces (csv-parse gives
      // the same cells); csv-parse per line costs ~25x more, so it only handles quoted lines.
      cells = raw.includes('"') ? (parse(raw, { relax_column_count: true }) as string[][])[0] ?? [] : raw.split(',');
    } catch (err) {
      this.sink.report(traceDiagnostic(TRACE_CODES.columnCount, `CSV syntax: ${(err as Error).message.replace(/ at line \d+$/, '')}`, this.file, line, 1));
      this.skipped++;
      return;
    }
    const header = this.header;
    if (header === undefined) {
      const cr = raw.replace(/\r+$/, '').indexOf('\r');
      if (cr >= 0) { // one "line" holding the whole file: its lines end in CR alone
        this.sink.report(traceDiagnostic(TRACE_CODES.header, 'the header line holds a carriage return: lines must end in LF or CRLF, not CR alone (convert the file, e.g. tr "\\r" "\\n")', this.file, line, cr + 1));
        this.dead = true;
        return;
      }
      this.header = this.readHeader(cells, raw, line);
      if (this.header === undefined) this.dead = true;
      return;
    }
    const count = fieldCountProblem(cells.length, header.length, raw);
    if (count !== undefined) {
      this.sink.report(traceDiagnostic(TRACE_CODES.columnCount, count.message, this.file, line, count.column));
      this.skipped++;
      return;
    }
    const rec = buildNativeRecord(cells, header, (k, code, message, severity) => {
      this.sink.report(traceDiagnostic(code, message, this.file, line, fieldColumn(raw, k), severity));
    });
    if (rec === undefined) { this.skipped++; return; }
    const at = header.indexOf('atMs');
    if (!this.order.accept(rec.atMs, line, fieldColumn(raw, at), () => cells[at])) { this.skipped++; return; }
    out.push(rec);
  }

  private readHeader(cells: string[], raw: string, line: number): (NativeColumn | undefined)[] | undefined {
    const header: (NativeColumn | undefined)[] = [];
    for (const [k, c0] of cells.entries()) {
      const c = c0.trim();
      if ((NATIVE_COLUMNS as readonly string[]).includes(c)) header.push(c as NativeColumn);
      else {
        header.push(undefined);
        this.sink.report(traceDiagnostic(TRACE_CODES.header, `unknown column "${c}" is ignored (known: ${NATIVE_COLUMNS.join(', ')})`,
          this.file, line, fieldColumn(raw, k), 'warning'));
      }
    }
    for (const need of ['atMs', 'kind'] as const) {
      if (!header.includes(need)) {
        this.sink.report(traceDiagnostic(TRACE_CODES.header, `the header must have a "${need}" column`, this.file, line, 1));
        return undefined;
      }
    }
    return header;
  }
}

/** 1-based character column where field `k` starts in a raw CSV record (quote-aware). */
function fieldColumn(raw: string, k: number): number {
  let field = 0;
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    if (field === k) return i + 1;
    const c = raw[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) field++;
  }
  return raw.length + 1;
}

/**
 * CS6001 when a row has more or fewer fields than the header (RFC 4180: every record has the same
 * number of fields). Without this check an unquoted `1,5` shifts every later cell into the wrong
 * column and the row is silently mis-read. The column is that of the first extra field, or just
 * past the end of the line when fields are missing (as the Google importer reports it, row.ts).
 */
function fieldCountProblem(found: number, expected: number, raw: string): { column: number; message: string } | undefined {
  if (found === expected) return undefined;
  const column = found > expected ? fieldColumn(raw, expected) : raw.length + 1;
  return { column, message: `expected ${expected} fields as in the header, found ${found}` };
}
