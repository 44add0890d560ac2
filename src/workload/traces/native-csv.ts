import type { ReaderOptions, TraceReader } from './reader.ts';
import { makeReader } from './reader.ts';
import { newStats, readLineBatches } from './line-reader.ts';
import { NativeCsvLineParser } from './native-csv-lines.ts';

/**
 * Native CSV reader (format in native-csv-format.ts and docs/workloads.md) for `trace inspect` and
 * `trace convert`: the replay's line parser (native-csv-lines.ts) fed by the async line reader, so
 * both paths read every file alike, with the same diagnostics at the same lines (they used to
 * differ on a quote left open and on `\r\r\n` line ends, when this reader streamed through
 * csv-parse). Rows must be sorted by atMs.
 */
export function readNativeCsv(file: string, opts: ReaderOptions): TraceReader {
  const stats = newStats();
  const parser = new NativeCsvLineParser(file, opts.sink);
  return makeReader('native-csv', 'records', file, stats, async function* () {
    for await (const batch of readLineBatches(file, parser, opts.sink, stats)) {
      stats.skipped = parser.skipped;
      yield batch;
    }
    stats.skipped = parser.skipped;
  });
}
