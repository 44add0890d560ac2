import type { WorkloadRecord } from '../records.ts';
import { ALIBABA_2018_SCALE, MAX_TRACE_AMOUNT, resourcesOf, secondsToMs, toMilli, withScale, type ScaleFactors } from '../units.ts';
import { TRACE_CODES } from '../messages.ts';
import { ByteInterner } from '../io/intern.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import { readLineBatches, newStats, type LineParser } from './line-reader.ts';
import { makeReader, type ReaderOptions, type TraceReader } from './reader.ts';
import { DelimitedBase } from './delimited-base.ts';
import { alibabaOutcome, parseDagName, trailingNumber } from './alibaba-common.ts';
import { NormalizedRange } from './normalized-range.ts';

/**
 * Alibaba cluster-trace-v2018 reader (schema.txt of alibaba/clusterdata; shared docs/traces.md §3).
 * Headerless CSV, times in seconds since the start of the 8-day period. Units are mixed: CPU
 * requests in hundredths of a core, machine CPUs in cores, utilization in percent, memory
 * normalized to [0, 100]; −1 and 101 mark invalid percentages and become "unknown".
 * Tables are grouped by entity, not sorted by time, so no order check is made.
 */
export const ALIBABA_2018_TABLES = ['machine_meta', 'machine_usage', 'container_meta', 'container_usage', 'batch_task', 'batch_instance'] as const;
export type Alibaba2018Table = (typeof ALIBABA_2018_TABLES)[number];

const WIDTH: Record<Alibaba2018Table, number> = {
  machine_meta: 7, machine_usage: 9, container_meta: 8, container_usage: 11, batch_task: 9, batch_instance: 14,
};

/** The normalized memory column of the tables that give one size (not usage): machine size, container size, request per instance. */
const MEMORY_COLUMN: Partial<Record<Alibaba2018Table, number>> = { machine_meta: 5, container_meta: 7, batch_task: 8 };
const MEMORY_NAME: Partial<Record<Alibaba2018Table, string>> = { machine_meta: 'mem_size', container_meta: 'mem_size', batch_task: 'plan_mem' };
/**
 * Usage columns with a documented range [0, 100] (shared docs/traces.md §3.4; 101 and −1 the trace's
 * invalid markers): batch_instance's normalized memory (100 = the machine), the utilization percents of
 * machine_usage and container_usage. CPU usage in hundredths of a core (batch_instance cpu_avg/max) has no bound.
 */
const USAGE_COLUMNS: Partial<Record<Alibaba2018Table, readonly (readonly [number, string, string])[]>> = {
  batch_instance: [[12, 'mem_avg', 'the largest machine'], [13, 'mem_max', 'the largest machine']],
  machine_usage: [[2, 'cpu_util_percent', '100 %'], [3, 'mem_util_percent', '100 %'], [8, 'disk_io_percent', '100 %']],
  container_usage: [[3, 'cpu_util_percent', '100 %'], [4, 'mem_util_percent', '100 %'], [10, 'disk_io_percent', '100 %']],
};

/** Percent → per-mille; the trace's invalid markers (−1, 101, empty) → undefined. */
function perMille(p: number | undefined): number | undefined {
  return p === undefined || p < 0 || p > 100 ? undefined : Math.round(p * 10);
}

class Parser2018 extends DelimitedBase implements LineParser {
  scale: ScaleFactors = ALIBABA_2018_SCALE;
  /** The normalized memory range check (CS6014), set by the factory. */
  range: NormalizedRange | undefined = undefined;
  readonly table: Alibaba2018Table;
  private readonly seen = new Set<string>(); // machines / containers already announced
  private readonly ids = new ByteInterner(14);
  private readonly jobs = new ByteInterner(12);

  constructor(file: string, sink: DiagnosticSink, table: Alibaba2018Table) {
    super(file, sink);
    this.table = table;
  }

