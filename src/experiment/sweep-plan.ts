/**
 * Sweep planning: a sweep file (base scenario × axes × seeds) → plan.jsonl, one fully resolved,
 * content-addressed run per line (architecture B.6):
 *
 *   base: ../scenarios/demo.yaml          # relative to the sweep file
 *   name: demo-intervals                   # optional, default: the base scenario's name
 *   axes:
 *     master.allocationInterval: [1s, 5s]  # any --set path
 *     variant: [shared, static]            # the scenario's variants (special axis)
 *   seeds: { from: 1, count: 5 }           # or a list [1, 2, 3]
 *   plugins: [./my-policy.js]              # optional, relative to the sweep file
 *
 * Lines are in a fixed order (axes in file order, values in file order, seeds innermost), each
 * `{ index, point, seed, runId, spec, plugins, sweep }` in canonical JSON, so re-planning the same
 * sweep gives the same bytes and the same run ids.
 *
 * Diagnostics of the base scenario are listed once each in file order (line, then column), as
 * validate/run/check list them (sortDiagnostics), not once per sweep point and seed. One that only
 * some points have says which (`points with master.allocationInterval="5parsecs" (2 of 4): …`), and one
 * about a value an axis set names the axis value and where the sweep file has it (`[the value comes
 * from sweep axis master.allocationInterval="5parsecs" at sweep.yaml:3:34]`): the base file's line
 * alone would point at the value the axis replaced.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { canonicalJson } from '../core/canonical-json.ts';
import { sortDiagnostics, type Diagnostic } from '../core/diagnostic.ts';
import type { RunSpec } from '../scenario/run-spec.ts';
import type { Override } from '../scenario/overrides.ts';
import { diagnosticAt, parseSource } from '../scenario/source-map.ts';
import { runId } from './run.ts';
import { loadPlugins } from './plugins.ts';
import { loadScenarioSet } from './scenario-set.ts';
import { expandUnionIssues } from '../scenario/union-issues.ts';
import type { Issue } from '../scenario/partial-validate.ts';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const SweepSchema = z.strictObject({
  base: z.string(),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/).optional(),
  axes: z.record(z.string(), z.array(z.union([Scalar, z.record(z.string(), z.unknown()), z.array(z.unknown())])).min(1)).default({}),
  seeds: z.union([z.array(z.int()).min(1), z.strictObject({ from: z.int().default(1), count: z.int().positive() })]).default({ from: 1, count: 1 }),
  plugins: z.array(z.string()).default([]),
});

/** The most runs one sweep plans (points × seeds). */
export const MAX_PLAN_LINES = 100_000;

export interface PlanLine {
  readonly sweep: string;
  readonly index: number;
  readonly point: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly runId: string;
  readonly plugins: readonly string[];
  readonly spec: RunSpec;
}

export async function planSweep(file: string): Promise<{ lines?: PlanLine[]; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { diagnostics: [{ code: 'CS1000', severity: 'error', message: `cannot read sweep file: ${(e as Error).message}`, file }] };
  }
  const { source, value, diagnostics } = parseSource(file, text);
  if (diagnostics.length > 0) return { diagnostics };
  const parsed = SweepSchema.safeParse(value);
  if (!parsed.success) {
    // a union no branch accepts (seeds: [1, 2.5]) says what is wrong, where (scenario/union-issues.ts)
    return { diagnostics: expandUnionIssues(parsed.error.issues as unknown as Issue[]).map((i) => diagnosticAt(source, i.path.filter((p): p is string | number => typeof p !== 'symbol'), 'CS8101', i.message)) };
  }
  const s = parsed.data;
  const dir = dirname(file);
  const plugins = s.plugins.map((p) => resolve(dir, p));
  const loaded = await loadPlugins(plugins);
  if (typeof loaded === 'string') return { diagnostics: [diagnosticAt(source, ['plugins'], 'CS8001', loaded)] };
  const base = resolve(dir, s.base);
  // A plan has a line per point and seed, each resolved in full: `count: 100000000` planned for minutes
  // without a word. The size is known before planning, so a runaway one is refused at once.
  const seedCount = Array.isArray(s.seeds) ? s.seeds.length : s.seeds.count;
  const pointCount = Object.values(s.axes).reduce((n, values) => n * values.length, 1);
  if (seedCount * pointCount > MAX_PLAN_LINES) {
    return { diagnostics: [diagnosticAt(source, Array.isArray(s.seeds) ? ['seeds'] : ['seeds', 'count'], 'CS8101', `${pointCount} points × ${seedCount} seeds is ${seedCount * pointCount} runs, above the ${MAX_PLAN_LINES} a plan may hold`)] };
  }
  const seeds = Array.isArray(s.seeds) ? s.seeds : Array.from({ length: s.seeds.count }, (_, i) => s.seeds && !Array.isArray(s.seeds) ? s.seeds.from + i : i);
  const axes = Object.entries(s.axes);
  /** Where the sweep file has an axis value: a diagnostic about the value names it (overrides.ts). */
  const axisSource = (axis: string, v: unknown): string => {
    const d = diagnosticAt(source, ['axes', axis, s.axes[axis].indexOf(v as never)], '', '');
    return `sweep axis ${axis}=${canonicalJson(v)} at ${d.file}:${d.line ?? 1}:${d.column ?? 1}`;
  };
  const points: Record<string, unknown>[] = [{}];
  for (const [axis, values] of axes) {
    const next: Record<string, unknown>[] = [];
    for (const p of points) for (const v of values) next.push({ ...p, [axis]: v });
    points.splice(0, points.length, ...next);
  }
  const lines: PlanLine[] = [];
  const out = new PointDiagnostics(points, seeds);
  for (const [pointIndex, point] of points.entries()) {
    for (const seed of seeds) {
      const overrides: Override[] = Object.entries(point).filter(([k]) => k !== 'variant')
        .map(([k, v]) => ({ path: k.split('.'), value: v, source: axisSource(k, v) }));
      overrides.push({ path: ['seed'], value: seed });
      const variant = point.variant;
      const set = await loadScenarioSet(base, { overrides, variants: typeof variant === 'string' ? [variant] : undefined });
      if (set.runs.length !== 1) {
        const ds = set.diagnostics.length > 0 ? set.diagnostics
          : [diagnosticAt(source, ['axes'], 'CS8102', `the base scenario has variants (${set.runs.map((r) => r.variant).join(', ')}); add a "variant" axis`)];
        for (const d of ds) out.add(d, pointIndex, seed);
        continue;
      }
      const spec = set.runs[0].spec;
      lines.push({ sweep: s.name ?? spec.name.replace(/\..*$/, ''), index: lines.length, point, seed, runId: runId(spec), plugins, spec });
    }
  }
  if (out.size > 0) return { diagnostics: out.list() };
  const ids = new Set(lines.map((l) => l.runId));
  if (ids.size !== lines.length) return { diagnostics: [diagnosticAt(source, ['axes'], 'CS8103', 'two sweep points give the same run (an axis value has no effect?)')] };
  return { lines, diagnostics: [] };
}

