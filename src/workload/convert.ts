import { TRACE_CODES, traceDiagnostic } from './messages.ts';
import type { InspectedFile } from './inspect.ts';
import { listTraceFiles, openTrace, type OpenOptions } from './traces/open-trace.ts';
import { SortedNativeCsvWriter } from './sort/sorted-native-csv.ts';

export interface ConvertOptions extends OpenOptions {
  /** Destination native CSV; written atomically (temporary sibling, then rename). */
  readonly out: string;
  /** Lines per in-memory sorted run when the input is not sorted by time (bounds memory). */
  readonly runLines?: number;
  /** false: never replace an existing `out` (the CLI without --force); default true (library use). */
  readonly overwrite?: boolean;
}

export interface ConvertResult {
  readonly out: string | undefined;  // undefined when nothing was written
  readonly files: InspectedFile[];
  readonly records: number;
  readonly sortedInput: boolean;
  readonly runs: number;
}

/** Tables that describe machines go first, then jobs, tasks, constraints, usage: at equal times a
 *  replay should see a machine before the tasks placed on it and a job before its tasks. */
function tableRank(table: string): number {
  if (table.startsWith('machine_meta') || table === 'machine_events' || table === 'machine_attributes') return 0;
  if (table.startsWith('job') || table.startsWith('collection')) return 1;
  if (table.includes('usage')) return 4;
  if (table.includes('constraint')) return 3;
  return 2;
}

/**
 * `trace convert --to csv`: every record of a trace file (or of every trace file of a directory,
 * merged) as one native CSV sorted by atMs, ties in input order. Streaming throughout: unsorted
 * inputs go through an external merge sort with bounded memory. The output file appears only
 * when complete (atomic rename), so a crash or bad input never leaves a truncated CSV behind.
 */
export async function convertTrace(input: string, opts: ConvertOptions): Promise<ConvertResult> {
  let files: string[];
  try {
    files = await listTraceFiles(input);
  } catch (err) {
    opts.sink.report(traceDiagnostic(TRACE_CODES.io, `cannot read: ${(err as Error).message}`, input));
    return { out: undefined, files: [], records: 0, sortedInput: true, runs: 0 };
  }
  const single = files.length === 1 && files[0] === input;
  const readers = [];
  for (const f of files) {
    const r = await openTrace(f, opts, single ? 'error' : 'warning');
    if (r !== undefined) readers.push(r);
  }
  readers.sort((a, b) => tableRank(a.table) - tableRank(b.table) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (readers.length === 0) {
    if (files.length === 0) opts.sink.report(traceDiagnostic(TRACE_CODES.format, `no trace file under ${input} (hidden files, *.md, *.txt, schema.csv and licence files are skipped)`, input));
    else if (!single) opts.sink.report(traceDiagnostic(TRACE_CODES.format, `no trace file recognized under ${input}`, input));
    return { out: undefined, files: [], records: 0, sortedInput: true, runs: 0 };
  }

  const writer = new SortedNativeCsvWriter(opts.out, opts.runLines);
  const done: InspectedFile[] = [];
  try {
    for (const reader of readers) {
      for await (const batch of reader.batches()) writer.add(batch);
      done.push({ file: reader.file, format: reader.format, table: reader.table, lines: reader.stats.lines, records: reader.stats.records, skipped: reader.stats.skipped });
    }
  } catch (e) {
    writer.abort();
    throw e;
  }
  const { sortedInput, runs } = writer.commit({ overwrite: opts.overwrite });
  return { out: opts.out, files: done, records: writer.records, sortedInput, runs };
}
