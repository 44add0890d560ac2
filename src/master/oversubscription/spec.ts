/**
 * The normalized (RunSpec) form of a scenario's `usage` and `oversubscription` sections: plain JSON,
 * integer milliseconds, resources as canonical Mesos text. Produced by src/scenario/schema-oversubscription.ts.
 */
import type { UsageProfile } from '../../cluster/usage-profile.ts';
/** A policy registered by a plugin (issue 8): `{ type: 'plugin', name, options }`, options verbatim. */
export interface PluginPolicySpec {
  readonly type: 'plugin';
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface UsageSpec {
  readonly sampleIntervalMs: number;
  readonly allowBurst: boolean;
  /** With bursting: usage is capped at this multiple of the request. */
  readonly burstCap: number;
  /** Profile of tasks whose launch and framework give none; null = tasks use their whole request. */
  readonly default: UsageProfile | null;
  /** Framework id → profile for its tasks (the batch and scripted schedulers set none of their own). */
  readonly frameworks: Readonly<Record<string, UsageProfile>>;
}

export type EstimatorSpec =
  | { readonly type: 'noop' }
  | { readonly type: 'fixed'; readonly resources: string }
  | { readonly type: 'usage'; readonly windowMs: number; readonly margin: number; readonly resources: readonly string[] }
  | PluginPolicySpec; // issue 8: registered by a plugin

export type QosSpec =
  | { readonly type: 'noop' }
  | { readonly type: 'usage' }
  | { readonly type: 'load'; readonly threshold5min: number | null; readonly threshold15min: number | null }
  | PluginPolicySpec; // issue 8

export interface OversubscriptionSpec {
  readonly estimator: EstimatorSpec;
  readonly qos: QosSpec;
  /** --oversubscribed_resources_interval (default 15 s). */
  readonly reportIntervalMs: number;
  /** --qos_correction_interval_min (default 0). */
  readonly qosCorrectionIntervalMinMs: number;
  /** Offer reservations not held by tasks as revocable resources to other roles. */
  readonly lendReserved: boolean;
  /** Report a fresh estimate right after every QoS correction (deviation from Mesos; default false). */
  readonly reestimateAfterCorrection?: boolean;
}
