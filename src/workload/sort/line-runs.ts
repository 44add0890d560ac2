import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

/**
 * Bounded-memory stable sort of text lines keyed by an integer time (external merge sort).
 * Lines are appended in input order; while they arrive sorted they go straight to `direct`
 * (no copy at all for already-sorted traces such as Google 2011). After the first out-of-order
 * line, lines are buffered, sorted in memory `runLines` at a time (Array.prototype.sort is
 * stable) and spilled to run files in `tmpDir`; `finish` merges the runs. Ties keep input order:
 * runs hold consecutive input segments and the merge breaks ties by run number.
 */
export class LineSorter {
  private readonly tmpDir: string;
  private readonly runLines: number;
  private direct: WriteStream;
  private directPath: string;
  private directSorted = true;
  private lastTime = -Infinity;
  private buffer: { t: number; line: string }[] = [];
  private readonly runs: string[] = [];

  constructor(directPath: string, tmpDir: string, runLines = 200_000) {
    this.directPath = directPath;
    this.direct = createWriteStream(directPath);
    this.tmpDir = tmpDir;
    this.runLines = runLines;
  }

  /** Write a line that is not part of the sort (the CSV header); only before any add(). */
  async header(line: string): Promise<void> {
    await write(this.direct, line + '\n');
  }

  /** Add lines (with their times) in input order; one write per batch keeps the overhead low. */
  async addBatch(times: readonly number[], lines: readonly string[]): Promise<void> {
    let text = '';
    for (let i = 0; i < lines.length; i++) {
      const t = times[i];
      if (this.directSorted && t >= this.lastTime) {
        this.lastTime = t;
        text += lines[i] + '\n';
        continue;
      }
      this.directSorted = false;
      this.buffer.push({ t, line: lines[i] });
    }
    if (text !== '') await write(this.direct, text);
    if (this.buffer.length >= this.runLines) await this.spill();
  }

  /** Whether everything arrived sorted (no run files were needed). */
  get wasSorted(): boolean {
    return this.directSorted;
  }

  get runCount(): number {
    return this.runs.length;
  }

  private async spill(): Promise<void> {
    this.buffer.sort((a, b) => a.t - b.t);
    const path = join(this.tmpDir, `run-${String(this.runs.length).padStart(5, '0')}.csv`);
    const ws = createWriteStream(path);
    const CHUNK = 4096;
    for (let i = 0; i < this.buffer.length; i += CHUNK) {
      await write(ws, this.buffer.slice(i, i + CHUNK).map((x) => x.line + '\n').join(''));
    }
    ws.end();
    await once(ws, 'close');
    this.runs.push(path);
    this.buffer = [];
  }

  /**
   * Complete the sorted output at `finalTmp` (a path next to the destination) and return it.
   * With sorted input that is the direct file itself; otherwise the direct file (a sorted run
   * that starts with `headerLines` header lines) and the spilled runs are merged into `finalTmp`.
   */
  async finish(finalTmp: string, headerLines: number): Promise<string> {
    this.direct.end();
    await once(this.direct, 'close');
    if (this.directSorted) return this.directPath;
    if (this.buffer.length > 0) await this.spill();
    const out = createWriteStream(finalTmp);
    const sources = [lineIterator(this.directPath), ...this.runs.map(lineIterator)];
    const heads: ({ t: number; line: string } | undefined)[] = [];
    for (const [i, src] of sources.entries()) {
      if (i === 0) {
        for (let h = 0; h < headerLines; h++) {
          const r = await src.next();
          if (!r.done) await write(out, r.value + '\n');
        }
      }
      heads.push(await nextKeyed(src));
    }
    // k-way merge; k is small (input size / runLines), so a linear scan beats a heap's bookkeeping
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (h !== undefined && (best < 0 || h.t < heads[best]!.t)) best = i;
      }
      if (best < 0) break;
      await write(out, heads[best]!.line + '\n');
      heads[best] = await nextKeyed(sources[best]);
    }
    out.end();
    await once(out, 'close');
    return finalTmp;
  }
}

/** The integer before the first comma (the atMs column of a native CSV row). */
export function leadingInt(line: string): number {
  const c = line.indexOf(',');
  return Number(c < 0 ? line : line.slice(0, c));
}

function lineIterator(path: string): AsyncIterator<string> {
  return createInterface({ input: createReadStream(path), crlfDelay: Infinity })[Symbol.asyncIterator]();
}

async function nextKeyed(it: AsyncIterator<string>): Promise<{ t: number; line: string } | undefined> {
  const r = await it.next();
  return r.done ? undefined : { t: leadingInt(r.value), line: r.value };
}

/** Write with backpressure, so memory stays bounded whatever the output size. */
async function write(ws: WriteStream, s: string): Promise<void> {
  if (!ws.write(s)) await once(ws, 'drain');
}
