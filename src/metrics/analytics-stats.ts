/**
 * summary.json `analytics`: the jobs of the analytics (Spark-like) frameworks, which the event log
 * cannot show — their tasks run inside executors, and only the executors are Mesos tasks
 * (src/frameworks/analytics.ts). Per framework whose scheduler exposes `analyticsStats()`: jobs
 * submitted, completed and still open, job completion time (submission to last task) mean/p50/p95/max,
 * tasks run, data locality (Zaharia et al.'s node-local share) and executors. Absent when no framework
 * has them. Duck-typed like scheduler-metrics.ts, so metrics does not import frameworks.
 */
import type { Master } from '../master/master.ts';
import { quantile } from './fairness.ts';
import { schedulersOfRun } from './framework-schedulers.ts';

interface AnalyticsView {
  analyticsStats(): {
    jobsSubmitted: number; jobsCompleted: number; jobsOpen: number; jobDurationsMs: readonly number[]; tasksRun: number;
    nodeLocal: number; nonLocal: number; noPreference: number; executorsLaunched: number; executorsReleased: number; peakExecutors: number;
  };
}

export function analyticsSection(master: Master): Record<string, unknown> {
  const byFramework: Record<string, unknown> = {};
  for (const { id, scheduler } of schedulersOfRun(master, 0)) {
    const s = scheduler as Partial<AnalyticsView>;
    if (typeof s.analyticsStats !== 'function') continue;
    const a = s.analyticsStats();
    const sorted = [...a.jobDurationsMs].sort((x, y) => x - y);
    const total = sorted.reduce((n, d) => n + d, 0);
    const withPreference = a.nodeLocal + a.nonLocal;
    byFramework[id] = {
      jobsSubmitted: a.jobsSubmitted, jobsCompleted: a.jobsCompleted, jobsOpen: a.jobsOpen,
      jobCompletionMs: sorted.length === 0 ? null : { mean: Math.round(total / sorted.length), p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1] },
      tasksRun: a.tasksRun,
      locality: { nodeLocal: a.nodeLocal, nonLocal: a.nonLocal, noPreference: a.noPreference, nodeLocalShare: withPreference === 0 ? null : Math.round((1e4 * a.nodeLocal) / withPreference) / 1e4 },
      executors: { launched: a.executorsLaunched, released: a.executorsReleased, peak: a.peakExecutors },
    };
  }
  return Object.keys(byFramework).length === 0 ? {} : { analytics: byFramework };
}
