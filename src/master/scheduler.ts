/**
 * The contract between the master and a framework's scheduler (Mesos scheduler API, reduced to
 * what a simulation needs). Schedulers receive offers and status updates and reply with decisions
 * as data; calls that are not replies to offers (suppress, revive, kill) go through the driver.
 */
import type { Operation } from '../cluster/operations.ts';
import type { Resources } from '../cluster/resources.ts';
import type { Rng } from '../kernel/rng.ts';
import type { UsageProfile } from '../cluster/usage-profile.ts';

export interface OfferView {
  readonly id: string;
  readonly frameworkId: string;
  readonly role: string;
  readonly agentId: string;
  readonly hostname: string;
  readonly resources: Resources;
  readonly attributes: Readonly<Record<string, string | number>>;
  /** Set when the agent's machine is scheduled for maintenance (DRAINING, mesos-semantics §5.1). */
  readonly unavailability?: Unavailability;
}

/** A maintenance window: starts at `startMs`, lasts `durationMs` (null = unknown/forever). */
export interface Unavailability {
  readonly startMs: number;
  readonly durationMs: number | null;
}

/**
 * An inverse offer (§5.2): the master asks for everything this framework holds on `agentId` back
 * by `unavailability.startMs`. Advisory: answering (or not) kills nothing by itself.
 */
export interface InverseOfferView {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly hostname: string;
  readonly unavailability: Unavailability;
}

/** A task of this framework as the master sees it (for schedulers that act on maintenance). */
export interface RunningTaskView {
  readonly taskId: string;
  readonly agentId: string;
  readonly resources: Resources;
  readonly launchedAtMs: number;
}

export interface TaskLaunch {
  /** Optional; the master assigns `<framework>-task-<n>` when omitted. */
  readonly taskId?: string;
  readonly resources: Resources;
  /** Run time once started; null = runs until killed. */
  readonly durationMs: number | null;
  readonly jobId?: string;
  /** When the work was submitted to the framework (for wait-time metrics). */
  readonly submittedAtMs?: number;
  /** What the task actually uses over time (src/cluster/usage-profile.ts); omitted = the scenario default. */
  readonly usage?: UsageProfile;
}

export interface OfferReply {
  /** `operations` (RESERVE/UNRESERVE/CREATE/DESTROY) apply before the launches, in order (§3.5). */
  readonly accept?: readonly { offerId: string; launch: readonly TaskLaunch[]; refuseSeconds?: number; operations?: readonly Operation[] }[];
  readonly decline?: readonly { offerId: string; refuseSeconds?: number }[];
  // offers in neither list are held by the framework
}

export type TaskState =
  | 'TASK_STAGING' | 'TASK_RUNNING' | 'TASK_FINISHED' | 'TASK_FAILED' | 'TASK_KILLED' | 'TASK_ERROR'
  | 'TASK_LOST' | 'TASK_GONE' | 'TASK_GONE_BY_OPERATOR' | 'TASK_UNREACHABLE' | 'TASK_DROPPED'
  | 'TASK_UNKNOWN'; // only in reconciliation answers (§6.1; master/kill-reconciliation.ts)

export interface TaskUpdate {
  readonly taskId: string;
  readonly state: TaskState;
  readonly agentId: string;
  readonly jobId?: string;
  readonly reason?: string;
}

/** Calls a scheduler may make at any time (they take effect immediately, in the current event). */
export interface SchedulerDriver {
  readonly now: number;
  readonly frameworkId: string;
  readonly rng: Rng;
  suppress(roles?: readonly string[]): void;
  revive(roles?: readonly string[]): void;
  killTask(taskId: string): void;
  decline(offerId: string, refuseSeconds?: number): void;
  accept(offerId: string, launch: readonly TaskLaunch[], refuseSeconds?: number): void;
  /** Offers this framework currently holds (outstanding). */
  heldOffers(): readonly OfferView[];
  /** Wake this scheduler's onTimer(token) after `delayMs`. */
  setTimer(delayMs: number, token: unknown): void;
  /**
   * A terminal status update from one of this framework's executors (the task finished or
   * failed on its own): resources are recovered with no filter (§6.1). Optional for test doubles.
   */
  sendStatusUpdate?(taskId: string, state: TaskState, reason?: string): void;
  /** Answer inverse offers (§5.2); the optional filter blocks new ones for the agent that long. */
  acceptInverseOffers(inverseOfferIds: readonly string[], refuseSeconds?: number): void;
  declineInverseOffers(inverseOfferIds: readonly string[], refuseSeconds?: number): void;
  /** This framework's non-terminal tasks (optionally on one agent), sorted by task id. */
  runningTasks(agentId?: string): readonly RunningTaskView[];
}

export interface Scheduler {
  /** Called once when the framework subscribes. */
  start?(driver: SchedulerDriver): void;
  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): OfferReply | void;
  onRescind?(offerId: string, driver: SchedulerDriver): void;
  onTaskUpdate?(update: TaskUpdate, driver: SchedulerDriver): void;
  onTimer?(token: unknown, driver: SchedulerDriver): void;
  /** Inverse offers for agents under maintenance where this framework holds resources (§5.2). */
  onInverseOffers?(offers: readonly InverseOfferView[], driver: SchedulerDriver): void;
  onInverseOfferRescinded?(inverseOfferId: string, driver: SchedulerDriver): void;
  /**
   * The master removed the agent or marked it unreachable (LostSlaveMessage; v1 Event::FAILURE with
   * an agent id only): sent to every connected framework, after the status updates of the tasks it
   * had there, if it sent any (master.cpp `sendSlaveLost`, `__removeSlave`,
   * `_markUnreachableAfterFailover`). It names no task: a framework that acts on it knows itself what
   * it ran there.
   */
  onAgentLost?(agentId: string, driver: SchedulerDriver): void;
  /** Work still queued (for end-of-run metrics). */
  pendingWork?(): number;
}
