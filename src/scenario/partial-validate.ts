/**
 * Later-stage diagnostics of a file that fails the schema: so `clustersim validate` (and run/check)
 * report every problem in one pass, not the schema's first and then, once fixed, the units and references.
 *
 * The parts of the file that the schema rejects are set aside ("dropped"), the rest is validated
 * again and normalized, and normalize's diagnostics (units, references, duplicates) are reported
 * with their place in the original file. A dropped part is:
 *   - one element of `agents`, `frameworks`, `timeline`, `expect.offers`, `expect.inverseOffers`;
 *   - one key of `master` or `expect` (the default takes its place);
 *   - any other top-level key (an unknown one too; a missing `name` gets a placeholder).
 * What is dropped could be what a later diagnostic is about, so these are NOT reported (they
 * would be wrong, or vanish once the schema error is fixed):
 *   - any diagnostic that quotes a name (id, hostname, rack, ...) written in a dropped part, or a
 *     name derived from one (`<id>-00001` of an agent group, `<rack>-01` of perRack);
 *   - checks that count or compare across parts when one of their inputs was dropped:
 *     master.partitioning (agents, timeline addAgent, frameworks), expect.metrics (variants),
 *     the role/framework sorter pair;
 *   - after an unknown top-level key (perhaps a misspelt section) all of those cross-part checks.
 * If the document cannot be split like this (the root is not a map), only the schema's diagnostics
 * are reported.
 */
import type { Diagnostic } from '../core/diagnostic.ts';
import { ScenarioSchema } from './schema.ts';
import { normalizeScenario } from './normalize.ts';
import { locate, type SourceDoc } from './source-map.ts';

type Seg = string | number;
export type Issue = { code: string; path: PropertyKey[]; message: string; keys?: string[] };

/** Arrays whose elements are dropped one by one; the key locates them in the document. */
const ELEMENT_ARRAYS: readonly (readonly string[])[] = [['agents'], ['frameworks'], ['timeline'], ['expect', 'offers'], ['expect', 'inverseOffers']];
/** Maps whose keys are dropped one by one (each key has a default or is optional). */
const KEYED_SECTIONS = new Set(['master', 'expect']);
/** Cross-part checks: diagnostics under `path` depend on the parts named by `inputs`. */
const DEPENDENT: readonly { path: readonly Seg[]; inputs: readonly string[] }[] = [
  { path: ['master', 'partitioning'], inputs: ['agents', 'timeline', 'frameworks'] },
  { path: ['expect', 'metrics'], inputs: ['variants'] },
  { path: ['master', 'roleSorter'], inputs: ['master.frameworkSorter'] },
  { path: ['master', 'frameworkSorter'], inputs: ['master.roleSorter'] },
];
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/;
const MAX_PASSES = 4;
const PLACEHOLDER_NAME = 'invalid-name';

interface State {
  doc: Record<string, unknown>;
  /** For each element array (joined path), the original index of each remaining element. */
  origin: Map<string, number[]>;
  droppedNames: Set<string>;
  /** Dropped parts by name: 'agents', 'master.roleSorter', 'variants', '?' for an unknown top-level key. */
  droppedParts: Set<string>;
}

/**
 * The diagnostics beyond `issues` (the schema's first pass): schema issues that only show once other
 * parts are set aside (refinements), then normalize's, all located in the original file.
 */
export function laterStageDiagnostics(
  value: unknown, issues: readonly Issue[], source: SourceDoc, toDiagnostic: (issue: Issue) => Diagnostic,
): Diagnostic[] {
  if (!isPlainObject(value)) return [];
  const st: State = { doc: structuredClone(value), origin: new Map(), droppedNames: new Set(), droppedParts: new Set() };
  for (const key of ELEMENT_ARRAYS) {
    const arr = getIn(st.doc, key);
    if (Array.isArray(arr)) st.origin.set(key.join('.'), arr.map((_, i) => i));
  }
  const out: Diagnostic[] = [];
  let pending = issues;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    if (!dropAll(st, pending)) return out;
    const parsed = ScenarioSchema.safeParse(st.doc);
    if (parsed.success) {
      const { diagnostics } = normalizeScenario(parsed.data, source);
      for (const d of diagnostics) {
        const path = d.path ? toOriginal(st, d.path) : undefined;
        if (path && suppressed(st, path, d.message)) continue;
        if (!path || samePath(path, d.path!)) { out.push(d); continue; }
        const { line, column } = locate(source, path);
        out.push({ ...d, line, column, path });
      }
      return out;
    }
    pending = parsed.error.issues as unknown as Issue[];
    for (const i of pending) out.push(toDiagnostic({ ...i, path: toOriginal(st, i.path.filter((s): s is Seg => typeof s !== 'symbol')) }));
  }
  return out;
}

