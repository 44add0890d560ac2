import type { DiagnosticSink } from '../diagnostics.ts';
import { TRACE_CODES, traceDiagnostic } from '../messages.ts';

/**
 * What a trace's resource columns hold. `normalized` (the default): what the format defines, e.g.
 * Google 2011/2019 requests and capacities divided by the largest machine (0 < x ≤ 1; shared
 * docs/traces.md §1.2, §2.3), Alibaba 2017 memory (≤ 1), Alibaba 2018 memory ([0, 100]). `absolute`:
 * the user says the file holds other units (cores, bytes: a table written in the format's layout from
 * another source), and `workload.scale` / `--scale-*` says what one unit is; no range check then.
 */
export type TraceUnits = 'normalized' | 'absolute';
export const TRACE_UNITS: readonly TraceUnits[] = ['normalized', 'absolute'];

/**
 * The range check of a format's normalized resource columns (CS6014). A value above the format's
 * maximum cannot occur in a genuine table: the whole file is most likely in other units, and the
 * replay would silently multiply each value by the scale (a 4-core request becomes 128 cores). So the
 * first such value of a file is an error at its file:line:column; every one is counted
 * (`DiagnosticSink.aboveNormalized`: `trace inspect`, summary.json `replay.feed.aboveNormalizedRange`),
 * and the record is kept as read (the row is not what is wrong, the file's units are). One per file.
 */
export class NormalizedRange {
  private readonly file: string;
  private readonly sink: DiagnosticSink;
  private readonly on: boolean;
  private readonly format: string;
  private reported = false;

  constructor(file: string, sink: DiagnosticSink, format: string, units: TraceUnits | undefined) {
    this.file = file;
    this.sink = sink;
    this.format = format;
    this.on = units !== 'absolute';
  }

  /**
   * `value` of the column `what` at line:column against `max` (the format's normalized maximum);
   * `sentinel`: a documented out-of-range marker that is not a violation (Alibaba 2018's 101 = invalid);
   * `means`: what `max` is, when not the largest machine (a utilization: 100 % of the machine).
   */
  check(value: number | undefined, max: number, what: string, line: number, column: number, sentinel?: number, means = 'the largest machine'): void {
    if (value === undefined || value <= max || !this.on || value === sentinel) return;
    this.sink.aboveNormalized++;
    if (this.reported) return;
    this.reported = true;
    this.sink.report(traceDiagnostic(TRACE_CODES.aboveNormalized,
      `${what} ${value} is above ${max}, the largest value a normalized ${this.format} table holds (${max} = ${means}): ` +
      `is this file in cores or bytes? Its values would be multiplied by the scale as normalized ones. If the units are deliberate, ` +
      `declare them: \`units: absolute\` on the trace source with workload.scale (trace inspect/convert: --units absolute with --scale-*). ` +
      `Later values above ${max} in this file are counted, not reported (summary.json replay.feed.aboveNormalizedRange)`,
      this.file, line, column));
  }
}
