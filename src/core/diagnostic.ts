/**
 * Structured diagnostics: every invalid input (scenario, trace line, CLI flag) becomes a
 * Diagnostic with a location, never a thrown stack trace. Printed as `file:line:column: severity CODE message`,
 * the shape editors and CI log parsers understand.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: string;            // stable code from core/messages.ts, e.g. CS1001
  readonly severity: Severity;
  readonly message: string;         // says what is wrong and what to do
  readonly file?: string;
  readonly line?: number;           // 1-based
  readonly column?: number;         // 1-based
  readonly path?: readonly (string | number)[]; // path inside a structured document
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}:${d.line ?? 1}:${d.column ?? 1}: ` : '';
  const at = d.path && d.path.length > 0 ? ` (at ${d.path.join('.')})` : '';
  return `${where}${d.severity} ${d.code} ${d.message}${at}`;
}

/** Thrown only at the boundary (CLI) to carry diagnostics to the exit-code mapper. */
export class DiagnosticError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
