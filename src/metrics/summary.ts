/**
 * summary.json: the headline numbers of a run, canonical and rounded to 9 significant digits so
 * that goldens compare byte for byte. Quantities are in natural units (cpus, MiB), times in ms.
 */
import { roundSig } from '../core/canonical-json.ts';
import type { Master } from '../master/master.ts';
import type { AllocationProbe, AllocationStats } from './allocation-probe.ts';
import type { UtilizationProbe } from './utilization-probe.ts';
import type { WaitPercentiles, WaitProbe } from './wait-probe.ts';
import { statefulSection } from './stateful-stats.ts';
import { analyticsSection } from './analytics-stats.ts';
import { waitingAtEnd } from './scheduler-metrics.ts';

export interface SummaryInput {
  readonly scenario: string;
  readonly seed: string | number;
  readonly simulatedMs: number;
  readonly master: Master;
  readonly allocation: AllocationProbe;
  /** Non-revocable allocation against capacity (`cluster.meanAllocated`). */
  readonly utilization: Pick<UtilizationProbe, 'meanHeld'>;
  readonly waits: WaitProbe;
  readonly events: number;
}

export function buildSummary(x: SummaryInput): Record<string, unknown> {
  const T = x.simulatedMs;
  const stats = (m: Map<string, AllocationStats>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, s]) => [k, {
    end: { cpus: s.endCpus / 1000, mem: s.endMem / 1000, dominantShare: roundSig(s.endShare) },
    mean: T > 0
      ? { cpus: roundSig(s.cpusMs / 1000 / T), mem: roundSig(s.memMs / 1000 / T), dominantShare: roundSig(s.shareMs / T) }
      : { cpus: 0, mem: 0, dominantShare: 0 },
    max: { cpus: s.maxCpus / 1000, mem: s.maxMem / 1000, dominantShare: roundSig(s.maxShare) },
  }]));
  const c = x.master.counters;
  const w = x.waits.percentiles();
  let running = 0;
  for (const t of x.master.tasks.values()) if (t.state === 'TASK_RUNNING') running++;
  // Work submitted but never launched within the run: not in the wait percentiles (they count launched
  // tasks only), so a policy that leaves more unplaced must not read as one with shorter waits.
  const waiting = waitingAtEnd(x.master);
  let waitingTotal = 0;
  for (const n of waiting.values()) waitingTotal += n;
  const byFw: Record<string, Record<string, number | null>> = {};
  const fwPercentiles = x.waits.frameworkPercentiles();
  for (const id of [...new Set([...Object.keys(fwPercentiles), ...[...waiting].filter(([, n]) => n > 0).map(([id]) => id)])].sort()) {
    const p = fwPercentiles[id];
    byFw[id] = { ...(p ? waitFigures(p) : { count: 0, mean: null, p50: null, p95: null, p99: null }), waitingAtEnd: waiting.get(id) ?? 0 };
  }
  return {
    scenario: x.scenario,
    seed: x.seed,
    simulatedMs: T,
    events: x.events,
    cluster: {
      agents: x.master.agents.size,
      cpus: (x.allocation.clusterTotal.get('cpus') ?? 0) / 1000,
      mem: (x.allocation.clusterTotal.get('mem') ?? 0) / 1000,
      // Non-revocable resources offered or allocated ÷ non-revocable capacity (docs/outputs.md); until
      // session 23 it was the role sorters' allocation, revocable included, over a total that counted them.
      meanAllocated: { cpus: roundSig(x.utilization.meanHeld('cpus')), mem: roundSig(x.utilization.meanHeld('mem')) },
    },
    roles: stats(x.allocation.roles),
    frameworks: stats(x.allocation.frameworks),
    tasks: { launched: c.tasksLaunched, finished: c.tasksFinished, failed: c.tasksFailed, running, waitingAtEnd: waitingTotal },
    offers: {
      made: c.offersMade, accepted: c.offersAccepted, declined: c.offersDeclined, rescinded: c.offersRescinded,
      filtered: x.master.allocator.filteredCandidates, filtersInstalled: c.filtersInstalled,
    },
    allocationRuns: c.allocationRuns,
    ...quotaSection(x.master),
    ...statefulSection(x.master, T), // story 16: stateful-stats.ts
    ...analyticsSection(x.master), // Spark-like jobs, invisible in the event log: analytics-stats.ts
    ...(x.master.rateLimiter ? { calls: { throttled: c.callsThrottled, dropped: c.callsDropped, frameworkErrors: c.frameworkErrors } } : {}),
    waitMs: {
      ...waitFigures(w),
      byFramework: byFw,
    },
  };
}

function waitFigures(w: WaitPercentiles): Record<string, number | null> {
  return { count: w.count, mean: w.mean === null ? null : roundSig(w.mean), p50: w.p50, p95: w.p95, p99: w.p99 };
}

/** Quota per role at the end of the run: guarantee, limit and consumption (mesos-semantics §3.3-3.4). */
function quotaSection(master: Master): Record<string, unknown> {
  if (master.quotas.size === 0) return {};
  const natural = (q: ReadonlyMap<string, number>) => Object.fromEntries([...q].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, v]) => [n, roundSig(v / 1000)]));
  const roles: Record<string, unknown> = {};
  for (const role of [...master.quotas.keys()].sort()) {
    const q = master.quotas.get(role)!;
    roles[role] = { guarantee: natural(q.guarantees), limit: natural(q.limits), consumedEnd: natural(master.allocator.consumedQuota(role)) };
  }
  return { quota: roles };
}
