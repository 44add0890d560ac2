/**
 * All run metrics in one observer: wires the probes to the event stream and the kernel's time
 * advances, and at the end turns them into a plain, JSON-serialisable MetricsResult (metrics.json),
 * from which the report layer builds charts, tables and report.html without the simulation.
 *
 *   events ─┬─ AllocationProbe (allocation integrals, dominant shares)
 *           ├─ UtilizationProbe (5-state utilization per resource)
 *           ├─ ShareProbe (share series, Jain, max–min gap, sharing incentive, quota)
 *           ├─ TaskProbe (tasks, jobs, offers per framework, agents)
 *           ├─ WaitProbe (submit → launch)
 *           └─ AvailabilityProbe (services exposing wantedInstances())
 *
 * Observers only: nothing here schedules events, draws random numbers or calls into the master
 * except to read state.
 */
import { replayCard, type ReplaySource } from './replay-card.ts';
import type { WorkloadSpec } from '../workload/replay/spec.ts';
import type { EventFields, EventSink } from '../core/event-sink.ts';
import type { Master } from '../master/master.ts';
import { AllocationProbe } from './allocation-probe.ts';
import { AvailabilityProbe } from './availability-probe.ts';
import { buildMetricsResult, type MetricsResult } from './metrics-result.ts';
import type { FailureFacts } from './failure-cards.ts';
import { ShareProbe } from './share-probe.ts';
import { TaskProbe } from './task-probe.ts';
import type { UsageSource } from './usage-source.ts';
import { UtilizationProbe } from './utilization-probe.ts';
import { WaitProbe } from './wait-probe.ts';

/** A probe may declare which event types it reads; the collector then routes only those to it. */
export interface RoutedSink extends EventSink {
  wants?(type: string): boolean;
}

export interface CollectorOptions {
  readonly scenario: string;
  readonly seed: string | number;
  readonly roles?: readonly string[];
  readonly weights?: Readonly<Record<string, number>>;
  /** Sharing-incentive tolerance: shortfalls up to this long are not violations (default: one allocation interval). */
  readonly allocationIntervalMs?: number;
  readonly usage?: UsageSource | null;
  /** The run's failure probe (failure-probe.ts), when it models failures or maintenance. */
  readonly failures?: FailureSource | null;
  /** Bound on the segments kept per series group (default 1500). */
  readonly maxSegments?: number;
  /** The trace diagnostics of a run with a `workload` (error and warning counts, read at the end). */
  readonly traceDiagnostics?: TraceDiagnosticCounts | null;
  /** A run with a `workload`: the feed's counts and the trace files, read at the end for the replay card (replay-card.ts). */
  readonly replay?: { readonly source: ReplaySource; readonly spec: WorkloadSpec } | null;
}

/** What the metrics read of a workload's trace diagnostics (src/workload/diagnostics.ts DiagnosticSink). */
export interface TraceDiagnosticCounts {
  readonly errors: number;
  readonly warnings: number;
  /** Google trace files whose times look like seconds or milliseconds, not µs (CS6015). */
  readonly timeUnitFiles?: number;
}

/** What the metrics read from the failure probe: summary.json's `failures` and the physical availability steps. */
export interface FailureSource {
  summary(endMs: number): Record<string, unknown>;
  availabilityRows(): { tMs: number; service: string; fraction: number }[];
}

export class MetricsCollector implements EventSink {
  readonly allocation: AllocationProbe;
  readonly utilization: UtilizationProbe;
  readonly shares: ShareProbe;
  readonly tasks: TaskProbe;
  readonly waits: WaitProbe;
  readonly availability: AvailabilityProbe;
  private readonly master: Master;
  private readonly opts: CollectorOptions;
  private readonly sinks: RoutedSink[];
  /** event type → the probes that look at it (filter and allocation-run records go to none) */
  private readonly routes = new Map<string, EventSink[]>();
  private startMs: number | null = null;

  constructor(master: Master, opts: CollectorOptions) {
    this.master = master;
    this.opts = opts;
    this.allocation = new AllocationProbe(master);
    this.utilization = new UtilizationProbe(master, opts.usage ?? null, opts.maxSegments);
    this.shares = new ShareProbe(master, this.allocation, {
      roles: opts.roles, weights: opts.weights, toleranceMs: opts.allocationIntervalMs ?? 0, maxSegments: opts.maxSegments,
    });
    this.tasks = new TaskProbe(master);
    this.waits = new WaitProbe();
    this.availability = new AvailabilityProbe(master, opts.maxSegments);
    this.sinks = [this.allocation, this.utilization, this.shares, this.tasks, this.waits, this.availability];
  }

  emit(t: number, type: string, fields: EventFields): void {
    let route = this.routes.get(type);
    if (route === undefined) {
      route = this.sinks.filter((s) => s.wants === undefined || s.wants(type));
      this.routes.set(type, route);
    }
    for (let i = 0; i < route.length; i++) route[i].emit(t, type, fields);
  }

  /** The kernel's onAdvance hook: state is constant on [fromMs, toMs). */
  advance(fromMs: number, toMs: number): void {
    if (this.startMs === null) this.startMs = fromMs;
    this.allocation.advance(fromMs, toMs);
    this.utilization.advance(fromMs, toMs);
    this.shares.advance(fromMs, toMs);
    this.availability.advance(fromMs, toMs);
  }

  /** Close the books at `endMs` (after the last advance) and build the plain result. */
  finish(endMs: number): MetricsResult {
    this.allocation.finish();
    this.shares.finish(endMs);
    this.tasks.finish(endMs);
    return buildMetricsResult({
      scenario: this.opts.scenario, seed: this.opts.seed, startMs: this.startMs ?? 0, endMs, master: this.master,
      allocation: this.allocation, utilization: this.utilization, shares: this.shares, tasks: this.tasks,
      waits: this.waits, availability: this.availability,
      replay: this.opts.replay ? replayCard(this.opts.replay.source, this.opts.replay.spec) : null,
      traceDiagnostics: this.opts.traceDiagnostics
        ? { errors: this.opts.traceDiagnostics.errors, warnings: this.opts.traceDiagnostics.warnings, timeUnitFiles: this.opts.traceDiagnostics.timeUnitFiles ?? 0 } : null,
      failures: this.opts.failures ? { facts: (this.opts.failures.summary(endMs).failures ?? {}) as FailureFacts, rows: this.opts.failures.availabilityRows() } : null,
    });
  }
}
