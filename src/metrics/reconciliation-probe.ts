/**
 * The master's reconciliation answers, by what asked (status updates, not task ends: no task count
 * moves). Each section is present only in runs that had one, so other runs keep their summary.
 *
 * - summary.json `killAnswers`: kills of tasks the master does not have (master/kill-reconciliation.ts)
 *   — `answered` (events `task.reconciled` with cause kill), `byState` (TASK_UNREACHABLE,
 *   TASK_GONE_BY_OPERATOR, TASK_UNKNOWN, TASK_LOST) and `dropped` (`task.reconcile.dropped`: not
 *   answered while agents recover after a master failover).
 * - summary.json `reconcileAnswers`: frameworks' own reconciliation after they reregister
 *   (master/failover/reregistration-reconciliation.ts) — `answered` (`task.reconciled` with cause
 *   reconcile), `byState`, and `unanswered` (the `unanswered` of every `framework.reconcile`: tasks
 *   asked about while their agent was still recovering, once per ask).
 */
import type { EventFields, EventSink, FanOutSink } from '../core/event-sink.ts';

class AnswerTally {
  answered = 0;
  notAnswered = 0;
  private readonly byState = new Map<string, number>();

  answer(state: unknown): void {
    this.answered++;
    const s = String(state);
    this.byState.set(s, (this.byState.get(s) ?? 0) + 1);
  }

  states(): Record<string, number> {
    return Object.fromEntries([...this.byState].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

export class ReconciliationProbe implements EventSink {
  private readonly kills = new AnswerTally();
  private readonly reconciles = new AnswerTally();

  emit(_t: number, type: string, f: EventFields): void {
    if (type === 'task.reconciled') (f.cause === 'kill' ? this.kills : this.reconciles).answer(f.state);
    else if (type === 'task.reconcile.dropped' && f.cause === 'kill') this.kills.notAnswered++;
    else if (type === 'framework.reconcile') this.reconciles.notAnswered += Number(f.unanswered);
  }

  /** summary.json's `killAnswers` and `reconcileAnswers`, each only when something was asked. */
  summary(): Record<string, unknown> {
    const { kills: k, reconciles: r } = this;
    return {
      ...(k.answered + k.notAnswered > 0 ? { killAnswers: { answered: k.answered, byState: k.states(), dropped: k.notAnswered } } : {}),
      ...(r.answered + r.notAnswered > 0 ? { reconcileAnswers: { answered: r.answered, byState: r.states(), unanswered: r.notAnswered } } : {}),
    };
  }
}

/** Adds the probe to the run's sink; returns its summary part. */
export function attachReconciliationProbe(sink: FanOutSink): () => Record<string, unknown> {
  const probe = new ReconciliationProbe();
  sink.add(probe);
  return () => probe.summary();
}
