import type { WorkloadRecord } from '../records.ts';
import { ALIBABA_2017_SCALE, toMilli, withScale, type ScaleFactors } from '../units.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import { fieldText, isDigits } from '../io/fields.ts';
import { readLineBatches, newStats, type LineParser } from './line-reader.ts';
import { makeReader, type ReaderOptions, type TraceReader } from './reader.ts';
import { DelimitedBase } from './delimited-base.ts';
import { alibabaOutcome } from './alibaba-common.ts';
import { NormalizedRange } from './normalized-range.ts';

/**
 * Alibaba cluster-trace-v2017 `batch_task.csv` reader (trace_201708.md; shared docs/traces.md §4):
 * task create time, task end (last modify) time, job id, task id, instances, status, CPUs per
 * instance, normalized memory per instance. Times are seconds since the trace start; 0 and
 * negative values mean "before the trace period". Despite the schema's "number of cpus", the data
 * holds hundredths of a core (50, 100, …). Rows are not sorted. The original files have no header,
 * but re-published copies often add one: a first line whose first field is not a number is
 * skipped and remembered in the reader's meta.
 */
export const ALIBABA_2017_TABLES = ['batch_task'] as const;
export type Alibaba2017Table = (typeof ALIBABA_2017_TABLES)[number];

class BatchTask2017 extends DelimitedBase implements LineParser {
  scale: ScaleFactors = ALIBABA_2017_SCALE;
  /** Memory is normalized to the machine (1.0; units.ts): the range check (CS6014), set by the factory. */
  range: NormalizedRange | undefined = undefined;
  readonly meta: Map<string, string>;

  constructor(file: string, sink: DiagnosticSink, meta: Map<string, string>) {
    super(file, sink);
    this.meta = meta;
  }

  parseLine(buf: Buffer, s: number, e: number, line: number, out: WorkloadRecord[]): void {
    const r = this.row;
    r.split(buf, s, e, line, 44);
    if (line === 1 && !isDigits(buf, r.starts[0], r.ends[0]) && buf[s] !== 0x2d) {
      this.meta.set('header', fieldText(buf, s, e));
      return;
    }
    if (!r.expectFields(8)) return this.reject();
    const create = r.int(0, 'task create time');
    const end = r.optInt(1, 'task end time');
    const job = r.uint(2, 'job id');
    const task = r.uint(3, 'task id');
    const count = r.taskCount(4, r.uint(4, 'number of instances'));
    const status = r.reqStr(5, 'status');
    const cpu = r.optAmount(6, 'CPUs requested per instance');
    const mem = r.optAmount(7, 'normalized memory requested per instance');
    if (r.errCode !== undefined) return this.reject();
    this.range?.check(mem, 1, 'normalized memory requested per instance', line, r.column(7));
    const atMs = create * 1000;
    const endMs = end === undefined || end === 0 ? undefined : end * 1000;
    const outcome = alibabaOutcome(status);
    out.push({
      kind: 'job.submitted', atMs, window: create <= 0 ? 'before' : undefined,
      jobId: this.jobId(job), group: `stage-${task}`, taskCount: count,
      request: cpu === undefined && mem === undefined ? undefined : {
        cpus: cpu === undefined ? undefined : toMilli(cpu, this.scale.cpus),
        mem: mem === undefined ? undefined : toMilli(mem, this.scale.memMiB),
      },
      // the end time is the last modification: a duration only for tasks that ended
      durationMs: outcome !== undefined && endMs !== undefined && endMs >= atMs ? endMs - atMs : undefined,
      status, outcome, endMs,
    });
  }
}

export function alibaba2017Parser(file: string, opts: ReaderOptions, meta: Map<string, string> = new Map()): LineParser & { skipped: number } {
  const parser = new BatchTask2017(file, opts.sink, meta);
  parser.scale = withScale(ALIBABA_2017_SCALE, opts.scale);
  parser.range = new NormalizedRange(file, opts.sink, 'Alibaba 2017', opts.units);
  return parser;
}

export function readAlibaba2017(file: string, _table: Alibaba2017Table, opts: ReaderOptions): TraceReader {
  const stats = newStats();
  const meta = new Map<string, string>();
  const parser = alibaba2017Parser(file, opts, meta);
  return makeReader('alibaba-2017', 'batch_task', file, stats, async function* () {
    for await (const batch of readLineBatches(file, parser, opts.sink, stats)) {
      stats.skipped = parser.skipped;
      yield batch;
    }
    stats.skipped = parser.skipped;
  }, meta);
}
