import {
  CONSTRAINT_OPS, LIFECYCLE_EVENTS, MACHINE_EVENTS, RECORD_KINDS,
  type Constraint, type RecordKind, type WorkloadRecord,
} from '../records.ts';
import { formatMilli } from '../units.ts';

/**
 * The native CSV: one header line naming the columns (any order, any subset containing `atMs` and
 * `kind`), then one record per line, sorted by `atMs`. It can express every normalized record,
 * so `trace convert` is lossless. Human units: cpus in cores and memory/disk in MiB, written with
 * at most 3 decimals (exactly the core's milli-units); utilization as a fraction of 1 (3 decimals).
 */
export const NATIVE_COLUMNS = [
  'atMs', 'kind', 'event', 'window', 'jobId', 'taskIndex', 'group', 'instance', 'machineId', 'containerId', 'subject',
  'user', 'role', 'framework', 'priority', 'band', 'schedulingClass', 'queue', 'revocable',
  'taskCount', 'cpus', 'memMiB', 'diskMiB', 'cpusMax', 'memMiBMax', 'cpuUtil', 'memUtil', 'diskUtil',
  'durationMs', 'requestedDurationMs', 'startMs', 'endMs', 'thinkTimeMs',
  'dependsOn', 'afterJobs', 'startAfter', 'constraints', 'distinctMachines',
  'status', 'outcome', 'missing', 'platform', 'switchId', 'failureDomains',
  'name', 'logicalName', 'value', 'deleted', 'collectionType', 'parentJobId', 'maxPerMachine', 'maxPerSwitch',
  'allocJobId',
] as const;
export type NativeColumn = (typeof NATIVE_COLUMNS)[number];

export type ColumnType = 'int' | 'milli' | 'bool' | 'list' | 'constraints' | 'str' | readonly string[];

/** How each column is parsed; string arrays are closed vocabularies. */
export const COLUMN_TYPES: Record<NativeColumn, ColumnType> = {
  atMs: 'int', kind: RECORD_KINDS, event: [...LIFECYCLE_EVENTS, ...MACHINE_EVENTS], window: ['before', 'after'],
  jobId: 'str', taskIndex: 'int', group: 'str', instance: 'str', machineId: 'str', containerId: 'str',
  subject: ['task', 'machine', 'container'], user: 'str', role: 'str', framework: 'str', priority: 'int',
  band: ['free', 'best-effort', 'mid', 'production', 'monitoring'], schedulingClass: 'int', queue: 'str', revocable: 'bool',
  taskCount: 'int', cpus: 'milli', memMiB: 'milli', diskMiB: 'milli', cpusMax: 'milli', memMiBMax: 'milli',
  cpuUtil: 'milli', memUtil: 'milli', diskUtil: 'milli',
  durationMs: 'int', requestedDurationMs: 'int', startMs: 'int', endMs: 'int', thinkTimeMs: 'int',
  dependsOn: 'list', afterJobs: 'list', startAfter: 'list', constraints: 'constraints', distinctMachines: 'bool',
  status: 'str', outcome: LIFECYCLE_EVENTS,
  missing: ['snapshot-but-no-transition', 'no-snapshot-or-transition', 'exists-but-no-creation', 'transition-missing-step', 'too-many-events'],
  platform: 'str', switchId: 'str', failureDomains: 'list', name: 'str', logicalName: 'str', value: 'str', deleted: 'bool',
  collectionType: ['job', 'alloc-set'], parentJobId: 'str', maxPerMachine: 'int', maxPerSwitch: 'int', allocJobId: 'str',
};

/** Resource columns → property of the record's resource object (request, capacity or usage). */
export const RESOURCE_COLUMNS: Partial<Record<NativeColumn, string>> = {
  cpus: 'cpus', memMiB: 'mem', diskMiB: 'disk', cpusMax: 'cpusMax', memMiBMax: 'memMax',
  cpuUtil: 'cpuUtil', memUtil: 'memUtil', diskUtil: 'diskUtil',
};

/** Per kind: the resource object's property name and the other columns that apply. */
export const KIND_FIELDS: Record<RecordKind, { res?: 'request' | 'capacity' | 'usage'; resCols: readonly NativeColumn[]; cols: readonly NativeColumn[]; required: readonly NativeColumn[] }> = {
  'job.submitted': {
    res: 'request', resCols: ['cpus', 'memMiB', 'diskMiB'], required: ['jobId'],
    cols: ['window', 'jobId', 'group', 'dependsOn', 'afterJobs', 'thinkTimeMs', 'taskCount', 'durationMs', 'requestedDurationMs', 'user', 'role', 'framework', 'priority', 'band', 'schedulingClass', 'queue', 'revocable', 'constraints', 'outcome', 'status', 'startMs', 'endMs'],
  },
  'job.event': {
    resCols: [], required: ['event', 'jobId'],
    cols: ['window', 'event', 'jobId', 'user', 'schedulingClass', 'priority', 'band', 'name', 'logicalName', 'missing', 'collectionType', 'parentJobId', 'startAfter', 'maxPerMachine', 'maxPerSwitch', 'allocJobId'],
  },
  'task.event': {
    res: 'request', resCols: ['cpus', 'memMiB', 'diskMiB'], required: ['event', 'jobId', 'taskIndex'],
    cols: ['window', 'event', 'jobId', 'taskIndex', 'machineId', 'user', 'schedulingClass', 'priority', 'band', 'distinctMachines', 'missing', 'constraints', 'allocJobId'],
  },
  'task.run': {
    res: 'usage', resCols: ['cpus', 'cpusMax', 'memMiB', 'memMiBMax', 'cpuUtil', 'memUtil', 'diskUtil'], required: ['jobId', 'instance'],
    cols: ['window', 'jobId', 'group', 'instance', 'machineId', 'endMs', 'outcome', 'status'],
  },
  'task.constraint': { resCols: [], required: ['jobId', 'taskIndex', 'constraints'], cols: ['window', 'jobId', 'taskIndex', 'constraints'] },
  'machine.event': {
    res: 'capacity', resCols: ['cpus', 'memMiB', 'diskMiB'], required: ['event', 'machineId'],
    cols: ['window', 'event', 'machineId', 'platform', 'switchId', 'failureDomains', 'status', 'missing'],
  },
  'machine.attribute': { resCols: [], required: ['machineId', 'name'], cols: ['window', 'machineId', 'name', 'value', 'deleted'] },
  'usage.sample': {
    res: 'usage', resCols: ['cpus', 'cpusMax', 'memMiB', 'memMiBMax', 'cpuUtil', 'memUtil', 'diskUtil'], required: ['subject'],
    cols: ['window', 'subject', 'endMs', 'jobId', 'taskIndex', 'machineId', 'containerId'],
  },
};

