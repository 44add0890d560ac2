/**
 * Marking an agent gone (operator API MARK_AGENT_GONE; DRAIN_AGENT with mark_gone, mesos-semantics
 * §5.3; "operator removal (machine DOWN, mark gone) => TASK_GONE_BY_OPERATOR / TASK_LOST", §6.2).
 * The spec gives the states; the cases follow apache/mesos src/master/http.cpp `_markAgentGone`
 * and src/master/master.cpp `markGone`, `__removeSlave`, `___reregisterSlave`:
 *
 * - allowed for an agent the master has registered (connected or not), recovered from the registry
 *   after a failover (not yet reregistered), or unreachable; any other agent is "not found" (404):
 *   one removed (its machine DOWN) or never registered. An agent already gone: OK, nothing happens.
 * - registered: the master removes it for good (allocator removeSlave: its resources leave, offers
 *   rescinded, inverse offers removed) and sends each of its tasks TASK_GONE_BY_OPERATOR
 *   (REASON_SLAVE_REMOVED_BY_OPERATOR) if the framework is PARTITION_AWARE, TASK_LOST
 *   (REASON_SLAVE_REMOVED) otherwise; the agent is sent a ShutdownMessage.
 * - unreachable: the master already removed it; its unreachable tasks get the same updates now
 *   (TASK_GONE_BY_OPERATOR / TASK_LOST), and move to the frameworks' completed tasks.
 * - recovered (`recovering` here; mesos-semantics §6.4): Mesos has no task metadata for it and sends
 *   nothing ("we have no task metadata to use in order to send task status updates", MESOS-9739):
 *   the agent id goes to the gone list and no framework is told. The master here still has its tasks
 *   (docs/failures.md: a deviation of master failover); they are removed with the agent as for a
 *   registered one (resources leave the allocator, offers rescinded), logged `task.status` with
 *   `unannounced: true` (counted as lost, the framework is not told: it learns by reconciliation, a
 *   kill of one is answered TASK_GONE_BY_OPERATOR / TASK_LOST, ../kill-reconciliation.ts).
 * - gone is final: an agent marked gone that reaches the master again (reregistration) is refused
 *   and told to shut down (ShutdownMessage "Agent has been marked gone"): its tasks are killed then.
 *
 * Every update has reason AGENT_GONE_REASON. Those for an unreachable agent's tasks are logged as
 * `task.status` with `wasUnreachable: true`: the task's loss was counted when it became
 * unreachable (summary.json counts it once).
 */
import type { EventSink } from '../../core/event-sink.ts';
import type { Master } from '../master.ts';
import type { TaskState } from '../scheduler.ts';

/** The reason of every status update marking an agent gone sends (Mesos: "Agent has been marked gone"). */
export const AGENT_GONE_REASON = 'agent marked gone';

/** What MARK_AGENT_GONE did: marked, already gone (200 OK, nothing done), or not found (404). */
export type MarkGoneResult = 'gone' | 'already gone' | 'not found';

/** The state a task of an agent the operator removed (marked gone, or its machine DOWN: §6.2) is reported in (master.cpp `__removeSlave`, `markGone`). */
export function goneTaskState(partitionAware: boolean): TaskState {
  return partitionAware ? 'TASK_GONE_BY_OPERATOR' : 'TASK_LOST';
}

/**
 * The updates for an unreachable agent's tasks when it is marked gone (master.cpp `markGone`:
 * `slaves.unreachableTasks`). Frameworks removed meanwhile are skipped (Mesos: `continue`).
 * Returns the number of updates sent.
 */
export function sendUnreachableGoneUpdates(
  master: Master, sink: EventSink, nowMs: number, agentId: string,
  tasks: readonly { readonly id: string; readonly frameworkId: string; readonly jobId: string | null }[],
): number {
  let sent = 0;
  for (const t of tasks) {
    const fw = master.frameworks.get(t.frameworkId);
    if (!fw) continue;
    const state = goneTaskState(fw.info.capabilities.includes('PARTITION_AWARE'));
    sink.emit(nowMs, 'task.status', {
      task: t.id, framework: t.frameworkId, agent: agentId, state, reason: AGENT_GONE_REASON, wasUnreachable: true,
      ...(t.jobId !== null ? { job: t.jobId } : {}),
    });
    const jobId = t.jobId ?? undefined;
    master.toScheduler(t.frameworkId, () => fw.scheduler.onTaskUpdate?.({ taskId: t.id, state, agentId, jobId, reason: AGENT_GONE_REASON }, master.driver(t.frameworkId)));
    sent++;
  }
  return sent;
}
