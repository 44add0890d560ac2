import type { Resources, WorkloadRecord } from '../records.ts';
import { GOOGLE_SCALE, toMilli, withScale, type ScaleFactors } from '../units.ts';
import { googleBand2011 } from '../priority.ts';
import { TRACE_CODES } from '../messages.ts';
import { readLineBatches, newStats, type LineParser } from './line-reader.ts';
import { makeReader, type ReaderOptions, type TraceReader } from './reader.ts';
import { Google2011Base } from './google-2011-parse.ts';
import { NormalizedRange } from './normalized-range.ts';
import { GoogleTimeUnit } from './google-time-unit.ts';
import {
  CONSTRAINT_OPS_2011, GOOGLE_2011_TABLES, MACHINE_EVENTS_2011, MISSING_2011, TASK_EVENTS_2011,
  type Google2011Table,
} from './google-2011-codes.ts';

/**
 * Google cluster-data 2011 reader: headerless, comma-separated, gzip-compressed CSV; empty field =
 * missing. Column orders follow the bucket's schema.csv (shared docs/traces.md §1.3). The
 * task_events table is the hot path (hundreds of millions of rows), so all tables use the
 * byte-level Row splitter rather than a generic CSV library.
 */

/** Resources from three optional normalized columns; undefined when all are empty. */
function resources(p: Google2011Base, ci: number, mi: number, di: number, scale: ScaleFactors): Resources | undefined {
  const r = p.row;
  const c = r.optAmount(ci, 'CPU');
  const m = r.optAmount(mi, 'memory');
  const d = di >= 0 ? r.optAmount(di, 'disk') : undefined;
  p.raw[0] = c; p.raw[1] = m; p.raw[2] = d;
  if (c === undefined && m === undefined && d === undefined) return undefined;
  return {
    cpus: c === undefined ? undefined : toMilli(c, scale.cpus),
    mem: m === undefined ? undefined : toMilli(m, scale.memMiB),
    disk: d === undefined ? undefined : toMilli(d, scale.diskMiB),
  };
}

const REQUEST_COLUMNS = [9, 10, 11];
const REQUEST_NAMES = ['CPU request', 'memory request', 'disk space request'];
const CAPACITY_COLUMNS = [4, 5];
const CAPACITY_NAMES = ['CPU capacity', 'memory capacity'];

class TaskEvents extends Google2011Base implements LineParser {
  scale: ScaleFactors = GOOGLE_SCALE;
  parseLine(buf: Buffer, s: number, e: number, line: number, out: WorkloadRecord[]): void {
    const r = this.row;
    r.split(buf, s, e, line, 44);
    if (!r.expectFields(13) || !this.time(0)) return this.reject();
    const missingCode = r.isEmpty(1) ? undefined : this.code(1, MISSING_2011, 'missing info');
    const job = r.uint(2, 'job ID');
    const taskIndex = r.uint(3, 'task index');
    const machine = r.optUint(4, 'machine ID');
    const event = this.code(5, TASK_EVENTS_2011, 'event type');
    const schedulingClass = r.optUint(7, 'scheduling class');
    const priority = r.uint(8, 'priority');
    const request = resources(this, 9, 10, 11, this.scale);
    const distinctMachines = this.flag(12, 'different-machines restriction');
    if (r.errCode !== undefined || event === undefined) return this.reject();
    if (!this.inOrder(0)) return;
    this.checkNormalized(REQUEST_COLUMNS, REQUEST_NAMES);
    out.push({
      kind: 'task.event',
      atMs: this.atMs,
      window: this.window,
      event,
      jobId: this.jobId(job),
      taskIndex,
      machineId: machine === undefined ? undefined : this.machineId(machine),
      user: this.hash(6),
      schedulingClass,
      priority,
      band: googleBand2011(priority),
      request,
      distinctMachines,
      missing: missingCode,
    });
  }
}

class JobEvents extends Google2011Base implements LineParser {
  parseLine(buf: Buffer, s: number, e: number, line: number, out: WorkloadRecord[]): void {
    const r = this.row;
    r.split(buf, s, e, line, 44);
    if (!r.expectFields(8) || !this.time(0)) return this.reject();
    const missing = r.isEmpty(1) ? undefined : this.code(1, MISSING_2011, 'missing info');
    const job = r.uint(2, 'job ID');
    const event = this.code(3, TASK_EVENTS_2011, 'event type');
    const schedulingClass = r.optUint(5, 'scheduling class');
    if (r.errCode !== undefined || event === undefined) return this.reject();
    if (!this.inOrder(0)) return;
    out.push({
      kind: 'job.event', atMs: this.atMs, window: this.window, event, jobId: this.jobId(job),
      user: this.hash(4), schedulingClass, name: this.hash(6), logicalName: this.hash(7), missing,
    });
  }
}

class MachineEvents extends Google2011Base implements LineParser {
  scale: ScaleFactors = GOOGLE_SCALE;
  parseLine(buf: Buffer, s: number, e: number, line: number, out: WorkloadRecord[]): void {
    const r = this.row;
    r.split(buf, s, e, line, 44);
    if (!r.expectFields(6) || !this.time(0)) return this.reject();
    const machine = r.uint(1, 'machine ID');
    const event = this.code(2, MACHINE_EVENTS_2011, 'machine event type');
    const capacity = resources(this, 4, 5, -1, this.scale);
    if (r.errCode !== undefined || event === undefined) return this.reject();
    if (!this.inOrder(0)) return;
    this.checkNormalized(CAPACITY_COLUMNS, CAPACITY_NAMES);
    out.push({
      kind: 'machine.event', atMs: this.atMs, window: this.window, event,
      machineId: this.machineId(machine), capacity, platform: this.hash(3),
    });
  }
}

