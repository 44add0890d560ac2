/**
 * The master's answer to a framework's kill of a task it does not have.
 *
 * Mesos `Master::kill` (src/master/master.cpp): a task the framework does not have in the master
 * ("Cannot kill task … because it is unknown; performing reconciliation"; `Framework::getTask`
 * looks at its active tasks only, so a task that ended is unknown too) is answered by explicit
 * reconciliation of that one task (`Master::reconcile`), with the kill's agent id if it carried
 * one. mesos-semantics.md is silent on this (§6.1 lists TASK_UNKNOWN and TASK_GONE only as
 * states); the cases below follow master.cpp's `reconcile` and say so:
 *
 *   the agent the kill names:
 *   recovering (not reregistered since a master failover)   no answer                 (case 2)
 *   registered (a task that ended there)                    TASK_GONE                 (case 3)
 *   unreachable                                             TASK_UNREACHABLE          (case 4)
 *   marked gone                                             TASK_GONE_BY_OPERATOR     (case 5)
 *   unknown (removed: machine DOWN; pruned from the registry) TASK_UNKNOWN            (case 6)
 *   none, and some registry agent still recovering          no answer                 (case 2)
 *   none                                                    TASK_UNKNOWN              (case 6)
 *
 * each TASK_LOST to a framework that is not PARTITION_AWARE, all with reason `reconciliation`
 * (REASON_RECONCILIATION), sent to the framework like any status update (queued while its
 * scheduler is disconnected). An agent taken DOWN for maintenance is removed (`/machine/down` →
 * `removeSlave`, mesos-semantics §5.1), not marked gone: Mesos keeps no record of it, so it is
 * "unknown"; an agent already unreachable when its machine goes DOWN stays unreachable (only
 * registered agents are removed by /machine/down).
 *
 * Which agent the kill names: a v1 KILL may carry `agent_id`; here the driver's `killTask(taskId)`
 * has none, and the master's memory stands in for the agent id the framework knows: of the tasks
 * of its unreachable and gone agents (failover/lost-agent-tasks.ts) and of each framework's last
 * 1000 ended tasks (ended-tasks.ts). A task the master never had, another framework's task, or one
 * forgotten is answered as a kill without an agent id.
 *
 * The answer is a status update, not a transition: it is logged as `task.reconciled` (never
 * `task.status`, which the metrics count as a task ending: a lost task's loss was counted when it
 * happened; a task that never ran here never started); nothing is killed, no resources move.
 */
import type { EventSink } from '../core/event-sink.ts';
import type { TaskState, Scheduler, SchedulerDriver } from './scheduler.ts';
import type { EndedTasks } from './ended-tasks.ts';
import type { MasterExtensions } from './master-extensions.ts';

/** What the master knows of an agent id (Mesos `slaves.recovered/registered/unreachable/gone`, or none of them). */
export type AgentAtMaster = 'registered' | 'recovering' | 'unreachable' | 'gone' | 'unknown';

/** What the master knows of a task it no longer has (failover/lost-agent-tasks.ts, ended-tasks.ts). */
export interface TaskWhereabouts {
  readonly frameworkId: string;
  readonly agentId: string;
  /** the agent's state at the master now */
  readonly agent: AgentAtMaster;
  readonly jobId: string | null;
}

/** The master as this answer needs it. */
export interface KillAnswerMaster {
  readonly frameworks: ReadonlyMap<string, { readonly info: { readonly capabilities: readonly string[] }; readonly scheduler: Scheduler }>;
  readonly agents: ReadonlyMap<string, unknown>;
  readonly endedTasks: EndedTasks;
  readonly ext: Pick<MasterExtensions, 'lostTask' | 'agentsRecovering' | 'agentStatus'>;
  toScheduler(frameworkId: string, call: () => void): void;
  driver(frameworkId: string): SchedulerDriver;
}

export const RECONCILIATION_REASON = 'reconciliation';

/**
 * The state explicit reconciliation answers for an unknown task whose kill names an agent in state
 * `agent` (null: names none) (master.cpp `reconcile`, cases 3–6); null for no answer (case 2:
 * the named agent, or with none any registry agent, has yet to reregister after a failover).
 */
export function reconciledState(agent: AgentAtMaster | null, partitionAware: boolean, anyRecovering = false): TaskState | null {
  if (agent === 'recovering' || (agent === null && anyRecovering)) return null;
  if (!partitionAware) return 'TASK_LOST';
  switch (agent) {
    case 'registered': return 'TASK_GONE';
    case 'unreachable': return 'TASK_UNREACHABLE';
    case 'gone': return 'TASK_GONE_BY_OPERATOR';
    default: return 'TASK_UNKNOWN';
  }
}

/** The state of agent `agentId` at the master: the failure runtime's word when installed, else registered or not. */
export function agentAtMaster(master: KillAnswerMaster, agentId: string): AgentAtMaster {
  return master.ext.agentStatus?.(agentId) ?? (master.agents.has(agentId) ? 'registered' : 'unknown');
}

