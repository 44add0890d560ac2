/**
 * Scenario schema and normalization of the framework models (src/frameworks/*, registered by
 * name): service (Marathon-like), cron (Chronos-like), analytics (Spark/Hadoop-like),
 * trace-replay and hoarder. schema.ts adds MODEL_SCHEDULERS to its `scheduler` union;
 * normalize.ts hands these types to normalizeModelScheduler. Every model takes `thinkTime`.
 */
import { z } from 'zod';
import { count, MAX_COUNT, positiveCount } from './schema-count.ts';
import type { Dist } from '../frameworks/distributions.ts';
import { constraintProblem, MARATHON_OPERATORS, TRACE_OPERATORS, type PlacementConstraint } from '../frameworks/placement.ts';
import type { ServiceSpec } from '../frameworks/service.ts';
import type { CronSpec } from '../frameworks/cron.ts';
import type { AnalyticsSpec } from '../frameworks/analytics.ts';
import type { HoarderSpec } from '../frameworks/hoarder.ts';
import type { TraceReplaySpec } from '../frameworks/trace-replay.ts';
import type { ThinkTime } from '../frameworks/think-time.ts';
import type { StatefulSpec } from '../frameworks/stateful-service.ts';
import { normalizeStateful, statefulSchema } from './schema-stateful.ts';

export const DurationText = z.union([z.string(), z.number().nonnegative()]).describe('Duration: a number of seconds or a string with units, e.g. 500ms, 30s, 5m, 1h30m, 2d');
const Resources = z.union([z.string(), z.record(z.string(), z.union([z.string(), z.number()]))]).describe('Mesos resource syntax ("cpus:2;mem:4GiB") or { cpus: 2, mem: 4GiB }');

/** A random variable over `value`: a constant, [min, max] (uniform) or a named distribution. */
export function distSchema<T extends z.ZodType>(value: T) {
  return z.union([
    value,
    z.tuple([value, value]).describe('uniform in [min, max]'),
    z.strictObject({ exponential: value }),
    z.strictObject({ lognormal: z.strictObject({ median: value, sigma: z.number().nonnegative() }) }),
    z.strictObject({ pareto: z.strictObject({ scale: value, shape: z.number().positive(), max: value.optional() }) }),
    z.strictObject({ weibull: z.strictObject({ shape: z.number().positive(), scale: value }) }),
    z.strictObject({
      empirical: z.array(z.tuple([value, z.number().min(0).max(1)])).min(1)
        // a CDF never falls: an unsorted list was accepted and sampled as something else
        .refine((pts) => pts.every((pt, i) => i === 0 || pt[1] >= pts[i - 1][1]), { message: 'the cumulative probabilities must not decrease (list the points sorted)' })
        .describe('CDF points [value, cumulative probability], sorted'),
    }),
  ]);
}
export const DurationDist = distSchema(DurationText);
export const CountDist = distSchema(z.number().nonnegative().max(MAX_COUNT));

const ThinkTimeSchema = z.strictObject({
  perOffer: DurationText.default(0).describe('deliberation per offer answered'),
  perTask: DurationText.default(0).describe('deliberation per task launched'),
}).optional().describe("the scheduler's decision latency; replies take effect after it");

const Constraint = z.union([
  z.tuple([z.string(), z.enum([...MARATHON_OPERATORS, ...TRACE_OPERATORS])]),
  z.tuple([z.string(), z.enum([...MARATHON_OPERATORS, ...TRACE_OPERATORS]), z.union([z.string(), z.number()])]),
]).describe('Marathon style: [field, OPERATOR, value?], field = hostname or an agent attribute (rack, zone, ...)');

const App = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/),
  instances: count(),
  resources: Resources,
  constraints: z.array(Constraint).default([]),
  backoff: DurationText.default('1s'),
  backoffFactor: z.number().min(1).default(1.15),
  maxLaunchDelay: DurationText.default('1h'),
  resetAfter: DurationText.default('10m').describe('a task that ran this long resets the launch delay'),
  readyAfter: DurationText.default(0).describe('a new task counts as healthy this long after launch'),
  failure: DurationDist.optional().describe('time to failure of each task (seeded); omitted = no crashes'),
  diurnal: z.strictObject({ min: count(), max: count(), period: DurationText.default('1d'), peak: DurationText.default('14h'), step: DurationText.default('10m') }).optional()
    .describe('wanted instances follow a daily cosine between min and max'),
  upgrades: z.array(z.strictObject({
    at: DurationText, resources: Resources.optional(),
    minimumHealthCapacity: z.number().min(0).max(1).default(1), maximumOverCapacity: z.number().min(0).max(1).default(1),
  })).default([]),
  role: z.string().optional(),
});

