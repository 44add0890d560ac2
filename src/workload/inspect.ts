import { TRACE_CODES, traceDiagnostic } from './messages.ts';
import { GOOGLE_WINDOW_START_MS } from './traces/google-time.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import { StatsCollector, type TraceStats } from './stats.ts';
import { formatMilli } from './units.ts';
import type { TraceFormat } from './traces/reader.ts';
import { listTraceFiles, openTrace, type OpenOptions } from './traces/open-trace.ts';

export interface InspectedFile {
  readonly file: string;
  readonly format: TraceFormat;
  readonly table: string;
  readonly lines: number;
  readonly records: number;
  readonly skipped: number;
  readonly meta?: Record<string, string>;
}

export interface InspectResult {
  readonly files: InspectedFile[];
  readonly stats: TraceStats;
  readonly errors: number;
  readonly warnings: number;
  /** Resource values above their format's normalized range (CS6014, normalized-range.ts): all of them, not only the first per file reported. */
  readonly aboveNormalizedRange: number;
}

/**
 * `trace inspect`: stream every trace file under `path` (a file, or a directory searched
 * recursively; unrecognized files in a directory are skipped with a warning) through one
 * StatsCollector. Bad rows are reported to the sink and skipped; never throws on bad input.
 */
export async function inspectTrace(path: string, opts: OpenOptions): Promise<InspectResult> {
  const sink: DiagnosticSink = opts.sink;
  const aboveBefore = sink.aboveNormalized; // the sink may be shared by several inputs
  let files: string[];
  try {
    files = await listTraceFiles(path);
    if (files.length === 0) sink.report(traceDiagnostic(TRACE_CODES.format, `no trace file under ${path} (hidden files, *.md, *.txt, schema.csv and licence files are skipped)`, path));
  } catch (err) {
    sink.report(traceDiagnostic(TRACE_CODES.io, `cannot read: ${(err as Error).message}`, path));
    files = [];
  }
  const single = files.length === 1 && files[0] === path;
  const collector = new StatsCollector();
  const inspected: InspectedFile[] = [];
  for (const file of files) {
    const reader = await openTrace(file, opts, single ? 'error' : 'warning');
    if (reader === undefined) continue;
    for await (const batch of reader.batches()) for (const r of batch) collector.add(r);
    inspected.push({
      file, format: reader.format, table: reader.table, lines: reader.stats.lines, records: reader.stats.records,
      skipped: reader.stats.skipped, meta: reader.meta.size > 0 ? Object.fromEntries(reader.meta) : undefined,
    });
  }
  if (inspected.length === 0 && files.length > 0 && !single) { // a single file has had its own error
    sink.report(traceDiagnostic(TRACE_CODES.format, `no trace file recognized under ${path}`, path));
  }
  return { files: inspected, stats: collector.result(), errors: sink.errors, warnings: sink.warnings, aboveNormalizedRange: sink.aboveNormalized - aboveBefore };
}

const cores = (milli: number) => formatMilli(milli);
const mib = (milli: number) => formatMilli(milli);
const seconds = (ms: number) => formatMilli(ms); // ms as seconds with 3 decimals

