import type { DiagnosticSink } from '../diagnostics.ts';
import { TRACE_CODES, traceDiagnostic } from '../messages.ts';
import { GOOGLE_WINDOW_START_MS } from './google-time.ts';

/**
 * Google times not in microseconds (CS6015, a warning; docs/workloads.md §1 *Time units*). Google
 * 2011/2019 times are µs on a clock whose window opens at 600 s; only 0 means "before the window", and
 * the genuine tables hold nothing in between (2011 from 600.026 s, 2019 machines from 607.4 s). A time
 * dated in (0, 600 s) is what a table converted to seconds or milliseconds looks like: a replay then
 * takes all of it as work before the window (applied at time 0, what ended before 600 s not at all),
 * and used to say nothing (only `trace inspect` noted it). The first such time of each file is
 * reported at its file:line:column; the sink counts the files (summary.json
 * `replay.feed.timesNotMicroseconds`). The row is kept as read.
 */
export class GoogleTimeUnit {
  private readonly file: string;
  private readonly sink: DiagnosticSink;
  private readonly format: string;
  private reported = false;

  constructor(file: string, sink: DiagnosticSink, format: string) {
    this.file = file;
    this.sink = sink;
    this.format = format;
  }

  /** A parsed in-window time (`atMs` on the trace clock, `text` as written) at line:column. */
  check(atMs: number, text: string, what: string, line: number, column: number): void {
    if (this.reported || atMs >= GOOGLE_WINDOW_START_MS) return;
    this.reported = true;
    this.sink.report(traceDiagnostic(TRACE_CODES.timeUnit,
      `${what} ${text} is ${atMs} ms after the ${this.format} trace origin (its times are microseconds; the window opens at 600 s = 600000000, and only 0 means "before the window"): ` +
      'are this file\'s times in seconds or milliseconds? A replay takes every record dated before 600 s as work before the window ' +
      '(window.before: include applies it at time 0, and what ended before the window start not at all); convert the times to microseconds (the first such time of this file; summary.json replay.feed.timesNotMicroseconds)',
      this.file, line, column, 'warning'));
  }
}
