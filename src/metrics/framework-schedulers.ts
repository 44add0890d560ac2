/**
 * Every framework's scheduler the run had, by id: those at the master at the end, and those removed
 * during the run (timeline removeFramework, failover timeout) with the time they left, so a model's
 * statistics (stateful, analytics) are in the summary whether or not the framework stayed.
 */
import type { Master } from '../master/master.ts';

export interface SchedulerOfRun {
  readonly id: string;
  readonly scheduler: unknown;
  /** The end of the run, or when the framework was removed (a removed model's clock stops there). */
  readonly untilMs: number;
}

export function schedulersOfRun(master: Master, endMs: number): SchedulerOfRun[] {
  const out = new Map<string, SchedulerOfRun>();
  for (const [id, r] of master.removedFrameworks) out.set(id, { id, scheduler: r.scheduler, untilMs: r.removedAtMs });
  for (const [id, fw] of master.frameworks) out.set(id, { id, scheduler: fw.scheduler, untilMs: endMs }); // added again: the live one
  return [...out.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
