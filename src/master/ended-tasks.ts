/**
 * Which agent each framework's ended tasks ran on: the agent id a framework's KILL of one of them
 * would carry (v1 `Call.Kill.agent_id`; the framework learnt it from the offer and from the task's
 * status updates). The driver's `killTask(taskId)` carries no agent id, so the master's memory
 * stands in for it (kill-reconciliation.ts), as failover/lost-agent-tasks.ts does for the tasks of
 * unreachable and gone agents.
 *
 * Mesos `Master::kill` (src/master/master.cpp) looks the task up in the framework's *active* tasks
 * only (`Framework::getTask`); a task that ended is unknown and the kill goes to explicit
 * reconciliation, which answers by the agent id the kill named (`Master::reconcile`, cases 2–6):
 * the agent registered → TASK_GONE ("Task is unknown to the agent"), unreachable →
 * TASK_UNREACHABLE, gone → TASK_GONE_BY_OPERATOR, recovering → no answer, unknown → TASK_UNKNOWN
 * (each TASK_LOST to a framework that is not PARTITION_AWARE). The master's own completed-tasks
 * buffer is not consulted; it only bounds this memory here: each framework's last
 * `maxPerFramework` ended tasks (Mesos `--max_completed_tasks_per_framework`, default 1000,
 * src/master/constants.hpp; mesos-semantics.md §8 lists only the completed *frameworks* bound),
 * the oldest forgotten first. A kill of a task forgotten here is answered as a kill without an
 * agent id (TASK_UNKNOWN / TASK_LOST, or nothing while agents recover: docs/failures.md).
 *
 * Memory: O(frameworks × maxPerFramework); one Map insert (and at most one delete) per task end.
 */

/** `--max_completed_tasks_per_framework` default (src/master/constants.hpp DEFAULT_MAX_COMPLETED_TASKS_PER_FRAMEWORK). */
export const MAX_COMPLETED_TASKS_PER_FRAMEWORK = 1000;

export interface EndedTask {
  readonly agentId: string;
  readonly jobId: string | null;
}

export class EndedTasks {
  /** framework → task id → where it ran, in the order ended (Map insertion order: oldest first) */
  private readonly byFramework = new Map<string, Map<string, EndedTask>>();
  private readonly maxPerFramework: number;

  constructor(maxPerFramework = MAX_COMPLETED_TASKS_PER_FRAMEWORK) {
    this.maxPerFramework = maxPerFramework;
  }

  /** The task ended (any terminal or unreachable state) on `agentId`. */
  record(frameworkId: string, taskId: string, agentId: string, jobId: string | null): void {
    if (this.maxPerFramework <= 0) return;
    let tasks = this.byFramework.get(frameworkId);
    if (!tasks) this.byFramework.set(frameworkId, (tasks = new Map()));
    tasks.delete(taskId); // ended again (reregistered, then ended): now the newest
    tasks.set(taskId, { agentId, jobId });
    if (tasks.size > this.maxPerFramework) tasks.delete(tasks.keys().next().value!);
  }

  /** The agent a framework's ended task ran on, or null (never its task, or forgotten). */
  of(frameworkId: string, taskId: string): EndedTask | null {
    return this.byFramework.get(frameworkId)?.get(taskId) ?? null;
  }

  /** The framework was removed: nothing of it can kill any more. */
  dropFramework(frameworkId: string): void {
    this.byFramework.delete(frameworkId);
  }

  /** Tasks remembered (tests). */
  get size(): number {
    let n = 0;
    for (const t of this.byFramework.values()) n += t.size;
    return n;
  }
}
