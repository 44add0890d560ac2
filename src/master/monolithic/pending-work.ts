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
import type { Operation } from '../../cluster/operations.ts';
import type { Resources } from '../../cluster/resources.ts';
import type { Scheduler, SchedulerDriver, TaskLaunch, Unavailability } from '../scheduler.ts';

/** What the central scheduler shows a placement check about a candidate agent (like an offer). */
export interface AgentView {
  readonly agentId: string;
  readonly hostname: string;
  readonly attributes: Readonly<Record<string, string | number>>;
  /** Scheduled maintenance of the agent (§5.1), as an offer from it would carry; absent = none. */
  readonly unavailability?: Unavailability;
}

/** A job's placement constraint: may one more task go on this agent; count one placed there. */
export interface PlacementCheck {
  allows(agent: AgentView): boolean;
  place(agent: AgentView): void;
  /**
   * Borg-style scoring (Verma et al. EuroSys 2015 §3.2): among the agents where the task fits and
   * `allows` says yes, the one with the lowest score (compared element by element) is chosen; ties
   * in agent-id order. Without it: first fit in agent-id order.
   */
  score?(agent: AgentView): readonly number[];
  /**
   * `allows` never turns from no to yes for an unchanged agent as tasks of the job are placed (no
   * spreading rule that re-admits an agent): within one decision first fit may then resume, for the
   * next task of the same shape, at the agent it last used instead of at the first agent.
   */
  readonly onlyNarrows?: boolean;
}

/**
 * A task handed to the central scheduler. `resources` is what it takes from the free state of the
 * chosen agent; `operations` (RESERVE, CREATE, §3.5–3.6) are applied to them there before the launch,
 * as an ACCEPT's operations are applied to an offer, and the task launches on what they produce
 * (e.g. reserved cpus/mem and a persistent volume).
 */
export interface WorkTask extends TaskLaunch {
  readonly operations?: readonly Operation[];
}

/**
 * Operations on resources of an agent that nobody uses (DESTROY a volume given up, UNRESERVE its
 * reservation): applied by the central scheduler as soon as the agent is registered and active and
 * the resources are unused; retried whenever the free state changes until then.
 */
export interface ReleaseRequest {
  readonly agentId: string;
  readonly operations: readonly Operation[];
  /** Called once all operations were applied. */
  readonly onDone?: () => void;
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
  readonly tasks: readonly WorkTask[];
  readonly placement?: PlacementCheck;
  /** A task of this job was launched on `agent` (after the master's task.launched). */
  /** `task.resources` are those launched with (after the task's operations). */
  readonly onLaunched?: (task: TaskLaunch & { readonly taskId: string; readonly resources: Resources }, agent: AgentView, driver: SchedulerDriver) => void;
}

/** The central scheduler as one framework sees it. */
export interface CentralQueue {
  /** Queue a job at the back of the central queue (FIFO). */
  submit(job: WorkJob): void;
  /** Take tasks (by id) that are still queued, not launched, back; returns how many were. */
  withdraw(taskIds: readonly string[]): number;
  /** Host names of the cell's active agents in agent-id order (the central scheduler's global view). */
  hosts(): readonly string[];
  /** Have unused resources of an agent converted back (DESTROY, UNRESERVE), see ReleaseRequest. */
  release(request: ReleaseRequest): void;
}

/** A framework model that can run under a central scheduler. */
export interface WorkClient {
  useCentralScheduler(central: CentralQueue): void;
}

export function isWorkClient(s: Scheduler): s is Scheduler & WorkClient {
  return typeof (s as Partial<WorkClient>).useCentralScheduler === 'function';
}