const Service = z.strictObject({
  type: z.literal('service'),
  apps: z.array(App).min(1),
  refuseSeconds: z.number().nonnegative().default(5),
  thinkTime: ThinkTimeSchema,
});

const Cron = z.strictObject({
  type: z.literal('cron'),
  jobs: z.array(z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/),
    every: DurationText.optional().describe('repeat interval (a scheduled job); omit for a dependent job'),
    start: DurationText.default(0),
    repeat: z.int().positive().optional(),
    after: z.array(z.string()).default([]).describe('parents: run when all have completed since the last run'),
    tasks: positiveCount().default(1),
    resources: Resources,
    duration: DurationDist,
    retries: z.int().nonnegative().default(2),
    epsilon: DurationText.default('1m').describe('skip a run that cannot start within this of its due time'),
    failureProbability: z.number().min(0).max(1).default(0),
  })).min(1),
  refuseSeconds: z.number().nonnegative().default(5),
  thinkTime: ThinkTimeSchema,
});

const Analytics = z.strictObject({
  type: z.literal('analytics'),
  jobs: z.strictObject({
    count: count(),
    interarrival: DurationText.default(0).describe('mean time between job arrivals (Poisson)'),
    start: DurationText.default(0),
    stages: CountDist.default(1),
    tasksPerStage: CountDist,
    taskDuration: DurationDist,
  }),
  executor: z.strictObject({
    resources: Resources,
    slots: z.int().positive().default(1),
    maxExecutors: positiveCount().default(1000),
    idleTimeout: DurationText.default('60s'),
  }),
  locality: z.strictObject({ wait: DurationText.default('3s'), replicas: z.int().nonnegative().default(3) }).prefault({}),
  refuseSeconds: z.number().nonnegative().default(5),
  thinkTime: ThinkTimeSchema,
});

const Hoarder = z.strictObject({
  type: z.literal('hoarder'),
  mode: z.enum(['hoard', 'long-tasks']).default('hoard'),
  holdFor: DurationText.optional().describe('hoard: keep each offer this long; omitted = forever'),
  refuseSeconds: z.number().nonnegative().default(5),
  task: Resources.default('cpus:1;mem:1GiB'),
  taskDuration: DurationText.optional().describe('long-tasks: run time; omitted = until killed'),
  maxTasks: count().optional(),
  thinkTime: ThinkTimeSchema,
});

const TraceReplay = z.strictObject({
  type: z.literal('trace-replay'),
  refuseSeconds: z.number().nonnegative().default(5),
  maxScan: z.int().positive().default(2000).describe('queued tasks looked at per offer'),
  gangHold: DurationText.default(0).describe('rigid jobs: while a gang waits, keep the offers nothing took for up to this long instead of declining them, gathering enough for it (hoarding, the Mesos workaround); 0 = decline'),
  rerunLost: z.boolean().default(true).describe('run again, from the start, a task the simulation (not the trace) ended: lost with its agent, killed by draining or maintenance, revoked'),
  thinkTime: ThinkTimeSchema,
});

const Stateful = statefulSchema(DurationText, DurationDist); // story 16: schema-stateful.ts

export const MODEL_SCHEDULERS = [Service, Cron, Analytics, Hoarder, TraceReplay, Stateful] as const;
export const MODEL_SCHEDULER_TYPES = ['service', 'cron', 'analytics', 'hoarder', 'trace-replay', 'stateful'] as const;
export type ModelSchedulerInput = z.output<(typeof MODEL_SCHEDULERS)[number]>;
export type ModelSchedulerSpec = ServiceSpec | CronSpec | AnalyticsSpec | HoarderSpec | TraceReplaySpec | StatefulSpec;

type Path = (string | number)[];
export interface NormalizeHelpers {
  readonly ms: (v: string | number, p: Path) => number;
  readonly res: (v: string | Record<string, unknown>, p: Path) => string;
  readonly fail: (p: Path, message: string) => void;
}

/**
 * A duration that must be above zero (a period, a repeat interval, a mean time between arrivals):
 * zero made a generator's arrival rate NaN (the run hung) or a cron job repeat every millisecond.
 */
export function positiveMs(h: NormalizeHelpers, v: string | number, p: Path, what: string): number {
  const ms = h.ms(v, p);
  if (ms <= 0) h.fail(p, `${what} must be positive`);
  return Math.max(1, ms);
}

export function isModelScheduler(s: { type: string }): s is ModelSchedulerInput {
  return (MODEL_SCHEDULER_TYPES as readonly string[]).includes(s.type);
}

