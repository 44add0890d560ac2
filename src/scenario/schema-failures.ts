/**
 * Scenario schema pieces for failures, failover and maintenance (issue 5; docs/failures.md).
 * Referenced from schema.ts with one line each: the top-level `failures` block, framework fields,
 * the `service` scheduler type and the failure timeline actions.
 */
import { z } from 'zod';
import { count, positiveCount } from './schema-count.ts';
import { markAgentGoneAction } from './schema-agent-gone.ts';

const Duration = z.union([z.string(), z.number().nonnegative()]).describe('Duration: a number of seconds or a string with units, e.g. 500ms, 30s, 5m, 1h30m, 2d');
const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'ids use letters, digits and _ . : - (no spaces or slashes)');

export const DOMAIN_LEVEL_NAMES = ['region', 'zone', 'pdu', 'switch', 'rack', 'machine'] as const;
const Level = z.enum(DOMAIN_LEVEL_NAMES);

const Dist = z.union([
  Duration,
  z.strictObject({ exponential: Duration }),
  z.strictObject({ weibull: z.strictObject({ shape: z.number().positive(), scale: Duration }) }),
]).describe('a fixed duration, {exponential: mean} or {weibull: {shape, scale}}');

const FailureModel = z.strictObject({
  level: Level.describe('fault domain level: every agent under a failed domain fails at once'),
  kind: z.enum(['crash', 'partition']).default('crash').describe('crash: machines die (tasks lost, reboot on repair); partition: unreachable, tasks keep running'),
  failure: Dist.describe('time between failures of each domain (from its repair)'),
  repair: Dist.describe('time to repair'),
  from: Duration.default(0),
  until: Duration.optional(),
  domains: z.array(z.string()).optional().describe('only these domains (default: all of the level)'),
});

const Upgrade = z.strictObject({
  strategy: z.enum(['drain', 'kill', 'in-place', 'drain-agent']).describe(
    'drain: maintenance schedule + inverse offers, wait for the machines to empty (or the deadline), then down/upgrade/up; ' +
    'kill: machine down at once; in-place: agent failover (process restart, tasks kept with checkpointing); drain-agent: DRAIN_AGENT with max grace period'),
  start: Duration.default(0),
  batch: z.union([z.int().positive(), z.enum(['rack', 'switch', 'pdu', 'zone'])]).default(1).describe('machines at a time, or one whole domain at a time'),
  window: Duration.default('10m').describe('unavailability starts this long after a batch is scheduled (drain)'),
  drainDeadline: Duration.default('30m').describe('take the batch down at this point even if tasks remain (drain, drain-agent)'),
  upgradeDuration: Duration.default('10m').describe('time a machine is down for the upgrade'),
  restartDuration: Duration.default('20s').describe('agent process restart time (in-place)'),
  maxGracePeriod: Duration.optional().describe('drain-agent: cap on each task\u2019s kill grace period'),
  machines: z.array(z.string()).optional().describe('hostnames to upgrade (default: every agent at the start)'),
});

export const FailuresSchema = z.strictObject({
  agentPingTimeout: Duration.default('15s'),
  maxAgentPingTimeouts: z.int().positive().default(5),
  agentReregisterTimeout: Duration.default('10m'),
  agentRemovalRateLimit: z.string().regex(/^\s*[1-9]\d*\s*\/\s*\S+\s*$/, 'expected <agents>/<duration>, e.g. 1/10m')
    .optional().describe('--agent_removal_rate_limit: mark at most <agents> unreachable per <duration> after failed health checks (Mesos writes 1/10mins); default unlimited'),
  recoveryAgentFactor: z.number().min(0).max(1).default(0.8),
  recoveryAgentRemovalLimit: z.number().min(0).max(1).optional()
    .describe('--recovery_agent_removal_limit as a fraction: after a master failover, if more of the registry\'s agents than this fail to reregister in time, the master fails over again instead of marking them unreachable (default 1 = 100%: never)'),
  recoveryTimeout: Duration.default('10m'),
  killGracePeriod: Duration.default('5s'),
  models: z.array(FailureModel).default([]),
  upgrade: Upgrade.optional(),
}).describe('failure models, failover and maintenance settings (docs/failures.md)');

export const InverseOfferPolicySchema = z.enum(['ignore', 'accept', 'decline', 'comply']);