  private seconds(i: number, name: string): number {
    const v = this.row.num(i, name);
    return v === v ? secondsToMs(v) : 0;
  }

  private mem(i: number): number | undefined {
    const v = this.row.optNum(i, 'memory');
    if (v !== undefined && v > MAX_TRACE_AMOUNT) { this.row.fail(i, TRACE_CODES.range, `memory ${v} is above ${MAX_TRACE_AMOUNT}`); return undefined; }
    // −1 and 101 are the trace's "invalid" markers for its normalized values (shared docs/traces.md
    // §3.4): unknown, like an empty field, not a size (a 101 replayed as 101% of a machine). With
    // `units: absolute` only a negative value is meaningless.
    if (v === undefined || v < 0 || (v === 101 && this.normalized)) return undefined;
    return toMilli(v, this.scale.memMiB);
  }

  /** The file holds the format's normalized values (not `units: absolute`), set by the factory. */
  normalized = true;

  private cpuHundredths(i: number, name: string): number | undefined {
    const v = this.row.optAmount(i, name);
    return v === undefined || v !== v ? undefined : toMilli(v, this.scale.cpus);
  }

  parseLine(buf: Buffer, s: number, e: number, line: number, out: WorkloadRecord[]): void {
    const r = this.row;
    r.split(buf, s, e, line, 44);
    if (!r.expectFields(WIDTH[this.table])) return this.reject();
    const rec = this.record();
    if (r.errCode !== undefined || rec === undefined) return this.reject();
    const memColumn = MEMORY_COLUMN[this.table];
    if (this.range !== undefined && memColumn !== undefined) {
      // normalized memory, [0, 100] (100 = the machine); 101 is the trace's own "invalid" marker
      this.range.check(r.optNum(memColumn, 'memory'), 100, MEMORY_NAME[this.table] ?? 'memory', line, r.column(memColumn), 101);
    }
    const usage = USAGE_COLUMNS[this.table];
    if (this.range !== undefined && usage !== undefined) for (const [i, name, means] of usage) this.range.check(r.optNum(i, name), 100, name, line, r.column(i), 101, means);
    out.push(rec);
  }

