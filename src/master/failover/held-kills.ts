/**
 * Kills the master could not deliver (mesos-semantics §6.2; Mesos `Master::kill` and
 * `reconcileKnownSlave`): a framework kills a task whose agent is cut off from the master — the
 * network is partitioned (the master does not know yet: it sends the KillTaskMessage, which is lost)
 * or the agent process is down (the master knows: it does not send it). Either way the master adds
 * the task to the agent's `killedTasks` and the task runs on, holding its resources. Then:
 *
 * - the agent reconnects (a partition shorter than the ping budget, a disconnected or recovering
 *   agent reregistering): the agent first sends the status updates it held (held-updates.ts), then
 *   the master re-sends the kill for every task of `killedTasks` still running there: TASK_KILLED
 *   now, and its resources go back to the allocator now;
 * - the agent is marked unreachable first: its tasks are TASK_UNREACHABLE / TASK_LOST as for any
 *   task there (§6.2), and the kill is forgotten with the master's record of the agent (Mesos drops
 *   the `Slave` and its `killedTasks`); if the agent reregisters later the task is TASK_RUNNING again
 *   and it is up to the framework to kill it again;
 * - the machine reboots, goes DOWN for maintenance or the agent is marked gone: the task is gone with
 *   it (TASK_LOST / TASK_GONE_BY_OPERATOR), nothing to kill.
 *
 * A kill of a task the master no longer knows (its agent already marked unreachable) is not held:
 * the master cannot reach the agent and has nothing to kill; it answers with a reconciliation update,
 * the unreachable/lost state the framework already got (../kill-reconciliation.ts, lost-agent-tasks.ts).
 */
import type { EventSink } from '../../core/event-sink.ts';
import type { Master } from '../master.ts';

export class HeldKills {
  /** per agent, the tasks whose kill waits for it, in the order the kills were asked */
  private readonly byAgent = new Map<string, string[]>();

  /** Record the kill of `taskId` on `agentId` (once per task) and log it. */
  hold(sink: EventSink, nowMs: number, agentId: string, taskId: string, frameworkId: string): void {
    let ids = this.byAgent.get(agentId);
    if (!ids) this.byAgent.set(agentId, (ids = []));
    if (!ids.includes(taskId)) ids.push(taskId);
    sink.emit(nowMs, 'task.kill.held', { task: taskId, framework: frameworkId, agent: agentId });
  }

  /** The kills held for this agent, oldest first (tests, metrics). */
  of(agentId: string): readonly string[] {
    return this.byAgent.get(agentId) ?? [];
  }

  /** Forget the agent's held kills (marked unreachable, rebooted, DOWN, gone). */
  drop(agentId: string): void {
    this.byAgent.delete(agentId);
  }

  /**
   * The agent is back and registered: kill, in order, every held task the master still has as
   * running there (one that ended meanwhile — its held TASK_FINISHED was delivered first — is not).
   */
  deliver(master: Master, agentId: string): void {
    const ids = this.byAgent.get(agentId);
    if (!ids) return;
    this.byAgent.delete(agentId);
    for (const id of ids) if (master.tasks.get(id)?.agentId === agentId) master.killTask(id);
  }
}