/** Spread into FrameworkSchema. */
export const FrameworkFailureFields = {
  checkpoint: z.boolean().optional().describe('FrameworkInfo.checkpoint: tasks survive agent process restarts (default false)'),
  failoverTimeout: Duration.optional().describe('FrameworkInfo.failover_timeout (default 0: removed as soon as the scheduler disconnects)'),
  inverseOffers: z.union([
    InverseOfferPolicySchema,
    z.strictObject({ policy: InverseOfferPolicySchema, refuseSeconds: z.number().optional() }),
  ]).optional().describe('how a scheduler without its own maintenance handling answers inverse offers (default ignore)'),
  restartAfterError: Duration.optional().describe('a FrameworkErrorMessage (a call over its principal\'s rate-limit capacity) aborts the scheduler driver; the scheduler restarts and fails over after this long (default 30s)'),
};

export const ServiceSchedulerSchema = z.strictObject({
  type: z.literal('replicated-service'),
  instances: positiveCount(),
  resources: z.union([z.string(), z.record(z.string(), z.union([z.string(), z.number()]))]),
  spread: z.enum(['none', 'rack', 'switch', 'pdu', 'zone']).default('none').describe('spread instances over fault domains (preferably different ones)'),
  maxPerDomain: z.int().positive().optional().describe('hard cap of instances per spread domain'),
  onInverseOffer: z.enum(['migrate', 'kill', 'ignore', 'decline']).default('migrate'),
  avoidDraining: z.boolean().default(true).describe('decline offers from machines scheduled for maintenance'),
  refuseSeconds: z.number().default(5),
  slo: z.number().min(0).max(1).optional().describe('availability threshold for "time below" (default (n-1)/n)'),
});

const Targets = {
  agents: z.array(Id).min(1).optional().describe('agent ids (at least one; Mesos refuses an empty machine list)'),
  machines: z.array(z.string()).min(1).optional().describe('hostnames (at least one)'),
  level: Level.optional(),
  domain: z.string().optional().describe('with level: every agent in this fault domain'),
};

export const FailureActions = [
  z.strictObject({ at: Duration, do: z.literal('fail'), ...Targets, kind: z.enum(['crash', 'partition', 'process']).default('crash'), duration: Duration.optional().describe('repair/heal/restart after; omitted = never (or until `repair`)') }),
  z.strictObject({ at: Duration, do: z.literal('repair'), ...Targets }),
  z.strictObject({ at: Duration, do: z.literal('failMaster'), electionDelay: Duration.default('10s') }),
  z.strictObject({ at: Duration, do: z.literal('disconnectFramework'), framework: Id, duration: Duration.optional() }),
  z.strictObject({ at: Duration, do: z.literal('reconnectFramework'), framework: Id }),
  z.strictObject({ at: Duration, do: z.literal('scheduleMaintenance'), ...Targets, start: Duration.default(0).describe('window start, relative to the action'), duration: Duration.optional() }),
  z.strictObject({ at: Duration, do: z.literal('unscheduleMaintenance'), ...Targets }),
  z.strictObject({ at: Duration, do: z.literal('machineDown'), ...Targets }),
  z.strictObject({ at: Duration, do: z.literal('machineUp'), ...Targets }),
  z.strictObject({ at: Duration, do: z.literal('drainAgent'), ...Targets, maxGracePeriod: Duration.optional(), markGone: z.boolean().default(false) }),
  z.strictObject({ at: Duration, do: z.literal('deactivateAgent'), ...Targets }),
  z.strictObject({ at: Duration, do: z.literal('reactivateAgent'), ...Targets }),
  markAgentGoneAction(Targets), // MARK_AGENT_GONE (schema-agent-gone.ts)
] as const;

export const FAILURE_ACTION_NAMES: readonly string[] = FailureActions.map((a) => a.shape.do.value);

export type FailuresInput = z.output<typeof FailuresSchema>;
export type FailureActionInput = z.output<(typeof FailureActions)[number]>;
export type ServiceSchedulerInput = z.output<typeof ServiceSchedulerSchema>;
export type FrameworkFailureInput = { checkpoint?: boolean; failoverTimeout?: string | number; inverseOffers?: z.output<typeof FrameworkFailureFields.inverseOffers>; restartAfterError?: string | number };