export function normalizeDist<V>(d: unknown, conv: (v: V, p: Path) => number, p: Path): Dist {
  if (Array.isArray(d)) return { kind: 'uniform', min: conv(d[0] as V, [...p, 0]), max: conv(d[1] as V, [...p, 1]) };
  if (typeof d !== 'object' || d === null) return { kind: 'fixed', value: conv(d as V, p) };
  const o = d as Record<string, any>;
  if ('exponential' in o) return { kind: 'exponential', mean: conv(o.exponential, [...p, 'exponential']) };
  if ('lognormal' in o) return { kind: 'lognormal', median: conv(o.lognormal.median, [...p, 'lognormal', 'median']), sigma: o.lognormal.sigma };
  if ('pareto' in o) {
    const max = o.pareto.max === undefined ? undefined : conv(o.pareto.max, [...p, 'pareto', 'max']);
    return { kind: 'pareto', scale: conv(o.pareto.scale, [...p, 'pareto', 'scale']), shape: o.pareto.shape, ...(max !== undefined ? { max } : {}) };
  }
  if ('weibull' in o) return { kind: 'weibull', shape: o.weibull.shape, scale: conv(o.weibull.scale, [...p, 'weibull', 'scale']) };
  const cdf = (o.empirical as [V, number][]).map(([v, q], i) => [conv(v, [...p, 'empirical', i, 0]), q] as [number, number]);
  return { kind: 'empirical', cdf };
}

function think(t: { perOffer: string | number; perTask: string | number } | undefined, p: Path, h: NormalizeHelpers): ThinkTime {
  if (!t) return { perOfferMs: 0, perTaskMs: 0 };
  return { perOfferMs: h.ms(t.perOffer, [...p, 'thinkTime', 'perOffer']), perTaskMs: h.ms(t.perTask, [...p, 'thinkTime', 'perTask']) };
}