/** Set aside the part of each issue; false when one has no part that can go. */
function dropAll(st: State, issues: readonly Issue[]): boolean {
  const elements = new Map<string, Set<number>>();
  const keys: Seg[][] = [];
  const paths: Seg[][] = [];
  for (const issue of issues) {
    const path = issue.path.filter((s): s is Seg => typeof s !== 'symbol');
    // An unknown key is its own part (a misspelt `master.allocationIntervall` does not take `master` with it).
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) for (const k of issue.keys) paths.push([...path, k]);
    else paths.push(path);
  }
  for (const path of paths) {
    if (path.length === 0) return false; // the document itself (not a map): nothing to set aside
    const arr = ELEMENT_ARRAYS.find((a) => a.every((s, i) => path[i] === s) && typeof path[a.length] === 'number');
    if (arr) {
      const k = arr.join('.');
      if (!elements.has(k)) elements.set(k, new Set());
      elements.get(k)!.add(path[arr.length] as number);
    } else if (KEYED_SECTIONS.has(String(path[0])) && path.length >= 2) keys.push([path[0], path[1]]);
    else keys.push([path[0]]);
  }
  let changed = false;
  for (const [k, idx] of elements) {
    changed = true;
    const key = k.split('.');
    const arr = getIn(st.doc, key) as unknown[];
    for (const i of idx) collectNames(arr[i], st.droppedNames);
    setIn(st.doc, key, arr.filter((_, i) => !idx.has(i)));
    st.origin.set(k, (st.origin.get(k) ?? []).filter((_, i) => !idx.has(i)));
    st.droppedParts.add(key[0] === 'expect' ? k : key[0]);
  }
  for (const key of keys) {
    const parent = key.length === 1 ? st.doc : getIn(st.doc, key.slice(0, 1));
    const last = String(key[key.length - 1]);
    if (key.length === 1 && last === 'name') { // required, referenced by nothing: a placeholder
      if (st.doc.name !== PLACEHOLDER_NAME) { st.doc.name = PLACEHOLDER_NAME; changed = true; }
      continue;
    }
    if (!isPlainObject(parent) || !(last in parent)) continue;
    changed = true;
    collectNames(parent[last], st.droppedNames);
    delete parent[last];
    const isKnown = key.length > 1 || last in ScenarioSchema.shape;
    st.droppedParts.add(isKnown ? key.join('.') : '?');
    if (ELEMENT_ARRAYS.some((a) => a.join('.') === key.join('.'))) st.origin.set(key.join('.'), []);
  }
  if (st.droppedParts.has('agents') || st.droppedParts.has('?')) st.droppedNames.add('rack'); // perRack names racks rack-01, ... by default
  return changed;
}

function suppressed(st: State, path: readonly Seg[], message: string): boolean {
  for (const q of message.matchAll(/"([^"]+)"/g)) {
    const name = q[1];
    if (st.droppedNames.has(name)) return true;
    for (let i = name.indexOf('-'); i > 0; i = name.indexOf('-', i + 1)) if (st.droppedNames.has(name.slice(0, i))) return true;
  }
  for (const dep of DEPENDENT) {
    if (!dep.path.every((s, i) => path[i] === s)) continue;
    if (st.droppedParts.has('?') || dep.inputs.some((p) => st.droppedParts.has(p))) return true;
  }
  return false;
}

/** A path in the pruned document → the same place in the original one. */
function toOriginal(st: State, path: readonly Seg[]): Seg[] {
  const out = [...path];
  for (const a of ELEMENT_ARRAYS) {
    if (a.every((s, i) => path[i] === s) && typeof path[a.length] === 'number') {
      const orig = st.origin.get(a.join('.'))?.[path[a.length] as number];
      if (orig !== undefined) out[a.length] = orig;
    }
  }
  return out;
}

function collectNames(v: unknown, into: Set<string>): void {
  if (typeof v === 'string') { if (NAME.test(v)) into.add(v); return; }
  if (Array.isArray(v)) { for (const x of v) collectNames(x, into); return; }
  if (isPlainObject(v)) for (const x of Object.values(v)) collectNames(x, into);
}

function samePath(a: readonly Seg[], b: readonly Seg[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function getIn(o: unknown, path: readonly Seg[]): unknown {
  let cur = o;
  for (const s of path) {
    if (!isPlainObject(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[s as string];
  }
  return cur;
}

function setIn(o: Record<string, unknown>, path: readonly Seg[], v: unknown): void {
  const parent = getIn(o, path.slice(0, -1));
  if (isPlainObject(parent)) parent[path[path.length - 1] as string] = v;
}
