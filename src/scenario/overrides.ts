/**
 * `--set path=value` overrides, applied to the parsed scenario before validation, so CLI flags
 * override the file and the file overrides defaults. Values are read as YAML scalars
 * (`--set master.allocationInterval=2s`, `--set agents.0.count=20`, `--set master.whitelist=null`).
 * A diagnostic at or under an overridden path says which flag set the value: its file:line:column is
 * where the file had (or would have) it, which alone would send the reader to a line that looks right.
 */
import { parse } from 'yaml';

export interface Override {
  readonly path: readonly string[];
  readonly value: unknown;
  /** The flag as given (`--set master.allocationInterval=5x`): a diagnostic about the value names it (load.ts). */
  readonly source?: string;
  /**
   * Where the file itself writes this override (a variant's entry: `variants`, the variant, then the
   * entry's key): a diagnostic about its value points there, not at the part of the file it replaces.
   */
  readonly at?: readonly string[];
}

export function parseOverride(text: string): Override | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `--set expects path=value, got "${text}"`;
  const path = text.slice(0, eq).split('.').filter((s) => s !== '');
  if (path.length === 0) return `--set expects path=value, got "${text}"`;
  let value: unknown;
  try {
    value = parse(text.slice(eq + 1));
  } catch {
    value = text.slice(eq + 1);
  }
  return { path, value: value ?? null, source: `--set ${text}` };
}

export function applyOverrides(input: unknown, overrides: readonly Override[]): unknown | string {
  if (overrides.length === 0) return input;
  const root = structuredClone(input ?? {}) as Record<string, unknown>;
  for (const o of overrides) {
    const who = o.source ?? o.path.join('.'); // `--set a.b=1`, `sweep axis a.b=1 at …`, or a variant's path
    let node: Record<string, unknown> = root;
    for (let i = 0; i < o.path.length; i++) {
      const seg = o.path[i];
      // Into a list only by index, at most one past its end: a name would be set on the array and
      // dropped without a word, an index further out would leave holes (`agents.x.count=3`, `agents.5.count=3`).
      if (Array.isArray(node) && !(/^(0|[1-9][0-9]*)$/.test(seg) && Number(seg) <= node.length)) {
        const list = o.path.slice(0, i).join('.') || 'the scenario';
        const n = node.length;
        return `${who}: ${list} is a list of ${n} item${n === 1 ? '' : 's'}, so "${seg}" must be an index from 0 to ${n} (${n} adds an item)`;
      }
      if (i === o.path.length - 1) break;
      const next = Object.hasOwn(node, seg) ? node[seg] : undefined;
      if (next === undefined || next === null) setOwn(node, seg, {});
      else if (typeof next !== 'object') return `${who}: "${seg}" is not an object`;
      node = node[seg] as Record<string, unknown>;
    }
    setOwn(node, o.path[o.path.length - 1], o.value);
  }
  return root;
}

/**
 * Only the scenario's own fields are walked and set: `__proto__`, `constructor` or `prototype` in a
 * path is a field like any other (the schema then refuses it as unknown), never the prototype of the
 * objects behind it (`--set __proto__.x=1` had given every object in the program an `x`).
 */
function setOwn(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Name the flag behind a diagnostic about an overridden value (the last override of that path or a
 * parent wins), or about a key or list item that only an override brought into being (`original`, the
 * file's parsed value: `--set master.weigths.a=1` makes an unknown field "weigths" at master.weigths,
 * `--set agents.1.count=3` an item without id at agents.1). A diagnostic about a variant's override
 * moves to the line of its entry (`at`, placed by `locateAt`).
 */
export function attributeToOverrides<D extends { readonly path?: readonly (string | number)[]; readonly message: string; readonly line?: number; readonly column?: number }>(
  diagnostics: readonly D[], overrides: readonly Override[], original?: unknown, locateAt?: (at: readonly string[]) => { line: number; column: number },
): D[] {
  const flagged = overrides.filter((o) => o.source !== undefined || (o.at !== undefined && locateAt !== undefined));
  if (flagged.length === 0) return [...diagnostics];
  return diagnostics.map((d) => {
    if (!d.path) return d;
    const path = d.path.map(String);
    const o = flagged.findLast((x) => x.path.length <= path.length && x.path.every((seg, i) => seg === path[i]))
      ?? (original === undefined ? undefined : flagged.findLast((x) => {
        let common = 0;
        while (common < x.path.length && common < path.length && x.path[common] === path[common]) common++;
        return common > 0 && !hasPath(original, x.path.slice(0, common));
      }));
    if (!o) return d;
    if (o.source === undefined) return { ...d, ...locateAt!(o.at!) };
    return { ...d, message: `${d.message} [the value comes from ${o.source}]` };
  });
}

function hasPath(value: unknown, path: readonly string[]): boolean {
  let node = value;
  for (const seg of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, seg)) return false;
    node = (node as Record<string, unknown>)[seg];
  }
  return true;
}
