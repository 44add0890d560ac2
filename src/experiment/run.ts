/**
 * Run one scenario, end to end:
 *
 *   RunSpec → build simulation → run to `until` → collect probes → summarize → write run directory
 *
 * The run directory (default reports/<scenario>/<runId>/) is staged in a temporary directory and
 * renamed into place, and never replaces an existing one without `force`:
 *   manifest.json  tool/Node versions, normalized RunSpec, seed, input hashes, outputs, event digest
 *   summary.json   headline metrics (canonical JSON)
 *   events.jsonl   the event log (docs/event-log.md)
 *   metrics.json   every measured metric as plain JSON (src/metrics/metrics-result.ts); `report` reads it
 *   timing.json    wall-clock and events/s — the only non-deterministic file
 * runScenarioWithOutputs also stages extra outputs (report.html, charts/, tables/) before the rename.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeChunksAtomic, writeFileAtomic, stageDirectory } from '../core/atomic-write.ts';
import { canonicalJsonChunks } from '../core/canonical-json-stream.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import { sha256 } from '../core/hash.ts';
import { EventLineCounter } from '../metrics/event-line-counter.ts';
import { EventLogWriter } from '../metrics/event-log.ts';
import { buildSummary } from '../metrics/summary.ts';
import { attachCollector } from '../metrics/attach.ts';
import type { MetricsResult } from '../metrics/metrics-result.ts';
import type { RunSpec } from '../scenario/run-spec.ts';
import type { DiagnosticSink } from '../workload/diagnostics.ts';
import { workloadIdentity } from '../workload/replay/spec.ts';
import { buildSimulation, type BuildOptions } from './build-simulation.ts';
import { toolVersions } from './tool-versions.ts';

export interface RunOptions {
  /** Write a run directory here; null = in memory only. */
  readonly outDir?: string | null;
  readonly force?: boolean;
  /** Keep event lines in memory (tests). */
  readonly keepEvents?: boolean;
  /**
   * Serialize and hash the event log (default true). `check` and `plan` only read the summary:
   * without an output directory they skip the serialization, about a fifth of a run's time, and
   * only count the lines (summary.json `events`); `digest` is then null.
   */
  readonly digest?: boolean;
  readonly inputs?: readonly { path: string; text: string }[];
  readonly onProgress?: (nowMs: number, untilMs: number, events: number) => void;
  /** Instrument the framework models (build-simulation.ts BuildOptions; the model contract). */
  readonly wrapScheduler?: BuildOptions['wrapScheduler'];
}

export interface RunResult {
  readonly runId: string;
  /** sha256 of events.jsonl; null when the run was asked not to compute it (RunOptions.digest). */
  readonly digest: string | null;
  readonly summary: Record<string, unknown>;
  readonly events: readonly string[] | null;
  readonly outDir: string | null;
  readonly wallMs: number;
  readonly eventsDispatched: number;
  readonly metrics: MetricsResult;
  /** issue 6: the workload's trace diagnostics (the first `maxErrors` kept, all counted); null without a workload. */
  readonly traceDiagnostics: DiagnosticSink | null;
}

/**
 * The normalized spec with trace paths as the scenario names them, without where this invocation
 * found them (`resolved`): manifest.json `scenario`, hashed into the run id. The same scenario and
 * seed give the same bytes from any working directory and wherever the checkout lives.
 */
export function runIdentity(spec: RunSpec): RunSpec {
  return spec.workload ? { ...spec, workload: workloadIdentity(spec.workload) } : spec;
}

export function runId(spec: RunSpec): string {
  return `seed-${seedInFileName(spec.seed)}-${sha256(canonicalJson(runIdentity(spec))).slice(0, 10)}`;
}

/**
 * The seed as a part of a directory name: a string seed may hold anything (`a/../../x` wrote the run
 * outside reports/), so characters other than letters, digits, `.`, `_` and `-` become `_`, and a
 * long one is cut. The hash after it, of the whole spec, still tells such seeds apart.
 */
function seedInFileName(seed: string | number): string {
  return String(seed).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40);
}

export function defaultOutDir(spec: RunSpec): string {
  return join('reports', spec.name, runId(spec));
}

export function runScenario(spec: RunSpec, opts: RunOptions = {}): RunResult {
  return prepareRun(spec, opts).complete([]);
}

/**
 * Like runScenario, and `writeOutputs(stageDir, metrics)` adds files (e.g. the report) to the staged
 * run directory before it is renamed into place; it returns their paths relative to the directory.
 */
