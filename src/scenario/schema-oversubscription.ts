/**
 * Scenario schema pieces for usage and oversubscription (issue 4), referenced from schema.ts, and
 * their normalization into the RunSpec (src/master/oversubscription/spec.ts):
 *
 *   usage:
 *     sampleInterval: 10s            usage is re-sampled on this tick (piecewise constant in between)
 *     allowBurst: false              usage above the request (up to burstCap × request) when true
 *     default: 0.25                  profile of every task without one (omitted: whole request used)
 *     frameworks: { web: {...} }     profile per framework
 *   oversubscription:
 *     estimator: usage | fixed | noop   or { type: usage, window: 5m, margin: 0.1 } / { type: fixed, resources: "cpus:4" }
 *     qos: usage | load | noop          or { type: load, threshold5min: 6, threshold15min: 4 }
 *     oversubscribedResourcesInterval: 15s
 *     qosCorrectionIntervalMin: 0s
 *     lendReserved: false               lend reservations not held by tasks as revocable resources
 *     reestimateAfterCorrection: false  re-estimate at once after a QoS kill (a deviation; see the runtime)
 *
 * Profiles: a number (constant fraction of the request), { constant }, { diurnal: { mean, amplitude,
 * period, phase } }, { steps: [{ at, fraction }], clock: task|sim }, { noisy: { base, sigma } },
 * { series: { samples: [{ at, cpus, mem }], absolute, repeat, clock } }, or { resources: { cpus: P,
 * mem: P }, default: P }.
 */
import { z } from 'zod';
import { parseDuration } from '../core/units.ts';
import { formatResources, parseResources } from '../cluster/resource-text.ts';
import type { UsageProfile } from '../cluster/usage-profile.ts';
import type { EstimatorSpec, OversubscriptionSpec, QosSpec, UsageSpec } from '../master/oversubscription/spec.ts';
import { normalizePluginPolicy, PluginEstimator, PluginQosController } from './schema-plugins.ts';

const Duration = z.union([z.string(), z.number().nonnegative()]).describe('Duration: seconds or a string with units (30s, 5m, 24h)');
const Fraction = z.number().nonnegative().describe('fraction of the request (1 = all of it)');
const Clock = z.enum(['task', 'sim']).describe('times from the task\'s launch (task) or from the start of the run (sim)');

export type UsageProfileInput =
  | number
  | { constant: number }
  | { diurnal: { mean: number; amplitude: number; period?: string | number; phase?: string | number } }
  | { steps: { at: string | number; fraction: number }[]; clock?: 'task' | 'sim' }
  | { noisy: { base: UsageProfileInput; sigma: number } }
  | { series: { samples: ({ at: string | number } & Record<string, string | number>)[]; absolute?: boolean; repeat?: string | number; clock?: 'task' | 'sim' } }
  | { resources: Record<string, UsageProfileInput>; default?: UsageProfileInput };

export const UsageProfileSchema: z.ZodType<UsageProfileInput> = z.lazy(() => z.union([
  Fraction,
  z.strictObject({ constant: Fraction }),
  z.strictObject({ diurnal: z.strictObject({ mean: Fraction, amplitude: z.number().nonnegative(), period: Duration.optional().describe('default 24h'), phase: Duration.optional() }) }),
  z.strictObject({ steps: z.array(z.strictObject({ at: Duration, fraction: Fraction })).min(1), clock: Clock.optional() }),
  z.strictObject({ noisy: z.strictObject({ base: UsageProfileSchema, sigma: z.number().nonnegative().describe('standard deviation (fraction units)') }) }),
  z.strictObject({
    series: z.strictObject({
      samples: z.array(z.object({ at: Duration }).catchall(z.number())).min(1)
        .describe('Google 2011 task_usage shape: each sample holds from `at` until the next; other keys are resource values'),
      absolute: z.boolean().optional().describe('values in natural units (cpus, MiB) instead of fractions'),
      repeat: Duration.optional().describe('repeat the series with this period'),
      clock: Clock.optional(),
    }),
  }),
  z.strictObject({ resources: z.record(z.string(), UsageProfileSchema), default: UsageProfileSchema.optional() }),
])).describe('a usage profile: what a task uses over time, as a fraction of its request');

