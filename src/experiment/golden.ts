/**
 * Golden summaries for CI: `<dir>/<scenario name>.summary.json`, compared metric by metric.
 *
 * - Each number is a duration, a count, a quantity or a setting, as src/metrics/summary-kinds.ts
 *   declares (metric-kind.ts). By default counts, settings and durations (whole ms) must match exactly and quantities within max(abs, rel × |golden|), rel 1e-9,
 *   abs 1e-12: that absorbs floating-point rounding (same Node major, same bytes) and nothing else.
 * - `--tolerance T` sets the band for quantities and durations (a CI band on wait p95 or makespan);
 *   counts stay exact unless `--tolerance-counts T` is given, settings always; `--tolerance-path GLOB=T` sets the band
 *   of chosen metrics whatever their kind (first match wins).
 * - Strings, booleans and nulls must match exactly.
 * - A metric in the golden file that the run no longer produces is a regression; a new metric the
 *   golden file does not have yet is reported but passes (summaries grow; `--update` records it).
 *   A number that moved beyond the default band but inside a loosened one passes and is reported
 *   (`within`), so a CI log shows the drift a band let through.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import { closestNames } from '../core/closest-names.ts';
import { parseDuration } from '../core/units.ts';
import { metricKind, type MetricKind } from './metric-kind.ts';

export interface Tolerance {
  readonly rel: number;
  readonly abs: number;
  /** `abs` was given as a duration (`abs=30s`): it bands durations only, other numbers keep the default abs */
  readonly absIsDuration?: true;
}

/** The absolute part of a band for one kind of number: a duration's abs is no band for a share or a count. */
function absFor(t: Tolerance, metric: MetricKind): number {
  return t.absIsDuration && metric !== 'duration' ? DEFAULT_TOLERANCE.abs : t.abs;
}

export const DEFAULT_TOLERANCE: Tolerance = { rel: 1e-9, abs: 1e-12 };

/** The band for chosen metrics: `pattern` is a dotted path where `*` matches within one key and `**` across keys; a path names its whole section. */
export interface PathTolerance {
  readonly pattern: string;
  readonly tolerance: Tolerance;
}

/** Bands by kind of metric (metric-kind.ts); null = exact. */
export interface GoldenTolerances {
  readonly quantities: Tolerance;
  readonly durations: Tolerance | null;
  readonly counts: Tolerance | null;
  /** first match wins, before the kind's band */
  readonly paths: readonly PathTolerance[];
}

/** From the CLI's options: `tolerance` (quantities and durations), `counts`, `paths`; durations and counts exact when not given. */
export function goldenTolerances(o: { tolerance?: Tolerance; counts?: Tolerance; paths?: readonly PathTolerance[] } = {}): GoldenTolerances {
  return { quantities: o.tolerance ?? DEFAULT_TOLERANCE, durations: o.tolerance ?? null, counts: o.counts ?? null, paths: o.paths ?? [] };
}

/**
 * `1e-6` (relative) or `rel=1e-6,abs=1e-9`; `abs` may carry a duration unit (`abs=30s` = 30000, for
 * durations, which are in ms), except under `--tolerance-counts` (a count is not in ms). `flag` names
 * the option in the message. Each of rel and abs at most once: `rel=0.1,rel=0.2` is an error (the
 * last one used to win silently), as is an empty part (`rel=0.1,`).
 */
export function parseTolerance(text: string, flag = '--tolerance'): Tolerance | string {
  const t = text.trim();
  if (/^[0-9.eE+-]+$/.test(t) && Number.isFinite(Number(t)) && Number(t) >= 0) return { ...DEFAULT_TOLERANCE, rel: Number(t) };
  let rel = DEFAULT_TOLERANCE.rel, abs = DEFAULT_TOLERANCE.abs, absIsDuration = false;
  const bad = `${flag} expects a number or rel=<x>,abs=<y>, got "${text}"`;
  const seen = new Map<string, string>();
  for (const part of t.split(',')) {
    const m = /^\s*(rel|abs)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) return bad;
    const earlier = seen.get(m[1]);
    if (earlier !== undefined) return `${flag} "${text}": ${m[1]} given twice (${earlier}, ${part.trim()}); give each of rel and abs at most once`;
    seen.set(m[1], part.trim());
    let v = /^[0-9.eE+-]+$/.test(m[2]) ? Number(m[2]) : Number.NaN;
    if (m[1] === 'abs' && Number.isNaN(v) && /^\d/.test(m[2])) {
      const ms = parseDuration(m[2]);
      if (typeof ms === 'number') {
        if (flag === '--tolerance-counts') return `${flag} "${text}": abs=${m[2]} is a duration, but counts (tasks, offers, events) are plain numbers: give abs=<number>`;
        v = ms;
        absIsDuration = true;
      }
    }
    if (!Number.isFinite(v) || v < 0) return bad;
    if (m[1] === 'rel') rel = v; else abs = v;
  }
  return absIsDuration ? { rel, abs, absIsDuration: true } : { rel, abs };
}

