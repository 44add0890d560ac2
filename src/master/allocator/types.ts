/** Vocabulary shared by the allocator and the master (mesos-semantics §0, §2.5). */
import type { Resources } from '../../cluster/resources.ts';
import type { AttributePredicate } from './offer-constraints.ts';

export const FRAMEWORK_CAPABILITIES = [
  'REVOCABLE_RESOURCES', 'TASK_KILLING_STATE', 'GPU_RESOURCES', 'SHARED_RESOURCES', 'PARTITION_AWARE',
  'MULTI_ROLE', 'RESERVATION_REFINEMENT', 'REGION_AWARE',
] as const;
export type FrameworkCapability = (typeof FRAMEWORK_CAPABILITIES)[number];

export const AGENT_CAPABILITIES = ['MULTI_ROLE', 'HIERARCHICAL_ROLE', 'RESERVATION_REFINEMENT', 'RESOURCE_PROVIDER'] as const;
export type AgentCapability = (typeof AGENT_CAPABILITIES)[number];

/** OR of AND-sets of minimum scalar quantities (milli-units): `cpus:0.01|mem:32`. */
export type MinAllocatable = readonly ReadonlyMap<string, number>[];

export interface AllocatorFrameworkInfo {
  readonly id: string;
  readonly roles: readonly string[];
  readonly capabilities: readonly FrameworkCapability[];
  readonly suppressedRoles?: readonly string[];
  /** Per-role override of min allocatable resources; an empty list means anything is allocatable. */
  readonly minAllocatable?: ReadonlyMap<string, MinAllocatable>;
  /** Per-role attribute predicates (offer-constraints.ts); absent = every agent. */
  readonly offerConstraints?: Readonly<Record<string, readonly AttributePredicate[]>>;
}

export interface AllocatorAgentInfo {
  readonly id: string;
  readonly hostname: string;
  readonly total: Resources;
  readonly attributes: Readonly<Record<string, string | number>>;
  readonly capabilities: readonly AgentCapability[];
  readonly region: string | null;
}

/** Resources already in use on an agent when it is added: framework → role → resources. */
export type UsedResources = ReadonlyMap<string, ReadonlyMap<string, Resources>>;

export interface OfferDecision {
  readonly frameworkId: string;
  readonly role: string;
  readonly agentId: string;
  readonly resources: Resources;
}

/** What the allocator needs from its host (the master): time, timers and run scheduling. */
export interface AllocatorHost {
  now(): number;
  /** Queue one allocation run at the current time, after every event already queued (§1.1). */
  scheduleRun(): void;
  /** Arrange for `allocator.expireFilter(token)` to be called at `atMs`. */
  scheduleFilterExpiry(atMs: number, token: FilterToken): void;
  /** Observability hook: filters installed/expired (for the event log). */
  onFilter?(ev: { type: 'filter.installed' | 'filter.expired'; frameworkId: string; role: string; agentId: string; resources: Resources; untilMs?: number }): void;
}

export interface FilterToken {
  readonly frameworkId: string;
  readonly role: string;
  readonly agentId: string;
  readonly id: number;
}

export interface AllocatorOptions {
  readonly allocationIntervalMs: number;
  readonly minAllocatable: MinAllocatable;
  readonly filterGpuResources: boolean;
  readonly fairnessExcludedResourceNames: readonly string[];
  readonly masterRegion: string | null;
  readonly roleSorter: string;
  readonly frameworkSorter: string;
  readonly whitelist: readonly string[] | null;
  /**
   * Walk every role for every agent, as Mesos does, instead of skipping roles that provably cannot
   * take anything (quota-capped roles, roles sitting out stage 1, roles that cannot use the
   * reservations left on an agent). Same offers either way; for differential tests only.
   */
  readonly exhaustiveWalk?: boolean;
}
