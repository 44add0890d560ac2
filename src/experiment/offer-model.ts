/**
 * Story 14 and the monolithic baseline at build time: RunSpec.master.offerModel → the master's
 * offer model, and the `offerModel` section of summary.json (docs/outputs.md, docs/offer-models.md).
 * A no-op (no section, the master untouched) when the scenario does not set `master.offerModel`.
 */
import type { FanOutSink } from '../core/event-sink.ts';
import { roundSig } from '../core/canonical-json.ts';
import { Deliberation } from '../frameworks/think-time.ts';
import type { Master } from '../master/master.ts';
import type { RunSpec } from '../scenario/run-spec.ts';

export type SummaryExtras = (() => Record<string, unknown>) | null;

/**
 * Switch the master to the configured model and return the summary section builder (null without
 * `master.offerModel`). Must run before the first allocation.
 */
export function installOfferModel(master: Master, spec: RunSpec, sink: FanOutSink, endMs: () => number): SummaryExtras {
  const m = spec.master.offerModel;
  if (!m) return null;
  if (m.type === 'optimistic') master.useOptimisticOffers({ transactions: m.transactions });
  if (m.type === 'monolithic') master.useMonolithicScheduler({ decision: { perJobMs: m.decision.perJobMs, perTaskMs: m.decision.perTaskMs }, frameworks: m.decision.frameworks });
  const launched = new Map<string, number>();
  sink.add({ emit: (_t, type, f) => { if (type === 'task.launched') launched.set(String(f.framework), (launched.get(String(f.framework)) ?? 0) + 1); } });
  return () => offerModelSummary(master, m.type, m.type === 'monolithic' ? '' : m.transactions, launched, endMs());
}

/**
 * Scheduler busy time: the framework models' think time (src/frameworks/think-time.ts), summed
 * over every offer batch they deliberated on; null for schedulers without a think-time model.
 */
function busyMsOf(scheduler: unknown): number | null {
  const think = (scheduler as { think?: unknown }).think;
  return think instanceof Deliberation ? think.busyMs : null;
}

function offerModelSummary(
  master: Master, type: 'pessimistic' | 'optimistic' | 'monolithic', transactions: string, launched: ReadonlyMap<string, number>, T: number,
): Record<string, unknown> {
  const o = master.optimistic;
  const rate = (a: number, b: number) => (b > 0 ? roundSig(a / b) : 0);
  let committedAll = 0;
  for (const n of launched.values()) committedAll += n;
  const totals = o ? o.totals : { attempted: committedAll, committed: committedAll, conflicts: 0, transactions: 0, conflictedTransactions: 0 };
  const frameworks: Record<string, unknown> = {};
  const ids = new Set<string>([...master.frameworks.keys(), ...launched.keys()]);
  for (const id of [...ids].sort()) {
    const c = o?.byFramework.get(id);
    const committed = launched.get(id) ?? 0;
    const attempted = c ? c.attempted : committed;
    const conflicts = c ? c.conflicts : 0;
    const fw = master.frameworks.get(id);
    // Decision time within the run, as the central total counts it (a decision running at the end counts up to it).
    const busyMs = master.monolithic ? roundSig(master.monolithic.frameworkBusyMsUntil(id, T)) : fw ? busyMsOf(fw.scheduler) : null;
    frameworks[id] = {
      launched: committed, attempted, conflicts, conflictRate: rate(conflicts, attempted),
      launchesPerHour: T > 0 ? roundSig(committed / (T / 3_600_000)) : 0,
      busyMs, busyFraction: busyMs === null || T <= 0 ? null : roundSig(busyMs / T),
    };
  }
  return {
    offerModel: {
      type,
      ...(type === 'optimistic' ? { transactions } : {}),
      launches: { attempted: totals.attempted, committed: o ? totals.committed : committedAll, conflicts: totals.conflicts, conflictRate: rate(totals.conflicts, totals.attempted) },
      ...(o ? { accepts: { validated: totals.transactions, conflicted: totals.conflictedTransactions } } : {}),
      launchesPerHour: T > 0 ? roundSig(committedAll / (T / 3_600_000)) : 0,
      frameworks,
      ...(master.monolithic ? { central: centralSummary(master, T) } : {}),
    },
  };
}

/** The monolithic baseline's central scheduler: busy time, decisions, queue length (docs/outputs.md). */
function centralSummary(master: Master, T: number): Record<string, unknown> {
  const c = master.monolithic!;
  c.touch();
  const s = c.stats;
  const busyMs = c.busyMsUntil(T);
  const mean = (x: number) => (T > 0 ? roundSig(x / T) : 0);
  const frameworks: Record<string, unknown> = {};
  for (const id of [...c.byFramework.keys()].sort()) {
    const f = c.byFramework.get(id)!;
    frameworks[id] = { jobs: f.jobs, tasks: f.tasks, decisions: f.decisions, launched: f.launched, busyMs: c.frameworkBusyMsUntil(id, T) };
  }
  return {
    decision: { perJobMs: c.options.decision.perJobMs, perTaskMs: c.options.decision.perTaskMs, frameworks: c.options.frameworks },
    busyMs, utilization: T > 0 ? roundSig(busyMs / T) : 0,
    decisions: s.decisions, requeued: s.requeued, jobs: s.jobs, tasks: s.tasks, launched: s.launched,
    queue: { maxJobs: s.maxQueueJobs, meanJobs: mean(s.jobMs), maxTasks: s.maxQueueTasks, meanTasks: mean(s.taskMs), endJobs: c.queueLength().jobs, endTasks: c.queueLength().tasks },
    frameworks,
  };
}
