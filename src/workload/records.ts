/**
 * The normalized workload record model: every importer turns its trace into a stream of these
 * records, and everything downstream (inspect, convert, the trace-replay framework) reads only them.
 *
 * Conventions (see docs/workloads.md):
 * - Time: `atMs` is an integer number of milliseconds since the trace's own origin (Google: the
 *   µs zero, i.e. 600 s before the window; Alibaba, SWF: the trace start). Sub-millisecond
 *   precision is truncated. Records the trace marks as "before the window" / "after the window"
 *   carry `window` ('before' keeps its atMs, usually 0; 'after' has atMs = AFTER_WINDOW_MS).
 * - Resources: integer milli-units, like the core: cpus 1.5 → 1500, mem 1024 MiB → 1_024_000,
 *   disk likewise in milli-MiB. Normalized trace units are converted with documented scale
 *   factors (units.ts).
 * - Ids: stable prefixed strings (`job-6251812952`, `machine-5`, `user-12`), never bare numbers.
 */

/** Largest integer time; used for the "after the end of the window" sentinel (Google 2^63−1). */
export const AFTER_WINDOW_MS = Number.MAX_SAFE_INTEGER;

export type TraceWindow = 'before' | 'after';

/** Normalized job/task lifecycle events (the union of the Google 2011 and 2019 vocabularies). */
export const LIFECYCLE_EVENTS = [
  'submit', 'queue', 'enable', 'schedule', 'evict', 'fail', 'finish', 'kill', 'lost',
  'update-pending', 'update-running',
] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

export const MACHINE_EVENTS = ['add', 'remove', 'update'] as const;
export type MachineEvent = (typeof MACHINE_EVENTS)[number];

/** Why a record was synthesized by the trace publisher (Google "missing info"). */
export type MissingInfo =
  | 'snapshot-but-no-transition'
  | 'no-snapshot-or-transition'
  | 'exists-but-no-creation'
  | 'transition-missing-step'
  | 'too-many-events';

/** Coarse priority tiers, from each trace's own priority scale (priority.ts). */
export type PriorityBand = 'free' | 'best-effort' | 'mid' | 'production' | 'monitoring';

/** Integer milli-units; a missing field means "unknown", which is not the same as 0. */
export interface Resources {
  readonly cpus?: number; // milli-cpus
  readonly mem?: number;  // milli-MiB
  readonly disk?: number; // milli-MiB
}

export const CONSTRAINT_OPS = ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'present', 'absent'] as const;
export type ConstraintOp = (typeof CONSTRAINT_OPS)[number];

export interface Constraint {
  readonly attribute: string;
  readonly op: ConstraintOp;
  readonly value?: string;
}

interface Timed {
  readonly atMs: number;
  readonly window?: TraceWindow;
}

/** A self-contained job (or task group) arrival: SWF jobs, Alibaba batch tasks, native CSV rows. */
export interface JobSubmittedRecord extends Timed {
  readonly kind: 'job.submitted';
  readonly jobId: string;
  readonly group?: string;               // task group / stage inside the job, e.g. `stage-3`
  readonly dependsOn?: readonly string[]; // groups of the same job that must finish first
  readonly afterJobs?: readonly string[];  // other jobs that must finish first (SWF preceding job)
  readonly thinkTimeMs?: number;           // delay after those jobs finish (SWF think time)
  readonly taskCount: number;
  readonly request?: Resources;          // per task
  readonly durationMs?: number;          // undefined = runs until killed / unknown
  readonly requestedDurationMs?: number; // user's wall-clock limit (SWF)
  readonly user?: string;
  readonly role?: string;
  readonly framework?: string;
  readonly priority?: number;
  readonly band?: PriorityBand;
  readonly schedulingClass?: number;
  readonly queue?: string;
  readonly revocable?: boolean;
  readonly constraints?: readonly Constraint[];
  readonly outcome?: LifecycleEvent;     // how the trace says it ended ('finish', 'fail', 'kill')
  readonly status?: string;              // the trace's own status text
  readonly startMs?: number;             // observed start, when the trace records it
  readonly endMs?: number;               // observed end
}

