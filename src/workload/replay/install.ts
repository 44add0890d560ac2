/**
 * Composition helper for build-simulation: the replay hub every trace-replay framework attaches
 * to, the scheduler factory for framework models, and the feed when the run has a workload.
 */
import type { EventSink } from '../../core/event-sink.ts';
import type { RngStreams } from '../../kernel/rng.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import type { Master } from '../../master/master.ts';
import type { Scheduler } from '../../master/scheduler.ts';
import { createModelScheduler } from '../../frameworks/models.ts';
import { ReplayHub } from '../../frameworks/replay-hub.ts';
import { attachWorkload, type TraceInput } from './attach.ts';
import type { ReplayFeed } from './feed.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import type { WorkloadSpec } from './spec.ts';

export interface InstalledWorkload {
  readonly hub: ReplayHub;
  readonly feed: ReplayFeed | null;
  /** Trace files the workload reads, with the sha256 of their bytes (manifest.json `inputs`). */
  readonly inputs: readonly TraceInput[];
  /** summary.json `replay`: what the feed read and what each replay framework did with it (null without a workload). */
  readonly summary: (() => Record<string, unknown>) | null;
  /** The trace diagnostics of the run (attach.ts), null without a workload. */
  readonly diagnostics: DiagnosticSink | null;
  /** A scheduler for a framework-model spec (service, cron, ...), or undefined for other types. */
  makeScheduler(frameworkId: string, roles: readonly string[], spec: { readonly type: string }): Scheduler | undefined;
}

export function installWorkload(o: {
  sim: Simulation; master: Master; rngs: RngStreams; events: EventSink; untilMs: number; workload: WorkloadSpec | undefined;
}): InstalledWorkload {
  const hub = new ReplayHub();
  const attached = o.workload ? attachWorkload({ sim: o.sim, master: o.master, hub, spec: o.workload, rngs: o.rngs, events: o.events, untilMs: o.untilMs }) : null;
  return {
    hub, feed: attached?.feed ?? null, inputs: attached?.inputs ?? [],
    summary: attached ? () => replaySummary(attached.feed, hub, attached.diagnostics) : null, diagnostics: attached?.diagnostics ?? null,
    makeScheduler: (frameworkId, roles, spec) => createModelScheduler(spec, {
      frameworkId, roles, rng: o.rngs.stream(`framework-model/${frameworkId}`), untilMs: o.untilMs, replayHub: hub,
    }),
  };
}

function replaySummary(feed: ReplayFeed, hub: ReplayHub, diagnostics: DiagnosticSink): Record<string, unknown> {
  const f = feed.stats;
  return {
    replay: {
      feed: {
        records: f.records, invalidLines: diagnostics.errors - diagnostics.aboveNormalizedFiles, traceWarnings: diagnostics.warnings, tasksSubmitted: f.tasksSubmitted, tasksEnded: f.tasksEnded, agentsAdded: f.agentsAdded, agentsRemoved: f.agentsRemoved,
        sampledOut: f.sampledOut, unmapped: f.unmapped, withoutRequest: f.withoutRequest, late: f.late,
        dependencyDelayed: f.dependencyDelayed, peakDependencyHeld: f.peakDependencyHeld,
        endedBeforeWindow: f.endedBeforeWindow, shortenedAtWindow: f.shortenedAtWindow,
        ...(f.startAfter ? { startAfter: { ...f.startAfter } } : {}),
        allocSets: { allocInstances: f.allocInstances, tasksInAllocs: f.tasksInAllocs },
        aboveNormalizedRange: diagnostics.aboveNormalized,
        timesNotMicroseconds: diagnostics.timeUnitFiles,
      },
      frameworks: hub.allStats(),
    },
  };
}
