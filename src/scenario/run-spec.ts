import type { OfferModelSpec } from './schema-offer-model.ts';
import type { RegistryBounds } from '../master/failover/lost-agent-tasks.ts';
import type { AllocatorTimelineAction, OfferConstraintSpec, OperationSpec, QuotaSpec, RateLimitsSpec } from './schema-allocator.ts';
/**
 * RunSpec: the canonical, immutable description of one run (the `…Desc` of the google simulator).
 * Plain JSON with integer units; resources are canonical Mesos-syntax strings. The simulation is
 * built from it per run; manifest.json records it and its hash is the run id.
 */
import type { ModelSchedulerSpec } from './schema-frameworks.ts';
import type { WorkloadSpec } from '../workload/replay/spec.ts';
import type { AgentCapability, FrameworkCapability } from '../master/allocator/types.ts';
import type { FailureTimelineAction, FailuresSpec, FrameworkFailureSpec, ServiceSchedulerSpec } from './run-spec-failures.ts';
import type { OversubscriptionSpec, UsageSpec } from '../master/oversubscription/spec.ts';
import type { PluginSchedulerSpec } from '../frameworks/plugin-model.ts';
import type { OfferPolicySpec } from './schema-plugins.ts';

export interface AgentSpec {
  readonly id: string;
  readonly hostname: string;
  readonly resources: string;
  readonly attributes: Readonly<Record<string, string | number>>;
  readonly region: string | null;
  readonly zone: string | null;
  readonly rack: string | null;
  readonly switch: string | null;
  readonly pdu: string | null;
  readonly capabilities: readonly AgentCapability[];
  /** null = added only by a timeline action */
  readonly atMs: number | null;
  readonly used: readonly { framework: string; role: string; resources: string; durationMs: number | null }[];
}

export type SchedulerSpec =
  | ServiceSchedulerSpec // issue 5: replicated-service (run-spec-failures.ts)
  | {
    readonly type: 'scripted'; readonly onOffer: 'hold' | 'decline' | 'launch'; readonly refuseSeconds: number | null;
    readonly task: { readonly resources: string; readonly durationMs: number | null } | null;
    readonly tasksPerOffer: number | null; readonly maxTasks: number | null;
  }
  | {
    readonly type: 'batch'; readonly refuseSeconds: number; readonly suppressWhenIdle: boolean; readonly revocable?: boolean; readonly retryDelayMs?: number;
    readonly jobs: {
      readonly count: number; readonly meanInterarrivalMs: number; readonly startMs: number;
      readonly tasks: readonly [number, number]; readonly resources: string;
      readonly duration: { kind: 'fixed'; ms: number } | { kind: 'exponential'; meanMs: number } | { kind: 'lognormal'; medianMs: number; sigma: number };
    };
  }
  | ModelSchedulerSpec // issue 6: service, cron, analytics, hoarder, trace-replay (schema-frameworks.ts)
  | PluginSchedulerSpec; // issue 8: a model registered by a plugin (src/frameworks/plugin-model.ts)

export interface FrameworkSpec {
  readonly id: string;
  readonly roles: readonly string[];
  readonly capabilities: readonly FrameworkCapability[];
  readonly active: boolean;
  readonly atMs: number | null;
  readonly offerLatencyMs: number;
  readonly suppressedRoles: readonly string[];
  readonly minAllocatable: Readonly<Record<string, string>>;
  readonly scheduler: SchedulerSpec;
  /** Offer constraints per role (issue 3); absent = none. */
  readonly offerConstraints?: Readonly<Record<string, readonly OfferConstraintSpec[]>>;
  /** Principal for rate limits (issue 3); absent = the framework id. */
  readonly principal?: string;
  /** Checkpointing, failover timeout, inverse-offer policy (issue 5); absent = Mesos defaults. */
  readonly failure?: FrameworkFailureSpec;
}

type Target = { readonly framework: string; readonly agent: string | null; readonly role: string | null };

