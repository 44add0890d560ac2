/**
 * What `run` prints and `check` reports about the trace lines a run's workload could not read.
 * Brief: "Bad input gets a clear error, and nothing is lost. Every invalid … trace line yields a
 * diagnostic with file:line:column and exit code 2." A run with bad trace lines still completes
 * and writes its run directory (the bad rows are skipped, docs/workloads.md §3); the diagnostics
 * go to stderr (at most PRINTED_TRACE_DIAGNOSTICS), to events.jsonl as `workload.diagnostic` (the
 * first `workload.maxErrors`) and are counted in summary.json `replay.feed.invalidLines`.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { formatDiagnostic } from '../core/diagnostic.ts';
import type { DiagnosticSink } from '../workload/diagnostics.ts';

export const PRINTED_TRACE_DIAGNOSTICS = 20;

/**
 * A trace file as the scenario names it (relative to the scenario file: events.jsonl, manifest.json),
 * as a path usable from the shell that named the scenario `scenarioFile` (as given on the command
 * line), like `trace inspect`'s paths: for stderr and check's details only, never for results.
 */
export function traceFileFromShell(scenarioFile: string, file: string): string {
  return isAbsolute(file) ? file : join(dirname(scenarioFile), file);
}

/**
 * `file:line:column: severity CODE message` lines, at most `limit`, then one `… and N more` line;
 * with `scenarioFile`, files are shown from the shell (traceFileFromShell).
 */
export function traceDiagnosticLines(sink: DiagnosticSink, limit = PRINTED_TRACE_DIAGNOSTICS, scenarioFile?: string): string[] {
  const shown = sink.reported.slice(0, limit);
  const lines = shown.map((d) => formatDiagnostic(scenarioFile !== undefined && d.file ? { ...d, file: traceFileFromShell(scenarioFile, d.file) } : d));
  const rest = sink.total - shown.length;
  if (rest > 0) {
    const kept = sink.reported.length;
    lines.push(`… and ${rest} more trace diagnostic(s) (${sink.errors} error(s), ${sink.warnings} warning(s) in total; ` +
      `the first ${kept} are in events.jsonl as workload.diagnostic${sink.suppressed > 0 ? ', raise workload.maxErrors to keep more' : ''})`);
  }
  return lines;
}

/** The one-line verdict for a run whose trace had invalid lines, or undefined when it had none. */
export function invalidTraceMessage(sink: DiagnosticSink | null): string | undefined {
  if (sink === null || sink.errors === 0) return undefined;
  const skipped = sink.errors - sink.aboveNormalizedFiles;
  // CS6014 (normalized-range.ts) keeps its rows: the file's units are wrong, not a line
  const parts = [
    ...(skipped > 0 ? [`${skipped} invalid trace line(s) skipped (summary.json replay.feed.invalidLines)`] : []),
    ...(sink.aboveNormalized > 0 ? [`${sink.aboveNormalized} resource value(s) above the normalized range of their trace format in ${sink.aboveNormalizedFiles} file(s), replayed as read (summary.json replay.feed.aboveNormalizedRange; declare units: absolute if deliberate)`] : []),
  ];
  return parts.join('; ');
}

/**
 * The one-line warning for a run whose trace read without errors but not as its format says: Google
 * tables whose times look like seconds or milliseconds (CS6015, google-time-unit.ts), whose records a
 * replay takes as work before the window. Undefined when there are none. `run` prints it; exit unchanged.
 */
export function traceWarningMessage(sink: DiagnosticSink | null): string | undefined {
  if (sink === null || sink.timeUnitFiles === 0) return undefined;
  return `${sink.timeUnitFiles} Google trace file(s) with times below 600 s, i.e. in seconds or milliseconds rather than microseconds (CS6015, summary.json replay.feed.timesNotMicroseconds): ` +
    'their records were replayed as work before the window';
}
