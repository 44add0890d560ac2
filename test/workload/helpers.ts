import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import { DiagnosticSink } from '../../src/workload/diagnostics.ts';
import type { WorkloadRecord } from '../../src/workload/records.ts';
import { openTrace, type OpenOptions } from '../../src/workload/traces/open-trace.ts';
import type { TraceReader } from '../../src/workload/traces/reader.ts';

export const repoRoot = resolve(fileURLToPath(new URL('../../', import.meta.url)));
/** Genuine samples live outside the repository (never copied in); tests skip when absent. */
export const sharedDir = resolve(repoRoot, '../shared/traces-real');
export const hasShared = existsSync(sharedDir);
export const fixtures = join(repoRoot, 'traces/fixtures');

export function shared(...parts: string[]): string {
  return join(sharedDir, ...parts);
}

export function fixture(...parts: string[]): string {
  return join(fixtures, ...parts);
}

export interface ReadResult {
  readonly reader: TraceReader;
  readonly records: WorkloadRecord[];
  readonly diagnostics: Diagnostic[];
  /** `line:column CODE` of each diagnostic, for compact precise assertions */
  readonly where: string[];
}

export async function readTrace(file: string, opts: Partial<OpenOptions> = {}): Promise<ReadResult> {
  const sink = new DiagnosticSink({ maxReported: 1000 });
  const reader = await openTrace(file, { sink, ...opts });
  if (reader === undefined) throw new Error(`not opened: ${sink.format().join('; ')}`);
  const records: WorkloadRecord[] = [];
  for await (const batch of reader.batches()) records.push(...batch);
  return { reader, records, diagnostics: sink.reported, where: sink.reported.map((d) => `${d.line}:${d.column} ${d.code}`) };
}

export function countBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}
