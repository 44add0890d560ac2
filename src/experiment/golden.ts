/**
 * Golden summaries for CI: `<dir>/<scenario name>.summary.json`, compared metric by metric.
 *
 * - Counts (both sides integers) must match exactly; other numbers within
 *   max(abs, rel × |golden|) — default rel 1e-9, abs 1e-12 (same Node major, same bytes; loosen
 *   across platforms with --tolerance).
 * - Strings, booleans and nulls must match exactly.
 * - A metric in the golden file that the run no longer produces is a regression; a new metric the
 *   golden file does not have yet is reported but passes (summaries grow; `--update` records it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { canonicalJson } from '../core/canonical-json.ts';

export interface Tolerance {
  readonly rel: number;
  readonly abs: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { rel: 1e-9, abs: 1e-12 };

/** `1e-6` (relative) or `rel=1e-6,abs=1e-9`. */
export function parseTolerance(text: string): Tolerance | string {
  const t = text.trim();
  if (/^[0-9.eE+-]+$/.test(t) && Number.isFinite(Number(t)) && Number(t) >= 0) return { ...DEFAULT_TOLERANCE, rel: Number(t) };
  let rel = DEFAULT_TOLERANCE.rel, abs = DEFAULT_TOLERANCE.abs;
  for (const part of t.split(',')) {
    const m = /^\s*(rel|abs)\s*=\s*([0-9.eE+-]+)\s*$/.exec(part);
    if (!m || !Number.isFinite(Number(m[2])) || Number(m[2]) < 0) return `--tolerance expects a number or rel=<x>,abs=<y>, got "${text}"`;
    if (m[1] === 'rel') rel = Number(m[2]); else abs = Number(m[2]);
  }
  return { rel, abs };
}

export interface GoldenDifference {
  readonly path: string;
  readonly kind: 'changed' | 'missing' | 'added';
  readonly golden?: unknown;
  readonly actual?: unknown;
  /** regression (fails the check) or informational */
  readonly regression: boolean;
}

export function goldenPath(dir: string, name: string): string {
  return join(dir, `${name}.summary.json`);
}

export function readGolden(dir: string, name: string): unknown | undefined {
  const p = goldenPath(dir, name);
  if (!existsSync(p)) return undefined;
  return JSON.parse(readFileSync(p, 'utf8'));
}

export function writeGolden(dir: string, name: string, summary: unknown): string {
  const p = goldenPath(dir, name);
  writeFileAtomic(p, canonicalJson(summary, 2) + '\n');
  return p;
}

export function compareWithGolden(golden: unknown, actual: unknown, tol: Tolerance = DEFAULT_TOLERANCE): GoldenDifference[] {
  const g = flatten(golden), a = flatten(actual);
  const out: GoldenDifference[] = [];
  for (const [path, gv] of g) {
    if (!a.has(path)) { out.push({ path, kind: 'missing', golden: gv, regression: true }); continue; }
    const av = a.get(path);
    if (!sameValue(gv, av, tol)) out.push({ path, kind: 'changed', golden: gv, actual: av, regression: true });
  }
  for (const [path, av] of a) if (!g.has(path)) out.push({ path, kind: 'added', actual: av, regression: false });
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

function sameValue(g: unknown, a: unknown, tol: Tolerance): boolean {
  if (typeof g === 'number' && typeof a === 'number') {
    if (Number.isInteger(g) && Number.isInteger(a)) return g === a;
    return Math.abs(g - a) <= Math.max(tol.abs, tol.rel * Math.abs(g));
  }
  return g === a;
}

/** Leaves by dotted path; arrays by index. */
function flatten(v: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) out.set(prefix, Array.isArray(v) ? '[]' : '{}');
    for (const [k, x] of entries) flatten(x, prefix === '' ? k : `${prefix}.${k}`, out);
  } else out.set(prefix, v);
  return out;
}

/** One line per difference, readable in a CI log. */
export function formatGoldenDiff(diffs: readonly GoldenDifference[]): string[] {
  return diffs.map((d) => {
    if (d.kind === 'missing') return `  - ${d.path}: ${show(d.golden)} (in golden, not produced any more)`;
    if (d.kind === 'added') return `  + ${d.path}: ${show(d.actual)} (new metric, not in golden)`;
    let delta = '';
    if (typeof d.golden === 'number' && typeof d.actual === 'number') {
      const diff = d.actual - d.golden;
      delta = ` (${diff >= 0 ? '+' : ''}${Number(diff.toPrecision(6))}${d.golden !== 0 ? `, ${diff >= 0 ? '+' : ''}${percent((diff / Math.abs(d.golden)) * 100)}%` : ''})`;
    }
    return `  ~ ${d.path}: ${show(d.golden)} → ${show(d.actual)}${delta}`;
  });
}

/** Two decimals (`+18.18%`), or two significant digits below 0.01% (`+0.00082%`, `+1.5e-9%`): a real change never shows as 0.00%. */
export function percent(p: number): string {
  return Math.abs(p) >= 0.01 ? p.toFixed(2) : String(Number(p.toPrecision(2)));
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
