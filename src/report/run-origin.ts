/**
 * What a compared run was made from (scenario name, seed, simulated length, settings), read from its
 * manifest.json (the full RunSpec) or, for run directories without one, summary.json / metrics.json.
 * `runDifferences` lists what differs between the runs of a comparison, so compare.md / compare.html
 * can say so at the top: variants of one scenario differing in a few settings is the usual case and
 * is stated as information; different lengths or different scenarios also get a caution, because
 * totals, counts and time averages then cover different things.
 */
import { formatDuration } from '../core/units.ts';

export interface RunOrigin {
  scenario: string | null;
  seed: string | number | null;
  /** Simulated length: the spec's `untilMs`, else summary `simulatedMs`. */
  untilMs: number | null;
  /** The run's RunSpec as written in manifest.json (null when the run has no manifest). */
  spec: Record<string, unknown> | null;
  /** The clustersim version that made it (manifest.json `tool.version`; null without one). */
  tool: string | null;
}

function obj(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : null;
}

function seedOf(v: unknown): string | number | null {
  return typeof v === 'string' || typeof v === 'number' ? v : null;
}

/** From a run directory's parsed manifest.json, summary.json and metrics.json (any may be null). */
export function runOrigin(manifest: unknown, summary: unknown, metrics?: { scenario?: unknown; seed?: unknown } | null): RunOrigin {
  const spec = obj(obj(manifest)?.scenario);
  const sum = obj(summary);
  const name = spec?.name ?? sum?.scenario ?? metrics?.scenario;
  const until = spec?.untilMs ?? sum?.simulatedMs;
  return {
    scenario: typeof name === 'string' ? name : null,
    seed: seedOf(spec?.seed ?? obj(manifest)?.seed ?? sum?.seed ?? metrics?.seed),
    untilMs: typeof until === 'number' && Number.isFinite(until) ? until : null,
    spec,
    tool: typeof obj(obj(manifest)?.tool)?.version === 'string' ? obj(obj(manifest)?.tool)!.version as string : null,
  };
}

export interface RunDifferences {
  /** "until 1h vs 3h", "seed 1 vs 2", "master.roleSorter drf vs random" … (empty: nothing differs). */
  items: string[];
  /** Set when the differences make ratios misleading (different lengths or scenarios). */
  caution: string | null;
}

const NOT_SETTINGS = new Set(['name', 'description', 'seed', 'untilMs', 'expect']);
const MAX_SETTINGS = 8;

function baseName(n: string): string {
  const dot = n.lastIndexOf('.');
  return dot > 0 ? n.slice(0, dot) : n;
}

/** Same scenario file: equal names, or `<file>.<variant>` names of one file. */
function sameScenario(a: string, b: string): boolean {
  return a === b || baseName(a) === baseName(b) || baseName(a) === b || a === baseName(b);
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The paths where the runs' values differ, at the finest level both sides share: objects (an absent
 * one counts as empty) and equal-length arrays are descended into, anything else is compared whole.
 */
function diffPaths(values: unknown[], path: string, out: { path: string; values: unknown[] }[]): void {
  if (values.every((v) => v === undefined || isPlain(v)) && values.some(isPlain)) {
    const keys = [...new Set(values.flatMap((v) => (isPlain(v) ? Object.keys(v) : [])))].sort();
    const inner: { path: string; values: unknown[] }[] = [];
    for (const k of keys) {
      if (path === '' && NOT_SETTINGS.has(k)) continue;
      diffPaths(values.map((v) => (isPlain(v) ? v[k] : undefined)), path ? `${path}.${k}` : k, inner);
    }
    // A section some runs have (all alike) and others have not (`failures` with its defaults filled
    // in) is one difference, not each of its settings against "(unset)".
    const present = values.filter((v) => v !== undefined).map((v) => JSON.stringify(v));
    if (path !== '' && present.length < values.length && allEqual(present) && inner.length > MAX_SECTION_LEAVES) {
      out.push({ path, values: values.map((v) => (v === undefined ? undefined : new SectionMark(inner.length))) });
    } else out.push(...inner);
    return;
  }
  if (values.every(Array.isArray) && allEqual(values.map((v) => (v as unknown[]).length))) {
    for (let i = 0; i < (values[0] as unknown[]).length; i++) diffPaths(values.map((v) => (v as unknown[])[i]), `${path}[${i}]`, out);
    return;
  }
  const texts = values.map((v) => JSON.stringify(v));
  if (!allEqual(texts)) out.push({ path, values });
}

