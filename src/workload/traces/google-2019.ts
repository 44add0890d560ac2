import type { Constraint, ConstraintOp, LifecycleEvent, MachineEvent, MissingInfo, Resources, WorkloadRecord } from '../records.ts';
import { GOOGLE_SCALE, MAX_TRACE_AMOUNT, resourcesOf, toMilli, withScale, type ScaleFactors } from '../units.ts';
import { googleBand2019 } from '../priority.ts';
import { TRACE_CODES } from '../messages.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import { readLineBatches, newStats, type LineParser } from './line-reader.ts';
import { makeReader, type ReaderOptions, type TraceReader } from './reader.ts';
import { JsonRow } from './json-line.ts';
import { NormalizedRange } from './normalized-range.ts';
import { GoogleTimeUnit } from './google-time-unit.ts';
import { GOOGLE_WINDOW_START_MS } from './google-time.ts';

/**
 * Google ClusterData 2019 (trace v3) reader: newline-delimited JSON exported from BigQuery.
 * Field names and enum numbers follow clusterdata_trace_format_v3.proto. Quirks handled here:
 * int64s and enums arrive as JSON strings; fields equal to their proto default are omitted
 * (absent type = 0, absent capacity = unknown); rows are not sorted by time (no order check);
 * the event codes differ from 2011 (QUEUE and ENABLE were inserted, machine ADD is 1, not 0).
 */
export const GOOGLE_2019_TABLES = ['collection_events', 'instance_events', 'machine_events', 'machine_attributes', 'instance_usage'] as const;
export type Google2019Table = (typeof GOOGLE_2019_TABLES)[number];

const EVENT_NAMES = ['SUBMIT', 'QUEUE', 'ENABLE', 'SCHEDULE', 'EVICT', 'FAIL', 'FINISH', 'KILL', 'LOST', 'UPDATE_PENDING', 'UPDATE_RUNNING'];
const EVENTS: readonly LifecycleEvent[] = ['submit', 'queue', 'enable', 'schedule', 'evict', 'fail', 'finish', 'kill', 'lost', 'update-pending', 'update-running'];
const MACHINE_NAMES = ['EVENT_TYPE_UNKNOWN', 'ADD', 'REMOVE', 'UPDATE'];
const MACHINE: readonly (MachineEvent | undefined)[] = [undefined, 'add', 'remove', 'update'];
const MISSING_NAMES = ['NONE', 'SNAPSHOT_BUT_NO_TRANSITION', 'NO_SNAPSHOT_OR_TRANSITION', 'EXISTS_BUT_NO_CREATION', 'TRANSITION_MISSING_STEP', 'TOO_MANY_EVENTS'];
const MISSING: readonly (MissingInfo | undefined)[] = [undefined, 'snapshot-but-no-transition', 'no-snapshot-or-transition', 'exists-but-no-creation', 'transition-missing-step', 'too-many-events'];
const MACHINE_MISSING_NAMES = ['MISSING_DATA_REASON_NONE', 'SNAPSHOT_BUT_NO_TRANSITION'];
const COLLECTION_TYPE_NAMES = ['JOB', 'ALLOC_SET'];
const RELATION_NAMES = ['EQUAL', 'NOT_EQUAL', 'LESS_THAN', 'GREATER_THAN', 'LESS_THAN_EQUAL', 'GREATER_THAN_EQUAL', 'PRESENT', 'NOT_PRESENT'];
const RELATIONS: readonly ConstraintOp[] = ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'present', 'absent'];

class Parser2019 implements LineParser {
  readonly j = new JsonRow();
  skipped = 0;
  scale: ScaleFactors = GOOGLE_SCALE;
  /** The normalized resource range check (CS6014), set by the factory. */
  range: NormalizedRange | undefined = undefined;
  /** Times in seconds or milliseconds instead of µs (CS6015), set by the factory. */
  timeUnit: GoogleTimeUnit | undefined = undefined;
  readonly file: string;
  readonly sink: DiagnosticSink;
  readonly table: Google2019Table;

  constructor(file: string, sink: DiagnosticSink, table: Google2019Table) {
    this.file = file;
    this.sink = sink;
    this.table = table;
  }

  parseLine(buf: Buffer, s: number, e: number, line: number, out: WorkloadRecord[]): void {
    if (s === e) return; // blank lines carry nothing in JSON lines
    const j = this.j;
    if (!j.parse(buf.toString('utf8', s, e), line)) return this.reject();
    const rec = this.record();
    if (j.errCode !== undefined || rec === undefined) return this.reject();
    if (this.range !== undefined) this.checkNormalized();
    if (rec.window === undefined && rec.atMs < GOOGLE_WINDOW_START_MS && this.timeUnit !== undefined) {
      const key = this.table === 'instance_usage' ? 'start_time' : 'time';
      this.timeUnit.check(rec.atMs, String(j.obj[key]), key, j.line, j.valueColumn(key));
    }
    out.push(rec);
  }

