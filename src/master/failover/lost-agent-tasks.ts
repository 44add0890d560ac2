/**
 * The tasks of the agents the master lost track of without forgetting them: agents marked
 * unreachable (Mesos keeps their tasks as the frameworks' `unreachableTasks`, mesos-semantics §6.2)
 * and agents marked gone (the registry's gone list; their tasks were answered
 * TASK_GONE_BY_OPERATOR / TASK_LOST, §5.3, §6.2). A kill of one of them is answered by
 * reconciliation (../kill-reconciliation.ts): TASK_UNREACHABLE or TASK_GONE_BY_OPERATOR to a
 * PARTITION_AWARE framework, TASK_LOST to others. What is remembered stands in for the agent id a
 * framework's KILL carries (docs/failures.md).
 *
 * - marked unreachable: its tasks are remembered as `unreachable`;
 * - reregistered (or rebooted and registered afresh): forgotten, the master has the agent (and what
 *   survived) again; a rebooted agent's old tasks are dead and Mesos would see a new agent id;
 * - marked gone: its tasks (those removed now, and those remembered as unreachable) are `gone`
 *   (master.cpp markGone moves an unreachable agent's tasks to the completed ones, answered
 *   TASK_GONE_BY_OPERATOR / TASK_LOST; the agent id stays in the gone list for good);
 * - machine DOWN: a registered agent is removed (`/machine/down` → removeSlave, §5.1), not marked
 *   gone; Mesos keeps no record of it, so nothing is remembered (a kill is answered as for an
 *   unknown agent). An agent unreachable when its machine goes DOWN stays unreachable at the
 *   master (/machine/down removes registered agents only): remembered as before.
 *
 * Memory: the tasks of agents unreachable now plus those of gone agents (gone is final; Mesos
 * bounds its gone list by --registry_max_agent_count / --registry_max_agent_age, not modelled).
 */
import type { Task } from '../master-state.ts';
import type { TaskWhereabouts } from '../kill-reconciliation.ts';

interface Remembered {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly jobId: string | null;
}

export class LostAgentTasks {
  /** task id → what the master knew of it */
  private readonly tasks = new Map<string, Remembered>();
  /** agent → its remembered tasks, and whether it is unreachable or gone */
  private readonly byAgent = new Map<string, { agent: 'unreachable' | 'gone'; ids: string[] }>();

  /** The agent was marked unreachable with these tasks (the master removed them). */
  unreachable(agentId: string, tasks: readonly Task[]): void {
    this.set(agentId, 'unreachable', tasks.map((t) => ({ id: t.id, frameworkId: t.frameworkId, jobId: t.jobId })));
  }

  /** The agent was marked gone; `removed` are the tasks the master removed with it now. */
  gone(agentId: string, removed: readonly Task[]): void {
    const before = this.byAgent.get(agentId);
    const list = (before?.ids ?? []).map((id) => ({ id, ...this.tasks.get(id)! }));
    for (const t of removed) list.push({ id: t.id, frameworkId: t.frameworkId, agentId, jobId: t.jobId });
    this.set(agentId, 'gone', list);
  }

  /** The master has the agent again (reregistered, registered afresh). */
  forget(agentId: string): void {
    const a = this.byAgent.get(agentId);
    if (!a) return;
    this.byAgent.delete(agentId);
    for (const id of a.ids) this.tasks.delete(id);
  }

  /** What the master remembers of `taskId`, or null. */
  whereabouts(taskId: string): TaskWhereabouts | null {
    const t = this.tasks.get(taskId);
    if (!t) return null;
    return { frameworkId: t.frameworkId, agentId: t.agentId, agent: this.byAgent.get(t.agentId)!.agent, jobId: t.jobId };
  }

  /** Tasks remembered (tests). */
  get size(): number {
    return this.tasks.size;
  }

  private set(agentId: string, agent: 'unreachable' | 'gone', list: readonly { id: string; frameworkId: string; jobId: string | null }[]): void {
    this.forget(agentId);
    if (list.length === 0) return;
    const ids = list.map((t) => t.id).sort();
    this.byAgent.set(agentId, { agent, ids });
    for (const t of list) this.tasks.set(t.id, { frameworkId: t.frameworkId, agentId, jobId: t.jobId });
  }
}
