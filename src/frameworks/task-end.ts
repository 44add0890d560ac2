/**
 * Ending one of the framework's own tasks with a terminal state its executor would report
 * (finished, failed): the service model's crashes, the replay's trace-given end, an idle Spark
 * executor exiting. Uses the driver's executor status update when the master offers it
 * (mesos-semantics.md §6.1: a terminal update recovers the resources with no filter), and
 * falls back to a kill.
 */
import type { SchedulerDriver, TaskState } from '../master/scheduler.ts';

export function endOwnTask(driver: SchedulerDriver, taskId: string, state: TaskState, reason?: string): void {
  const d = driver as SchedulerDriver & { sendStatusUpdate?: (taskId: string, state: TaskState, reason?: string) => void };
  if (d.sendStatusUpdate) d.sendStatusUpdate(taskId, state, reason);
  else driver.killTask(taskId);
}