/** A job-level lifecycle event (Google job_events / collection_events). */
export interface JobEventRecord extends Timed {
  readonly kind: 'job.event';
  readonly event: LifecycleEvent;
  readonly jobId: string;
  readonly user?: string;
  readonly schedulingClass?: number;
  readonly priority?: number;
  readonly band?: PriorityBand;
  readonly name?: string;
  readonly logicalName?: string;
  readonly missing?: MissingInfo;
  readonly collectionType?: 'job' | 'alloc-set';
  readonly parentJobId?: string;
  readonly startAfter?: readonly string[];
  readonly maxPerMachine?: number;
  readonly maxPerSwitch?: number;
  /** Google 2019: the alloc set this job runs in (a job's `alloc_collection_id`; none = not in an alloc). */
  readonly allocJobId?: string;
}

/** A task-level lifecycle event (Google task_events / instance_events, Alibaba containers). */
export interface TaskEventRecord extends Timed {
  readonly kind: 'task.event';
  readonly event: LifecycleEvent;
  readonly jobId: string;
  readonly taskIndex: number;
  readonly machineId?: string;
  readonly user?: string;
  readonly schedulingClass?: number;
  readonly priority?: number;
  readonly band?: PriorityBand;
  readonly request?: Resources;
  readonly distinctMachines?: boolean; // must not share a machine with another task of the job
  readonly missing?: MissingInfo;
  readonly constraints?: readonly Constraint[];
  /** Google 2019: the alloc set this task runs in (`alloc_collection_id`; none = not in an alloc). */
  readonly allocJobId?: string;
}

/** One observed execution of a task instance (Alibaba batch_instance): start, end, outcome. */
export interface TaskRunRecord extends Timed {
  readonly kind: 'task.run';
  readonly jobId: string;
  readonly group?: string;
  readonly instance: string;             // the trace's instance name
  readonly machineId?: string;
  readonly endMs?: number;
  readonly outcome?: LifecycleEvent;
  readonly status?: string;
  readonly usage?: UsageFigures;
}

export interface TaskConstraintRecord extends Timed {
  readonly kind: 'task.constraint';
  readonly jobId: string;
  readonly taskIndex: number;
  readonly constraint: Constraint;
}

export interface MachineEventRecord extends Timed {
  readonly kind: 'machine.event';
  readonly event: MachineEvent;
  readonly machineId: string;
  readonly capacity?: Resources;
  readonly platform?: string;
  readonly switchId?: string;                     // topology hint: top-of-rack switch
  readonly failureDomains?: readonly string[];    // topology hint: outermost first
  readonly status?: string;
  readonly missing?: MissingInfo;
}

export interface MachineAttributeRecord extends Timed {
  readonly kind: 'machine.attribute';
  readonly machineId: string;
  readonly name: string;
  readonly value?: string;
  readonly deleted: boolean;
}

/** Absolute usage in milli-units, or utilization in per-mille of capacity (percent-based traces). */
export interface UsageFigures {
  readonly cpus?: number;     // mean milli-cpus
  readonly cpusMax?: number;
  readonly mem?: number;      // mean milli-MiB
  readonly memMax?: number;
  readonly cpuUtil?: number;  // per-mille of the machine / request
  readonly memUtil?: number;
  readonly diskUtil?: number;
}

export interface UsageSampleRecord extends Timed {
  readonly kind: 'usage.sample';
  readonly subject: 'task' | 'machine' | 'container';
  readonly endMs?: number;
  readonly jobId?: string;
  readonly taskIndex?: number;
  readonly machineId?: string;
  readonly containerId?: string;
  readonly usage: UsageFigures;
}

export type WorkloadRecord =
  | JobSubmittedRecord
  | JobEventRecord
  | TaskEventRecord
  | TaskRunRecord
  | TaskConstraintRecord
  | MachineEventRecord
  | MachineAttributeRecord
  | UsageSampleRecord;

export type RecordKind = WorkloadRecord['kind'];

export const RECORD_KINDS: readonly RecordKind[] = [
  'job.submitted', 'job.event', 'task.event', 'task.run', 'task.constraint',
  'machine.event', 'machine.attribute', 'usage.sample',
];
