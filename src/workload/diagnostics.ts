import type { Diagnostic } from '../core/diagnostic.ts';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { TRACE_CODES } from './messages.ts';

export const DEFAULT_MAX_ERRORS = 20;

/**
 * The importers' diagnostic channel. Readers never throw on bad input: they report here and
 * skip the row. The sink keeps (and forwards to `onReport`) only the first `maxReported`
 * diagnostics so a corrupt 40 GB trace cannot flood memory or the terminal; the rest are counted.
 */
export class DiagnosticSink {
  readonly maxReported: number;
  readonly reported: Diagnostic[] = [];
  errors = 0;
  warnings = 0;
  /** Values above their format's normalized range (CS6014; the first of each file is also reported): all counted. */
  aboveNormalized = 0;
  /** CS6014 errors reported (one per file with such values): errors that are not skipped rows. */
  aboveNormalizedFiles = 0;
  /** Files whose Google times look like seconds or milliseconds (CS6015 warnings, one per file; google-time-unit.ts). */
  timeUnitFiles = 0;
  private readonly onReport?: (d: Diagnostic) => void;
  private readonly fileName?: (file: string) => string;

  /** `fileName`: the name a diagnostic's file is reported under (a replay: the path opened → as the scenario names it). */
  constructor(opts: { maxReported?: number; onReport?: (d: Diagnostic) => void; fileName?: (file: string) => string } = {}) {
    this.maxReported = opts.maxReported ?? DEFAULT_MAX_ERRORS;
    this.onReport = opts.onReport;
    this.fileName = opts.fileName;
  }

  report(d: Diagnostic): void {
    if (this.fileName !== undefined && d.file !== undefined) d = { ...d, file: this.fileName(d.file) };
    if (d.severity === 'error') this.errors++;
    else this.warnings++;
    if (d.code === TRACE_CODES.aboveNormalized && d.severity === 'error') this.aboveNormalizedFiles++;
    if (d.code === TRACE_CODES.timeUnit) this.timeUnitFiles++;
    if (this.reported.length < this.maxReported) {
      this.reported.push(d);
      this.onReport?.(d);
    }
  }

  get total(): number {
    return this.errors + this.warnings;
  }

  get suppressed(): number {
    return this.total - this.reported.length;
  }

  /** The closing summary line when diagnostics were suppressed, or undefined. */
  summary(): Diagnostic | undefined {
    if (this.suppressed <= 0) return undefined;
    return {
      code: TRACE_CODES.suppressed,
      severity: this.errors > 0 ? 'error' : 'warning',
      message: `${this.suppressed} more diagnostic(s) not shown (${this.errors} error(s), ${this.warnings} warning(s) in total; raise --max-errors to see more)`,
    };
  }

  /** Reported diagnostics as `file:line:column: severity CODE message` lines. */
  format(): string[] {
    const lines = this.reported.map(formatDiagnostic);
    const s = this.summary();
    if (s) lines.push(formatDiagnostic(s));
    return lines;
  }
}