/** Differences under a path one run does not have, beyond which they are summed up as the section. */
const MAX_SECTION_LEAVES = 2;

/** A section present in this run only: shown as `set (N settings)`. */
class SectionMark {
  readonly settings: number;
  constructor(settings: number) { this.settings = settings; }
}

function shortValue(v: unknown): string {
  if (v === undefined) return '(unset)';
  if (v instanceof SectionMark) return `set (${v.settings} settings)`;
  if (Array.isArray(v)) return `${v.length} item${v.length === 1 ? '' : 's'}`;
  const t = typeof v === 'string' ? v : JSON.stringify(v);
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
}

function vs(values: string[]): string {
  return values.join(' vs ');
}

function allEqual<T>(xs: T[]): boolean {
  return xs.every((x) => x === xs[0]);
}

/** What differs between the runs (first = baseline), in a fixed order: scenario, until, seed, settings. */
export function runDifferences(origins: RunOrigin[]): RunDifferences {
  const items: string[] = [];
  const cautions: string[] = [];
  const names = origins.map((o) => o.scenario);
  let sameFile = true;
  if (names.every((n) => n !== null) && !allEqual(names)) {
    const ns = names as string[];
    sameFile = ns.every((n) => sameScenario(n, ns[0]));
    if (sameFile && allEqual(ns.map(baseName)) && ns.every((n) => n !== baseName(n))) {
      items.push(`variant ${vs(ns.map((n) => n.slice(baseName(n).length + 1)))}`);
    } else {
      items.push(`scenario ${vs(ns)}`);
    }
    if (!sameFile) cautions.push('they come from different scenarios');
  }
  const untils = origins.map((o) => o.untilMs);
  if (untils.every((u) => u !== null) && !allEqual(untils)) {
    items.push(`until ${vs((untils as number[]).map(formatDuration))}`);
    cautions.push('they simulate different lengths of time, so totals and counts are not comparable as ratios');
  }
  // Another version's models may differ: the same scenario and seed need not give the same numbers.
  const tools = origins.map((o) => o.tool);
  if (tools.every((t) => t !== null) && !allEqual(tools)) {
    items.push(`clustersim ${vs(tools as string[])}`);
    cautions.push('they were made by different versions of clustersim, whose models may differ');
  }
  const seeds = origins.map((o) => (o.seed === null ? null : String(o.seed)));
  if (seeds.every((s) => s !== null) && !allEqual(seeds)) items.push(`seed ${vs(seeds as string[])}`);
  if (origins.every((o) => o.spec !== null)) {
    const differing: { path: string; values: unknown[] }[] = [];
    diffPaths(origins.map((o) => o.spec), '', differing);
    if (differing.length > 0) {
      if (!sameFile) {
        // different scenarios: the sections, not every value
        const sections = [...new Set(differing.map((d) => d.path.split(/[.[]/)[0]))];
        items.push(`settings in ${sections.join(', ')}`);
      } else {
        for (const d of differing.slice(0, MAX_SETTINGS)) items.push(`${d.path} ${vs(d.values.map(shortValue))}`);
        if (differing.length > MAX_SETTINGS) items.push(`${differing.length - MAX_SETTINGS} more settings`);
      }
    }
  }
  return { items, caution: cautions.length > 0 ? `Read the ratios with care: ${cautions.join('; ')}.` : null };
}

/** One line: "Runs differ in: until 1h vs 3h; seed 1 vs 2." (null when nothing differs). */
export function differencesLine(d: RunDifferences): string | null {
  return d.items.length > 0 ? `Runs differ in: ${d.items.join('; ')}.` : null;
}