export const UsageSection = z.strictObject({
  sampleInterval: Duration.default('10s').describe('usage sampling tick (the agents\' resource monitor)'),
  allowBurst: z.boolean().default(false),
  burstCap: z.number().min(1).default(2).describe('with allowBurst: usage is capped at this multiple of the request'),
  default: UsageProfileSchema.optional(),
  frameworks: z.record(z.string(), UsageProfileSchema).default({}),
}).describe('actual usage of tasks, separate from their requests');

const EstimatorName = z.enum(['noop', 'fixed', 'usage']);
export const OversubscriptionSection = z.strictObject({
  estimator: z.union([
    EstimatorName,
    z.strictObject({ type: z.literal('noop') }),
    z.strictObject({ type: z.literal('fixed'), resources: z.string().describe('operator-given revocable amount, e.g. "cpus:14"') }),
    z.strictObject({
      type: z.literal('usage'), window: Duration.default('5m'), margin: z.number().min(0).max(1).default(0.1),
      resources: z.array(z.string()).default(['cpus', 'mem']),
    }),
    PluginEstimator, // issue 8: registered by a plugin (schema-plugins.ts)
  ]).default('usage'),
  qos: z.union([
    z.enum(['noop', 'usage']),
    z.strictObject({ type: z.enum(['noop', 'usage']) }),
    z.strictObject({ type: z.literal('load'), threshold5min: z.number().positive().optional(), threshold15min: z.number().positive().optional() }),
    PluginQosController, // issue 8 (schema-plugins.ts)
  ]).default('usage'),
  oversubscribedResourcesInterval: Duration.default('15s'),
  qosCorrectionIntervalMin: Duration.default(0),
  lendReserved: z.boolean().default(false).describe('offer reservations not held by tasks as revocable to other roles'),
  reestimateAfterCorrection: z.boolean().default(false)
    .describe('report a fresh estimate right after a QoS correction (not Mesos: there the killed revocable resources are re-offered until the next interval)'),
}).describe('resource estimator and QoS controller on every agent (mesos-semantics §4)');

type Path = (string | number)[];
type Fail = (path: Path, message: string) => void;

function ms(v: string | number, path: Path, fail: Fail): number {
  const r = parseDuration(v);
  if (typeof r === 'string') { fail(path, r); return 0; }
  return r;
}

export function normalizeUsageProfile(p: UsageProfileInput, path: Path, fail: Fail): UsageProfile {
  if (typeof p === 'number') return { kind: 'constant', fraction: p };
  if ('constant' in p) return { kind: 'constant', fraction: p.constant };
  if ('diurnal' in p) {
    const d = p.diurnal;
    const periodMs = ms(d.period ?? '24h', [...path, 'diurnal', 'period'], fail);
    if (periodMs <= 0) fail([...path, 'diurnal', 'period'], 'the period must be positive');
    return { kind: 'diurnal', mean: d.mean, amplitude: d.amplitude, periodMs: Math.max(1, periodMs), phaseMs: ms(d.phase ?? 0, [...path, 'diurnal', 'phase'], fail) };
  }
  if ('steps' in p) {
    const steps = p.steps.map((s, i) => ({ atMs: ms(s.at, [...path, 'steps', i, 'at'], fail), fraction: s.fraction }));
    for (let i = 1; i < steps.length; i++) if (steps[i].atMs < steps[i - 1].atMs) fail([...path, 'steps', i, 'at'], 'steps must be in time order');
    return { kind: 'steps', clock: p.clock ?? 'task', steps };
  }
  if ('noisy' in p) return { kind: 'noisy', base: normalizeUsageProfile(p.noisy.base, [...path, 'noisy', 'base'], fail), sigma: p.noisy.sigma };
  if ('series' in p) {
    const s = p.series;
    const samples = s.samples.map((x, i) => {
      const values: Record<string, number> = {};
      for (const [k, v] of Object.entries(x)) if (k !== 'at') values[k] = v as number;
      return { atMs: ms(x.at, [...path, 'series', 'samples', i, 'at'], fail), values };
    });
    for (let i = 1; i < samples.length; i++) if (samples[i].atMs < samples[i - 1].atMs) fail([...path, 'series', 'samples', i, 'at'], 'samples must be in time order');
    const repeatMs = s.repeat === undefined ? null : ms(s.repeat, [...path, 'series', 'repeat'], fail);
    return { kind: 'series', clock: s.clock ?? 'task', absolute: s.absolute ?? false, repeatMs, samples };
  }
  const resources: Record<string, UsageProfile> = {};
  for (const [name, q] of Object.entries(p.resources).sort(([a], [b]) => (a < b ? -1 : 1))) {
    resources[name] = normalizeUsageProfile(q, [...path, 'resources', name], fail);
  }
  return { kind: 'perResource', resources, default: p.default === undefined ? null : normalizeUsageProfile(p.default, [...path, 'default'], fail) };
}

