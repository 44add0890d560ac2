/**
 * The scenario file format (YAML or JSON), as a zod schema: the single source of the TS input
 * types, of validation, and of `scenarios/scenario.schema.json` for editors.
 *
 * Quantities stay in human units here (`30s`, `16GiB`, `cpus:2;mem:1GiB`); normalize.ts converts
 * them to integers and reports anything unreadable with its file:line:column.
 */
import { z } from 'zod';
import { count, positiveCount } from './schema-count.ts';
import { FailureActions, FailuresSchema, FrameworkFailureFields, ServiceSchedulerSchema } from './schema-failures.ts';
import { MODEL_SCHEDULERS } from './schema-frameworks.ts';
import { WorkloadSchema } from './schema-workload.ts';
import { AllocatorActions, OfferConstraintsField, OperationSchema, PrincipalField, QuotaSection, RateLimitsSection } from './schema-allocator.ts';
import { FRAMEWORK_CAPABILITIES, AGENT_CAPABILITIES } from '../master/allocator/types.ts';
import { ExpectMetrics, Partitioning, Plugins, Variants } from './schema-experiment.ts';
import { OfferModelSection } from './schema-offer-model.ts';
import { OfferPolicySection, PluginScheduler } from './schema-plugins.ts';
import { OversubscriptionSection, UsageSection } from './schema-oversubscription.ts';
import { RegistryMasterFields } from './schema-registry.ts';

