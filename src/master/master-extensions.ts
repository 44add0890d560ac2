/**
 * Hooks through which the failure, failover and maintenance machinery (issue 5: src/master/failover/,
 * src/master/maintenance/) plugs into the master without living in master.ts. All optional: a run
 * without failures or maintenance installs none and behaves exactly as before.
 */
import type { AllocatorAgentInfo } from './allocator/types.ts';
import type { TaskState, Unavailability } from './scheduler.ts';
import type { AgentAtMaster, TaskWhereabouts } from './kill-reconciliation.ts';

export interface InverseOfferCalls {
  accept(frameworkId: string, inverseOfferIds: readonly string[], refuseSeconds?: number): void;
  decline(frameworkId: string, inverseOfferIds: readonly string[], refuseSeconds?: number): void;
}

export interface MasterExtensions {
  /** After every allocation run that executed (inverse offers follow the run, mesos-semantics §5.2). */
  afterAllocationRun?(): void;
  /**
   * Why the master refuses an agent's registration, or null to accept it: an agent on a machine
   * that is DOWN for maintenance may not register (mesos-semantics §5.1; master.cpp registerSlave
   * answers "Machine is `DOWN`" with a ShutdownMessage).
   */
  registrationRefused?(info: AllocatorAgentInfo): string | null;
  /** The unavailability an offer from this agent carries (DRAINING machines, §5.1). */
  unavailability?(agentId: string): Unavailability | null;
  /**
   * A call into a framework's scheduler (status update, timer). Return true to take it over (the
   * scheduler is disconnected: it is queued and replayed when it reconnects, §6.3).
   */
  interceptScheduler?(frameworkId: string, call: () => void): boolean;
  /** Whether the framework's scheduler is connected now (messages Mesos does not queue go only to those). */
  schedulerConnected?(frameworkId: string): boolean;
  /**
   * A task ends on its agent (the kernel's task.end: TASK_FINISHED; or an executor's terminal update,
   * driver.sendStatusUpdate). Return true to take the update over: an agent that cannot reach the
   * master keeps it (its status update manager retries it) and delivers it when it is back
   * (mesos-semantics §6.1, §6.2).
   */
  holdTaskEnd?(taskId: string, state?: TaskState, reason?: string): boolean;
  /**
   * A framework's kill of a running task. Return true to take it over: the master cannot reach the
   * task's agent (partitioned, agent process down), so the kill is not delivered and the task runs on;
   * it is sent when the agent reconnects or reregisters (mesos-semantics §6.2; failover/held-kills.ts).
   */
  holdKill?(taskId: string): boolean;
  /**
   * What the master remembers of a task it no longer has (its agent is unreachable or gone), for the
   * reconciliation answer to a kill of it (kill-reconciliation.ts; failover/lost-agent-tasks.ts).
   */
  lostTask?(taskId: string): TaskWhereabouts | null;
  /**
   * Whether the agent can reach a leading master now (its machine, network and process up, and a
   * master leading): an agent-side loop's messages (resource estimates, oversubscription) wait otherwise.
   */
  agentReachesMaster?(agentId: string): boolean;
  /** Registry agents have yet to reregister after a master failover (kill-reconciliation.ts). */
  agentsRecovering?(): boolean;
  /** An agent id's state at the master (registered, recovering, unreachable, gone, unknown), for reconciliation (kill-reconciliation.ts). */
  agentStatus?(agentId: string): AgentAtMaster;
  /** A FrameworkErrorMessage aborted the framework's scheduler driver (it restarts and fails over, §6.3). */
  frameworkError?(frameworkId: string): void;
  /** Scheduler replies to inverse offers (driver.acceptInverseOffers / declineInverseOffers). */
  inverseOffers?: InverseOfferCalls;
}
