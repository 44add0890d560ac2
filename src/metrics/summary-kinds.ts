/**
 * What each number of summary.json is, declared: the table `check --golden` judges by
 * (src/experiment/metric-kind.ts, golden.ts) instead of guessing from the metric's name.
 *
 * - `duration`: milliseconds (a time span or a time stamp): exact by default, takes `--tolerance`;
 * - `count`: a number of things (tasks, offers, events, instances): exact unless
 *   `--tolerance-counts` (one task more is a behaviour change, not noise);
 * - `quantity`: a fraction, share, time-weighted mean, resource amount, rate, cpu- or task-seconds:
 *   rounding only by default, takes `--tolerance` even when it happens to be whole;
 * - `setting`: a figure of the scenario's configuration echoed into the summary (seed, an SLO, a
 *   quota, a decision time): exact under every kind's band (only a `--tolerance-path` bands it).
 *
 * Patterns are summary.json paths, one key per segment; `*` is any one key (a role, framework,
 * service, resource, task state or cause, an array index). Every numeric leaf of a built-in
 * scenario's summary must match one (test/experiment/summary-kinds.test.ts runs some and reads the
 * committed goldens): a new metric without a declared kind fails CI. A path matching none (a
 * plugin's own section) is judged by its name as before (metric-kind.ts `guessedKind`).
 */
export type MetricKind = 'duration' | 'count' | 'quantity' | 'setting';

