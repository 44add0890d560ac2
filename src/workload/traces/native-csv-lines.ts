/**
 * The native CSV as a LineParser, for the synchronous replay path (the async reader streams
 * through csv-parse). Each physical line is one record: quoted fields may hold commas and `""`,
 * but not newlines (such a line is reported as CS6001). Same header rules, casts and diagnostics
 * as native-csv.ts.
 */
import { parse } from 'csv-parse/sync';
import type { WorkloadRecord } from '../records.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import { TRACE_CODES, traceDiagnostic } from '../messages.ts';
import type { LineParser } from './line-reader.ts';
import { TimeOrder } from './time-order.ts';
import { NATIVE_COLUMNS, type NativeColumn } from './native-csv-format.ts';
import { buildNativeRecord } from './native-csv-record.ts';
import { fieldColumn, fieldCountProblem } from './native-csv.ts';

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
