/**
 * The master's reconciliation answers to kills of tasks it does not have (master/kill-reconciliation.ts):
 * summary.json `killAnswers` — `answered` (events `task.reconciled` with cause kill), `byState`
 * (TASK_UNREACHABLE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN, TASK_LOST) and `dropped` (`task.reconcile.dropped`:
 * not answered while agents recover after a master failover). These are status updates, not task
 * ends: no task count moves. The section is present only in runs that had such a kill, so runs
 * without one keep their summary unchanged.
 */
import type { EventFields, EventSink, FanOutSink } from '../core/event-sink.ts';

export class KillAnswerProbe implements EventSink {
  private answered = 0;
  private dropped = 0;
  private readonly byState = new Map<string, number>();

  emit(_t: number, type: string, f: EventFields): void {
    if (type === 'task.reconciled' && f.cause === 'kill') {
      this.answered++;
      const s = String(f.state);
      this.byState.set(s, (this.byState.get(s) ?? 0) + 1);
    } else if (type === 'task.reconcile.dropped' && f.cause === 'kill') this.dropped++;
  }

  /** summary.json's `killAnswers`, or nothing when no kill was answered or dropped. */
  summary(): Record<string, unknown> {
    if (this.answered === 0 && this.dropped === 0) return {};
    const byState = Object.fromEntries([...this.byState].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { killAnswers: { answered: this.answered, byState, dropped: this.dropped } };
  }
}

/** Adds the probe to the run's sink; returns its summary part. */
export function attachKillAnswerProbe(sink: FanOutSink): () => Record<string, unknown> {
  const probe = new KillAnswerProbe();
  sink.add(probe);
  return () => probe.summary();
}
