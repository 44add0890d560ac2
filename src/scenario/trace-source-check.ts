/**
 * A scenario's trace source checked when the scenario is read, not when the run reaches it: a
 * directory holding no trace file, or a file whose format or table cannot be told from its head
 * (with the source's `format:` / `table:` applied), fails at the source's `trace:` with the fix in
 * scenario terms. Without it a run went ahead with nothing replayed from that source.
 */
import { relative } from 'node:path';
import { readHeadSync } from '../workload/io/open.ts';
import { detectFromHead, SCENARIO_HINTS } from '../workload/traces/detect.ts';
import { listTraceFilesSync } from '../workload/traces/list-sync.ts';
import type { TraceFormat } from '../workload/traces/reader.ts';

/** Why the source (an existing path) cannot be replayed, or undefined. */
export function traceSourceProblem(resolved: string, format: TraceFormat | undefined, table: string | undefined): string | undefined {
  let files: string[];
  try {
    files = listTraceFilesSync(resolved);
  } catch (err) {
    return `cannot read ${resolved}: ${(err as Error).message}`;
  }
  if (files.length === 0) return `no trace file in directory ${resolved} (hidden files, *.md, *.txt, schema.csv and licence files are skipped)`;
  for (const file of files) {
    const where = file === resolved ? '' : `${relative(resolved, file)}: `;
    let head: Buffer;
    try {
      head = readHeadSync(file);
    } catch (err) {
      return `${where}cannot read file: ${(err as Error).message}`;
    }
    const d = detectFromHead(file, head, format, table, SCENARIO_HINTS);
    if (typeof d === 'string') return where + d;
  }
  return undefined;
}
