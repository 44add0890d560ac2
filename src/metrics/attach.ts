/**
 * Wire a MetricsCollector into a built simulation: it receives the event stream (through a sink
 * handed to buildSimulation before the master exists, replaying anything emitted meanwhile) and the
 * kernel's time advances (chained after any onAdvance hook already installed).
 *
 * A usage model is picked up when the built simulation carries one as `usage` with the shape of
 * UsageSource (usage-source.ts); otherwise tasks use exactly what they requested.
 */
import type { ReplaySource } from './replay-card.ts';
import type { EventFields, EventSink } from '../core/event-sink.ts';
import type { Simulation } from '../kernel/simulation.ts';
import type { Master } from '../master/master.ts';
import type { RunSpec } from '../scenario/run-spec.ts';
import { MetricsCollector, type FailureSource, type TraceDiagnosticCounts } from './collector.ts';
import type { UsageSource } from './usage-source.ts';

/** Buffers events until a target is attached, then forwards. */
export class DeferredSink implements EventSink {
  private target: EventSink | null = null;
  private buffer: [number, string, EventFields][] = [];
  emit(t: number, type: string, fields: EventFields): void {
    if (this.target) this.target.emit(t, type, fields);
    else this.buffer.push([t, type, fields]);
  }
  attach(target: EventSink): void {
    this.target = target;
    for (const [t, type, fields] of this.buffer) target.emit(t, type, fields);
    this.buffer = [];
  }
}

export interface Attachable {
  readonly sim: Simulation;
  readonly master: Master;
}

/** The failure probe of a run with `failures` (experiment/install-failures.ts), duck-typed. */
function failuresOf(built: Attachable): FailureSource | null {
  const p = (built as { failures?: { probe?: Partial<FailureSource> } | null }).failures?.probe;
  return p && typeof p.summary === 'function' && typeof p.availabilityRows === 'function' ? (p as FailureSource) : null;
}

/** The trace diagnostics of a run with a workload (workload/replay/install.ts), duck-typed. */
function traceDiagnosticsOf(built: Attachable): TraceDiagnosticCounts | null {
  const d = (built as { workload?: { diagnostics?: Partial<TraceDiagnosticCounts> | null } | null }).workload?.diagnostics;
  return d && typeof d.errors === 'number' && typeof d.warnings === 'number' ? (d as TraceDiagnosticCounts) : null;
}

/** The feed's counts and trace files of a run with a workload (workload/replay/install.ts), duck-typed. */
function replayOf(built: Attachable, spec: RunSpec): { source: ReplaySource; spec: NonNullable<RunSpec['workload']> } | null {
  const w = (built as { workload?: { feed?: { stats?: ReplaySource['stats'] } | null; inputs?: ReplaySource['inputs'] } | null }).workload;
  const stats = w?.feed?.stats;
  if (!spec.workload || !stats || typeof stats.records !== 'number' || !Array.isArray(w!.inputs)) return null;
  const feed = w!.feed!;
  return { source: { get stats() { return feed.stats!; }, inputs: w!.inputs! }, spec: spec.workload };
}

function usageOf(built: Attachable): UsageSource | null {
  const u = (built as { usage?: unknown }).usage as Partial<UsageSource> | undefined | null;
  return u && u.agents instanceof Map && typeof u.onChange === 'function' ? (u as UsageSource) : null;
}

export function attachCollector(built: Attachable, spec: RunSpec, sink: DeferredSink, maxSegments?: number): MetricsCollector {
  const roles = [...new Set(spec.frameworks.flatMap((f) => f.roles))];
  const collector = new MetricsCollector(built.master, {
    scenario: spec.name, seed: spec.seed, roles, weights: spec.master.weights,
    allocationIntervalMs: spec.master.allocationIntervalMs, usage: usageOf(built), failures: failuresOf(built), maxSegments,
    traceDiagnostics: traceDiagnosticsOf(built), replay: replayOf(built, spec),
  });
  sink.attach(collector);
  const prev = built.sim.onAdvance;
  built.sim.onAdvance = prev
    ? (from, to) => { prev(from, to); collector.advance(from, to); }
    : (from, to) => collector.advance(from, to);
  return collector;
}

attachCollector.deferred = (): DeferredSink => new DeferredSink();