export type TimelineAction = { readonly atMs: number } & (
  | { readonly do: 'addAgent'; readonly agent: AgentSpec }
  | { readonly do: 'removeAgent'; readonly agent: string }
  | { readonly do: 'updateAgent'; readonly agent: string; readonly resources: string | null; readonly attributes: Readonly<Record<string, string | number>> | null; readonly capabilities?: readonly AgentCapability[] }
  | { readonly do: 'addFramework' | 'removeFramework' | 'activateFramework' | 'deactivateFramework'; readonly framework: string }
  | { readonly do: 'setWeight'; readonly role: string; readonly weight: number }
  | { readonly do: 'suppress' | 'revive'; readonly framework: string; readonly roles: readonly string[] }
  | ({ readonly do: 'decline'; readonly refuseSeconds: number | null } & Target)
  | ({ readonly do: 'return'; readonly resources: string | null; readonly refuseSeconds: number } & Target)
  | ({ readonly do: 'accept'; readonly refuseSeconds: number | null; readonly launch: readonly { resources: string; durationMs: number | null; count: number }[]; readonly operations?: readonly OperationSpec[] } & Target)
  | AllocatorTimelineAction // issue 3 (schema-allocator.ts)
  | FailureTimelineAction // issue 5 (run-spec-failures.ts)
);

export interface ExpectedOffer {
  readonly atMs: number;
  readonly framework: string;
  readonly agent: string | null;
  readonly role: string | null;
  readonly resources: string | null;
}

/** An inverse offer `expect.inverseOffers` requires (maintenance, mesos-semantics §5.2). */
export interface ExpectedInverseOffer {
  readonly atMs: number;
  readonly framework: string;
  readonly agent: string;
  readonly startMs: number | null;
}

/**
 * Each framework's own agents: contiguous blocks of the declared agents, in this order; agents a
 * trace adds are assigned as they appear, by `fraction` (or up to the `count` in `agents` when
 * absent) (src/experiment/partitioning.ts).
 */
export interface StaticPartitionSpec {
  readonly static: readonly { readonly framework: string; readonly agents: number; readonly fraction?: number }[];
}

export interface RunSpec {
  readonly name: string;
  readonly description: string;
  readonly seed: string | number;
  readonly untilMs: number;
  readonly master: {
    readonly allocationIntervalMs: number;
    readonly offerTimeoutMs: number | null;
    readonly minAllocatable: string;
    readonly filterGpuResources: boolean;
    readonly fairnessExcludedResources: readonly string[];
    readonly roleSorter: string;
    readonly frameworkSorter: string;
    readonly region: string | null;
    readonly whitelist: readonly string[] | null;
    readonly weights: Readonly<Record<string, number>>;
    /** Quota per top-level role (issue 3); absent = none. */
    readonly quota?: Readonly<Record<string, QuotaSpec>>;
    /** --rate_limits on framework calls (issue 3); absent = unlimited. */
    readonly rateLimits?: RateLimitsSpec;
    /** Static partitioning (issue 8); absent = one shared cluster. */
    readonly partitioning?: StaticPartitionSpec;
    /** Offer policy registered by a plugin (issue 8, schema-plugins.ts); absent = none. */
    readonly offerPolicy?: OfferPolicySpec;
    /** Pessimistic (Mesos) or optimistic (Omega-style) offers (story 14, schema-offer-model.ts); absent = pessimistic. */
    readonly offerModel?: OfferModelSpec;
    /** --registry_max_agent_age / --registry_max_agent_count (schema-registry.ts); absent = 2 weeks / 102400. */
    readonly registry?: RegistryBounds;
  };
  /** Task usage profiles and oversubscription (issue 4); absent = tasks use their requests, no estimator. */
  readonly usage?: UsageSpec;
  readonly oversubscription?: OversubscriptionSpec;
  /** Trace replay and synthetic workloads (issue 6); absent = only the frameworks' own work. */
  readonly workload?: WorkloadSpec;
  /** Failure models, failover settings, upgrade planner (issue 5); absent = nothing fails. */
  readonly failures?: FailuresSpec;
  readonly agents: readonly AgentSpec[];
  readonly frameworks: readonly FrameworkSpec[];
  readonly timeline: readonly TimelineAction[];
  readonly expect: {
    readonly offers: readonly ExpectedOffer[] | null;
    readonly offersExact: boolean;
    /** Every inverse offer of the run (null = not checked). */
    readonly inverseOffers?: readonly ExpectedInverseOffer[] | null;
  };
}