/**
 * The diagnostics of every (point, seed), each distinct one once (same place, code and message), in
 * file order; prefixed with the points it concerns unless it concerns every point and seed.
 */
class PointDiagnostics {
  private readonly byKey = new Map<string, { d: Diagnostic; at: Map<number, Set<number>> }>();
  private readonly points: readonly Record<string, unknown>[];
  private readonly seeds: readonly number[];

  constructor(points: readonly Record<string, unknown>[], seeds: readonly number[]) {
    this.points = points;
    this.seeds = seeds;
  }

  get size(): number {
    return this.byKey.size;
  }

  add(d: Diagnostic, point: number, seed: number): void {
    const key = canonicalJson([d.file ?? null, d.line ?? null, d.column ?? null, d.code, d.severity, d.message, d.path ?? null]);
    let e = this.byKey.get(key);
    if (!e) this.byKey.set(key, (e = { d, at: new Map() }));
    let seeds = e.at.get(point);
    if (!seeds) e.at.set(point, (seeds = new Set()));
    seeds.add(seed);
  }

  list(): Diagnostic[] {
    return sortDiagnostics([...this.byKey.values()].map(({ d, at }) => {
      const where = this.where(at);
      return where === null ? d : { ...d, message: `${where}: ${d.message}` };
    }));
  }

  /** Which points (and seeds) a diagnostic concerns, or null for all of them. */
  private where(at: Map<number, Set<number>>): string | null {
    const allSeeds = [...at.values()].every((s) => s.size === new Set(this.seeds).size);
    if (!allSeeds) {
      return [...at.entries()].map(([p, s]) => `point ${canonicalJson(this.points[p])}, seed${s.size > 1 ? 's' : ''} ${[...s].join(', ')}`).join('; ');
    }
    if (at.size === this.points.length) return null;
    const subset = [...at.keys()].map((p) => this.points[p]);
    const first = subset[0];
    // The axis values the points have in common, when exactly the points with those values have it.
    const common = Object.keys(first).filter((axis) => subset.every((p) => canonicalJson(p[axis]) === canonicalJson(first[axis])));
    const matching = this.points.filter((p) => common.every((axis) => canonicalJson(p[axis]) === canonicalJson(first[axis])));
    if (common.length > 0 && matching.length === subset.length) {
      const values = common.map((axis) => `${axis}=${canonicalJson(first[axis])}`).join(', ');
      return subset.length === 1 ? `point ${canonicalJson(first)}` : `points with ${values} (${subset.length} of ${this.points.length})`;
    }
    return subset.map((p) => `point ${canonicalJson(p)}`).join('; ');
  }
}

export function formatPlanLines(lines: readonly PlanLine[]): string {
  return lines.map((l) => canonicalJson(l)).join('\n') + '\n';
}

export function readPlan(file: string): PlanLine[] | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return `cannot read plan ${file}: ${(e as Error).message}`;
  }
  const lines: PlanLine[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    if (raw.trim() === '') continue;
    try {
      const l = JSON.parse(raw) as PlanLine;
      if (typeof l.runId !== 'string' || typeof l.index !== 'number' || !l.spec) throw new Error('not a plan line');
      if (runId(l.spec) !== l.runId) return `${file}:${i + 1}:1: run id ${l.runId} does not match its spec (edited by hand?)`;
      lines.push(l);
    } catch (e) {
      return `${file}:${i + 1}:1: ${(e as Error).message}`;
    }
  }
  // A plan is one sweep's lines in order, each run once: a line repeated, misnumbered or from another
  // sweep was merged as if planned (a point with more seeds than the others, another sweep's runs).
  const seen = new Map<string, number>();
  for (const [k, l] of lines.entries()) {
    if (l.index !== k) return `${file}: line ${k + 1} has index ${l.index}, not ${k} (lines are numbered from 0 in order; plan the sweep again rather than editing the plan)`;
    if (l.sweep !== lines[0].sweep) return `${file}: line ${k + 1} belongs to sweep "${l.sweep}", not "${lines[0].sweep}" (one plan file per sweep)`;
    const first = seen.get(l.runId);
    if (first !== undefined) return `${file}: line ${k + 1} is the same run as line ${first + 1} (${l.runId}): each point and seed is planned once`;
    seen.set(l.runId, k);
  }
  return lines;
}