/** `waitMs.**=rel=0.2`, `offers.made=abs=5`, `makespanMs=0.05`: a glob, `=`, a tolerance. */
export function parsePathTolerance(text: string): PathTolerance | string {
  const at = text.indexOf('=');
  const pattern = at < 0 ? '' : text.slice(0, at).trim();
  if (at < 0 || pattern === '' || pattern === 'rel' || pattern === 'abs') {
    return `--tolerance-path expects <metric path>=<tolerance>, e.g. waitMs.p95=rel=0.2 or offers.**=abs=5, got "${text}"`;
  }
  if (!/^[A-Za-z0-9_*:/.-]+$/.test(pattern) || /(^|\.)\.|\.$/.test(pattern)) return `--tolerance-path: bad metric path pattern "${pattern}" in "${text}" (dotted keys; * within a key, ** across keys)`;
  const tolerance = parseTolerance(text.slice(at + 1), '--tolerance-path');
  if (typeof tolerance !== 'string') return { pattern, tolerance };
  if (tolerance.includes(' given twice ')) return tolerance.replace(/^--tolerance-path "[^"]*"/, `--tolerance-path "${text}"`);
  return `${tolerance.replace(/, got "[^"]*"$/, '')} after "${pattern}=", got "${text}"`;
}

/**
 * Every --tolerance-path of a command line, parsed: the first problem as a message. The same
 * pattern twice is an error naming it — first match wins, so the second band could never apply.
 */
export function parsePathTolerances(texts: readonly string[]): PathTolerance[] | string {
  const out: PathTolerance[] = [];
  for (const text of texts) {
    const t = parsePathTolerance(text);
    if (typeof t === 'string') return t;
    const earlier = out.findIndex((p) => p.pattern === t.pattern);
    if (earlier >= 0) return `--tolerance-path ${t.pattern} given twice ("${texts[earlier]}", "${text}"): the first match wins, so the second band would never apply; give each pattern once`;
    const wider = out.findIndex((p) => covers(p.pattern, t.pattern));
    if (wider >= 0) {
      return `--tolerance-path ${t.pattern} ("${text}") comes after ${out[wider].pattern} ("${texts[wider]}"), which already covers every metric it names: the first match wins, so its band would never apply; give the narrower pattern first`;
    }
    out.push(t);
  }
  return out;
}

/**
 * Does `wider` cover every metric `pattern` can name? A pattern without wildcards names one path and
 * everything under it: covered when `wider` covers that path. Otherwise every path it names lies
 * strictly under its keys before the first wildcard, P: covered when `wider` covers P.<NUL> — NUL
 * cannot be written in a pattern, so only a wildcard (or covering P itself) takes it, and that
 * wildcard takes any key as well. Sufficient, not exact (`roles.*.end` before `roles.web*.end` goes unnoticed).
 */
function covers(wider: string, pattern: string): boolean {
  const keys = pattern.split('.');
  const k = keys.findIndex((key) => key.includes('*'));
  if (k < 0) return pathMatches(wider, pattern);
  return k > 0 && pathMatches(wider, `${keys.slice(0, k).join('.')}.\u0000`);
}