/** [pattern, kind] by section, in the order buildSummary and the probes write them. */
export const SUMMARY_METRIC_KINDS: readonly (readonly [string, MetricKind])[] = [
  ['seed', 'setting'],
  ['simulatedMs', 'duration'],
  ['events', 'count'],
  ['allocationRuns', 'count'],
  ['makespanMs', 'duration'],
  ['timeBelowQuotaGuaranteeMs', 'duration'],
  // cluster, roles, frameworks (summary.ts)
  ['cluster.agents', 'count'],
  ['cluster.cpus', 'quantity'],
  ['cluster.mem', 'quantity'],
  ['cluster.meanAllocated.*', 'quantity'],
  ...['roles', 'frameworks'].flatMap((s) => ['end', 'mean', 'max'].map((k) => [`${s}.*.${k}.*`, 'quantity'] as const)),
  ...['launched', 'finished', 'failed', 'running', 'waitingAtEnd'].map((k) => [`tasks.${k}`, 'count'] as const),
  ...['made', 'accepted', 'declined', 'rescinded', 'filtered', 'filtersInstalled'].map((k) => [`offers.${k}`, 'count'] as const),
  ...['throttled', 'dropped', 'frameworkErrors'].map((k) => [`calls.${k}`, 'count'] as const),
  // waits (summary.ts waitFigures)
  ...['waitMs', 'waitMs.byFramework.*'].flatMap((p) => [
    [`${p}.count`, 'count'] as const,
    ...['mean', 'p50', 'p95', 'p99'].map((k) => [`${p}.${k}`, 'duration'] as const),
  ]),
  ['waitMs.byFramework.*.waitingAtEnd', 'count'],
  // quota (summary.ts quotaSection): guarantee and limit are the scenario's, consumption measured
  ['quota.*.guarantee.*', 'setting'],
  ['quota.*.limit.*', 'setting'],
  ['quota.*.consumedEnd.*', 'quantity'],
  // metrics-result.ts
  ['utilizationStates.*.*', 'quantity'],
  ['fairness.jainMean', 'quantity'],
  ['fairness.maxMinGapMean', 'quantity'],
  ['fairness.definedMs', 'duration'],
  ['fairness.singleRoleMs', 'duration'],
  ['sharingIncentive.rolesWithDemand', 'count'],
  ['sharingIncentive.byRole.*.fairShare', 'quantity'],
  ['sharingIncentive.byRole.*.demandMs', 'duration'],
  ['sharingIncentive.byRole.*.belowFairShareMs', 'duration'],
  ['sharingIncentive.byRole.*.belowQuotaGuaranteeMs', 'duration'],
  ['sharingIncentive.byRole.*.violations', 'count'],
  ['jobs.observed', 'count'],
  ['jobs.completed', 'count'],
  ...['p50', 'p95', 'p99'].map((k) => [`jobs.completionMs.${k}`, 'duration'] as const),
  ['availability.mean', 'quantity'],
  ['availability.services.*.mean', 'quantity'],
  ['availability.services.*.fullyAvailable', 'quantity'],
  // stateful-stats.ts (and the stateful model's statefulStats)
  ...['stateful', 'stateful.byFramework.*'].flatMap((p) => [
    ...['failures', 'relaunches', 'relaunchesOnVolume', 'volumesCreated', 'rebuilds', 'rebuildsCompleted'].map((k) => [`${p}.${k}`, 'count'] as const),
    [`${p}.rebuildMs`, 'duration'] as const,
    [`${p}.downMs`, 'duration'] as const,
  ]),
  ...['instances', 'serving', 'volumesReplaced', 'volumesDestroyed'].map((k) => [`stateful.byFramework.*.${k}`, 'count'] as const),
  ['stateful.byFramework.*.inverseOffers.*', 'count'],
  ['stateful.byFramework.*.byInstance.*.downMs', 'duration'],
  // analytics-stats.ts
  ...['jobsSubmitted', 'jobsCompleted', 'jobsOpen', 'tasksRun'].map((k) => [`analytics.*.${k}`, 'count'] as const),
  ...['mean', 'p50', 'p95', 'max'].map((k) => [`analytics.*.jobCompletionMs.${k}`, 'duration'] as const),
  ...['nodeLocal', 'nonLocal', 'noPreference'].map((k) => [`analytics.*.locality.${k}`, 'count'] as const),
  ['analytics.*.locality.nodeLocalShare', 'quantity'],
  ['analytics.*.executors.*', 'count'],
  // failure-probe.ts
  ['failures.availability.*.wanted', 'count'],
  ['failures.availability.*.slo', 'setting'],
  ['failures.availability.*.measuredFromMs', 'duration'],
  ['failures.availability.*.mean', 'quantity'],
  ['failures.availability.*.min', 'quantity'],
  ['failures.availability.*.belowSloMs', 'duration'],
  ['failures.tasksEnded.byState.*', 'count'],
  ['failures.tasksEnded.byCause.*', 'count'],
  ['failures.events.*', 'count'],
  ['failures.tasksGoneAfterUnreachable', 'count'],
  ['failures.agentStateMs.*', 'duration'],
  ['failures.tasksLost', 'count'],
  ['failures.tasksLostByCause.*', 'count'],
  ['failures.tasksKilled', 'count'],
  ...['failedAtMs', 'electedAtMs', 'resumedAtMs'].map((k) => [`failures.masterFailovers.*.${k}`, 'duration'] as const),
  ['failures.masterFailoverCount', 'count'],
  ['failures.frameworksRemoved.*.atMs', 'duration'],
  ['failures.frameworksRemoved.*.tasksKilled', 'count'],
  ['failures.frameworksRemovedCount', 'count'],
  ['failures.tasksKilledOnFailoverTimeout', 'count'],
  ['failures.maintenance.inverseOffers.*', 'count'],
  ['failures.maintenance.machinesScheduled', 'count'],
  ['failures.maintenance.drainMs.drained', 'count'],
  ['failures.maintenance.drainMs.forcedDown', 'count'],
  ...['mean', 'p50', 'max'].map((k) => [`failures.maintenance.drainMs.${k}`, 'duration'] as const),
  ...['batches', 'machines', 'batchesDone', 'tasksAtDown'].map((k) => [`failures.upgrade.${k}`, 'count'] as const),
  ...['startedAtMs', 'finishedAtMs', 'fleetMs'].map((k) => [`failures.upgrade.${k}`, 'duration'] as const),
  // reconciliation-probe.ts
  ['killAnswers.answered', 'count'],
  ['killAnswers.dropped', 'count'],
  ['killAnswers.byState.*', 'count'],
  ['reconcileAnswers.answered', 'count'],
  ['reconcileAnswers.unanswered', 'count'],
  ['reconcileAnswers.byState.*', 'count'],
  // src/experiment/offer-model.ts
  ...['attempted', 'committed', 'conflicts'].map((k) => [`offerModel.launches.${k}`, 'count'] as const),
  ['offerModel.launches.conflictRate', 'quantity'],
  ['offerModel.accepts.validated', 'count'],
  ['offerModel.accepts.conflicted', 'count'],
  ['offerModel.launchesPerHour', 'quantity'],
  ...['launched', 'attempted', 'conflicts'].map((k) => [`offerModel.frameworks.*.${k}`, 'count'] as const),
  ...['conflictRate', 'launchesPerHour', 'busyFraction'].map((k) => [`offerModel.frameworks.*.${k}`, 'quantity'] as const),
  ['offerModel.frameworks.*.busyMs', 'duration'],
  ['offerModel.central.decision.perJobMs', 'setting'],
  ['offerModel.central.decision.perTaskMs', 'setting'],
  ['offerModel.central.decision.frameworks.*.*', 'setting'],
  ['offerModel.central.busyMs', 'duration'],
  ['offerModel.central.utilization', 'quantity'],
  ...['decisions', 'requeued', 'jobs', 'tasks', 'launched'].map((k) => [`offerModel.central.${k}`, 'count'] as const),
  ...['maxJobs', 'maxTasks', 'endJobs', 'endTasks'].map((k) => [`offerModel.central.queue.${k}`, 'count'] as const),
  ['offerModel.central.queue.meanJobs', 'quantity'],
  ['offerModel.central.queue.meanTasks', 'quantity'],
  ...['jobs', 'tasks', 'decisions', 'launched'].map((k) => [`offerModel.central.frameworks.*.${k}`, 'count'] as const),
  ['offerModel.central.frameworks.*.busyMs', 'duration'],
  // oversubscription-probe.ts
  ['oversubscription.reports', 'count'],
  ['oversubscription.utilization.*.*', 'quantity'],
  ['oversubscription.revocableTasksLaunched', 'count'],
  ['oversubscription.revocations.corrections', 'count'],
  ['oversubscription.revocations.tasksKilled', 'count'],
  ['oversubscription.revocations.taskSecondsLost', 'quantity'],
  ['oversubscription.revocations.byState.*', 'count'],
  ['oversubscription.revocableGoodput.tasksFinished', 'count'],
  ['oversubscription.revocableGoodput.taskSeconds', 'quantity'],
  ['oversubscription.revocableGoodput.cpuSeconds', 'quantity'],
  ['oversubscription.timeToReclaimMs.count', 'count'],
  ...['mean', 'p50', 'max'].map((k) => [`oversubscription.timeToReclaimMs.${k}`, 'duration'] as const),
  // trace replay (src/workload/replay/install.ts, start-after-gate.ts, frameworks/trace-replay.ts)
  ...['records', 'invalidLines', 'traceWarnings', 'tasksSubmitted', 'tasksEnded', 'agentsAdded', 'agentsRemoved', 'sampledOut', 'unmapped',
    'withoutRequest', 'late', 'dependencyDelayed', 'peakDependencyHeld', 'endedBeforeWindow', 'shortenedAtWindow', 'aboveNormalizedRange',
    'timesNotMicroseconds', // H-workloads, session 11 (trace files whose times are not in µs)
  ].map((k) => [`replay.feed.${k}`, 'count'] as const),
  ['replay.feed.allocSets.*', 'count'],
  ...['heldMsTotal', 'heldMsMean', 'heldMsMax'].map((k) => [`replay.feed.startAfter.${k}`, 'duration'] as const),
  ...['collectionsHeld', 'tasksHeld', 'released', 'cancelledWhileHeld', 'heldAtEnd', 'peakHeld', 'collectionsHeldAtEnd', 'collectionsWaitingOnTraceAtEnd',
    'dependenciesEnded', 'dependenciesUnseen', 'unseenSeenLater', 'unseenDroppedAtTraceStart', 'cycles',
  ].map((k) => [`replay.feed.startAfter.${k}`, 'count'] as const),
  ['replay.frameworks.*.*', 'count'],
];

