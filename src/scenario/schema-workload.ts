/**
 * The scenario's `workload` section: trace files and synthetic generators as sources, and the
 * mapping of trace fields onto the simulation (docs/workloads.md §8). Normalized into
 * RunSpec.workload (src/workload/replay/spec.ts). Trace paths are relative to the scenario file.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { count, positiveCount } from './schema-count.ts';
import type { MappingRule, SourceSpec, WorkloadSpec } from '../workload/replay/spec.ts';
import type { GeneratorSpec } from '../workload/synthetic/generator-spec.ts';
import { TRACE_FORMATS, type TraceFormat } from '../workload/traces/reader.ts';
import { traceSourceProblem } from './trace-source-check.ts';
import { normalizeSample, SampleSchema } from './schema-workload-sample.ts';
import { absoluteUnitsWithoutScale, detectedFormat, mixedScaleDiagnostic, ScaleFactor, sourceScale, sourceUnits, TraceScaleField, TraceUnitsField } from './schema-workload-units.ts';
import { CountDist, DurationDist, DurationText, normalizeDist, positiveMs, type NormalizeHelpers } from './schema-frameworks.ts';

const BANDS = ['free', 'best-effort', 'mid', 'production', 'monitoring'] as const;
const OneOrMany = <T extends z.ZodType>(t: T) => z.union([t, z.array(t)]);

const JobsGenerator = z.strictObject({
  type: z.literal('jobs'),
  name: z.string().optional(),
  arrivals: z.union([
    z.strictObject({ poisson: DurationText.describe('mean time between jobs') }),
    z.strictObject({ diurnal: z.strictObject({ mean: DurationText, amplitude: z.number().min(0).max(1), period: DurationText.default('1d'), peak: DurationText.default('14h') }) }),
  ]),
  start: DurationText.default(0),
  end: DurationText.optional(),
  count: count().optional(),
  tasks: CountDist.default(1),
  cpus: CountDist.describe('cores per task'),
  memMiB: CountDist.describe('MiB per task'),
  duration: z.union([DurationDist, z.literal('forever')]).describe('run time; "forever" = long-running service tasks'),
  priorities: z.union([z.int(), z.array(z.strictObject({ priority: z.int(), weight: z.number().positive() })).min(1)]).default(0)
    .describe('Google 2011 scale: 0–1 free, 2–8 best-effort, 9–10 production, 11 monitoring'),
  user: z.string().default('user-synthetic'),
});

const Google2011Generator = z.strictObject({
  type: z.literal('google-2011'),
  name: z.string().optional(),
  scale: z.number().positive().max(1).describe('fraction of the 12,477 machines of the Google 2011 cell'),
  initialTasksPerMachine: z.number().nonnegative().default(11.57),
  end: DurationText.optional().describe('last arrival time (trace time: the window opens at 600s)'),
});

const Source = z.union([
  z.strictObject({ trace: z.string().describe('a trace file or directory, relative to the scenario file'), format: z.enum(TRACE_FORMATS).optional(), table: z.string().optional(), units: TraceUnitsField, scale: TraceScaleField }),
  z.strictObject({ generate: z.discriminatedUnion('type', [JobsGenerator, Google2011Generator]) }),
]);

const Rule = z.strictObject({
  match: z.strictObject({
    band: OneOrMany(z.enum(BANDS)).optional(),
    user: OneOrMany(z.string()).optional(),
    framework: OneOrMany(z.string()).optional().describe("the trace's own framework/application field (native CSV)"),
    priority: z.tuple([z.int(), z.int()]).optional().describe('[min, max] inclusive'),
    schedulingClass: OneOrMany(z.int()).optional(),
  }).default({}),
  framework: z.string().describe('a declared framework with scheduler type trace-replay'),
  revocable: z.boolean().default(false).describe('run the matched tasks on revocable resources'),
  gang: z.boolean().default(false).describe('a job.submitted record (an SWF job, an Alibaba stage) starts all its tasks at once or none (rigid parallel jobs)'),
});

export const WorkloadSchema = z.strictObject({
  sources: z.array(Source).min(1),
  window: z.strictObject({
    start: DurationText.default(0).describe('trace time that becomes simulation time 0'),
    end: DurationText.optional(),
    before: z.enum(['include', 'drop']).default('include').describe('work dated before the window: start it at time 0, or drop it'),
  }).prefault({}),
  sample: SampleSchema,
  scale: z.strictObject({ cpus: ScaleFactor.optional(), memMiB: ScaleFactor.optional(), diskMiB: ScaleFactor.optional() }).prefault({})
    .describe("cores / MiB per normalized trace unit (defaults: the format's, docs/workloads.md)"),
  agents: z.strictObject({
    resources: z.string().optional().describe('one shape for every agent, overriding the trace capacity'),
    platforms: z.record(z.string(), z.string()).default({}).describe('machine platform → agent resources'),
    perRack: z.int().positive().optional(),
    attributes: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  }).prefault({}),
  map: z.array(Rule).min(1).describe('first matching rule wins; unmatched work is not replayed'),
  resources: z.array(z.enum(['cpus', 'mem', 'disk'])).default(['cpus', 'mem']).describe('requested quantities replayed as resources (Google machines report no disk)'),
  maxErrors: z.int().nonnegative().default(20),
  dependencies: z.boolean().default(true).describe('hold a job or stage until the stages (dependsOn) and jobs (afterJobs + think time) it depends on have finished in the simulation, and a Google 2019 instance until the collections its collection starts after (start_after_collection_ids) have ended in the simulation'),
  lookahead: DurationText.default(0).describe('read records up to this far ahead of simulated time, so a task the simulation started before the trace did ends at launch + its trace run time (0 = no look-ahead)'),
});

export type WorkloadInput = z.output<typeof WorkloadSchema>;
type Path = (string | number)[];
const list = <T>(v: T | T[] | undefined): T[] | null => (v === undefined ? null : Array.isArray(v) ? v : [v]);

export function normalizeWorkload(
  w: WorkloadInput, h: NormalizeHelpers & { readonly scenarioFile: string; readonly replayFrameworks: ReadonlySet<string>; readonly where?: (p: Path) => string },
): WorkloadSpec {
  const p: Path = ['workload'];
  const traceFile = (i: number) => { const s = w.sources[i]; return s !== undefined && 'trace' in s ? resolve(dirname(resolve(h.scenarioFile)), s.trace) : undefined; };
  const mixed = mixedScaleDiagnostic(w.sources, w.scale, h.where ?? ((q) => q.join('.')), (i) => { const f = traceFile(i); return f !== undefined && existsSync(f) ? detectedFormat(f) : undefined; });
  if (mixed !== undefined) h.fail(mixed.path, mixed.message);
  const dur = (v: string | number, q: Path) => h.ms(v, q);
  const num = (v: number) => v;
  const sources: SourceSpec[] = w.sources.map((s, i): SourceSpec => {
    const q: Path = [...p, 'sources', i];
    if ('trace' in s) {
      const abs = resolve(dirname(resolve(h.scenarioFile)), s.trace);
      if (!existsSync(abs)) h.fail([...q, 'trace'], `trace not found: ${abs}`);
      else {
        const problem = traceSourceProblem(abs, s.format as TraceFormat | undefined, s.table);
        if (problem !== undefined) h.fail([...q, 'trace'], problem);
      }
      // `path` as the scenario names it: the run id, the event log (workload.diagnostic `file`) and
      // manifest.json inputs do not depend on the working directory nor on where the checkout lives;
      // `resolved` is only where this invocation opens it (docs/event-log.md, docs/outputs.md).
      if (s.units === 'absolute') { const why = absoluteUnitsWithoutScale(w.scale, s.scale); if (why !== undefined) h.fail([...q, 'units'], why); }
      return { kind: 'trace', path: s.trace, format: s.format ?? null, table: s.table ?? null, ...sourceUnits(s.units), ...sourceScale(s.scale), resolved: abs };
    }
    const g = s.generate;
    const gq: Path = [...q, 'generate'];
    let generator: GeneratorSpec;
    if (g.type === 'google-2011') {
      generator = { type: 'google-2011', scale: g.scale, initialTasksPerMachine: g.initialTasksPerMachine, endMs: g.end === undefined ? null : h.ms(g.end, [...gq, 'end']) };
    } else {
      const arrivals = 'poisson' in g.arrivals
        ? { kind: 'poisson' as const, meanInterarrivalMs: positiveMs(h, g.arrivals.poisson, [...gq, 'arrivals', 'poisson'], 'the mean time between arrivals') }
        : {
          kind: 'diurnal' as const, meanInterarrivalMs: positiveMs(h, g.arrivals.diurnal.mean, [...gq, 'arrivals', 'diurnal', 'mean'], 'the mean time between arrivals'), amplitude: g.arrivals.diurnal.amplitude,
          periodMs: positiveMs(h, g.arrivals.diurnal.period, [...gq, 'arrivals', 'diurnal', 'period'], 'the diurnal period'), peakAtMs: h.ms(g.arrivals.diurnal.peak, [...gq, 'arrivals', 'diurnal', 'peak']),
        };
      if (g.end === undefined && g.count === undefined) h.fail(gq, 'a jobs generator needs "end" or "count"');
      generator = {
        type: 'jobs', arrivals, startMs: h.ms(g.start, [...gq, 'start']), endMs: g.end === undefined ? null : h.ms(g.end, [...gq, 'end']), count: g.count ?? null,
        tasks: normalizeDist(g.tasks, num, [...gq, 'tasks']), cpus: normalizeDist(g.cpus, num, [...gq, 'cpus']), memMiB: normalizeDist(g.memMiB, num, [...gq, 'memMiB']),
        duration: g.duration === 'forever' ? null : normalizeDist(g.duration, dur, [...gq, 'duration']),
        priorities: typeof g.priorities === 'number' ? [{ priority: g.priorities, weight: 1 }] : g.priorities, user: g.user,
      };
    }
    return { kind: 'synthetic', name: g.name ?? `source-${i + 1}`, generator };
  });
  const map: MappingRule[] = w.map.map((r, i) => {
    if (!h.replayFrameworks.has(r.framework)) {
      h.fail([...p, 'map', i, 'framework'], `"${r.framework}" is not a declared framework with scheduler type trace-replay (declared: ${[...h.replayFrameworks].join(', ') || 'none'})`);
    }
    return {
      framework: r.framework, revocable: r.revocable, gang: r.gang,
      match: {
        bands: list(r.match.band), users: list(r.match.user), frameworks: list(r.match.framework),
        priorityMin: r.match.priority?.[0] ?? null, priorityMax: r.match.priority?.[1] ?? null, schedulingClasses: list(r.match.schedulingClass),
      },
    };
  });
  const platforms: Record<string, string> = {};
  for (const [k, v] of Object.entries(w.agents.platforms)) platforms[k] = h.res(v, [...p, 'agents', 'platforms', k]);
  return {
    sources, map, maxErrors: w.maxErrors, resources: w.resources, lookaheadMs: h.ms(w.lookahead, [...p, 'lookahead']), dependencies: w.dependencies,
    window: normalizeWindow(w.window, p, h),
    sample: normalizeSample(w.sample),
    scale: { cpus: w.scale.cpus ?? null, memMiB: w.scale.memMiB ?? null, diskMiB: w.scale.diskMiB ?? null },
    agents: {
      resources: w.agents.resources === undefined ? null : h.res(w.agents.resources, [...p, 'agents', 'resources']),
      platforms, perRack: w.agents.perRack ?? null, attributes: w.agents.attributes,
    },
  };
}

/** The trace window; an end not after the start would replay nothing, silently. */
function normalizeWindow(w: { start: string | number; end?: string | number; before: 'include' | 'drop' }, p: Path, h: NormalizeHelpers): WorkloadSpec['window'] {
  const startMs = h.ms(w.start, [...p, 'window', 'start']);
  const endMs = w.end === undefined ? null : h.ms(w.end, [...p, 'window', 'end']);
  if (endMs !== null && endMs <= startMs) h.fail([...p, 'window', 'end'], `the window ends (${endMs} ms) before it starts (${startMs} ms): nothing of the trace would be replayed`);
  return { startMs, endMs, before: w.before };
}
