/**
 * summary.json `stateful` (product story 16): data-rebuild and volume counters of the frameworks
 * whose scheduler exposes `statefulStats(nowMs)` (the `stateful` model,
 * src/frameworks/stateful-service.ts), totals over them plus `byFramework`. Absent when no
 * framework has them. Duck-typed like scheduler-metrics.ts, so metrics does not import frameworks.
 */
import type { Master } from '../master/master.ts';
import { schedulersOfRun } from './framework-schedulers.ts';

interface StatefulView {
  statefulStats(nowMs: number): Record<string, unknown> & {
    failures: number; relaunches: number; relaunchesOnVolume: number; volumesCreated: number;
    rebuilds: number; rebuildsCompleted: number; rebuildMs: number; downMs: number;
  };
}

const TOTALS = ['failures', 'relaunches', 'relaunchesOnVolume', 'volumesCreated', 'rebuilds', 'rebuildsCompleted', 'rebuildMs', 'downMs'] as const;

export function statefulSection(master: Master, nowMs: number): Record<string, unknown> {
  const byFramework: Record<string, unknown> = {};
  const totals: Record<string, number> = Object.fromEntries(TOTALS.map((k) => [k, 0]));
  for (const { id, scheduler, untilMs } of schedulersOfRun(master, nowMs)) {
    const s = scheduler as Partial<StatefulView>;
    if (typeof s.statefulStats !== 'function') continue;
    const stats = s.statefulStats(untilMs);
    byFramework[id] = stats;
    for (const k of TOTALS) totals[k] += stats[k];
  }
  if (Object.keys(byFramework).length === 0) return {};
  return { stateful: { ...totals, byFramework } };
}