  /**
   * An accepted row's request (instance_events) or capacity (machine_events): NCU and normalized memory,
   * at most 1; of a usage row (instance_usage), the memory only (average and maximum: a task's memory
   * cannot exceed its machine's); CPU usage is not checked (as Google 2011's, it exceeds 1 in genuine rows).
   */
  private checkNormalized(): void {
    if (this.table === 'instance_usage') {
      for (const [key, name] of [['average_usage', 'average memory usage'], ['maximum_usage', 'maximum memory usage']] as const) this.checkObject(key, [['memory', name]]);
      return;
    }
    const key = this.table === 'instance_events' ? 'resource_request' : this.table === 'machine_events' ? 'capacity' : undefined;
    if (key === undefined) return;
    const what = key === 'capacity' ? 'capacity' : 'request';
    this.checkObject(key, [['cpus', `CPU ${what}`], ['memory', `memory ${what}`]]);
  }

  private checkObject(key: string, fields: readonly (readonly [string, string])[]): void {
    const o = this.j.obj[key];
    if (o === null || typeof o !== 'object') return;
    for (const [field, name] of fields) {
      const v = this.j.num(field, o as Record<string, unknown>);
      // the column of the value (past `"cpus":` and blanks), as in the CSV formats: where to fix it
      if (v !== undefined && v > 1) this.range!.check(v, 1, `${name} (${key}.${field})`, this.j.line, this.j.valueColumn(field, key));
    }
  }

  private reject(): void {
    this.sink.report(this.j.diagnostic(this.file));
    this.skipped++;
  }

  /** A resource amount: negative or above MAX_TRACE_AMOUNT is CS6010 (the line is rejected). */
  private amount(key: string, o: Record<string, unknown>): number | undefined {
    const v = this.j.num(key, o);
    if (v !== undefined && (v < 0 || v > MAX_TRACE_AMOUNT)) { this.j.fail(key, TRACE_CODES.range, `${key} ${v} is ${v < 0 ? 'negative' : `above ${MAX_TRACE_AMOUNT}`}`); return undefined; }
    return v;
  }

  private resources(o: Record<string, unknown> | undefined): Resources | undefined {
    if (o === undefined) return undefined;
    const c = this.amount('cpus', o);
    const m = this.amount('memory', o);
    return resourcesOf(c === undefined ? undefined : toMilli(c, this.scale.cpus), m === undefined ? undefined : toMilli(m, this.scale.memMiB));
  }

  /** A mandatory id field (absent: a missingField problem, not a silent rejection). */
  private id(prefix: string, key: string): string | undefined {
    const n = this.j.int(key, undefined);
    if (n === undefined && !this.j.has(key)) this.j.fail(key, TRACE_CODES.missingField, `${key} is missing but mandatory`);
    return n === undefined ? undefined : `${prefix}-${n}`;
  }

  /** alloc_collection_id: 0 = NO_ALLOC_COLLECTION (not running in an alloc set). */
  private alloc(): string | undefined {
    const n = this.j.int('alloc_collection_id', 0);
    return n === undefined || n <= 0 ? undefined : `job-${n}`;
  }

  /** machine_id: 0 = NO_MACHINE, −1 = DEDICATED_MACHINE (no real machine either). */
  private machine(): string | undefined {
    const n = this.j.int('machine_id', 0);
    return n === undefined || n <= 0 ? undefined : `machine-${n}`;
  }

