/** RunSpec pieces for failures, failover and maintenance (issue 5): integer ms, explicit defaults. */
import type { DomainLevel } from '../cluster/topology.ts';
import type { FaultModel } from '../workload/faults/fault-injector.ts';
import type { ReplicatedServiceSpec } from '../frameworks/replicated-service.ts';

/** A failure model per topology level: the fault injector's own shape (src/workload/faults/fault-injector.ts). */
export type FailureModelSpec = FaultModel;

export interface UpgradeSpec {
  readonly strategy: 'drain' | 'kill' | 'in-place' | 'drain-agent';
  readonly startMs: number;
  readonly batch: number | 'rack' | 'switch' | 'pdu' | 'zone';
  readonly windowMs: number;
  readonly drainDeadlineMs: number;
  readonly upgradeDurationMs: number;
  readonly restartDurationMs: number;
  readonly maxGracePeriodMs: number | null;
  readonly machines: readonly string[] | null;
}

export interface FailuresSpec {
  readonly pingTimeoutMs: number;
  readonly maxPingTimeouts: number;
  readonly reregisterTimeoutMs: number;
  /** --agent_removal_rate_limit (absent = unlimited, the Mesos default). */
  readonly agentRemovalRateLimit?: { readonly permits: number; readonly perMs: number };
  readonly recoveryAgentFactor: number;
  /** --recovery_agent_removal_limit as a fraction (absent = 1, the Mesos default of 100%). */
  readonly recoveryAgentRemovalLimit?: number;
  readonly recoveryTimeoutMs: number;
  readonly killGracePeriodMs: number;
  readonly models: readonly FailureModelSpec[];
  readonly upgrade: UpgradeSpec | null;
}

export type InverseOfferPolicyName = 'ignore' | 'accept' | 'decline' | 'comply';

export interface FrameworkFailureSpec {
  readonly checkpoint: boolean;
  readonly failoverTimeoutMs: number;
  readonly inverseOffers: { readonly policy: InverseOfferPolicyName; readonly refuseSeconds?: number };
  /** After a FrameworkErrorMessage aborts its driver, the scheduler fails over after this long (default 30 s). */
  readonly restartAfterErrorMs?: number;
}

/** The replicated service's own options, with resources still as canonical text. */
export type ServiceSchedulerSpec = Omit<ReplicatedServiceSpec, 'resources'> & {
  readonly type: 'replicated-service';
  readonly resources: string;
  readonly slo: number;
};

/** Agents picked by id, by hostname, or by fault domain (unioned). */
export interface TargetSpec {
  readonly agents: readonly string[] | null;
  readonly machines: readonly string[] | null;
  readonly level: DomainLevel | null;
  readonly domain: string | null;
}

export type FailureTimelineAction = { readonly atMs: number } & (
  | { readonly do: 'fail'; readonly target: TargetSpec; readonly kind: 'crash' | 'partition' | 'process'; readonly durationMs: number | null }
  | { readonly do: 'repair' | 'unscheduleMaintenance' | 'machineDown' | 'machineUp' | 'deactivateAgent' | 'reactivateAgent' | 'markAgentGone'; readonly target: TargetSpec }
  | { readonly do: 'failMaster'; readonly electionDelayMs: number }
  | { readonly do: 'disconnectFramework'; readonly framework: string; readonly durationMs: number | null }
  | { readonly do: 'reconnectFramework'; readonly framework: string }
  | { readonly do: 'scheduleMaintenance'; readonly target: TargetSpec; readonly startMs: number; readonly durationMs: number | null }
  | { readonly do: 'drainAgent'; readonly target: TargetSpec; readonly maxGracePeriodMs: number | null; readonly markGone: boolean }
);
