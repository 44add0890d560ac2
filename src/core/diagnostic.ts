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

/**
 * Diagnostics in file order, for a reader fixing a file top to bottom: grouped by file (in the order the
 * files first appear), then by line and column; within a file, those without a line come after the located
 * ones, and diagnostics without a file come last. Stable: equal positions keep their relative order
 * (e.g. a schema error before a later-stage one at the same place). A new array; the input is not changed.
 */
export function sortDiagnostics<D extends Diagnostic>(ds: readonly D[]): D[] {
  const fileRank = new Map<string, number>();
  for (const d of ds) if (d.file !== undefined && !fileRank.has(d.file)) fileRank.set(d.file, fileRank.size);
  const key = (d: Diagnostic): [number, number, number] => [
    d.file === undefined ? Number.MAX_SAFE_INTEGER : fileRank.get(d.file)!,
    d.line ?? Number.MAX_SAFE_INTEGER,
    d.line === undefined ? 0 : d.column ?? 1,
  ];
  return ds
    .map((d, i) => ({ d, i, k: key(d) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2] || a.i - b.i)
    .map((x) => x.d);
}