export async function runScenarioWithOutputs(
  spec: RunSpec, opts: RunOptions, writeOutputs: (dir: string, metrics: MetricsResult) => Promise<string[]>,
): Promise<RunResult> {
  const run = prepareRun(spec, opts);
  let extra: string[] = [];
  try {
    if (run.stageDir) extra = await writeOutputs(run.stageDir, run.metrics);
  } catch (e) {
    // The simulation is done and its outputs are staged: keep them (the report can be written again
    // from metrics.json with `clustersim report`) rather than lose a long run to a report problem.
    throw new ReportFailedError(run.complete([]), e);
  }
  return run.complete(extra);
}

/** The run directory was written, but not its report (report.html, charts/, tables/). */
export class ReportFailedError extends Error {
  readonly result: RunResult;
  override readonly cause: unknown;
  constructor(result: RunResult, cause: unknown) {
    super(`the report could not be written: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.result = result;
    this.cause = cause;
  }
}

function prepareRun(spec: RunSpec, opts: RunOptions): { stageDir: string | null; metrics: MetricsResult; complete(extra: string[]): RunResult; abort(): void } {
  const started = performance.now(); // wall-clock: timing.json only, never hashed
  const inputs = [...(opts.inputs ?? []).map((i) => i.path), ...(spec.workload?.sources ?? []).flatMap((s) => (s.kind === 'trace' && s.resolved ? [s.resolved] : []))];
  const stage = opts.outDir ? stageDirectory(opts.outDir, opts.force ?? false, undefined, inputs) : null;
  try {
    const log = stage || opts.keepEvents || opts.digest !== false
      ? new EventLogWriter(stage ? join(stage.dir, 'events.jsonl') : null, opts.keepEvents ?? false)
      : new EventLineCounter();
    const metricsSink = attachCollector.deferred();
    const built = buildSimulation(spec, [log, metricsSink], { wrapScheduler: opts.wrapScheduler });
    const collector = attachCollector(built, spec, metricsSink);
    const stats = built.sim.run(spec.untilMs, opts.onProgress ? (now) => opts.onProgress!(now, spec.untilMs, built.sim.eventsDispatched) : undefined);
    const metrics = collector.finish(stats.endMs);
    const digest = log.finish();
    const base = buildSummary({
      scenario: spec.name, seed: spec.seed, simulatedMs: stats.endMs, master: built.master, allocation: collector.allocation, utilization: collector.utilization, waits: collector.waits, events: log.lines,
    });
    const summary = { ...metrics.summary, ...base, ...built.summaryExtras?.() }; // issue 4: oversubscription
    const simWallMs = performance.now() - started;
    const id = runId(spec);
    if (stage) {
      writeFileAtomic(join(stage.dir, 'summary.json'), canonicalJson(summary, 2) + '\n');
      // in pieces: a replay with a row per task would otherwise build a sorted copy and one string of tens of MB
      writeChunksAtomic(join(stage.dir, 'metrics.json'), metricsJsonChunks(metrics));
    }
    const complete = (extra: string[]): RunResult => {
      const wallMs = performance.now() - started;
      if (stage && opts.outDir) try {
        const outputs = [...new Set(['events.jsonl', 'manifest.json', 'metrics.json', 'summary.json', 'timing.json', ...extra])].sort();
        const manifest = {
          tool: { name: 'clustersim', version: toolVersions().tool },
          dependencies: toolVersions().dependencies,
          node: process.version,
          runId: id,
          seed: spec.seed,
          rng: 'seedrandom.alea, child seed = sha256(clustersim/<seed>/<stream>)',
          scenario: runIdentity(spec),
          inputs: [
            ...(opts.inputs ?? []).map((i) => ({ path: i.path, sha256: sha256(i.text) })),
            ...(built.workload?.inputs ?? []), // issue 6: trace files (bytes as stored) and their sorted copies
          ],
          outputs,
          eventLog: { lines: log.lines, sha256: digest },
        };
        writeFileAtomic(join(stage.dir, 'manifest.json'), canonicalJson(manifest, 2) + '\n');
        writeFileAtomic(join(stage.dir, 'timing.json'), JSON.stringify({
          wallMs: Math.round(wallMs), simulationWallMs: Math.round(simWallMs), events: stats.events,
          eventsPerSecond: Math.round(stats.events / Math.max(simWallMs / 1000, 1e-9)),
        }, null, 2) + '\n');
        stage.commit();
      } catch (e) { stage.abort(); throw e; }
      return { runId: id, digest, summary, events: log.kept, outDir: opts.outDir ?? null, wallMs, eventsDispatched: stats.events, metrics, traceDiagnostics: built.workload?.diagnostics ?? null };
    };
    return { stageDir: stage?.dir ?? null, metrics, complete, abort: () => stage?.abort() };
  } catch (e) {
    stage?.abort();
    throw e;
  }
}

/** metrics.json: canonicalJson(metrics) and a newline, in pieces. */
function* metricsJsonChunks(metrics: MetricsResult): Generator<string> {
  yield* canonicalJsonChunks(metrics);
  yield '\n';
}

