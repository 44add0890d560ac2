/**
 * Status updates an agent could not send (mesos-semantics §6.1, §6.2): a task that ends on an agent
 * cut off from the master (network partition, agent process down) ends physically, but the
 * TASK_FINISHED stays with the agent's status update manager, which retries it until the master
 * acknowledges it. The master therefore learns it only when the agent is back, in the order the
 * tasks ended:
 *
 * - the agent reconnects (it was still registered, disconnected or recovering): the update is
 *   applied then, and only then the task's resources go back to the allocator (§6.1);
 * - the agent reregisters after being marked unreachable: the master had already ended the task
 *   (TASK_UNREACHABLE / TASK_LOST) and the agent reports it terminal, so it is not re-added as used;
 *   the framework learns the terminal state (reason `agent reregistered`), no resources move.
 */
import type { EventSink } from '../../core/event-sink.ts';
import type { Master } from '../master.ts';
import type { Task } from '../master-state.ts';
import type { TaskState } from '../scheduler.ts';

export interface HeldUpdate {
  /** A copy of the task as the master knew it when it ended on the agent. */
  readonly task: Task;
  readonly state: TaskState;
  readonly reason?: string;
  /** When the task ended on the agent. */
  readonly atMs: number;
}

/** Deliver an agent's held updates, oldest first (the agent is back and registered at the master). */
export function deliverHeldUpdates(master: Master, sink: EventSink, nowMs: number, held: readonly HeldUpdate[]): void {
  for (const h of held) {
    if (master.tasks.has(h.task.id)) { master.endTask(h.task.id, h.state, h.reason); continue; }
    reportEndedWhileAway(master, sink, nowMs, h);
  }
}

/** The master had removed the task (agent unreachable): tell the framework its terminal state. */
function reportEndedWhileAway(master: Master, sink: EventSink, nowMs: number, h: HeldUpdate): void {
  const t = h.task;
  const fw = master.frameworks.get(t.frameworkId);
  if (!fw) return; // framework removed meanwhile: nobody to tell
  const reason = h.reason ?? 'agent reregistered';
  if (h.state === 'TASK_FINISHED') master.counters.tasksFinished++; else master.counters.tasksFailed++;
  sink.emit(nowMs, 'task.status', {
    task: t.id, framework: t.frameworkId, agent: t.agentId, state: h.state, reason,
    ...(t.jobId !== null ? { job: t.jobId } : {}),
  });
  master.toScheduler(t.frameworkId, () => fw.scheduler.onTaskUpdate?.({ taskId: t.id, state: h.state, agentId: t.agentId, jobId: t.jobId ?? undefined, reason }, master.driver(t.frameworkId)));
}
