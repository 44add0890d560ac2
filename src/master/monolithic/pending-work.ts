/**
 * The "pending work" contract of the monolithic offer model (`master.offerModel: monolithic`,
 * central-scheduler.ts): instead of waiting for offers, a framework model hands its work, job by
 * job, to the one central scheduler, which decides where every task runs. A framework model opts in
 * by implementing `WorkClient`; the master calls `useCentralScheduler` before the model's `start`.
 *
 * A job is what the Omega paper calls a job: tasks decided together, for t_job + t_task × tasks of
 * scheduler time. Each task's `resources` is its shape (unreserved scalars, e.g. `cpus:2;mem:4GiB`);
 * the central scheduler picks the agent. Placement constraints travel as a check the scheduler asks
 * per candidate agent (the framework's own Marathon-style constraints, frameworks/placement.ts).
 */
import type { Scheduler, SchedulerDriver, TaskLaunch } from '../scheduler.ts';

/** What the central scheduler shows a placement check about a candidate agent (like an offer). */
export interface AgentView {
  readonly agentId: string;
  readonly hostname: string;
  readonly attributes: Readonly<Record<string, string | number>>;
}

/** A job's placement constraint: may one more task go on this agent; count one placed there. */
export interface PlacementCheck {
  allows(agent: AgentView): boolean;
  place(agent: AgentView): void;
}

export interface WorkJob {
  /** Shown in the event log (`central.decision`); several submissions may share one. */
  readonly jobId: string;
  /** One of the framework's roles: the allocation is accounted to it (default: its first role). */
  readonly role?: string;
  readonly submittedAtMs: number;
  /** Higher is decided first; FIFO within a priority (default 0: one FIFO queue). */
  readonly priority?: number;
  /** A rigid job: its tasks are placed all in one decision or none is (default false). */
  readonly allOrNothing?: boolean;
  /** Tasks in the order they are to be placed; `resources` is the shape. */
  readonly tasks: readonly TaskLaunch[];
  readonly placement?: PlacementCheck;
  /** A task of this job was launched on `agent` (after the master's task.launched). */
  readonly onLaunched?: (task: TaskLaunch & { readonly taskId: string }, agent: AgentView, driver: SchedulerDriver) => void;
}

/** The central scheduler as one framework sees it. */
export interface CentralQueue {
  /** Queue a job at the back of the central queue (FIFO). */
  submit(job: WorkJob): void;
  /** Take tasks (by id) that are still queued, not launched, back; returns how many were. */
  withdraw(taskIds: readonly string[]): number;
  /** Host names of the cell's active agents in agent-id order (the central scheduler's global view). */
  hosts(): readonly string[];
}

/** A framework model that can run under a central scheduler. */
export interface WorkClient {
  useCentralScheduler(central: CentralQueue): void;
}

export function isWorkClient(s: Scheduler): s is Scheduler & WorkClient {
  return typeof (s as Partial<WorkClient>).useCentralScheduler === 'function';
}