export function normalizeModelScheduler(s: ModelSchedulerInput, p: Path, h: NormalizeHelpers): ModelSchedulerSpec {
  const dur = (v: string | number, q: Path) => h.ms(v, q);
  const num = (v: number) => v;
  switch (s.type) {
    case 'service':
      return {
        type: 'service', refuseSeconds: s.refuseSeconds, think: think(s.thinkTime, p, h),
        apps: s.apps.map((a, i) => {
          const q: Path = [...p, 'apps', i];
          if (s.apps.findIndex((x) => x.id === a.id) < i) h.fail([...q, 'id'], `app "${a.id}" is defined twice (Marathon app ids are unique)`);
          if (a.diurnal && a.diurnal.min > a.diurnal.max) h.fail([...q, 'diurnal', 'min'], `diurnal min ${a.diurnal.min} is above max ${a.diurnal.max}`);
          if (a.upgrades.some((u) => u.minimumHealthCapacity === 1 && u.maximumOverCapacity === 0)) {
            h.fail([...q, 'upgrades'], 'minimumHealthCapacity 1 with maximumOverCapacity 0 can never make progress (Marathon rejects it too)');
          }
          return {
            id: a.id, instances: a.instances, resources: h.res(a.resources, [...q, 'resources']),
            constraints: a.constraints.map((c, k): PlacementConstraint => {
              const value = c.length > 2 ? String(c[2]) : undefined;
              const problem = constraintProblem(c[1], value);
              if (problem !== null) h.fail([...q, 'constraints', k], problem);
              return { field: c[0], op: c[1], ...(value !== undefined ? { value } : {}) };
            }),
            backoffMs: h.ms(a.backoff, [...q, 'backoff']), backoffFactor: a.backoffFactor, maxLaunchDelayMs: h.ms(a.maxLaunchDelay, [...q, 'maxLaunchDelay']),
            resetAfterMs: h.ms(a.resetAfter, [...q, 'resetAfter']), readyAfterMs: h.ms(a.readyAfter, [...q, 'readyAfter']),
            failure: a.failure === undefined ? null : normalizeDist(a.failure, dur, [...q, 'failure']),
            diurnal: a.diurnal ? {
              min: a.diurnal.min, max: a.diurnal.max, periodMs: positiveMs(h, a.diurnal.period, [...q, 'diurnal', 'period'], 'the diurnal period'),
              peakAtMs: h.ms(a.diurnal.peak, [...q, 'diurnal', 'peak']), stepMs: Math.max(1, h.ms(a.diurnal.step, [...q, 'diurnal', 'step'])),
            } : null,
            upgrades: a.upgrades.map((u, j) => ({
              atMs: h.ms(u.at, [...q, 'upgrades', j, 'at']), resources: u.resources === undefined ? null : h.res(u.resources, [...q, 'upgrades', j, 'resources']),
              minimumHealthCapacity: u.minimumHealthCapacity, maximumOverCapacity: u.maximumOverCapacity,
            })),
            role: a.role ?? null,
          };
        }),
      };
    case 'cron': {
      const ids = new Set(s.jobs.map((j) => j.id));
      s.jobs.forEach((j, i) => { if (s.jobs.findIndex((x) => x.id === j.id) < i) h.fail([...p, 'jobs', i, 'id'], `job "${j.id}" is defined twice`); });
      const cycle = dependencyCycle(s.jobs);
      if (cycle !== null) h.fail([...p, 'jobs', cycle.job, 'after', cycle.entry], `dependency cycle ${cycle.path.join(' → ')}: none of its jobs would ever run (Chronos refuses such a job)`);
      return {
        type: 'cron', refuseSeconds: s.refuseSeconds, think: think(s.thinkTime, p, h),
        jobs: s.jobs.map((j, i) => {
          const q: Path = [...p, 'jobs', i];
          for (const [k, a] of j.after.entries()) if (!ids.has(a)) h.fail([...q, 'after', k], `unknown parent job "${a}"`);
          if (j.every === undefined && j.after.length === 0) h.fail(q, 'a cron job needs "every" (scheduled) or "after" (dependent)');
          return {
            id: j.id, parents: j.after, tasks: j.tasks, resources: h.res(j.resources, [...q, 'resources']),
            schedule: j.every === undefined ? null : { startMs: h.ms(j.start, [...q, 'start']), everyMs: positiveMs(h, j.every, [...q, 'every'], 'the repeat interval'), repeat: j.repeat ?? null },
            duration: normalizeDist(j.duration, dur, [...q, 'duration']), retries: j.retries, epsilonMs: h.ms(j.epsilon, [...q, 'epsilon']),
            failureProbability: j.failureProbability,
          };
        }),
      };
    }
    case 'analytics':
      return {
        type: 'analytics', refuseSeconds: s.refuseSeconds, think: think(s.thinkTime, p, h),
        jobs: {
          count: s.jobs.count, meanInterarrivalMs: h.ms(s.jobs.interarrival, [...p, 'jobs', 'interarrival']), startMs: h.ms(s.jobs.start, [...p, 'jobs', 'start']),
          stages: normalizeDist(s.jobs.stages, num, [...p, 'jobs', 'stages']), tasksPerStage: normalizeDist(s.jobs.tasksPerStage, num, [...p, 'jobs', 'tasksPerStage']),
          taskDuration: normalizeDist(s.jobs.taskDuration, dur, [...p, 'jobs', 'taskDuration']),
        },
        executor: {
          resources: h.res(s.executor.resources, [...p, 'executor', 'resources']), slots: s.executor.slots, maxExecutors: s.executor.maxExecutors,
          idleTimeoutMs: h.ms(s.executor.idleTimeout, [...p, 'executor', 'idleTimeout']),
        },
        locality: { waitMs: h.ms(s.locality.wait, [...p, 'locality', 'wait']), replicas: s.locality.replicas },
      };
    case 'hoarder':
      return {
        type: 'hoarder', mode: s.mode, refuseSeconds: s.refuseSeconds, think: think(s.thinkTime, p, h),
        holdForMs: s.holdFor === undefined ? null : h.ms(s.holdFor, [...p, 'holdFor']), task: h.res(s.task, [...p, 'task']),
        taskDurationMs: s.taskDuration === undefined ? null : h.ms(s.taskDuration, [...p, 'taskDuration']), maxTasks: s.maxTasks ?? null,
      };
    case 'trace-replay':
      return { type: 'trace-replay', refuseSeconds: s.refuseSeconds, maxScan: s.maxScan, rerunLost: s.rerunLost, gangHoldMs: h.ms(s.gangHold, [...p, 'gangHold']), think: think(s.thinkTime, p, h) };
    case 'stateful':
      return normalizeStateful(s, p, h);
  }
}

/**
 * A cycle among cron jobs' parents (`after`), as the path that closes it ("a → b → a") and where the
 * closing entry is written; null when the dependencies form a DAG. Unknown parents are ignored here
 * (reported on their own).
 */
function dependencyCycle(jobs: readonly { id: string; after: readonly string[] }[]): { path: string[]; job: number; entry: number } | null {
  const index = new Map(jobs.map((j, i) => [j.id, i]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): { path: string[]; job: number; entry: number } | null => {
    state.set(id, 'open');
    stack.push(id);
    const at = index.get(id)!;
    for (const [k, parent] of jobs[at].after.entries()) {
      if (!index.has(parent)) continue;
      if (state.get(parent) === 'open') return { path: [...stack.slice(stack.indexOf(parent)), parent], job: at, entry: k };
      if (state.get(parent) === undefined) { const found = visit(parent); if (found) return found; }
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const j of jobs) if (state.get(j.id) === undefined) { const found = visit(j.id); if (found) return found; }
  return null;
}
