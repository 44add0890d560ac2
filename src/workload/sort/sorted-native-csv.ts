import { existsSync, linkSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { makeDirectory } from '../../core/make-directory.ts';
import type { WorkloadRecord } from '../records.ts';
import { formatNativeRow, NATIVE_HEADER } from '../traces/native-csv-format.ts';
import { LineSorter } from './line-runs.ts';

/**
 * Records in (in input order, batch by batch), one native CSV sorted by atMs out (ties in input
 * order), with bounded memory (LineSorter spills sorted runs to a temporary directory under the OS
 * temp dir). The destination appears only when complete: everything is written to temporary
 * siblings `.tmp-<name>-<pid>.*` (the src/core/atomic-write.ts convention) and renamed into place
 * by `commit()`. `abort()` (or a crash) never leaves a partial file at the destination.
 * Used by `trace convert` (convert.ts) and by the replay's sorted-copy cache (replay/sorted-cache.ts).
 */
export class SortedNativeCsvWriter {
  private readonly out: string;
  private readonly tmpBase: string;
  private readonly work: string;
  private readonly sorter: LineSorter;
  private done = false;
  records = 0;

  constructor(out: string, runLines?: number) {
    this.out = out;
    makeDirectory(dirname(out));
    this.tmpBase = join(dirname(out), `.tmp-${basename(out)}-${process.pid}`);
    this.work = mkdtempSync(join(tmpdir(), 'clustersim-convert-'));
    try {
      this.sorter = new LineSorter(`${this.tmpBase}.direct`, this.work, runLines);
      this.sorter.header(NATIVE_HEADER);
    } catch (e) {
      rmSync(this.work, { recursive: true, force: true });
      throw e;
    }
  }

  add(batch: readonly WorkloadRecord[]): void {
    const times = batch.map((r) => r.atMs);
    this.sorter.addBatch(times, batch.map(formatNativeRow));
    this.records += batch.length;
  }

  /**
   * Complete the sorted file and rename it into place; returns what the sort had to do. With
   * `overwrite: false` an existing destination is never replaced (throws EEXIST), even one created
   * while the sort ran: the file is hard-linked into place, which fails if the name exists.
   */
  commit(opts: { overwrite?: boolean } = {}): { sortedInput: boolean; runs: number } {
    try {
      const result = this.sorter.finish(`${this.tmpBase}.merged`, 1);
      if (opts.overwrite === false) placeNoClobber(result, this.out);
      else renameSync(result, this.out);
      this.done = true;
      return { sortedInput: this.sorter.wasSorted, runs: this.sorter.runCount };
    } finally {
      this.cleanup();
    }
  }

  /** Drop everything written so far; the destination is left untouched. */
  abort(): void {
    if (!this.done) this.sorter.abort();
    this.cleanup();
  }

  private cleanup(): void {
    rmSync(`${this.tmpBase}.direct`, { force: true });
    rmSync(`${this.tmpBase}.merged`, { force: true });
    rmSync(this.work, { recursive: true, force: true });
  }
}

function placeNoClobber(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw e;
    // no hard links here: check, then rename (a narrow race instead of none)
    if (existsSync(to)) throw Object.assign(new Error(`EEXIST: file already exists, ${to}`), { code: 'EEXIST' });
    renameSync(from, to);
    return;
  }
  rmSync(from, { force: true });
}
