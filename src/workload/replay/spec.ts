/**
 * The normalized `workload` section of a run (RunSpec.workload): where records come from (trace
 * files, synthetic generators) and how trace fields map onto the simulation. Plain JSON with
 * integer units; the scenario layer validates and normalizes it (src/scenario/schema-workload.ts).
 */
import type { PriorityBand } from '../records.ts';
import type { GeneratorSpec } from '../synthetic/generator-spec.ts';

export type SourceSpec =
  | {
    readonly kind: 'trace';
    /** The trace file or directory as the scenario names it (relative to the scenario file, or absolute as written). */
    readonly path: string;
    readonly format: string | null;
    readonly table: string | null;
    /** `absolute`: the resource columns are deliberately not in the format's normalized units (no CS6014 range check); absent = normalized. */
    readonly units?: 'absolute';
    /** This source's own scale, key by key before `WorkloadSpec.scale` (absent: none given, so older run ids are unchanged). */
    readonly scale?: { readonly cpus?: number; readonly memMiB?: number; readonly diskMiB?: number };
    /**
     * Where this invocation opens it: `path` resolved against the scenario file's directory (absolute).
     * Not part of the run's identity (runId in src/experiment/run.ts), which must not depend on where the
     * checkout lives nor on the working directory; absent in older specs (then `path` is opened as is).
     */
    readonly resolved?: string;
  }
  | { readonly kind: 'synthetic'; readonly name: string; readonly generator: GeneratorSpec };

export interface MappingRule {
  readonly match: {
    readonly bands: readonly PriorityBand[] | null;
    readonly users: readonly string[] | null;
    readonly frameworks: readonly string[] | null;
    readonly priorityMin: number | null;
    readonly priorityMax: number | null;
    readonly schedulingClasses: readonly number[] | null;
  };
  /** The replay framework (declared in `frameworks` with `scheduler: {type: trace-replay}`). */
  readonly framework: string;
  /** Run the tasks on revocable resources (production vs. best-effort batch). */
  readonly revocable: boolean;
  /** A job.submitted record's tasks start together or not at all (rigid jobs; default false). */
  readonly gang?: boolean;
}

export interface WorkloadSpec {
  readonly sources: readonly SourceSpec[];
  /** Trace time `startMs` is simulation time 0; records after `endMs` are not read. */
  readonly window: { readonly startMs: number; readonly endMs: number | null; readonly before: 'include' | 'drop' };
  /**
   * Seeded sampling fractions (by job id / machine id hash). `seed`: the sample's own seed (absent: the
   * run's seed decides the sample, the stream `workload/sample`; sample-rng.ts).
   */
  readonly sample: { readonly jobs: number; readonly machines: number; readonly seed?: string | number };
  readonly scale: { readonly cpus: number | null; readonly memMiB: number | null; readonly diskMiB: number | null };
  readonly agents: {
    /** Machine platform (trace hash or name) → agent resources, overriding the trace capacity. */
    readonly platforms: Readonly<Record<string, string>>;
    /** Resources for every agent (overrides capacity and platforms); null = from the trace. */
    readonly resources: string | null;
    /** Group agents into racks of this many, in order of first appearance (rack-0001 …); null = no racks. */
    readonly perRack: number | null;
    readonly attributes: Readonly<Record<string, string | number>>;
  };
  /** First matching rule wins; a record no rule matches is not replayed. */
  readonly map: readonly MappingRule[];
  /** Which requested quantities become Mesos resources (Google machines have no disk capacity). */
  readonly resources: readonly ('cpus' | 'mem' | 'disk')[];
  /** Trace diagnostics reported into the event log before the rest are only counted. */
  readonly maxErrors: number;
  /**
   * Look-ahead window W (ms): records are read up to W ahead of simulated time so a started
   * task learns its trace run time up to W before the trace's terminal record (lookahead.ts).
   * 0 = read in time order only.
   */
  readonly lookaheadMs: number;
  /** Hold job.submitted records until their dependencies finished in the simulation (dependency-gate.ts; default true). */
  readonly dependencies?: boolean;
}

/** The workload without where this invocation found its trace files (`resolved`): what a run id hashes. */
export function workloadIdentity(w: WorkloadSpec): WorkloadSpec {
  return { ...w, sources: w.sources.map((s) => (s.kind === 'trace' ? { kind: s.kind, path: s.path, format: s.format, table: s.table, ...(s.units !== undefined ? { units: s.units } : {}), ...(s.scale !== undefined ? { scale: s.scale } : {}) } : s)) };
}