/** Id columns whose bare numeric values get a prefix (JS orders integer-like keys first). */
export const ID_PREFIX: Partial<Record<NativeColumn, string>> = {
  jobId: 'job-', machineId: 'machine-', containerId: 'container-', user: 'user-', parentJobId: 'job-', allocJobId: 'job-', group: 'stage-',
};

export function formatConstraint(c: Constraint): string {
  return c.value === undefined ? `${c.attribute} ${c.op}` : `${c.attribute} ${c.op} ${c.value}`;
}

/** `attr op [value]` items separated by `;` → constraints, or an error message. */
export function parseConstraints(text: string): Constraint[] | string {
  const out: Constraint[] = [];
  for (const item of text.split(';')) {
    const parts = item.trim().split(/\s+/);
    if (parts.length < 2 || parts.length > 3 || !(CONSTRAINT_OPS as readonly string[]).includes(parts[1])) {
      return `constraint "${item.trim()}" must be "attribute op [value]" with op one of ${CONSTRAINT_OPS.join(', ')}`;
    }
    out.push({ attribute: parts[0], op: parts[1] as Constraint['op'], value: parts[2] });
  }
  return out;
}

/**
 * CSV quoting (RFC 4180) only when needed. A line break in a value (a Google 2019 JSON string may
 * hold one) is written as a space: every native CSV record is one line, for the line parser
 * (native-csv-lines.ts) and for the external sort of the replay's sorted copy (sort/line-runs.ts).
 */
export function csvField(s: string): string {
  const text = LINE_BREAKS.test(s) ? s.replace(LINE_BREAKS_ALL, ' ') : s;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const NEEDS_QUOTES = /[",]/;
const LINE_BREAKS = /[\n\r]/;
const LINE_BREAKS_ALL = /\r\n|[\n\r]/g;

interface CellPlan {
  readonly col: NativeColumn;
  readonly from: 'res' | 'constraint' | 'field';
  readonly key: string;
}

/** Per kind, the columns that can hold a value and where the value comes from (built once). */
const PLANS = new Map<RecordKind, readonly { index: number; plan: CellPlan }[]>();

function planFor(kind: RecordKind): readonly { index: number; plan: CellPlan }[] {
  let plan = PLANS.get(kind);
  if (plan !== undefined) return plan;
  const spec = KIND_FIELDS[kind];
  const out: { index: number; plan: CellPlan }[] = [];
  NATIVE_COLUMNS.forEach((col, index) => {
    const resKey = RESOURCE_COLUMNS[col];
    if (resKey !== undefined) {
      if (spec.resCols.includes(col)) out.push({ index, plan: { col, from: 'res', key: resKey } });
    } else if (col === 'constraints' && kind === 'task.constraint') {
      out.push({ index, plan: { col, from: 'constraint', key: 'constraint' } });
    } else if (col === 'atMs' || col === 'kind' || spec.cols.includes(col)) {
      out.push({ index, plan: { col, from: 'field', key: col } });
    }
  });
  PLANS.set(kind, (plan = out));
  return plan;
}

const EMPTY_ROW: readonly string[] = NATIVE_COLUMNS.map(() => '');

/** One record → one CSV line (without newline), columns in NATIVE_COLUMNS order. */
export function formatNativeRow(r: WorkloadRecord): string {
  const rec = r as unknown as Record<string, unknown>;
  const spec = KIND_FIELDS[r.kind];
  const res = spec.res ? (rec[spec.res] as Record<string, unknown> | undefined) : undefined;
  const cells = EMPTY_ROW.slice();
  for (const { index, plan } of planFor(r.kind)) {
    const v = plan.from === 'res' ? res?.[plan.key] : plan.from === 'constraint' ? [rec.constraint] : rec[plan.key];
    if (v !== undefined) cells[index] = csvField(formatCell(plan.col, v));
  }
  return cells.join(',');
}

function formatCell(col: NativeColumn, v: unknown): string {
  const t = COLUMN_TYPES[col];
  if (t === 'milli') return formatMilli(v as number);
  if (t === 'list') return (v as string[]).join(';');
  if (t === 'constraints') return (v as Constraint[]).map(formatConstraint).join(';');
  return String(v);
}

export const NATIVE_HEADER = NATIVE_COLUMNS.join(',');