class MachineAttributes extends Google2011Base implements LineParser {
  parseLine(buf: Buffer, s: number, e: number, line: number, out: WorkloadRecord[]): void {
    const r = this.row;
    r.split(buf, s, e, line, 44);
    if (!r.expectFields(5) || !this.time(0)) return this.reject();
    const machine = r.uint(1, 'machine ID');
    const name = r.reqStr(2, 'attribute name');
    const deleted = this.flag(4, 'attribute deleted');
    if (deleted === undefined && r.errCode === undefined) r.fail(4, TRACE_CODES.missingField, 'attribute deleted is empty but mandatory');
    if (r.errCode !== undefined) return this.reject();
    if (!this.inOrder(0)) return;
    out.push({
      kind: 'machine.attribute', atMs: this.atMs, window: this.window, machineId: this.machineId(machine),
      name, value: this.hash(3), deleted: deleted === true,
    });
  }
}

class TaskConstraints extends Google2011Base implements LineParser {
  parseLine(buf: Buffer, s: number, e: number, line: number, out: WorkloadRecord[]): void {
    const r = this.row;
    r.split(buf, s, e, line, 44);
    if (!r.expectFields(6) || !this.time(0)) return this.reject();
    const job = r.uint(1, 'job ID');
    const taskIndex = r.uint(2, 'task index');
    const op = this.code(3, CONSTRAINT_OPS_2011, 'comparison operator');
    const attribute = r.reqStr(4, 'attribute name');
    if (r.errCode !== undefined || op === undefined) return this.reject();
    if (!this.inOrder(0)) return;
    const value = r.optStr(5);
    out.push({
      kind: 'task.constraint', atMs: this.atMs, window: this.window, jobId: this.jobId(job), taskIndex,
      constraint: { attribute, op, value },
    });
  }
}

class TaskUsage extends Google2011Base implements LineParser {
  scale: ScaleFactors = GOOGLE_SCALE;
  parseLine(buf: Buffer, s: number, e: number, line: number, out: WorkloadRecord[]): void {
    const r = this.row;
    r.split(buf, s, e, line, 44);
    // 20 columns in clusterdata-2011-2; the older -1 release has 19 (no sampled CPU usage)
    if (!r.expectFields(20, 19) || !this.time(1, 'end time')) return this.reject();
    const endMs = this.atMs;
    if (!this.time(0, 'start time')) return this.reject();
    const job = r.uint(2, 'job ID');
    const taskIndex = r.uint(3, 'task index');
    const machine = r.uint(4, 'machine ID');
    const cpu = r.optNum(5, 'CPU rate');
    const mem = r.optNum(6, 'canonical memory usage');
    const memMax = r.optNum(10, 'maximum memory usage');
    const cpuMax = r.optNum(13, 'maximum CPU rate');
    if (r.errCode !== undefined) return this.reject();
    if (!this.inOrder(0)) return;
    // memory usage is normalized like the requests (≤ 1, the largest machine's memory); CPU rates are
    // not checked: genuine task_usage rows exceed 1 (core-s/s), docs/workloads.md §1
    this.range?.check(mem, 1, 'canonical memory usage', r.line, r.column(6));
    this.range?.check(memMax, 1, 'maximum memory usage', r.line, r.column(10));
    const sc = this.scale;
    out.push({
      kind: 'usage.sample', atMs: this.atMs, window: this.window, subject: 'task', endMs,
      jobId: this.jobId(job), taskIndex, machineId: this.machineId(machine),
      usage: {
        cpus: cpu === undefined ? undefined : toMilli(cpu, sc.cpus),
        cpusMax: cpuMax === undefined ? undefined : toMilli(cpuMax, sc.cpus),
        mem: mem === undefined ? undefined : toMilli(mem, sc.memMiB),
        memMax: memMax === undefined ? undefined : toMilli(memMax, sc.memMiB),
      },
    });
  }
}

const PARSERS = {
  task_events: TaskEvents,
  job_events: JobEvents,
  machine_events: MachineEvents,
  machine_attributes: MachineAttributes,
  task_constraints: TaskConstraints,
  task_usage: TaskUsage,
} as const satisfies Record<Google2011Table, new (file: string, sink: ReaderOptions['sink']) => Google2011Base & LineParser>;

export function isGoogle2011Table(t: string): t is Google2011Table {
  return (GOOGLE_2011_TABLES as readonly string[]).includes(t);
}

/** The line parser of one Google 2011 table (shared by the async reader and the sync replay path). */
export function google2011Parser(file: string, table: Google2011Table, opts: ReaderOptions): LineParser & { skipped: number } {
  const parser = new PARSERS[table](file, opts.sink);
  if ('scale' in parser) parser.scale = withScale(GOOGLE_SCALE, opts.scale);
  if (table === 'task_events' || table === 'machine_events' || table === 'task_usage') parser.range = new NormalizedRange(file, opts.sink, 'Google 2011', opts.units);
  if (opts.timeUnitCheck === true) parser.timeUnit = new GoogleTimeUnit(file, opts.sink, 'Google 2011');
  return parser;
}

export function readGoogle2011(file: string, table: Google2011Table, opts: ReaderOptions): TraceReader {
  const stats = newStats();
  const parser = google2011Parser(file, table, opts);
  return makeReader('google-2011', table, file, stats, async function* () {
    for await (const batch of readLineBatches(file, parser, opts.sink, stats)) {
      stats.skipped = parser.skipped;
      yield batch;
    }
    stats.skipped = parser.skipped;
  });
}
