import { listTraceFilesSync } from './list-sync.ts';
import { TRACE_CODES, traceDiagnostic } from '../messages.ts';
import type { ReaderOptions, TraceFormat, TraceReader } from './reader.ts';
import { detectTrace, type Detection } from './detect.ts';
import { readGoogle2011 } from './google-2011.ts';
import { readGoogle2019 } from './google-2019.ts';
import { readAlibaba2018 } from './alibaba-2018.ts';
import { readAlibaba2017 } from './alibaba-2017.ts';
import { readSwf } from './swf.ts';
import { readNativeCsv } from './native-csv.ts';
import type { Google2011Table } from './google-2011-codes.ts';
import type { Google2019Table } from './google-2019.ts';
import type { Alibaba2018Table } from './alibaba-2018.ts';

export interface OpenOptions extends ReaderOptions {
  readonly format?: TraceFormat | 'auto';
  readonly table?: string;
}

/** A reader for a detected (format, table); the registry of importers. */
export function readerFor(file: string, d: Detection, opts: ReaderOptions): TraceReader {
  switch (d.format) {
    case 'google-2011':
      return readGoogle2011(file, d.table as Google2011Table, opts);
    case 'google-2019':
      return readGoogle2019(file, d.table as Google2019Table, opts);
    case 'alibaba-2018':
      return readAlibaba2018(file, d.table as Alibaba2018Table, opts);
    case 'alibaba-2017':
      return readAlibaba2017(file, 'batch_task', opts);
    case 'swf':
      return readSwf(file, opts);
    case 'native-csv':
      return readNativeCsv(file, opts);
  }
}

/** Detect and open one trace file; undefined (after a CS6008/CS6009 diagnostic) if impossible. */
export async function openTrace(file: string, opts: OpenOptions, severity: 'error' | 'warning' = 'error'): Promise<TraceReader | undefined> {
  const forced = opts.format === 'auto' ? undefined : opts.format;
  const d = await detectTrace(file, forced, opts.table);
  if (typeof d === 'string') {
    const code = d.startsWith('cannot read') ? TRACE_CODES.io : TRACE_CODES.format;
    opts.sink.report(traceDiagnostic(code, severity === 'warning' ? `skipped: ${d}` : d, file, undefined, undefined, severity));
    return undefined;
  }
  return readerFor(file, d, opts);
}

/** Trace files under a path (list-sync.ts listTraceFilesSync: one listing for inspect, convert and the replay). */
export async function listTraceFiles(path: string): Promise<string[]> {
  return listTraceFilesSync(path);
}
