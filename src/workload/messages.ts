import type { Diagnostic, Severity } from '../core/diagnostic.ts';

/**
 * Diagnostic codes of the trace importers (CS6xxx, issue 6). Codes are stable: tests and users
 * grep for them. Messages say what is wrong and, where possible, what to do.
 */
export const TRACE_CODES = {
  columnCount: 'CS6001',    // wrong number of fields
  notNumeric: 'CS6002',     // a numeric field holds something else
  missingField: 'CS6003',   // a mandatory field is empty / absent
  unknownCode: 'CS6004',    // event type, status or operator code not in the schema
  unsorted: 'CS6005',       // time goes backwards in a table that must be sorted
  gzip: 'CS6006',           // truncated or corrupt gzip stream
  json: 'CS6007',           // invalid JSON line
  format: 'CS6008',         // format not recognized / unsupported table
  io: 'CS6009',             // file cannot be read
  range: 'CS6010',          // value outside its representable or documented range
  header: 'CS6011',         // native CSV header problem
  suppressed: 'CS6012',     // summary: more diagnostics than --max-errors
  startAfterCycle: 'CS6013', // replay: Google 2019 start_after_collection_ids form a cycle (start-after-gate.ts)
  aboveNormalized: 'CS6014', // a normalized resource value above the format's maximum (Google > 1): file in other units? (normalized-range.ts)
  timeUnit: 'CS6015',       // warning: a Google time in (0, 600 s): file in seconds or milliseconds, not µs? (google-time-unit.ts)
} as const;

export type TraceCode = (typeof TRACE_CODES)[keyof typeof TRACE_CODES];

export function traceDiagnostic(
  code: TraceCode,
  message: string,
  file: string,
  line?: number,
  column?: number,
  severity: Severity = 'error',
): Diagnostic {
  return { code, severity, message, file, line, column };
}
