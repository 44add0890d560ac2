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
 *   timing.json    wall-clock and events/s — the only non-deterministic file
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic, stageDirectory } from '../core/atomic-write.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import { sha256 } from '../core/hash.ts';
import { AllocationProbe } from '../metrics/allocation-probe.ts';
import { EventLogWriter } from '../metrics/event-log.ts';
import { buildSummary } from '../metrics/summary.ts';
import { WaitProbe } from '../metrics/wait-probe.ts';
import type { RunSpec } from '../scenario/run-spec.ts';
import { buildSimulation } from './build-simulation.ts';

export interface RunOptions {
  /** Write a run directory here; null = in memory only. */
  readonly outDir?: string | null;
  readonly force?: boolean;
  /** Keep event lines in memory (tests). */
  readonly keepEvents?: boolean;
  readonly inputs?: readonly { path: string; text: string }[];
  readonly onProgress?: (nowMs: number, untilMs: number, events: number) => void;
}

export interface RunResult {
  readonly runId: string;
  readonly digest: string;
  readonly summary: Record<string, unknown>;
  readonly events: readonly string[] | null;
  readonly outDir: string | null;
  readonly wallMs: number;
  readonly eventsDispatched: number;
}

export function runId(spec: RunSpec): string {
  return `seed-${String(spec.seed)}-${sha256(canonicalJson(spec)).slice(0, 10)}`;
}

export function defaultOutDir(spec: RunSpec): string {
  return join('reports', spec.name, runId(spec));
}

export function runScenario(spec: RunSpec, opts: RunOptions = {}): RunResult {
  const started = performance.now(); // wall-clock: timing.json only, never hashed
  const stage = opts.outDir ? stageDirectory(opts.outDir, opts.force ?? false) : null;
  try {
    const log = new EventLogWriter(stage ? join(stage.dir, 'events.jsonl') : null, opts.keepEvents ?? false);
    const waits = new WaitProbe();
    const built = buildSimulation(spec, [log, waits]);
    const allocation = new AllocationProbe(built.master);
    built.sink.add(allocation);
    const prevAdvance = built.sim.onAdvance;
    built.sim.onAdvance = prevAdvance ? (from, to) => { prevAdvance(from, to); allocation.advance(from, to); } : (from, to) => allocation.advance(from, to);
    const stats = built.sim.run(spec.untilMs, opts.onProgress ? (now) => opts.onProgress!(now, spec.untilMs, built.sim.eventsDispatched) : undefined);
    allocation.finish();
    const digest = log.finish();
    const summary = {
      ...buildSummary({ scenario: spec.name, seed: spec.seed, simulatedMs: stats.endMs, master: built.master, allocation, waits, events: log.lines }),
      ...built.summaryExtras?.(), // issue 4: oversubscription
    };
    const wallMs = performance.now() - started;
    const id = runId(spec);
    if (stage && opts.outDir) {
      writeFileAtomic(join(stage.dir, 'summary.json'), canonicalJson(summary, 2) + '\n');
      const outputs = ['events.jsonl', 'manifest.json', 'summary.json', 'timing.json'];
      const manifest = {
        tool: { name: 'clustersim', version: toolVersion() },
        node: process.version,
        runId: id,
        seed: spec.seed,
        rng: 'seedrandom.alea, child seed = sha256(clustersim/<seed>/<stream>)',
        scenario: spec,
        inputs: (opts.inputs ?? []).map((i) => ({ path: i.path, sha256: sha256(i.text) })),
        outputs,
        eventLog: { lines: log.lines, sha256: digest },
      };
      writeFileAtomic(join(stage.dir, 'manifest.json'), canonicalJson(manifest, 2) + '\n');
      writeFileAtomic(join(stage.dir, 'timing.json'), JSON.stringify({
        wallMs: Math.round(wallMs), events: stats.events, eventsPerSecond: Math.round(stats.events / Math.max(wallMs / 1000, 1e-9)),
      }, null, 2) + '\n');
      stage.commit();
    }
    return { runId: id, digest, summary, events: log.kept, outDir: opts.outDir ?? null, wallMs, eventsDispatched: stats.events };
  } catch (e) {
    stage?.abort();
    throw e;
  }
}

let cachedVersion: string | null = null;
function toolVersion(): string {
  if (cachedVersion === null) {
    const pkg = new URL('../../package.json', import.meta.url);
    cachedVersion = existsSync(pkg) ? (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version : '0.0.0';
  }
  return cachedVersion;
}
