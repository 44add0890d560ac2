/**
 * Reading a run directory back: metrics.json (the MetricsResult a run wrote) and manifest.json.
 * Every problem is a RunDirError with a message naming the path, for the CLI to print with exit 2.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS_FORMAT, type MetricsResult } from '../metrics/metrics-result.ts';
import { metricsShapeProblem } from './metrics-shape.ts';

export class RunDirError extends Error {}

export interface RunDirContents {
  dir: string;
  metrics: MetricsResult | null;
  manifest: { runId?: string; scenario?: unknown; eventLog?: { sha256?: string }; seed?: unknown } | null;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RunDirError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

/** Reads what is there; `metrics` is null when the run directory predates metrics.json. */
export function readRunDir(dir: string): RunDirContents {
  if (!existsSync(dir)) throw new RunDirError(`${dir}: no such run directory`);
  if (!statSync(dir).isDirectory()) throw new RunDirError(`${dir}: not a directory`);
  const mPath = join(dir, 'metrics.json');
  const manPath = join(dir, 'manifest.json');
  if (!existsSync(mPath) && !existsSync(manPath)) {
    throw new RunDirError(`${dir}: not a run directory (neither metrics.json nor manifest.json; run \`clustersim run <scenario>\` first)`);
  }
  const manifest = existsSync(manPath) ? (readJson(manPath) as RunDirContents['manifest']) : null;
  if (manifest !== null && (typeof manifest !== 'object' || Array.isArray(manifest))) throw new RunDirError(`${manPath}: not a manifest object`);
  let metrics: MetricsResult | null = null;
  if (existsSync(mPath)) {
    const m = readJson(mPath) as Partial<MetricsResult>;
    if (!m || typeof m !== 'object' || m.format !== METRICS_FORMAT) {
      throw new RunDirError(`${mPath}: unknown format ${JSON.stringify((m as { format?: unknown })?.format)} (expected ${METRICS_FORMAT})`);
    }
    const problem = metricsShapeProblem(m);
    if (problem !== null) throw new RunDirError(`${mPath}: not a metrics file this version can read: ${problem}`);
    metrics = m as MetricsResult;
  }
  return { dir, metrics, manifest };
}