const Duration = z.union([z.string(), z.number().nonnegative()]).describe('Duration: a number of seconds or a string with units, e.g. 500ms, 30s, 5m, 1h30m, 2d');
const ResourceText = z.union([
  z.string().describe('Mesos resource syntax, e.g. "cpus:2;mem:4GiB;disk:100;ports:[31000-32000]"'),
  z.strictObject({
    cpus: z.number().nonnegative().optional(),
    mem: z.union([z.number(), z.string()]).optional(),
    disk: z.union([z.number(), z.string()]).optional(),
    gpus: z.number().nonnegative().optional(),
    ports: z.string().optional(),
  }).describe('Unreserved resources as an object: { cpus: 2, mem: 4GiB }'),
]);
const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'ids use letters, digits and _ . : - (no spaces or slashes)');
const Role = z.string().regex(/^(\*|[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*)$/, 'roles are paths like "eng" or "eng/ml"');
const When = z.union([Duration, z.literal('manual')]).describe('When it is added: a time, or "manual" (only by a timeline action)');

const UsedEntry = z.strictObject({
  framework: Id,
  role: Role.optional(),
  resources: ResourceText,
  duration: Duration.optional().describe('how long the running task still runs; omitted = until killed'),
});

export const AgentSchema = z.strictObject({
  id: Id,
  count: positiveCount().optional().describe('expand into `count` agents named <id>-00001, <id>-00002, ...'),
  resources: ResourceText,
  hostname: z.string().optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  region: z.string().optional(),
  zone: z.string().optional(),
  rack: z.string().optional(),
  switch: z.string().optional(),
  pdu: z.string().optional(),
  perRack: z.int().positive().optional().describe('with count: put this many agents in each rack, racks named <rack or "rack">-01, -02, ...'),
  capabilities: z.array(z.enum(AGENT_CAPABILITIES)).optional(),
  at: When.optional(),
  used: z.array(UsedEntry).optional().describe('resources already running for frameworks when the agent registers'),
});

const ScriptedScheduler = z.strictObject({
  type: z.literal('scripted'),
  onOffer: z.enum(['hold', 'decline', 'launch']).default('hold'),
  refuseSeconds: z.number().optional(),
  task: z.strictObject({ resources: ResourceText, duration: Duration.optional() }).optional(),
  tasksPerOffer: z.int().positive().optional(),
  maxTasks: count().optional(),
});

const DurationDistSchema = z.union([
  Duration,
  z.strictObject({ exponential: Duration }),
  z.strictObject({ lognormal: z.strictObject({ median: Duration, sigma: z.number().nonnegative() }) }),
]);

const BatchScheduler = z.strictObject({
  type: z.literal('batch'),
  refuseSeconds: z.number().default(1),
  suppressWhenIdle: z.boolean().default(true),
  revocable: z.boolean().optional().describe('best-effort: run only on revocable resources (needs REVOCABLE_RESOURCES)'),
  retryDelay: Duration.optional().describe('a task that ran and ended without finishing is queued again after this long (default 1s; one that never started, TASK_DROPPED, at once)'),
  jobs: z.strictObject({
    count: count(),
    interarrival: Duration.default(0).describe('mean time between job arrivals (Poisson); 0 = all at `start`'),
    start: Duration.default(0),
    tasks: z.union([positiveCount(), z.tuple([positiveCount(), positiveCount()])]).default(1),
    resources: ResourceText,
    duration: DurationDistSchema,
  }),
});

export const FrameworkSchema = z.strictObject({
  id: Id,
  role: Role.optional(),
  roles: z.array(Role).optional(),
  capabilities: z.array(z.enum(FRAMEWORK_CAPABILITIES)).optional().describe('default: [MULTI_ROLE]'),
  active: z.boolean().default(true),
  at: When.optional(),
  offerLatency: Duration.default(0).describe('think time between receiving offers and replying'),
  suppressedRoles: z.array(Role).optional(),
  minAllocatable: z.record(z.string(), z.string()).optional().describe('per-role override, e.g. { role1: "cpus:1" }; "" = anything'),
  offerConstraints: OfferConstraintsField, // issue 3: schema-allocator.ts
  principal: PrincipalField, // issue 3: rate limits
  ...FrameworkFailureFields, // issue 5: checkpoint, failoverTimeout, inverseOffers (schema-failures.ts)
  scheduler: z.discriminatedUnion('type', [ScriptedScheduler, BatchScheduler, ServiceSchedulerSchema, ...MODEL_SCHEDULERS, PluginScheduler]), // models: schema-frameworks.ts (issue 6); plugin: schema-plugins.ts (issue 8)
});

const target = { framework: Id, agent: Id.optional(), role: Role.optional() };
export const ActionSchema = z.discriminatedUnion('do', [
  ...FailureActions, // issue 5: failures, failover, maintenance (schema-failures.ts)
  ...AllocatorActions, // issue 3: quota, reservations, volumes, framework updates (schema-allocator.ts)
  z.strictObject({ at: Duration, do: z.literal('addAgent'), agent: AgentSchema.omit({ at: true, count: true, perRack: true }) }),
  z.strictObject({ at: Duration, do: z.literal('removeAgent'), agent: Id }),
  z.strictObject({
    at: Duration, do: z.literal('updateAgent'), agent: Id, resources: ResourceText.optional(),
    attributes: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    capabilities: z.array(z.enum(AGENT_CAPABILITIES)).optional(),
  }),
  z.strictObject({ at: Duration, do: z.literal('addFramework'), framework: Id }),
  z.strictObject({ at: Duration, do: z.literal('removeFramework'), framework: Id }),
  z.strictObject({ at: Duration, do: z.literal('activateFramework'), framework: Id }),
  z.strictObject({ at: Duration, do: z.literal('deactivateFramework'), framework: Id }),
  z.strictObject({ at: Duration, do: z.literal('setWeight'), role: Role, weight: z.number().positive() }),
  z.strictObject({ at: Duration, do: z.literal('suppress'), framework: Id, roles: z.array(Role).optional() }),
  z.strictObject({ at: Duration, do: z.literal('revive'), framework: Id, roles: z.array(Role).optional() }),
  z.strictObject({ at: Duration, do: z.literal('decline'), ...target, refuseSeconds: z.number().optional() }),
  z.strictObject({
    at: Duration, do: z.literal('return'), ...target, resources: ResourceText.optional(),
    refuseSeconds: z.number().optional().describe('default 0: no filter'),
  }),
  z.strictObject({
    at: Duration, do: z.literal('accept'), ...target,
    launch: z.array(z.strictObject({ resources: ResourceText, duration: Duration.optional(), count: positiveCount().optional() })).default([]),
    operations: z.array(OperationSchema).optional().describe('RESERVE/UNRESERVE/CREATE/DESTROY applied before the launches'),
    refuseSeconds: z.number().optional(),
  }),
]);

const ExpectedOffer = z.strictObject({
  at: Duration,
  framework: Id,
  agent: Id.optional().describe('omit when the agent depends on the seeded shuffle'),
  role: Role.optional(),
  resources: z.string().optional().describe('exact resources in event-log syntax'),
});

const ExpectedInverseOffer = z.strictObject({
  at: Duration,
  framework: Id,
  agent: Id,
  start: Duration.optional().describe('when the unavailability starts (simulated time)'),
});

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: Id,
  description: z.string().optional(),
  seed: z.union([z.int(), z.string()]).default(1),
  until: Duration.default('1h').describe('simulated end time'),
  master: z.strictObject({
    allocationInterval: Duration.default('1s'),
    offerTimeout: z.union([Duration, z.null()]).default(null),
    minAllocatable: z.string().default('cpus:0.01|mem:32'),
    filterGpuResources: z.boolean().default(true),
    fairnessExcludedResources: z.array(z.string()).default([]),
    roleSorter: z.string().default('drf'),
    frameworkSorter: z.string().default('drf'),
    region: z.string().nullable().default(null),
    whitelist: z.array(z.string()).nullable().default(null),
    weights: z.record(z.string(), z.number().positive()).default({}),
    quota: QuotaSection.optional(), // issue 3: schema-allocator.ts
    rateLimits: RateLimitsSection.optional(), // issue 3
    partitioning: Partitioning.optional(), // issue 8: schema-experiment.ts
    offerPolicy: OfferPolicySection.optional(), // issue 8: plugins (schema-plugins.ts)
    offerModel: OfferModelSection.optional(), // story 14: schema-offer-model.ts
    ...RegistryMasterFields, // registryMaxAgentAge, registryMaxAgentCount (schema-registry.ts)
  }).prefault({}),
  agents: z.array(AgentSchema).default([]),
  failures: FailuresSchema.optional(), // issue 5: schema-failures.ts
  frameworks: z.array(FrameworkSchema).default([]),
  timeline: z.array(ActionSchema).default([]),
  expect: z.strictObject({
    offers: z.array(ExpectedOffer).optional(),
    offersExact: z.boolean().default(true).describe('the expected offers are all the offers made (in time order)'),
    inverseOffers: z.array(ExpectedInverseOffer).optional().describe('every inverse offer the run makes (maintenance, §5), in time order'),
    metrics: ExpectMetrics.optional(), // issue 8: schema-experiment.ts
  }).optional(),
  workload: WorkloadSchema.optional(), // issue 6: schema-workload.ts
  usage: UsageSection.optional(), // issue 4: schema-oversubscription.ts
  oversubscription: OversubscriptionSection.optional(), // issue 4
  variants: Variants.optional(),
  plugins: Plugins.optional(),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type ScenarioParsed = z.output<typeof ScenarioSchema>;
export type AgentInput = z.output<typeof AgentSchema>;
export type FrameworkInput = z.output<typeof FrameworkSchema>;
export type ActionInput = z.output<typeof ActionSchema>;