/** Does `pattern` cover the dotted `path`? `*` stays inside one key, `**` crosses keys; a pattern also covers everything under it. */
export function pathMatches(pattern: string, path: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') { re += '.*'; i++; }
    else if (c === '*') re += '[^.]*';
    else re += c.replace(/[\\^$.|?+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^(?:${re})(?:\\..*)?$`).test(path);
}

/** A --tolerance-path pattern that covers no metric of a comparison, with the close paths it may have meant. */
export interface UnmatchedPath {
  readonly pattern: string;
  readonly suggestions: readonly string[];
}

/**
 * The --tolerance-path patterns that cover no metric of the golden or the run (a typo such as
 * `ofers.**` or `waitMs.p59` bands nothing, silently, and the metric it meant stays under its
 * kind's band): each with the paths a few edits away from its literal part (`offers.**`).
 */
export function unmatchedPaths(golden: unknown, actual: unknown, paths: readonly PathTolerance[]): UnmatchedPath[] {
  if (paths.length === 0) return [];
  const leaves = new Set([...flatten(golden).keys(), ...flatten(actual).keys()]);
  const out: UnmatchedPath[] = [];
  for (const { pattern } of paths) {
    if ([...leaves].some((path) => pathMatches(pattern, path))) continue;
    const segs = pattern.split('.');
    const k = segs.findIndex((s) => s.includes('*'));
    const literal = segs.slice(0, k < 0 ? segs.length : k);
    const rest = k < 0 ? [] : segs.slice(k);
    const prefixes = new Set<string>();
    for (const path of leaves) {
      const p = path.split('.');
      if (p.length >= literal.length) prefixes.add(p.slice(0, literal.length).join('.'));
    }
    const close = literal.length === 0 ? [] : closestNames(literal.join('.'), [...prefixes].sort()).slice(0, 3);
    out.push({ pattern, suggestions: close.map((c) => [c, ...rest].join('.')) });
  }
  return out;
}

/** "--tolerance-path ofers.** matched no metric (did you mean offers.**?)" */
export function unmatchedPathText(u: UnmatchedPath, where: string): string {
  return `--tolerance-path ${u.pattern} matched no metric ${where}${u.suggestions.length > 0 ? ` (did you mean ${u.suggestions.join(' or ')}?)` : ''}; it banded nothing`;
}

export interface GoldenDifference {
  readonly path: string;
  /** `within`: a number that moved but inside a loosened band (passes, reported) */
  readonly kind: 'changed' | 'missing' | 'added' | 'within';
  readonly golden?: unknown;
  readonly actual?: unknown;
  /** regression (fails the check) or informational */
  readonly regression: boolean;
  /** `added` to a list the golden file has (a regression) */
  readonly listEntry?: true;
  /** numbers: what the metric is (metric-kind.ts) */
  readonly metric?: MetricKind;
  /** numbers compared under a band other than the default: the band (0 = exact) and what set it */
  readonly band?: { readonly allowed: number; readonly from: string };
}

export function goldenPath(dir: string, name: string): string {
  return join(dir, `${name}.summary.json`);
}

export function readGolden(dir: string, name: string): unknown | undefined {
  const p = goldenPath(dir, name);
  if (!existsSync(p)) return undefined;
  const golden: unknown = JSON.parse(readFileSync(p, 'utf8'));
  // A summary is an object: an array or a number is a damaged file, not a baseline every metric left.
  if (golden === null || typeof golden !== 'object' || Array.isArray(golden)) throw new Error(`not a summary (a JSON object), but ${golden === null ? 'null' : Array.isArray(golden) ? 'an array' : `a ${typeof golden}`}`);
  return golden;
}

export function writeGolden(dir: string, name: string, summary: unknown): string {
  const p = goldenPath(dir, name);
  writeFileAtomic(p, canonicalJson(summary, 2) + '\n');
  return p;
}

/** `tol`: the bands by kind (goldenTolerances), or one tolerance for quantities and durations (counts exact). */
export function compareWithGolden(golden: unknown, actual: unknown, tol: Tolerance | GoldenTolerances = goldenTolerances()): GoldenDifference[] {
  const bands = 'quantities' in tol ? tol : goldenTolerances({ tolerance: tol });
  const loosened = !sameTolerance(bands.quantities, DEFAULT_TOLERANCE) || bands.durations !== null || bands.counts !== null || bands.paths.length > 0;
  const g = flatten(golden), a = flatten(actual);
  const out: GoldenDifference[] = [];
  for (const [path, gl] of g) {
    const al = a.get(path);
    if (al === undefined) { out.push({ path, kind: 'missing', golden: gl.value, regression: true }); continue; }
    const gv = gl.value, av = al.value;
    if (typeof gv === 'number' && typeof av === 'number') {
      if (gv === av) continue;
      const metric = metricKind(gl.keys, gv, av);
      const band = bandFor(path, metric, bands);
      const allowed = band.tolerance === null ? 0 : Math.max(absFor(band.tolerance, metric), band.tolerance.rel * Math.abs(gv));
      const inside = Math.abs(gv - av) <= allowed;
      // the default band only absorbs rounding: a move inside it is not news
      const strict = Math.abs(gv - av) <= (metric === 'quantity' ? Math.max(DEFAULT_TOLERANCE.abs, DEFAULT_TOLERANCE.rel * Math.abs(gv)) : 0);
      if (inside && strict) continue;
      // an exact count says so only where some band was loosened (the hint at the end counts them too)
      const shown = band.from === 'default' || ((band.from === 'count' || band.from === 'setting') && !loosened) ? {} : { band: { allowed, from: band.from } };
      out.push({ path, kind: inside ? 'within' : 'changed', golden: gv, actual: av, regression: !inside, metric, ...shown });
    } else if (gv !== av) out.push({ path, kind: 'changed', golden: gv, actual: av, regression: true });
  }
  // A new entry of a list the golden file has is a change of that list (one more role violating the
  // sharing incentive), not a new metric: a regression, as a list that shrinks is.
  const lists = listPaths(golden);
  for (const [path, al] of a) {
    if (g.has(path)) continue;
    const grown = al.keys.some((_, k) => k > 0 && lists.has(al.keys.slice(0, k).join('.')));
    out.push({ path, kind: 'added', actual: al.value, regression: grown, ...(grown ? { listEntry: true as const } : {}) });
  }
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** The band for one number: a matching --tolerance-path, else its kind's; `from` says which (for the diff line). */
function bandFor(path: string, metric: MetricKind, t: GoldenTolerances): { tolerance: Tolerance | null; from: string } {
  for (const p of t.paths) if (pathMatches(p.pattern, path)) return { tolerance: p.tolerance, from: `--tolerance-path ${p.pattern}` };
  if (metric === 'setting') return { tolerance: null, from: 'setting' }; // the scenario's own figure: no kind's band covers it
  if (metric === 'count') return t.counts === null ? { tolerance: null, from: 'count' } : { tolerance: t.counts, from: '--tolerance-counts' };
  if (metric === 'duration') return t.durations === null ? { tolerance: null, from: 'default' } : { tolerance: t.durations, from: '--tolerance' };
  return { tolerance: t.quantities, from: sameTolerance(t.quantities, DEFAULT_TOLERANCE) ? 'default' : '--tolerance' };
}

function sameTolerance(a: Tolerance, b: Tolerance): boolean {
  return a.rel === b.rel && a.abs === b.abs;
}

/** Dotted paths of the arrays in a summary. */
function listPaths(v: unknown, keys: readonly string[] = [], out = new Set<string>()): Set<string> {
  if (v === null || typeof v !== 'object') return out;
  if (Array.isArray(v)) out.add(keys.join('.'));
  for (const [k, x] of Array.isArray(v) ? v.map((y, i) => [String(i), y] as const) : Object.entries(v as Record<string, unknown>)) listPaths(x, [...keys, k], out);
  return out;
}

/** Leaves by dotted path (with their keys, which may themselves hold dots); arrays by index. */
function flatten(v: unknown, keys: readonly string[] = [], out = new Map<string, { keys: readonly string[]; value: unknown }>()): Map<string, { keys: readonly string[]; value: unknown }> {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) out.set(keys.join('.'), { keys, value: Array.isArray(v) ? '[]' : '{}' });
    for (const [k, x] of entries) flatten(x, [...keys, k], out);
  } else out.set(keys.join('.'), { keys, value: v });
  return out;
}

/** One line per difference, readable in a CI log. */
export function formatGoldenDiff(diffs: readonly GoldenDifference[]): string[] {
  return diffs.map((d) => {
    if (d.kind === 'missing') return `  - ${d.path}: ${show(d.golden)} (in golden, not produced any more)`;
    if (d.kind === 'added') return `  + ${d.path}: ${show(d.actual)} (${d.listEntry ? 'a new entry of a list in golden' : 'new metric, not in golden'})`;
    let delta = '';
    if (typeof d.golden === 'number' && typeof d.actual === 'number') {
      const diff = d.actual - d.golden;
      delta = `${diff >= 0 ? '+' : ''}${Number(diff.toPrecision(6))}${d.golden !== 0 ? `, ${diff >= 0 ? '+' : ''}${percent((diff / Math.abs(d.golden)) * 100)}%` : ''}`;
      if (d.band) delta += `; ${bandText(d)}`;
      delta = ` (${delta})`;
    }
    return `  ${d.kind === 'within' ? '≈' : '~'} ${d.path}: ${show(d.golden)} → ${show(d.actual)}${delta}`;
  });
}

/** "within ±500 (--tolerance)", "outside ±2 (--tolerance-counts)", "a count: exact", "a setting of the scenario: exact". */
function bandText(d: GoldenDifference): string {
  const b = d.band!;
  if (b.from === 'count') return 'a count: exact';
  if (b.from === 'setting') return 'a setting of the scenario: exact';
  const allowed = `±${Number(b.allowed.toPrecision(6))}${d.metric === 'duration' ? ' ms' : ''}`;
  return `${d.kind === 'within' ? 'within' : 'outside'} ${allowed} (${b.from})`;
}

/** Two decimals (`+18.18%`), or two significant digits below 0.01% (`+0.00082%`, `+1.5e-9%`): a real change never shows as 0.00%. */
export function percent(p: number): string {
  return Math.abs(p) >= 0.01 ? p.toFixed(2) : String(Number(p.toPrecision(2)));
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
