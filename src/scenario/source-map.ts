/**
 * Maps a path inside a parsed YAML/JSON document back to file:line:column, so every diagnostic
 * points at the exact spot to fix. (JSON is parsed by the same YAML 1.2 parser.)
 */
import { isAlias, isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { Diagnostic } from '../core/diagnostic.ts';

export interface SourceDoc {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

export function parseSource(file: string, text: string): { source: SourceDoc; value: unknown; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true }); // merge: YAML 1.1 `<<: *anchor` keys, which users write to share settings
  const at = (offset: number, message: string): Diagnostic => {
    const pos = lines.linePos(offset);
    return { code: 'CS1001', severity: 'error', message: `not valid YAML/JSON: ${message}`, file, line: pos.line, column: pos.col };
  };
  const diagnostics: Diagnostic[] = doc.errors.map((e) => at(e.pos[0], e.message.split('\n')[0]));
  // The parser accepts an alias whose anchor is set later or nowhere; building the value would then
  // throw. Each one is a diagnostic at the alias instead.
  if (diagnostics.length === 0) {
    const anchors = new Set<string>(); // set so far, in document order (one pass, not a search per alias)
    visit(doc, {
      Node(_, node) {
        if (!isAlias(node)) { if (node.anchor) anchors.add(node.anchor); return; }
        if (!anchors.has(node.source)) diagnostics.push(at(node.range?.[0] ?? 0, `alias *${node.source} names no anchor set before it`));
      },
    });
  }
  let value: unknown;
  if (diagnostics.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) { // e.g. aliases expanding past maxAliasCount ("a resource exhaustion attack")
      diagnostics.push(at(0, (e as Error).message));
    }
  }
  return { source: { file, doc, lines }, value, diagnostics };
}

/** Location of `path` (or of its nearest existing ancestor); `key` points at a map key instead of its value. */
export function locate(source: SourceDoc, path: readonly (string | number)[], key?: string): { line: number; column: number } {
  let node: unknown = source.doc.contents;
  let best: unknown = node;
  for (const seg of path) {
    if (node && typeof node === 'object' && 'get' in node && typeof (node as { get: unknown }).get === 'function') {
      const next = (node as { get(k: unknown, keep: boolean): unknown }).get(seg, true);
      if (next === undefined) break;
      node = next;
      best = node;
    } else break;
  }
  if (key !== undefined && isMap(best)) {
    const pair = best.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair && isScalar(pair.key) && pair.key.range) best = pair.key;
  }
  const range = (best as { range?: [number, number, number] } | undefined)?.range;
  const pos = source.lines.linePos(range ? range[0] : 0);
  return { line: pos.line, column: pos.col };
}

export function diagnosticAt(source: SourceDoc, path: readonly (string | number)[], code: string, message: string, key?: string): Diagnostic {
  const { line, column } = locate(source, path, key);
  return { code, severity: 'error', message, file: source.file, line, column, path: key ? [...path, key] : path };
}
