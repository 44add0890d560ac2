import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Bounded-memory stable sort of text lines keyed by an integer time (external merge sort).
 * Lines are appended in input order; while they arrive sorted they go straight to `direct`
 * (no copy at all for already-sorted traces such as Google 2011). After the first out-of-order
 * line, lines are buffered, sorted in memory `runLines` at a time (Array.prototype.sort is
 * stable) and spilled to run files in `tmpDir`; `finish` merges the runs. Ties keep input order:
 * runs hold consecutive input segments and the merge breaks ties by run number.
 *
 * All I/O is synchronous (buffered `writeSync`/`readSync` in 1 MiB / 256 KiB blocks), so the same
 * sorter serves `trace convert` (async readers) and the replay's sorted-copy cache, which runs
 * inside the synchronous simulation set-up (src/workload/replay/sorted-cache.ts).
 */
export class LineSorter {
  private readonly tmpDir: string;
  private readonly runLines: number;
  private readonly direct: LineFileWriter;
  private readonly directPath: string;
  private directSorted = true;
  private lastTime = -Infinity;
  private buffer: { t: number; line: string }[] = [];
  private readonly runs: string[] = [];

  constructor(directPath: string, tmpDir: string, runLines = 200_000) {
    this.directPath = directPath;
    this.direct = new LineFileWriter(directPath);
    this.tmpDir = tmpDir;
    this.runLines = runLines;
  }

  /** Write a line that is not part of the sort (the CSV header); only before any add(). */
  header(line: string): void {
    this.direct.line(line);
  }

  /** Add lines (with their times) in input order. */
  addBatch(times: readonly number[], lines: readonly string[]): void {
    for (let i = 0; i < lines.length; i++) {
      const t = times[i];
      if (this.directSorted && t >= this.lastTime) {
        this.lastTime = t;
        this.direct.line(lines[i]);
        continue;
      }
      this.directSorted = false;
      this.buffer.push({ t, line: lines[i] });
    }
    if (this.buffer.length >= this.runLines) this.spill();
  }

  /** Whether everything arrived sorted (no run files were needed). */
  get wasSorted(): boolean {
    return this.directSorted;
  }

  get runCount(): number {
    return this.runs.length;
  }

  private spill(): void {
    this.buffer.sort((a, b) => a.t - b.t);
    const path = join(this.tmpDir, `run-${String(this.runs.length).padStart(5, '0')}.csv`);
    const w = new LineFileWriter(path);
    for (const x of this.buffer) w.line(x.line);
    w.close();
    this.runs.push(path);
    this.buffer = [];
  }

  /** Close the files without producing output (after an error); the caller removes the paths. */
  abort(): void {
    this.direct.close();
  }

  /**
   * Complete the sorted output at `finalTmp` (a path next to the destination) and return it.
   * With sorted input that is the direct file itself; otherwise the direct file (a sorted run
   * that starts with `headerLines` header lines) and the spilled runs are merged into `finalTmp`.
   */
  finish(finalTmp: string, headerLines: number): string {
    this.direct.close();
    if (this.directSorted) return this.directPath;
    if (this.buffer.length > 0) this.spill();
    const out = new LineFileWriter(finalTmp);
    const sources = [new LineFileReader(this.directPath), ...this.runs.map((p) => new LineFileReader(p))];
    try {
      const heads: ({ t: number; line: string } | undefined)[] = [];
      for (const [i, src] of sources.entries()) {
        if (i === 0) {
          for (let h = 0; h < headerLines; h++) {
            const l = src.next();
            if (l !== undefined) out.line(l);
          }
        }
        heads.push(nextKeyed(src));
      }
      // k-way merge; k is small (input size / runLines), so a linear scan beats a heap's bookkeeping
      for (;;) {
        let best = -1;
        for (let i = 0; i < heads.length; i++) {
          const h = heads[i];
          if (h !== undefined && (best < 0 || h.t < heads[best]!.t)) best = i;
        }
        if (best < 0) break;
        out.line(heads[best]!.line);
        heads[best] = nextKeyed(sources[best]);
      }
    } finally {
      for (const s of sources) s.close();
      out.close();
    }
    return finalTmp;
  }
}

/** The integer before the first comma (the atMs column of a native CSV row). */
export function leadingInt(line: string): number {
  const c = line.indexOf(',');
  return Number(c < 0 ? line : line.slice(0, c));
}

function nextKeyed(r: LineFileReader): { t: number; line: string } | undefined {
  const line = r.next();
  return line === undefined ? undefined : { t: leadingInt(line), line };
}

const WRITE_BLOCK = 1 << 20;
const READ_BLOCK = 256 * 1024;

/** Appends lines to a new file through a 1 MiB string buffer (memory bounded whatever the output size). */
class LineFileWriter {
  private fd: number | null;
  private pending: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  line(s: string): void {
    this.pending.push(s, '\n');
    this.size += s.length + 1;
    if (this.size >= WRITE_BLOCK) this.flush();
  }

  private flush(): void {
    if (this.fd === null || this.size === 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.size = 0;
  }

  close(): void {
    if (this.fd === null) return;
    try { this.flush(); } finally { closeSync(this.fd); this.fd = null; }
  }
}

/** Reads a file's '\n'-terminated lines (a trailing '\r' is dropped) one block at a time. */
class LineFileReader {
  private fd: number | null;
  private lines: string[] = [];
  private at = 0;
  private carry: Buffer = Buffer.alloc(0);

  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }

  next(): string | undefined {
    while (this.at >= this.lines.length) {
      if (this.fd === null) return undefined;
      const buf = Buffer.allocUnsafe(READ_BLOCK);
      const n = readSync(this.fd, buf, 0, READ_BLOCK, null);
      let data = this.carry.length > 0 ? Buffer.concat([this.carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      if (n === 0) {
        this.close();
        if (data.length === 0) return undefined;
        data = Buffer.concat([data, Buffer.from('\n')]);
      }
      const last = data.lastIndexOf(10);
      this.carry = Buffer.from(data.subarray(last + 1));
      this.lines = last < 0 ? [] : data.toString('utf8', 0, last).split('\n');
      this.at = 0;
    }
    const l = this.lines[this.at++];
    return l.endsWith('\r') ? l.slice(0, -1) : l;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
