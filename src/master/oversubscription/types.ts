/**
 * Oversubscription policies (mesos-semantics §4), agent side: a resource estimator says how much may
 * be offered as revocable, a QoS controller says which revocable tasks to kill. Both are small
 * policies registered by name (estimators/registry.ts, qos/registry.ts), created once per agent, fed
 * read-only views, and return decisions as data; oversubscription-runtime.ts applies them.
 */
import type { AgentUsage, Quantities, TaskUsage } from '../usage/usage-monitor.ts';

/** What an estimator sees on one agent. All quantities are milli-units by resource name. */
export interface EstimatorInput {
  readonly nowMs: number;
  readonly agentId: string;
  /** The agent's non-revocable scalar total (its physical capacity). */
  readonly capacity: Quantities;
  /** Running tasks' requests and usage on the agent. */
  readonly usage: AgentUsage;
}

/**
 * A resource estimator. `revocableCapacity` is the amount of revocable resources the agent may have
 * in total (allocated or not), or null when oversubscription is disabled (Mesos' noop estimator).
 * Mesos' estimators return the *additional* oversubscribable amount; the runtime derives it as
 * capacity − revocable already allocated, exactly as `fixed` does (fixed.cpp:53-67), and the agent
 * reports allocated + that estimate (slave.cpp:8574-8652).
 */
export interface ResourceEstimator {
  readonly name: string;
  /** Called on every usage sample (for smoothing); optional. */
  sample?(input: EstimatorInput): void;
  revocableCapacity(input: EstimatorInput): Quantities | null;
}

export type EstimatorFactory = (config: Readonly<Record<string, unknown>>) => ResourceEstimator;

/** What a QoS controller sees on one agent. */
export interface QosInput {
  readonly nowMs: number;
  readonly agentId: string;
  readonly capacity: Quantities;
  readonly usage: AgentUsage;
  /** Running revocable tasks, newest first (launch time, then task id, descending). */
  readonly revocableTasks: readonly TaskUsage[];
}

export interface QosCorrection {
  /** Kill these revocable tasks (Mesos: KILL corrections of their executors). */
  readonly kill: readonly string[];
  readonly reason: string;
}

export interface QosController {
  readonly name: string;
  /** Called on every usage sample (load averages); optional. */
  sample?(input: QosInput): void;
  corrections(input: QosInput): QosCorrection | null;
}

export type QosFactory = (config: Readonly<Record<string, unknown>>) => QosController;

/** How a QoS correction's task updates begin their reason (`QoS correction: <controller>: …`): metrics and models tell revocations by it. */
export const QOS_CORRECTION_REASON = 'QoS correction';
