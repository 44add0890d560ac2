/**
 * `--set path=value` overrides, applied to the parsed scenario before validation, so CLI flags
 * override the file and the file overrides defaults. Values are read as YAML scalars
 * (`--set master.allocationInterval=2s`, `--set agents.0.count=20`, `--set master.whitelist=null`).
 */
import { parse } from 'yaml';

export interface Override {
  readonly path: readonly string[];
  readonly value: unknown;
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
  return { path, value: value ?? null };
}

export function applyOverrides(input: unknown, overrides: readonly Override[]): unknown | string {
  if (overrides.length === 0) return input;
  const root = structuredClone(input ?? {}) as Record<string, unknown>;
  for (const o of overrides) {
    let node: Record<string, unknown> = root;
    for (let i = 0; i < o.path.length - 1; i++) {
      const seg = o.path[i];
      const next = node[seg];
      if (next === undefined || next === null) node[seg] = {};
      else if (typeof next !== 'object') return `--set ${o.path.join('.')}: "${seg}" is not an object`;
      node = node[seg] as Record<string, unknown>;
    }
    node[o.path[o.path.length - 1]] = o.value;
  }
  return root;
}
