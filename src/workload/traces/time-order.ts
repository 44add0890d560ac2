import type { DiagnosticSink } from '../diagnostics.ts';
import { TRACE_CODES, traceDiagnostic } from '../messages.ts';

/**
 * Enforces "sorted by time" for tables whose schema promises it (Google 2011, SWF, native CSV).
 * A row that goes back in time is reported and skipped, so consumers can rely on the order.
 */
export class TimeOrder {
  private last = -Infinity;
  private readonly file: string;
  private readonly sink: DiagnosticSink;
  private readonly what: string;

  constructor(file: string, sink: DiagnosticSink, what = 'time') {
    this.file = file;
    this.sink = sink;
    this.what = what;
  }

  /** True if `t` (ms) is not earlier than the previous accepted time; otherwise reports CS6005. */
  accept(t: number, line: number, column: number, raw: () => string): boolean {
    if (t >= this.last) {
      this.last = t;
      return true;
    }
    this.report(t, line, column, raw());
    return false;
  }

  private report(t: number, line: number, column: number, raw: string): void {
    this.sink.report(traceDiagnostic(TRACE_CODES.unsorted,
      `${this.what} "${raw}" (${t} ms) is earlier than the previous row's (${this.last} ms); the table must be sorted by ${this.what} (row skipped)`,
      this.file, line, column));
  }
}