/** Human-readable report (the JSON form is the InspectResult itself). */
export function formatInspect(r: InspectResult): string {
  const s = r.stats;
  const out: string[] = [];
  for (const f of r.files) {
    out.push(`${f.file}: ${f.format} ${f.table}, ${f.lines} lines, ${f.records} records, ${f.skipped} skipped`);
  }
  out.push('', `records: ${s.records}`);
  for (const [k, n] of Object.entries(s.byKind)) out.push(`  ${k.padEnd(28)} ${n}`);
  if (Object.keys(s.byEvent).length > 0) {
    out.push('events:');
    for (const [k, n] of Object.entries(s.byEvent)) out.push(`  ${k.padEnd(28)} ${n}`);
  }
  const d = s.distinct;
  out.push(`distinct: ${d.jobs} jobs, ${d.tasks} tasks, ${d.taskGroups} task groups, ${d.machines} machines, ${d.users} users`);
  if (s.submittedTasks > 0) out.push(`tasks in job.submitted rows: ${s.submittedTasks}`);
  if (s.start.atMs !== null) {
    const st = s.start;
    out.push(`capacity at the start (machines added at ${st.atMs} ms): ${st.machines} machines, ${cores(st.cpus)} cpus, ${mib(st.mem)} MiB mem` +
      (st.disk > 0 ? `, ${mib(st.disk)} MiB disk` : '') + (st.unknownCapacity > 0 ? ` (${st.unknownCapacity} with unknown capacity)` : ''));
    for (const [shape, n] of Object.entries(st.shapes).slice(0, 10)) out.push(`  ${n} × ${shapeText(shape)}`);
  }
  const q = s.requested;
  if (q.tasks + q.withoutRequest > 0) {
    out.push(`requested (per task, over ${q.tasks} submitted tasks with a request; ${q.withoutRequest} without):`);
    // A resource no task gives is "not given", not 0 (the NASA SWF log has no memory); means are
    // over every task with a request, so say how many lack the resource when some do.
    const part = (name: string, total: string, mean: string, missing: number, unit: string) =>
      missing >= q.tasks ? `${name} not given` : `${name} ${total}${unit} total, ${mean}${unit} mean${missing > 0 ? ` (${missing} tasks without)` : ''}`;
    out.push(`  ${part('cpus', cores(q.cpus), cores(q.meanCpus), q.missing.cpus, '')}; ${part('mem', mib(q.mem), mib(q.meanMem), q.missing.mem, ' MiB')}` +
      (q.disk > 0 ? `; ${part('disk', mib(q.disk), mib(q.meanDisk), q.missing.disk, ' MiB')}` : ''));
  }
  const t = s.time;
  if (t.firstMs !== null && t.lastMs !== null) {
    out.push(`time: ${t.firstMs} ms … ${t.lastMs} ms (span ${seconds(t.spanMs)} s)`);
    const hint = googleTimeUnitHint(r.files, t.firstMs);
    if (hint) out.push(`  ${hint}`);
  }
  if (t.beforeWindow + t.afterWindow > 0) out.push(`  ${t.beforeWindow} records before the trace window, ${t.afterWindow} after it`);
  out.push(`diagnostics: ${r.errors} error(s), ${r.warnings} warning(s)`);
  if (r.aboveNormalizedRange > 0) {
    out.push(`  ${r.aboveNormalizedRange} resource value(s) above the format's normalized range (CS6014, the first of each file on stderr): ` +
      'requests or capacities in cores or bytes? the requested and capacity figures above multiply them by the scale; --units absolute with --scale-* if deliberate');
  }
  return out.join('\n');
}

/**
 * Google timestamps are µs on a clock whose window opens at 600 s; 0 means "before the window", and
 * the public traces have nothing in between (2011 from 600.026 s, 2019 machines from 607.4 s). A first
 * in-window time below 600 s is what a file converted to seconds or milliseconds looks like (a whole
 * shard in seconds reads `time: 1 ms … 5 ms`): said, since the replay would put all of it before the window.
 */
function googleTimeUnitHint(files: readonly InspectedFile[], firstMs: number): string | null {
  if (files.length === 0 || !files.every((f) => f.format === 'google-2011' || f.format === 'google-2019')) return null;
  if (firstMs >= GOOGLE_WINDOW_START_MS) return null;
  return `note: Google times are microseconds and the trace window opens at 600 s (600000000), but a record is dated ${firstMs} ms: ` +
    'are this file\'s times in seconds or milliseconds? (only 0 means "before the window"; a replay from 600 s would take all of it as work before the window)';
}

function shapeText(shape: string): string {
  const m = /^cpus (\S+) mem (\S+)$/.exec(shape);
  if (!m) return shape;
  const f = (x: string) => (x === '?' ? '?' : formatMilli(Number(x)));
  return `${f(m[1])} cpus, ${f(m[2])} MiB`;
}