export function normalizeUsage(u: z.output<typeof UsageSection>, frameworkIds: ReadonlySet<string>, fail: Fail): UsageSpec {
  const sampleIntervalMs = ms(u.sampleInterval, ['usage', 'sampleInterval'], fail);
  if (sampleIntervalMs <= 0) fail(['usage', 'sampleInterval'], 'the usage sample interval must be positive');
  const frameworks: Record<string, UsageProfile> = {};
  for (const [id, p] of Object.entries(u.frameworks).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!frameworkIds.has(id)) fail(['usage', 'frameworks', id], `unknown framework "${id}" (declared: ${[...frameworkIds].join(', ') || 'none'})`);
    frameworks[id] = normalizeUsageProfile(p, ['usage', 'frameworks', id], fail);
  }
  return {
    sampleIntervalMs, allowBurst: u.allowBurst, burstCap: u.allowBurst ? u.burstCap : 1,
    default: u.default === undefined ? null : normalizeUsageProfile(u.default, ['usage', 'default'], fail), frameworks,
  };
}

export function normalizeOversubscription(o: z.output<typeof OversubscriptionSection>, fail: Fail): OversubscriptionSpec {
  const e = typeof o.estimator === 'string' ? { type: o.estimator } : o.estimator;
  let estimator: EstimatorSpec;
  if ('plugin' in e) estimator = normalizePluginPolicy('estimator', e, ['oversubscription', 'estimator'], fail); // issue 8
  else if (e.type === 'fixed') {
    const text = 'resources' in e && typeof e.resources === 'string' ? e.resources : '';
    if (text === '') fail(['oversubscription', 'estimator'], 'the fixed estimator needs `resources`, e.g. { type: fixed, resources: "cpus:4" }');
    const r = parseResources(text);
    if (typeof r === 'string') fail(['oversubscription', 'estimator', 'resources'], r);
    estimator = { type: 'fixed', resources: typeof r === 'string' ? '' : formatResources(r) };
  } else if (e.type === 'usage') {
    const u = 'window' in e ? e : { window: '5m', margin: 0.1, resources: ['cpus', 'mem'] };
    estimator = { type: 'usage', windowMs: ms(u.window, ['oversubscription', 'estimator', 'window'], fail), margin: u.margin, resources: u.resources };
  } else estimator = { type: 'noop' };
  const q = typeof o.qos === 'string' ? { type: o.qos } : o.qos;
  let qos: QosSpec;
  if ('plugin' in q) qos = normalizePluginPolicy('qos', q, ['oversubscription', 'qos'], fail); // issue 8
  else if (q.type === 'load') {
    const l = q as { threshold5min?: number; threshold15min?: number };
    if (l.threshold5min === undefined && l.threshold15min === undefined) fail(['oversubscription', 'qos'], 'the load controller needs threshold5min and/or threshold15min');
    qos = { type: 'load', threshold5min: l.threshold5min ?? null, threshold15min: l.threshold15min ?? null };
  } else qos = { type: q.type };
  const reportIntervalMs = ms(o.oversubscribedResourcesInterval, ['oversubscription', 'oversubscribedResourcesInterval'], fail);
  if (reportIntervalMs <= 0) fail(['oversubscription', 'oversubscribedResourcesInterval'], 'the report interval must be positive');
  return {
    estimator, qos, reportIntervalMs,
    qosCorrectionIntervalMinMs: ms(o.qosCorrectionIntervalMin, ['oversubscription', 'qosCorrectionIntervalMin'], fail),
    lendReserved: o.lendReserved,
    ...(o.reestimateAfterCorrection ? { reestimateAfterCorrection: true } : {}),
  };
}
