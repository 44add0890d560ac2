import type { LifecycleEvent, WorkloadRecord } from '../records.ts';
import { MAX_TRACE_AMOUNT, SWF_SCALE, secondsToMs, toMilli, withScale, type ScaleFactors } from '../units.ts';
import { TRACE_CODES } from '../messages.ts';
import { fieldText } from '../io/fields.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import { readLineBatches, newStats, type LineParser } from './line-reader.ts';
import { makeReader, type ReaderOptions, type TraceReader } from './reader.ts';
import { DelimitedBase } from './delimited-base.ts';

/**
 * Standard Workload Format v2.2 (Parallel Workloads Archive; shared docs/traces.md §5): one job per
 * line, 18 whitespace-separated fields, −1 = unknown, `;` comment lines (the header's
 * `; Key: value` lines are collected into the reader's meta). Lines are sorted by submit time.
 * Each line becomes one `job.submitted` record of `taskCount` one-processor tasks (the replay
 * places them one by one, or as a gang with `gang: true` on the map rule: docs/workloads.md).
 */
const STATUS: Record<number, [string, LifecycleEvent | undefined]> = {
  0: ['failed', 'fail'],
  1: ['completed', 'finish'],
  2: ['partial', undefined],            // checkpointed, to be continued
  3: ['partial-completed', 'finish'],   // last partial execution completed
  4: ['partial-failed', 'fail'],
  5: ['cancelled', 'kill'],
};

class SwfParser extends DelimitedBase implements LineParser {
  scale: ScaleFactors = SWF_SCALE;
  readonly meta: Map<string, string>;

  constructor(file: string, sink: DiagnosticSink, meta: Map<string, string>) {
    super(file, sink, 'submit time');
    this.meta = meta;
  }

  /** A numeric field where −1 (or any negative value) means unknown. */
  private known(i: number, name: string): number | undefined {
    const v = this.row.num(i, name);
    return v === v && v >= 0 ? v : undefined;
  }

  parseLine(buf: Buffer, s: number, e: number, line: number, out: WorkloadRecord[]): void {
    let i = s;
    while (i < e && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
    if (i === e) return;
    if (buf[i] === 0x3b) return this.header(fieldText(buf, i + 1, e));
    const r = this.row;
    r.splitBlanks(buf, s, e, line);
    if (!r.expectFields(18)) return this.reject();
    const job = r.uint(0, 'job number');
    const submit = r.num(1, 'submit time');
    const wait = this.known(2, 'wait time');
    const run = this.known(3, 'run time');
    const allocated = this.known(4, 'allocated processors');
    const memUsed = this.known(6, 'used memory');
    const requested = this.known(7, 'requested processors');
    const reqTime = this.known(8, 'requested time');
    const reqMem = this.known(9, 'requested memory');
    const status = r.int(10, 'status');
    const user = this.known(11, 'user ID');
    const queue = this.known(14, 'queue number');
    const preceding = this.known(16, 'preceding job number');
    const think = this.known(17, 'think time');
    if (r.errCode !== undefined) return this.reject();
    // the job's size: processors it actually ran on, else what it asked for
    const procs = allocated !== undefined && allocated > 0 ? allocated : requested;
    if (procs === undefined || procs <= 0) {
      r.fail(4, TRACE_CODES.range, 'neither allocated (field 5) nor requested (field 8) processors are known');
      return this.reject();
    }
    r.taskCount(procs === allocated ? 4 : 7, Math.round(procs));
    for (const [k, v] of [[9, reqMem], [6, memUsed]] as const) if (v !== undefined && v > MAX_TRACE_AMOUNT) r.fail(k, TRACE_CODES.range, `memory per processor ${v} KB is above ${MAX_TRACE_AMOUNT}`);
    if (r.errCode !== undefined) return this.reject();
    this.atMs = secondsToMs(submit);
    if (!this.inOrder(1)) return;
    const st = STATUS[status];
    const mem = reqMem ?? memUsed; // per processor, KB
    const startMs = wait === undefined ? undefined : this.atMs + secondsToMs(wait);
    out.push({
      kind: 'job.submitted', atMs: this.atMs, jobId: this.jobId(job), taskCount: Math.round(procs),
      request: { cpus: toMilli(1, this.scale.cpus), mem: mem === undefined ? undefined : toMilli(mem, this.scale.memMiB) },
      durationMs: run === undefined ? undefined : secondsToMs(run),
      requestedDurationMs: reqTime === undefined ? undefined : secondsToMs(reqTime),
      user: user === undefined ? undefined : `user-${user}`,
      queue: queue === undefined ? undefined : `queue-${queue}`,
      afterJobs: preceding === undefined ? undefined : [`job-${preceding}`],
      thinkTimeMs: think === undefined ? undefined : secondsToMs(think),
      status: st?.[0], outcome: st?.[1], startMs,
      endMs: startMs !== undefined && run !== undefined ? startMs + secondsToMs(run) : undefined,
    });
  }

  /** `; Key: value` header lines; continuation lines (no key) are appended to the last key. */
  private last = '';
  private header(text: string): void {
    const m = /^\s*([A-Za-z][A-Za-z0-9]*):\s?(.*)$/.exec(text);
    if (m) {
      this.last = m[1];
      const prev = this.meta.get(m[1]);
      this.meta.set(m[1], prev === undefined ? m[2].trim() : `${prev}\n${m[2].trim()}`);
    } else if (this.last !== '' && text.trim() !== '') {
      this.meta.set(this.last, `${this.meta.get(this.last)}\n${text.trim()}`);
    }
  }
}

export function swfParser(file: string, opts: ReaderOptions, meta: Map<string, string> = new Map()): LineParser & { skipped: number } {
  const parser = new SwfParser(file, opts.sink, meta);
  parser.scale = withScale(SWF_SCALE, opts.scale);
  return parser;
}

export function readSwf(file: string, opts: ReaderOptions): TraceReader {
  const stats = newStats();
  const meta = new Map<string, string>();
  const parser = swfParser(file, opts, meta);
  return makeReader('swf', 'jobs', file, stats, async function* () {
    for await (const batch of readLineBatches(file, parser, opts.sink, stats)) {
      stats.skipped = parser.skipped;
      yield batch;
    }
    stats.skipped = parser.skipped;
  }, meta);
}
