/**
 * Scenario schema pieces for experiments (issue 8): metric assertions under `expect.metrics`,
 * static partitioning under `master.partitioning`, named `variants` of one scenario, and `plugins`.
 * Referenced from schema.ts; kept here so that file stays small.
 */
import { z } from 'zod';
import { count, positiveCount } from './schema-count.ts';
import { parseAssertion } from './metric-assertion.ts';

export const MetricAssertionText = z.string().superRefine((s, ctx) => {
  const a = parseAssertion(s);
  if (typeof a === 'string') ctx.addIssue({ code: 'custom', message: a });
}).describe('a metric assertion: "tasks.finished >= 10", "roles.a.mean.dominantShare ~= 0.667 ± 0.01", "@shared.waitMs.p95 < @static.waitMs.p95"');

export const ExpectMetrics = z.array(MetricAssertionText)
  .describe('assertions on summary.json, evaluated by `clustersim check` (exit 1 when one fails)');

const PartitionSize = z.union([
  z.number().gt(0).lte(1).describe('fraction of the agents, e.g. 0.33'),
  z.strictObject({ count: count().describe('number of agents') }),
  z.strictObject({ fraction: z.number().gt(0).lte(1) }),
]);

export const Partitioning = z.union([
  z.literal('shared').describe('one shared cluster (the default)'),
  z.strictObject({
    static: z.record(z.string(), PartitionSize)
      .describe('framework id → its own agents (a fraction or { count }); owned agents are offered to their owner only, the rest stay shared'),
  }),
]).describe('static partitioning: each framework gets its own machines, no sharing');

export const Variants = z.record(
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'variant names use letters, digits, _ and -'),
  z.record(z.string(), z.unknown()).describe('overrides applied like --set: { "master.partitioning": { static: { web: 0.5 } } }'),
).describe('named variants of this scenario, each a set of path=value overrides; `clustersim check` and `plan` run every variant');

export const Plugins = z.array(z.string())
  .describe('policy plugin modules (paths relative to the scenario file) exporting register(api)');
