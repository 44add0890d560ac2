/**
 * Sweep execution: pick plan lines (--shard i/n, --index K [chunk C], --index-from-env), run each
 * into `<out>/<runId>/` through runScenario's staged directory (one atomic rename), and skip runs
 * whose directory is already complete — so any batch engine can retry or re-run a shard and it
 * resumes. Local parallelism forks worker processes (`clustersim sweep run --indices ...`), each an
 * ordinary, independent run of the same command.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from './run.ts';
import { loadPlugins } from './plugins.ts';
import type { PlanLine } from './sweep-plan.ts';
import { errorMessage } from '../core/error-message.ts';

/** Environment variables batch engines set for array/indexed jobs, in lookup order. */
export const INDEX_ENV_VARS = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX', 'CLUSTERSIM_INDEX'] as const;

export type Selection =
  | { readonly kind: 'all' }
  | { readonly kind: 'shard'; readonly i: number; readonly n: number }
  | { readonly kind: 'index'; readonly k: number; readonly chunk: number }
  | { readonly kind: 'indices'; readonly list: readonly number[] };

export function parseShard(text: string): Selection | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) return `--shard expects i/n with 1 <= i <= n, got "${text}"`;
  return { kind: 'shard', i: Number(m[1]), n: Number(m[2]) };
}

export function indexFromEnv(env: NodeJS.ProcessEnv): { k: number; from: string } | string {
  for (const name of INDEX_ENV_VARS) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    if (!/^\d+$/.test(v)) return `${name}="${v}" is not a non-negative integer`;
    return { k: Number(v), from: name };
  }
  return `--index-from-env: none of ${INDEX_ENV_VARS.join(', ')} is set`;
}

/** The plan indices a selection covers; an index past the end is an error (a mis-sized job array). */
export function selectIndices(sel: Selection, total: number): number[] | string {
  switch (sel.kind) {
    case 'all': return Array.from({ length: total }, (_, i) => i);
    case 'shard': return Array.from({ length: total }, (_, i) => i).filter((i) => i % sel.n === sel.i - 1);
    case 'index': {
      const from = sel.k * sel.chunk;
      if (from >= total) return `index ${sel.k} (chunk ${sel.chunk}) is past the end of the plan (${total} runs → indices 0..${Math.ceil(total / sel.chunk) - 1})`;
      return Array.from({ length: Math.min(sel.chunk, total - from) }, (_, j) => from + j);
    }
    case 'indices': {
      const bad = sel.list.find((i) => i < 0 || i >= total);
      return bad === undefined ? [...sel.list] : `index ${bad} is outside the plan (0..${total - 1})`;
    }
  }
}

export function runDir(outDir: string, line: PlanLine): string {
  return join(outDir, line.runId);
}

/** The line's run finished in its directory: a summary.json, and a manifest naming this very run. */
export function isComplete(outDir: string, line: PlanLine): boolean {
  return existsSync(join(runDir(outDir, line), 'summary.json')) && foreignRun(outDir, line) === null;
}

/**
 * The run id a finished run in the line's directory names when it is not the line's own run (a run
 * copied or written there by hand), else null. Such a directory was skipped as done and merged as the
 * line's: another scenario's numbers in the sweep's table, silently.
 */
export function foreignRun(outDir: string, line: PlanLine): string | null {
  const dir = runDir(outDir, line);
  if (!existsSync(join(dir, 'summary.json'))) return null;
  let id: unknown;
  try {
    id = (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { runId?: unknown } | null)?.runId;
  } catch {
    return 'none (its manifest.json is missing or unreadable)';
  }
  return id === line.runId ? null : typeof id === 'string' ? id : 'none (its manifest.json names no run)';
}

export interface SweepRunStats { ran: number; skipped: number; failed: { index: number; error: string }[] }

/** Run the given plan lines in this process, one after another. */
export async function runPlanLines(lines: readonly PlanLine[], outDir: string, log: (s: string) => void = () => {}): Promise<SweepRunStats> {
  const stats: SweepRunStats = { ran: 0, skipped: 0, failed: [] };
  for (const line of lines) {
    if (isComplete(outDir, line)) { stats.skipped++; log(`skip  #${line.index} ${line.runId} (done)`); continue; }
    const foreign = foreignRun(outDir, line);
    if (foreign !== null) { // never run over another run's results
      const error = `${runDir(outDir, line)} holds another run (${foreign}), not this line's ${line.runId}: move it away, or use another --out`;
      stats.failed.push({ index: line.index, error });
      log(`FAIL  #${line.index} ${line.runId}: ${error}`);
      continue;
    }
    const plugins = await loadPlugins(line.plugins);
    if (typeof plugins === 'string') { stats.failed.push({ index: line.index, error: plugins }); continue; }
    try {
      // force: a directory without summary.json is a leftover of an interrupted attempt.
      runScenario(line.spec, { outDir: runDir(outDir, line), force: true });
      stats.ran++;
      log(`done  #${line.index} ${line.runId}`);
    } catch (e) {
      stats.failed.push({ index: line.index, error: errorMessage(e) });
      log(`FAIL  #${line.index} ${line.runId}: ${errorMessage(e)}`);
    }
  }
  return stats;
}

/** Spread indices over `workers` child processes running `clustersim sweep run <plan> --indices ...`. */
export async function runWithWorkers(planFile: string, indices: readonly number[], outDir: string, workers: number): Promise<number> {
  const bin = fileURLToPath(new URL('../../bin/clustersim.js', import.meta.url));
  const groups = Array.from({ length: Math.min(workers, indices.length) }, (_, w) => indices.filter((_, j) => j % workers === w));
  const codes = await Promise.all(groups.map((g) => new Promise<number>((resolvePromise) => {
    const child = spawn(process.execPath, [bin, 'sweep', 'run', planFile, '--out', outDir, '--indices', g.join(','), '--workers', '1'], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => resolvePromise(code ?? 3));
    child.on('error', () => resolvePromise(3));
  })));
  return Math.max(0, ...codes);
}
