/**
 * Sweep merge: plan.jsonl + the run directories → one table of every run and, per sweep point and
 * metric, the mean across seeds with a 95% confidence interval (Student t). Reads only the
 * deterministic summary.json of each run, in plan order, so the merged files are byte-identical
 * however the runs were spread over shards, workers or machines.
 *
 *   runs.csv     one row per plan line: index, runId, seed, axes…, every numeric summary metric
 *   points.csv   one row per point × metric: n, mean, sd, ci95 low/high
 *   report.md    the same as a readable table per metric
 */
import { markdownText } from '../core/markdown-text.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stageDirectory } from '../core/atomic-write.ts';
import { canonicalJson, roundSig } from '../core/canonical-json.ts';
import { editDistance } from '../core/closest-names.ts';
import { foreignRun, isComplete, runDir } from './sweep-run.ts';
import type { PlanLine } from './sweep-plan.ts';

export const DEFAULT_SWEEP_METRICS = [
  'cluster.meanAllocated.cpus', 'cluster.meanAllocated.mem', 'tasks.launched', 'tasks.finished',
  'waitMs.mean', 'waitMs.p50', 'waitMs.p95', 'offers.made', 'offers.declined',
] as const;

export interface MergeResult {
  readonly missing: readonly PlanLine[];
  /** requested metrics that no run's summary has (as a number or null) — typos — each with the nearest existing keys */
  readonly unknownMetrics: readonly { readonly metric: string; readonly near: readonly string[] }[];
  readonly files: Readonly<Record<string, string>>;
  /** runs whose summary.json is there but not a JSON object (truncated, edited): nothing is merged */
  readonly unreadable: readonly { readonly line: PlanLine; readonly path: string; readonly error: string }[];
}

/** A run's summary, or why it cannot be read: a merge never takes a damaged run for an empty one. */
function readSummary(path: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return (e as Error).message;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : `not a JSON object (${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value})`;
}

// Two-sided 95% Student t quantiles for df = 1..30; beyond, the normal 1.96.
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** Mean, sample sd and 95% t-interval; with one value sd and the interval are undefined (null). */
export function meanCi(xs: readonly number[]): { n: number; mean: number; sd: number | null; lo: number | null; hi: number | null } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, sd: null, lo: null, hi: null };
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (T95[n - 2] ?? 1.96) * sd / Math.sqrt(n);
  return { n, mean, sd, lo: mean - half, hi: mean + half };
}

/** `metrics` defaults to DEFAULT_SWEEP_METRICS; metrics the caller named that no run has stop the merge (unknownMetrics). */
export function mergeSweep(lines: readonly PlanLine[], runsDir: string, metrics?: readonly string[]): MergeResult {
  const foreign = lines.flatMap((line) => {
    const id = foreignRun(runsDir, line);
    return id === null ? [] : [{ line, path: runDir(runsDir, line), error: `holds another run (${id}), not this line's ${line.runId}` }];
  });
  if (foreign.length > 0) return { missing: [], unknownMetrics: [], files: {}, unreadable: foreign };
  const missing = lines.filter((l) => !isComplete(runsDir, l));
  if (missing.length > 0) return { missing, unknownMetrics: [], files: {}, unreadable: [] };
  const paths = lines.map((l) => join(runDir(runsDir, l), 'summary.json'));
  const read = paths.map(readSummary);
  const unreadable = lines.flatMap((line, i) => {
    const r = read[i];
    return typeof r === 'string' ? [{ line, path: paths[i], error: r }] : [];
  });
  if (unreadable.length > 0) return { missing, unknownMetrics: [], files: {}, unreadable };
  const summaries = read.map((s) => flattenNumbers(s as Record<string, unknown>));
  const axes = lines.length > 0 ? Object.keys(lines[0].point) : [];
  // summary.json's own `seed` is the plan line's, already the third column (it was written twice)
  const metricCols = [...new Set(summaries.flatMap((s) => [...s.keys()]))].filter((m) => m !== 'seed' && !axes.includes(m)).sort();
  const unknownMetrics = (metrics ?? []).filter((m) => !summaries.some((s) => s.has(m))).map((m) => ({ metric: m, near: nearest(m, metricCols) }));
  if (unknownMetrics.length > 0) return { missing, unknownMetrics, files: {}, unreadable };
  const cell = (v: unknown) => csvCell(v === undefined || v === null ? '' : typeof v === 'number' ? String(roundSig(v)) : typeof v === 'string' ? v : canonicalJson(v));

  const runsCsv = [['index', 'runId', 'seed', ...axes, ...metricCols].map(cell).join(',')];
  lines.forEach((l, i) => {
    runsCsv.push([l.index, l.runId, l.seed, ...axes.map((a) => l.point[a]), ...metricCols.map((m) => summaries[i].get(m))].map(cell).join(','));
  });

  const groups = new Map<string, { point: Record<string, unknown>; idx: number[] }>();
  lines.forEach((l, i) => {
    const key = canonicalJson(l.point);
    if (!groups.has(key)) groups.set(key, { point: { ...l.point }, idx: [] });
    groups.get(key)!.idx.push(i);
  });
  const pointsCsv = [[...axes, 'metric', 'n', 'mean', 'sd', 'ci95Low', 'ci95High'].map(cell).join(',')];
  const md = [`# Sweep ${lines[0]?.sweep ?? ''}`, '', `${lines.length} runs, ${groups.size} points, ${seedsPerPoint(lines.length, groups.size)} seeds per point; mean ± 95% confidence half-width (Student t) across seeds.`, ''];
  for (const metric of metrics ?? DEFAULT_SWEEP_METRICS) {
    md.push(`## ${markdownText(metric)}`, '', `| ${[...axes.map(markdownText), 'n', 'mean ± ci95', 'sd'].join(' | ')} |`, `|${[...axes, 'n', 'mean', 'sd'].map(() => '---').join('|')}|`);
    for (const { point, idx } of groups.values()) {
      const xs = idx.map((i) => summaries[i].get(metric)).filter((v): v is number => typeof v === 'number');
      if (xs.length === 0) {
        pointsCsv.push([...axes.map((a) => point[a]), metric, 0, '', '', '', ''].map(cell).join(','));
        md.push(`| ${[...axes.map((a) => show(point[a])), '0', '–', '–'].join(' | ')} |`);
        continue;
      }
      const c = meanCi(xs);
      pointsCsv.push([...axes.map((a) => point[a]), metric, c.n, c.mean, c.sd, c.lo, c.hi].map(cell).join(','));
      const ci = c.lo === null || c.hi === null || c.sd === null ? fmt(c.mean) : `${fmt(c.mean)} ± ${fmt((c.hi - c.lo) / 2)}`;
      md.push(`| ${[...axes.map((a) => show(point[a])), String(c.n), ci, c.sd === null ? '–' : fmt(c.sd)].join(' | ')} |`);
    }
    md.push('');
  }
  return { missing, unknownMetrics, unreadable, files: { 'runs.csv': runsCsv.join('\n') + '\n', 'points.csv': pointsCsv.join('\n') + '\n', 'report.md': md.join('\n') } };
}

