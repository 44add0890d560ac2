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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { canonicalJson, roundSig } from '../core/canonical-json.ts';
import { isComplete, runDir } from './sweep-run.ts';
import type { PlanLine } from './sweep-plan.ts';

export const DEFAULT_SWEEP_METRICS = [
  'cluster.meanAllocated.cpus', 'cluster.meanAllocated.mem', 'tasks.launched', 'tasks.finished',
  'waitMs.mean', 'waitMs.p50', 'waitMs.p95', 'offers.made', 'offers.declined',
] as const;

export interface MergeResult {
  readonly missing: readonly PlanLine[];
  readonly files: Readonly<Record<string, string>>;
}

// Two-sided 95% Student t quantiles for df = 1..30; beyond, the normal 1.96.
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function meanCi(xs: readonly number[]): { n: number; mean: number; sd: number; lo: number; hi: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  const half = n > 1 ? (T95[n - 2] ?? 1.96) * sd / Math.sqrt(n) : 0;
  return { n, mean, sd, lo: mean - half, hi: mean + half };
}

export function mergeSweep(lines: readonly PlanLine[], runsDir: string, metrics: readonly string[] = DEFAULT_SWEEP_METRICS): MergeResult {
  const missing = lines.filter((l) => !isComplete(runsDir, l));
  if (missing.length > 0) return { missing, files: {} };
  const summaries = lines.map((l) => flattenNumbers(JSON.parse(readFileSync(join(runDir(runsDir, l), 'summary.json'), 'utf8'))));
  const axes = lines.length > 0 ? Object.keys(lines[0].point) : [];
  const metricCols = [...new Set(summaries.flatMap((s) => [...s.keys()]))].sort();
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
  const md = [`# Sweep ${lines[0]?.sweep ?? ''}`, '', `${lines.length} runs, ${groups.size} points, ${lines.length / Math.max(1, groups.size)} seeds per point; mean ± 95% confidence half-width (Student t) across seeds.`, ''];
  for (const metric of metrics) {
    md.push(`## ${metric}`, '', `| ${[...axes, 'n', 'mean ± ci95', 'sd'].join(' | ')} |`, `|${[...axes, 'n', 'mean', 'sd'].map(() => '---').join('|')}|`);
    for (const { point, idx } of groups.values()) {
      const xs = idx.map((i) => summaries[i].get(metric)).filter((v): v is number => typeof v === 'number');
      if (xs.length === 0) {
        pointsCsv.push([...axes.map((a) => point[a]), metric, 0, '', '', '', ''].map(cell).join(','));
        md.push(`| ${[...axes.map((a) => show(point[a])), '0', '–', '–'].join(' | ')} |`);
        continue;
      }
      const c = meanCi(xs);
      pointsCsv.push([...axes.map((a) => point[a]), metric, c.n, c.mean, c.sd, c.lo, c.hi].map(cell).join(','));
      md.push(`| ${[...axes.map((a) => show(point[a])), String(c.n), `${fmt(c.mean)} ± ${fmt((c.hi - c.lo) / 2)}`, fmt(c.sd)].join(' | ')} |`);
    }
    md.push('');
  }
  return { missing, files: { 'runs.csv': runsCsv.join('\n') + '\n', 'points.csv': pointsCsv.join('\n') + '\n', 'report.md': md.join('\n') } };
}

export function writeMerge(outDir: string, r: MergeResult): string[] {
  return Object.entries(r.files).map(([name, text]) => {
    const p = join(outDir, name);
    writeFileAtomic(p, text);
    return p;
  });
}

function flattenNumbers(v: unknown, prefix = '', out = new Map<string, number | null>()): Map<string, number | null> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flattenNumbers(x, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (typeof v === 'number' || v === null) out.set(prefix, v);
  return out;
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : canonicalJson(v);
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}
