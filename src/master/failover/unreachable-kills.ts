/**
 * A kill of a task the master no longer has because its agent was marked unreachable
 * (mesos-semantics §6.2, §6.1; Mesos `Master::kill`: "Cannot kill task … because it is unknown;
 * performing reconciliation", then `_reconcileTasks` for that one task). The master cannot reach
 * the agent and has no task to kill, so it answers with the task's state as it knows it, a
 * reconciliation update: TASK_UNREACHABLE to a PARTITION_AWARE framework, TASK_LOST to others
 * (the state the framework already got when the agent was marked unreachable), reason
 * `reconciliation`. Nothing is killed and no resources move: if the agent reregisters, the task is
 * TASK_RUNNING again (held-kills.ts) and the framework has to kill it again.
 *
 * The answer is a status update, not a transition: it is logged as `task.reconciled` (not
 * `task.status`, which the metrics count as a task ending) and goes to the scheduler like any
 * update (queued while it is disconnected).
 *
 * The master knows which tasks an unreachable agent had (Mesos keeps them in the framework's
 * `unreachableTasks`); they are remembered here per agent while it is unreachable and forgotten when
 * it reregisters, reboots, goes DOWN or is marked gone (a kill then still gets no answer:
 * docs/failures.md). Memory: the tasks of agents unreachable now.
 */
import type { EventSink } from '../../core/event-sink.ts';
import type { Master } from '../master.ts';
import type { Task } from '../master-state.ts';

interface UnreachableTask {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly jobId: string | null;
}

export class UnreachableKills {
  /** task id → what the master knew of it, for tasks of agents marked unreachable */
  private readonly tasks = new Map<string, UnreachableTask>();
  /** agent → its tasks in `tasks` */
  private readonly byAgent = new Map<string, string[]>();

  /** The agent was marked unreachable with these tasks (the master removed them). */
  remember(agentId: string, tasks: readonly Task[]): void {
    this.forget(agentId);
    if (tasks.length === 0) return;
    this.byAgent.set(agentId, tasks.map((t) => t.id));
    for (const t of tasks) this.tasks.set(t.id, { frameworkId: t.frameworkId, agentId, jobId: t.jobId });
  }

  /** The agent is no longer unreachable (reregistered, rebooted, DOWN, gone). */
  forget(agentId: string): void {
    const ids = this.byAgent.get(agentId);
    if (!ids) return;
    this.byAgent.delete(agentId);
    for (const id of ids) this.tasks.delete(id);
  }

  /** Tasks remembered (tests). */
  get size(): number {
    return this.tasks.size;
  }

  /**
   * A kill of `taskId`, unknown to the master: answer it if the task was on an agent marked
   * unreachable (true), else false (nothing known: no answer).
   */
  answer(master: Master, sink: EventSink, nowMs: number, taskId: string, partitionAware: (frameworkId: string) => boolean): boolean {
    const t = this.tasks.get(taskId);
    if (!t) return false;
    const fw = master.frameworks.get(t.frameworkId);
    if (!fw) return true; // framework removed meanwhile: nobody to tell
    const state = partitionAware(t.frameworkId) ? 'TASK_UNREACHABLE' : 'TASK_LOST';
    const reason = 'reconciliation';
    sink.emit(nowMs, 'task.reconciled', {
      task: taskId, framework: t.frameworkId, agent: t.agentId, state, reason, cause: 'kill',
      ...(t.jobId !== null ? { job: t.jobId } : {}),
    });
    master.toScheduler(t.frameworkId, () => fw.scheduler.onTaskUpdate?.({ taskId, state, agentId: t.agentId, jobId: t.jobId ?? undefined, reason }, master.driver(t.frameworkId)));
    return true;
  }
}