  private record(): WorkloadRecord | undefined {
    const r = this.row;
    switch (this.table) {
      case 'machine_meta': {
        const machineId = r.reqStr(0, 'machine_id');
        const atMs = this.seconds(1, 'time_stamp');
        const cores = r.optNum(4, 'cpu_num');
        const mem = this.mem(5);
        const first = !this.seen.has(machineId);
        if (first) this.seen.add(machineId);
        return {
          kind: 'machine.event', atMs, event: first ? 'add' : 'update', machineId: `machine-${machineId}`,
          capacity: resourcesOf(cores === undefined ? undefined : toMilli(cores, 1), mem),
          failureDomains: [r.str(2), r.str(3)], status: r.optStr(6),
        };
      }
      case 'machine_usage':
        return {
          kind: 'usage.sample', atMs: this.seconds(1, 'time_stamp'), subject: 'machine',
          machineId: this.prefixed(0, 'machine-', this.ids),
          usage: { cpuUtil: perMille(r.optNum(2, 'cpu_util_percent')), memUtil: perMille(r.optNum(3, 'mem_util_percent')), diskUtil: perMille(r.optNum(8, 'disk_io_percent')) },
        };
      case 'container_usage':
        return {
          kind: 'usage.sample', atMs: this.seconds(2, 'time_stamp'), subject: 'container',
          containerId: this.prefixed(0, 'container-', this.ids), machineId: r.isEmpty(1) ? undefined : `machine-${r.str(1)}`,
          usage: { cpuUtil: perMille(r.optNum(3, 'cpu_util_percent')), memUtil: perMille(r.optNum(4, 'mem_util_percent')), diskUtil: perMille(r.optNum(10, 'disk_io_percent')) },
        };
      case 'container_meta': {
        // a container is a long-running service instance: the app deployment unit is its job
        const container = r.reqStr(0, 'container_id');
        const index = trailingNumber(container);
        if (index === undefined) r.fail(0, TRACE_CODES.notNumeric, `container_id "${container}" has no numeric part`);
        const first = !this.seen.has(container);
        if (first) this.seen.add(container);
        return {
          kind: 'task.event', atMs: this.seconds(2, 'time_stamp'), event: first ? 'schedule' : 'update-running',
          jobId: `job-${r.reqStr(3, 'app_du')}`, taskIndex: index ?? 0,
          machineId: r.isEmpty(1) ? undefined : `machine-${r.str(1)}`,
          request: resourcesOf(this.cpuHundredths(5, 'cpu_request'), this.mem(7)),
        };
      }
      case 'batch_task': {
        const dag = parseDagName(r.reqStr(0, 'task_name'));
        const count = r.uint(1, 'instance_num');
        const status = r.reqStr(4, 'status');
        const start = r.optUint(5, 'start_time');
        const end = r.optUint(6, 'end_time');
        // start/end 0 = not started / not finished yet
        const startMs = start ? start * 1000 : undefined;
        const endMs = end ? end * 1000 : undefined;
        return {
          kind: 'job.submitted', atMs: startMs ?? 0, jobId: this.prefixed(2, 'job-', this.jobs),
          group: dag.group, dependsOn: dag.dependsOn, taskCount: count,
          request: resourcesOf(this.cpuHundredths(7, 'plan_cpu'), this.mem(8)),
          durationMs: startMs !== undefined && endMs !== undefined && endMs >= startMs ? endMs - startMs : undefined,
          status, outcome: alibabaOutcome(status), startMs, endMs, queue: r.optStr(3),
        };
      }
      case 'batch_instance': {
        const dag = parseDagName(r.reqStr(1, 'task_name'));
        const status = r.reqStr(4, 'status');
        const start = r.optUint(5, 'start_time');
        const end = r.optUint(6, 'end_time');
        const cpuAvg = r.optNum(10, 'cpu_avg');
        const cpuMax = r.optNum(11, 'cpu_max');
        return {
          kind: 'task.run', atMs: start ? start * 1000 : 0, jobId: this.prefixed(2, 'job-', this.jobs),
          group: dag.group, instance: r.reqStr(0, 'instance_name'),
          machineId: r.isEmpty(7) ? undefined : this.prefixed(7, 'machine-', this.ids),
          endMs: end ? end * 1000 : undefined, status, outcome: alibabaOutcome(status),
          usage: {
            cpus: cpuAvg === undefined ? undefined : toMilli(cpuAvg, this.scale.cpus),
            cpusMax: cpuMax === undefined ? undefined : toMilli(cpuMax, this.scale.cpus),
            mem: this.mem(12), memMax: this.mem(13),
          },
        };
      }
    }
  }
}

export function isAlibaba2018Table(t: string): t is Alibaba2018Table {
  return (ALIBABA_2018_TABLES as readonly string[]).includes(t);
}

export function alibaba2018Parser(file: string, table: Alibaba2018Table, opts: ReaderOptions): LineParser & { skipped: number } {
  const parser = new Parser2018(file, opts.sink, table);
  parser.scale = withScale(ALIBABA_2018_SCALE, opts.scale);
  parser.range = new NormalizedRange(file, opts.sink, 'Alibaba 2018', opts.units);
  parser.normalized = opts.units !== 'absolute';
  return parser;
}

export function readAlibaba2018(file: string, table: Alibaba2018Table, opts: ReaderOptions): TraceReader {
  const stats = newStats();
  const parser = alibaba2018Parser(file, table, opts);
  return makeReader('alibaba-2018', table, file, stats, async function* () {
    for await (const batch of readLineBatches(file, parser, opts.sink, stats)) {
      stats.skipped = parser.skipped;
      yield batch;
    }
    stats.skipped = parser.skipped;
  });
}
