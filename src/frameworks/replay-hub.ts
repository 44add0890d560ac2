/**
 * Where a replay feed (src/workload/replay/feed.ts) hands work to the trace-replay frameworks
 * (trace-replay.ts): submissions and trace ends by framework id, held for a framework that has not
 * subscribed yet and delivered when it starts.
 */
import type { SchedulerDriver } from '../master/scheduler.ts';
import type { ReplayBatch, ReplayOutcome, ReplayStats, ReplayTask, TraceReplayScheduler } from './trace-replay.ts';

type Held = ['submit', ReplayTask] | ['batch', ReplayBatch] | ['end', string, ReplayOutcome, number | null];

export class ReplayHub {
  private readonly attached = new Map<string, { scheduler: TraceReplayScheduler; driver: SchedulerDriver }>();
  private readonly backlog = new Map<string, Held[]>();
  /** Told when a replayed task is done for good (the feed's dependency gate listens). */
  onTaskDone: ((key: string) => void) | null = null;

  attach(frameworkId: string, scheduler: TraceReplayScheduler, driver: SchedulerDriver): void {
    this.attached.set(frameworkId, { scheduler, driver });
    const waiting = this.backlog.get(frameworkId) ?? [];
    this.backlog.delete(frameworkId);
    for (const item of waiting) {
      if (item[0] === 'submit') scheduler.submit(item[1], driver);
      else if (item[0] === 'batch') scheduler.submitBatch(item[1], driver);
      else scheduler.end(item[1], item[2], item[3], driver);
    }
    scheduler.settle(driver);
  }

  submit(frameworkId: string, task: ReplayTask): void {
    const a = this.attached.get(frameworkId);
    if (a) a.scheduler.submit(task, a.driver);
    else this.queue(frameworkId, ['submit', task]);
  }

  /** `b.count` identical tasks at once (a trace job's instances), queued as one entry (trace-replay.ts). */
  submitBatch(frameworkId: string, b: ReplayBatch): void {
    const a = this.attached.get(frameworkId);
    if (a) a.scheduler.submitBatch(b, a.driver);
    else this.queue(frameworkId, ['batch', b]);
  }

  /** What the replay frameworks' queues hold now, by framework id: tasks and entries (trace-replay.ts queueFootprint). */
  queueFootprints(): Record<string, { tasks: number; entries: number }> {
    return Object.fromEntries([...this.attached].map(([id, a]) => [id, a.scheduler.queueFootprint()]));
  }

  end(frameworkId: string, key: string, outcome: ReplayOutcome, traceRunMs: number | null): void {
    const a = this.attached.get(frameworkId);
    if (a) a.scheduler.end(key, outcome, traceRunMs, a.driver);
    else this.queue(frameworkId, ['end', key, outcome, traceRunMs]);
  }

  /** A framework is done with a task: the trace ended it, or it never ran (not a re-run). */
  taskDone(key: string): void {
    this.onTaskDone?.(key);
  }

  /** After a batch of submits/ends: let every framework revive if it has work. */
  settle(): void {
    for (const a of this.attached.values()) a.scheduler.settle(a.driver);
  }

  stats(frameworkId: string): ReplayStats | undefined {
    return this.attached.get(frameworkId)?.scheduler.stats;
  }

  /** Per attached framework, by id (summary.json `replay.frameworks`). */
  allStats(): Record<string, ReplayStats> {
    return Object.fromEntries([...this.attached].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, a]) => [id, { ...a.scheduler.stats }]));
  }

  private queue(frameworkId: string, item: Held): void {
    const list = this.backlog.get(frameworkId);
    if (list) list.push(item); else this.backlog.set(frameworkId, [item]);
  }
}