/**
 * Write the merged files into `outDir` as one staged directory renamed into place. An existing
 * `outDir` is replaced only with `force`, and then only if it is empty or a merge output (holds
 * report.md) that does not hold one of `inputs` (the plan, the runs directory); throws otherwise
 * (the message names the directory and says why).
 */
export function writeMerge(outDir: string, r: MergeResult, force = false, inputs: readonly string[] = []): string[] {
  const stage = stageDirectory(outDir, force, 'report.md', inputs);
  try {
    for (const [name, text] of Object.entries(r.files)) writeFileSync(join(stage.dir, name), text);
    stage.commit();
  } catch (e) {
    stage.abort();
    throw e;
  }
  return Object.keys(r.files).map((name) => join(outDir, name));
}

function flattenNumbers(v: unknown, prefix = '', out = new Map<string, number | null>()): Map<string, number | null> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flattenNumbers(x, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (typeof v === 'number' || v === null) out.set(prefix, v);
  return out;
}

/**
 * The existing metrics sharing the longest leading path with `m`, closest spelling first (edit
 * distance, then their order), at most 8: `waitMs.p59` gives waitMs.p50, waitMs.p99, waitMs.p95, … before the
 * per-framework keys under waitMs (alphabetical order listed only those).
 */
export function nearest(m: string, known: readonly string[]): string[] {
  const segs = m.split('.');
  for (let k = segs.length; k >= 1; k--) { // k = all of them: m names a group ("waitMs"), and these are its members
    const prefix = segs.slice(0, k).join('.') + '.';
    const hits = known.filter((x) => x.startsWith(prefix));
    if (hits.length > 0) {
      const d = new Map(hits.map((x) => [x, editDistance(m, x)]));
      return hits.map((x, i) => [x, i] as const).sort(([a, i], [b, j]) => d.get(a)! - d.get(b)! || i - j).slice(0, 8).map(([x]) => x);
    }
  }
  return [...new Set(known.map((x) => x.split('.')[0]))].slice(0, 12);
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** An axis value in a report.md cell (a `|` or line break in it broke the table). */
function show(v: unknown): string {
  return markdownText(typeof v === 'string' ? v : canonicalJson(v));
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/** `2`, or `2.33` when points have unequal seeds (a plan cut by hand): never `2.3333333333333335`. */
function seedsPerPoint(runs: number, points: number): string {
  return String(Math.round((100 * runs) / Math.max(1, points)) / 100);
}