  private record(): WorkloadRecord | undefined {
    const j = this.j;
    switch (this.table) {
      case 'machine_events': {
        const t = j.time('time', false);
        const type = j.enumCode('type', MACHINE_NAMES);
        const machineId = this.id('machine', 'machine_id');
        const missing = j.enumCode('missing_data_reason', MACHINE_MISSING_NAMES);
        if (t === undefined || type === undefined || machineId === undefined) return undefined;
        const event = MACHINE[type];
        if (event === undefined) {
          j.fail('type', TRACE_CODES.unknownCode, 'machine event type 0 (EVENT_TYPE_UNKNOWN) cannot be replayed');
          return undefined;
        }
        return {
          kind: 'machine.event', atMs: t.atMs, window: t.window, event, machineId,
          capacity: this.resources(j.sub('capacity')), platform: j.str('platform_id'), switchId: j.str('switch_id'),
          missing: missing === 1 ? 'snapshot-but-no-transition' : undefined,
        };
      }
      case 'machine_attributes': {
        const t = j.time('time', false);
        const machineId = this.id('machine', 'machine_id');
        const name = j.str('name');
        if (name === undefined) j.fail('name', TRACE_CODES.missingField, 'name is missing but mandatory');
        const dv = j.obj.deleted;
        if (t === undefined || machineId === undefined || name === undefined) return undefined;
        const value = j.obj.value;
        return {
          kind: 'machine.attribute', atMs: t.atMs, window: t.window, machineId, name,
          value: value === undefined || value === null ? undefined : String(value), deleted: dv === true || dv === 'true',
        };
      }
      case 'collection_events': {
        const c = this.common();
        if (c === undefined) return undefined;
        const startAfter = j.obj.start_after_collection_ids;
        return {
          kind: 'job.event', ...c, user: j.str('user'), name: j.str('collection_name'), logicalName: j.str('collection_logical_name'),
          collectionType: j.enumCode('collection_type', COLLECTION_TYPE_NAMES) === 1 ? 'alloc-set' : 'job',
          parentJobId: (j.int('parent_collection_id', 0) ?? 0) > 0 ? `job-${j.int('parent_collection_id', 0)}` : undefined,
          startAfter: Array.isArray(startAfter) && startAfter.length > 0 ? startAfter.map((x) => `job-${String(x)}`) : undefined,
          maxPerMachine: j.int('max_per_machine', 0) || undefined,
          maxPerSwitch: j.int('max_per_switch', 0) || undefined,
          allocJobId: this.alloc(),
        };
      }
      case 'instance_events': {
        const c = this.common();
        const taskIndex = j.int('instance_index', 0);
        if (taskIndex !== undefined && taskIndex < 0) j.fail('instance_index', TRACE_CODES.range, `instance_index ${taskIndex} is negative`);
        if (c === undefined || taskIndex === undefined) return undefined;
        return {
          kind: 'task.event', ...c, taskIndex, machineId: this.machine(),
          request: this.resources(j.sub('resource_request')), constraints: this.constraints(), allocJobId: this.alloc(),
        };
      }
      case 'instance_usage': {
        const t = j.time('start_time', false);
        const end = j.time('end_time', false);
        const jobId = this.id('job', 'collection_id');
        const taskIndex = j.int('instance_index', 0);
        const avg = this.resources(j.sub('average_usage'));
        const max = this.resources(j.sub('maximum_usage'));
        if (t === undefined || end === undefined || jobId === undefined || taskIndex === undefined) return undefined;
        return {
          kind: 'usage.sample', atMs: t.atMs, window: t.window, subject: 'task', endMs: end.atMs, jobId, taskIndex,
          machineId: this.machine(),
          usage: { cpus: avg?.cpus, mem: avg?.mem, cpusMax: max?.cpus, memMax: max?.mem },
        };
      }
    }
  }

  /** Fields 1–8 shared by CollectionEvent and InstanceEvent. */
  private common() {
    const j = this.j;
    const t = j.time('time', false);
    const type = j.enumCode('type', EVENT_NAMES);
    const jobId = this.id('job', 'collection_id');
    if (jobId === undefined) j.fail('collection_id', TRACE_CODES.missingField, 'collection_id is missing but mandatory');
    const schedulingClass = j.int('scheduling_class', 0);
    const missing = j.enumCode('missing_type', MISSING_NAMES);
    const priority = j.int('priority', 0);
    if (t === undefined || type === undefined || jobId === undefined || priority === undefined) return undefined;
    return {
      atMs: t.atMs, window: t.window, event: EVENTS[type], jobId, schedulingClass, priority,
      band: googleBand2019(priority), missing: missing === undefined ? undefined : MISSING[missing],
    };
  }

  private constraints(): Constraint[] | undefined {
    const raw = this.j.obj.constraint;
    if (!Array.isArray(raw) || raw.length === 0) return undefined;
    const out: Constraint[] = [];
    for (const c of raw as Record<string, unknown>[]) {
      const rel = c?.relation ?? 0;
      const n = typeof rel === 'number' ? rel : /^\d+$/.test(String(rel)) ? Number(rel) : RELATION_NAMES.indexOf(String(rel));
      if (!(n >= 0 && n < RELATIONS.length) || typeof c?.name !== 'string') {
        this.j.fail('constraint', TRACE_CODES.unknownCode, `invalid constraint ${JSON.stringify(c).slice(0, 60)}`);
        return undefined;
      }
      out.push({ attribute: c.name, op: RELATIONS[n], value: c.value === undefined || c.value === '' ? undefined : String(c.value) });
    }
    return out;
  }
}

export function isGoogle2019Table(t: string): t is Google2019Table {
  return (GOOGLE_2019_TABLES as readonly string[]).includes(t);
}

export function google2019Parser(file: string, table: Google2019Table, opts: ReaderOptions): LineParser & { skipped: number } {
  const parser = new Parser2019(file, opts.sink, table);
  parser.scale = withScale(GOOGLE_SCALE, opts.scale);
  parser.range = new NormalizedRange(file, opts.sink, 'Google 2019', opts.units);
  if (opts.timeUnitCheck === true) parser.timeUnit = new GoogleTimeUnit(file, opts.sink, 'Google 2019');
  return parser;
}

export function readGoogle2019(file: string, table: Google2019Table, opts: ReaderOptions): TraceReader {
  const stats = newStats();
  const parser = google2019Parser(file, table, opts);
  return makeReader('google-2019', table, file, stats, async function* () {
    for await (const batch of readLineBatches(file, parser, opts.sink, stats)) {
      stats.skipped = parser.skipped;
      yield batch;
    }
    stats.skipped = parser.skipped;
  });
}