/** The declared kind of a summary.json number at `keys` (its path split into keys), or undefined when no pattern covers it. */
export function declaredKind(keys: readonly string[]): MetricKind | undefined {
  const p = declaringPatterns(keys)[0];
  return p === undefined ? undefined : p[1];
}

/** Every pattern covering `keys` (the test wants exactly one per metric: the table has no overlaps). */
export function declaringPatterns(keys: readonly string[]): (readonly [string, MetricKind])[] {
  const out: (readonly [string, MetricKind])[] = [];
  for (const entry of index().get(keys.length) ?? []) {
    if (entry.segs.every((s, i) => s === '*' || s === keys[i])) out.push(entry.declared);
  }
  return out;
}

interface Entry { readonly segs: readonly string[]; readonly declared: readonly [string, MetricKind] }
let byLength: Map<number, Entry[]> | null = null;
/** The patterns by number of keys (a pattern matches paths of its own length only). */
function index(): Map<number, Entry[]> {
  if (byLength !== null) return byLength;
  const m = new Map<number, Entry[]>();
  for (const declared of SUMMARY_METRIC_KINDS) {
    const segs = declared[0].split('.');
    const list = m.get(segs.length) ?? [];
    list.push({ segs, declared });
    m.set(segs.length, list);
  }
  byLength = m;
  return m;
}