/** The agent id a kill by `frameworkId` of `taskId` stands for, and that agent's state; null: none. */
export function whereabouts(master: KillAnswerMaster, frameworkId: string, taskId: string): TaskWhereabouts | null {
  const lost = master.ext.lostTask?.(taskId) ?? null;
  // A remembered task of another framework is unknown to this one (Mesos looks in the caller's tasks).
  if (lost !== null) return lost.frameworkId === frameworkId ? lost : null;
  const ended = master.endedTasks.of(frameworkId, taskId);
  if (ended === null) return null;
  return { frameworkId, agentId: ended.agentId, agent: agentAtMaster(master, ended.agentId), jobId: ended.jobId };
}

/**
 * The answer to a restarted scheduler's reconciliation of tasks whose ACCEPT the master dropped
 * (rate limit capacity: the master never had them). Mesos `reconcile` with the agent id the tasks
 * named (TaskInfo.agent_id, the accepted offer's agent; `agentId` undefined when that offer was
 * already gone): agent registered → TASK_GONE (case 3), unreachable → TASK_UNREACHABLE (4), gone
 * → TASK_GONE_BY_OPERATOR (5), unknown → TASK_UNKNOWN (6), each TASK_LOST if not PARTITION_AWARE.
 * Mesos does not answer while the agent (or, with none, any registry agent) is recovering (case
 * 2): the framework asks again until it is answered; here the answer it gets once the agent is
 * back, TASK_GONE (TASK_UNKNOWN without an agent), is given at once (docs/failures.md).
 * Not TASK_DROPPED: that is the ACCEPT's own answer for invalid offers or a disconnected agent
 * (master.cpp `accept`, `_accept`), not reconciliation's.
 */
export function launchReconciledState(master: KillAnswerMaster, agentId: string | undefined, partitionAware: boolean): TaskState {
  if (!partitionAware) return 'TASK_LOST';
  const agent = agentId === undefined ? null : agentAtMaster(master, agentId);
  return reconciledState(agent, true, master.ext.agentsRecovering?.() ?? false) ?? (agent === null ? 'TASK_UNKNOWN' : 'TASK_GONE');
}

/**
 * A kill by `frameworkId` of `taskId`, which the master does not have. Returns the state answered,
 * or null when nothing is answered.
 */
export function answerUnknownKill(master: KillAnswerMaster, sink: EventSink, nowMs: number, frameworkId: string, taskId: string): TaskState | null {
  const fw = master.frameworks.get(frameworkId);
  if (!fw) return null; // framework removed meanwhile: nobody to tell
  const known = whereabouts(master, frameworkId, taskId);
  const state = reconciledState(known?.agent ?? null, fw.info.capabilities.includes('PARTITION_AWARE'), master.ext.agentsRecovering?.() ?? false);
  if (state === null) { // case (2): the master drops it
    sink.emit(nowMs, 'task.reconcile.dropped', {
      task: taskId, framework: frameworkId, ...(known ? { agent: known.agentId } : {}),
      reason: known ? 'agent recovering' : 'agents recovering', cause: 'kill',
    });
    return null;
  }
  sendReconciliationAnswer(master, sink, nowMs, { frameworkId, taskId, agentId: known?.agentId ?? null, jobId: known?.jobId ?? null, state, cause: 'kill' });
  return state;
}

/**
 * One answer of explicit reconciliation: logged `task.reconciled` (with the `cause` that asked: a
 * kill of an unknown task, or the framework's own reconciliation, failover/reregistration-reconciliation.ts)
 * and sent to the scheduler like any status update, reason `reconciliation` (queued while it is disconnected).
 */
export function sendReconciliationAnswer(master: Pick<KillAnswerMaster, 'frameworks' | 'toScheduler' | 'driver'>, sink: EventSink, nowMs: number, a: {
  readonly frameworkId: string; readonly taskId: string; readonly agentId: string | null; readonly jobId: string | null;
  readonly state: TaskState; readonly cause: 'kill' | 'reconcile';
}): void {
  const fw = master.frameworks.get(a.frameworkId);
  if (!fw) return;
  const { frameworkId, taskId, jobId, state } = a;
  const reason = RECONCILIATION_REASON;
  sink.emit(nowMs, 'task.reconciled', {
    task: taskId, framework: frameworkId, ...(a.agentId !== null ? { agent: a.agentId } : {}), state, reason, cause: a.cause,
    ...(jobId !== null ? { job: jobId } : {}),
  });
  const agentId = a.agentId ?? '';
  master.toScheduler(frameworkId, () => fw.scheduler.onTaskUpdate?.({ taskId, state, agentId, jobId: jobId ?? undefined, reason }, master.driver(frameworkId)));
}
