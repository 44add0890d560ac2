/**
 * Optional, read-only accessors a framework's Scheduler may implement so the metrics layer can see
 * what only the framework knows. Structural (duck-typed): a scheduler without them is measured from
 * the event stream alone. Documented in docs/outputs.md, "What schedulers may expose".
 *
 * - `wantedInstances()`: a long-running service's desired instance count now — one number (the
 *   service is named after the framework) or a map service → count. Enables per-service availability
 *   (running ÷ wanted), evaluated before every time advance, so it is exact if it only changes inside
 *   scheduler callbacks (offers, status updates, timers).
 * - `runningInstances()`: running instances per service (needed with the map form; the number form
 *   counts the framework's running tasks).
 * - `queuedTasksOf(jobId)`: tasks of a job not yet launched; a job with queued tasks is not complete
 *   even when all its launched tasks have ended.
 */
export interface SchedulerMetricsView {
  wantedInstances?(): number | ReadonlyMap<string, number>;
  runningInstances?(): ReadonlyMap<string, number>;
  queuedTasksOf?(jobId: string): number;
}

/**
 * Work still queued per framework id at the end of a run (`Scheduler.pendingWork`: for the trace
 * replay, tasks submitted and not launched; 0 for a scheduler without it). summary.json
 * `tasks.waitingAtEnd` and `waitMs.byFramework.<id>.waitingAtEnd`.
 */
export function waitingAtEnd(master: { readonly frameworks: ReadonlyMap<string, { readonly scheduler: { pendingWork?(): number } }> }): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, fw] of master.frameworks) out.set(id, fw.scheduler.pendingWork?.() ?? 0);
  return out;
}

export function metricsView(scheduler: unknown): SchedulerMetricsView {
  return (scheduler ?? {}) as SchedulerMetricsView;
}
