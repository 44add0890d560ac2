/**
 * The master's answer to a framework's kill of a task it does not have.
 *
 * Mesos `Master::kill` (src/master/master.cpp): a task the framework does not have in the master
 * ("Cannot kill task … because it is unknown; performing reconciliation") is answered by explicit
 * reconciliation of that one task (`Master::reconcile`), with the kill's agent id if it carried
 * one. mesos-semantics.md is silent on this; the cases below follow master.cpp's `reconcile`
 * (explicit reconciliation) and say so:
 *
 *   task unknown, its agent unreachable     TASK_UNREACHABLE  (TASK_LOST if not PARTITION_AWARE)
 *   task unknown, its agent marked gone     TASK_GONE_BY_OPERATOR (TASK_LOST if not PARTITION_AWARE)
 *   task unknown, agent unknown             TASK_UNKNOWN      (TASK_LOST if not PARTITION_AWARE)
 *   task unknown, agents still recovering   no answer (after a master failover, some registry agent
 *                                           has not reregistered: the task may be on it)
 *
 * all with reason `reconciliation` (REASON_RECONCILIATION), sent to the framework like any status
 * update (queued while its scheduler is disconnected). An agent taken DOWN for maintenance is
 * removed (`/machine/down` → `removeSlave`, mesos-semantics §5.1), not marked gone: Mesos keeps no
 * record of it, so a task that was on it is "agent unknown" (TASK_UNKNOWN / TASK_LOST); an agent
 * already unreachable when its machine goes DOWN stays unreachable (only registered agents are
 * removed by /machine/down) and answers TASK_UNREACHABLE / TASK_LOST.
 *
 * Which agent a task was on: a v1 KILL may carry `agent_id`; here the driver's `killTask(taskId)`
 * has none, and the master's memory of the tasks of its unreachable and gone agents
 * (failover/lost-agent-tasks.ts) stands in for the agent id the framework knows. A task the master
 * never had, or forgot when it ended, is answered as a kill without an agent id: TASK_UNKNOWN /
 * TASK_LOST (Mesos would answer TASK_GONE to a PARTITION_AWARE framework whose kill names the
 * registered agent a finished task ran on: docs/failures.md).
 *
 * The answer is a status update, not a transition: it is logged as `task.reconciled` (never
 * `task.status`, which the metrics count as a task ending: a lost task's loss was counted when it
 * happened; a task that never ran here never started); nothing is killed, no resources move.
 */
import type { EventSink } from '../core/event-sink.ts';
import type { TaskState, Scheduler, SchedulerDriver } from './scheduler.ts';

/** What the master knows of a task it no longer has (failover/lost-agent-tasks.ts). */
export interface TaskWhereabouts {
  readonly frameworkId: string;
  readonly agentId: string;
  /** the agent's state at the master now */
  readonly agent: 'unreachable' | 'gone';
  readonly jobId: string | null;
}

/** The master as this answer needs it. */
export interface KillAnswerMaster {
  readonly frameworks: ReadonlyMap<string, { readonly info: { readonly capabilities: readonly string[] }; readonly scheduler: Scheduler }>;
  toScheduler(frameworkId: string, call: () => void): void;
  driver(frameworkId: string): SchedulerDriver;
}

export const RECONCILIATION_REASON = 'reconciliation';

/** The state explicit reconciliation answers for an unknown task (master.cpp `reconcile`, cases 4–6). */
export function reconciledState(where: TaskWhereabouts | null, partitionAware: boolean): TaskState {
  if (!partitionAware) return 'TASK_LOST';
  if (where === null) return 'TASK_UNKNOWN';
  return where.agent === 'unreachable' ? 'TASK_UNREACHABLE' : 'TASK_GONE_BY_OPERATOR';
}

/**
 * A kill by `frameworkId` of `taskId`, which the master does not have. `where` is what the master
 * remembers of it (null: nothing); `recovering` says whether registry agents have yet to reregister
 * after a master failover. Returns the state answered, or null when nothing is answered.
 */
export function answerUnknownKill(
  master: KillAnswerMaster, sink: EventSink, nowMs: number, frameworkId: string, taskId: string,
  where: TaskWhereabouts | null, recovering: boolean,
): TaskState | null {
  const fw = master.frameworks.get(frameworkId);
  if (!fw) return null; // framework removed meanwhile: nobody to tell
  // A remembered task of another framework is unknown to this one (Mesos looks in the caller's tasks).
  const known = where !== null && where.frameworkId === frameworkId ? where : null;
  // Case (2): no agent id and some agents have not reregistered since the failover: the master drops it.
  if (known === null && recovering) {
    sink.emit(nowMs, 'task.reconcile.dropped', { task: taskId, framework: frameworkId, reason: 'agents recovering', cause: 'kill' });
    return null;
  }
  const state = reconciledState(known, fw.info.capabilities.includes('PARTITION_AWARE'));
  const reason = RECONCILIATION_REASON;
  const agentId = known?.agentId ?? '';
  const jobId = known?.jobId ?? null;
  sink.emit(nowMs, 'task.reconciled', {
    task: taskId, framework: frameworkId, ...(known ? { agent: agentId } : {}), state, reason, cause: 'kill',
    ...(jobId !== null ? { job: jobId } : {}),
  });
  master.toScheduler(frameworkId, () => fw.scheduler.onTaskUpdate?.({ taskId, state, agentId, jobId: jobId ?? undefined, reason }, master.driver(frameworkId)));
  return state;
}
