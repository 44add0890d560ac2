/**
 * `@variant` names in `expect.metrics` are known statically (the file's `variants:` keys), so an
 * assertion naming a variant that does not exist is a scenario diagnostic at the assertion's
 * file:line:column (exit 2 from `validate`, `check`, `plan`), found before anything is simulated —
 * not a failed check after every run. Called from normalize.ts.
 */
import { isScalar } from 'yaml';
import { closestNames } from '../core/closest-names.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { parseAssertion } from './metric-assertion.ts';
import { diagnosticAt, type SourceDoc } from './source-map.ts';

export function assertionVariantDiagnostics(metrics: readonly string[] | undefined, variants: Readonly<Record<string, unknown>> | undefined, source: SourceDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = Object.keys(variants ?? {});
  (metrics ?? []).forEach((text, i) => {
    const a = parseAssertion(text);
    if (typeof a === 'string') return; // a syntax error: already a diagnostic from the schema
    for (const o of [a.left, a.right]) {
      if (o.kind !== 'metric' || o.variant === null || known.includes(o.variant)) continue;
      const path = ['expect', 'metrics', i];
      const where = known.length === 0
        ? 'this scenario has no variants; @name reads one run of a file with variants:'
        : `this scenario has ${known.map((k) => `@${k}`).join(', ')}${suggest(o.variant, known)}`;
      const d = diagnosticAt(source, path, 'CS8003', `unknown variant "@${o.variant}" in "${a.text}" (${where})`);
      out.push({ ...d, ...columnOf(source, path, `@${o.variant}.`) });
    }
  });
  return out;
}

/** " — did you mean @x?" for a name at most 2 edits from a known one. */
function suggest(name: string, known: readonly string[]): string {
  const best = closestNames(name, known, 2)[0];
  return best === undefined ? '' : `; did you mean @${best}?`;
}

/**
 * The position of `needle` inside the string at `path` when the string is written on one line as a
 * plain, single- or double-quoted scalar without escapes before it; otherwise none (the diagnostic
 * keeps the string's own position).
 */
export function columnOf(source: SourceDoc, path: readonly (string | number)[], needle: string): { line?: number; column?: number } {
  const node = source.doc.getIn(path, true);
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return {};
  const at = node.value.indexOf(needle);
  if (at < 0) return {};
  const before = node.value.slice(0, at);
  const quote = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : node.type === 'PLAIN' ? 0 : -1;
  if (quote < 0 || /["'\\\n]/.test(before)) return {};
  const start = source.lines.linePos(node.range[0]);
  const end = source.lines.linePos(node.range[1]);
  if (start.line !== end.line) return {};
  const pos = source.lines.linePos(node.range[0] + quote + at);
  return { line: pos.line, column: pos.col };
}
