/**
 * The trace-replay framework's queue of tasks waiting for offers: highest priority first, FIFO
 * within a priority. A full-size trace keeps tens of thousands of tasks queued and looks at up to
 * `maxScan` of them per offer, so (measured on the full Google 2011 shard, docs/workloads.md §8):
 *
 * - taking a task out is O(1): it is marked removed and skipped by later scans; a priority's list
 *   is compacted once most of it is removed (never while it is being scanned);
 * - each task carries a small integer for its shape (interned, reference-counted, so the table
 *   holds only the shapes queued now), so "this shape did not fit this offer" is an array stamp,
 *   not a string set built per offer; `distinctShapes` lets a scan stop once every shape queued is
 *   known not to fit;
 * - entries are kept in runs of same-shape neighbours, so a scan passes over the rest of a run whose
 *   shape did not fit in one step (a job of thousands of identical tasks at the head of the queue).
 */
import type { TaskShape } from './fit.ts';

export interface QueueEntry {
  readonly priority: number;
  readonly shape: TaskShape;
  /** Interned shape (set by the queue). */
  shapeId: number;
  /** Taken out of the queue (launched or cancelled); skipped by scans until compacted away. */
  removed: boolean;
  /** The run of same-shape neighbours it belongs to (set by the queue). */
  run: Run | null;
}

/** Consecutive entries of one list with the same shape: items[start, end), `live` of them queued. */
interface Run {
  readonly shapeId: number;
  readonly start: number;
  end: number;
  live: number;
}

interface PriorityList<T> {
  readonly items: T[];
  readonly runs: Run[];
  live: number;
  /** Being scanned: not compacted until the scan is over. */
  scanning: boolean;
}

export class ReplayQueue<T extends QueueEntry> {
  private readonly lists = new Map<number, PriorityList<T>>();
  /** Priorities with queued tasks, highest first. */
  private priorities: number[] = [];
  private readonly shapes = new Map<string, { id: number; count: number }>();
  private readonly freeShapeIds: number[] = [];
  private nextShapeId = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  /** Shapes of the tasks queued now. */
  get distinctShapes(): number {
    return this.shapes.size;
  }

  add(entry: T, shapeKey: string): void {
    let s = this.shapes.get(shapeKey);
    if (!s) this.shapes.set(shapeKey, (s = { id: this.freeShapeIds.pop() ?? this.nextShapeId++, count: 0 }));
    s.count++;
    entry.shapeId = s.id;
    entry.removed = false;
    let list = this.lists.get(entry.priority);
    if (!list) {
      this.lists.set(entry.priority, (list = { items: [], runs: [], live: 0, scanning: false }));
      this.priorities = [...this.lists.keys()].sort((a, b) => b - a);
    }
    append(list, entry);
    list.live++;
    this.live++;
  }

  remove(entry: T, shapeKey: string): void {
    if (entry.removed) return;
    entry.removed = true;
    this.live--;
    const s = this.shapes.get(shapeKey)!;
    if (--s.count === 0) { this.shapes.delete(shapeKey); this.freeShapeIds.push(s.id); }
    entry.run!.live--;
    const list = this.lists.get(entry.priority)!;
    list.live--;
    if (list.live === 0) {
      this.lists.delete(entry.priority);
      this.priorities = this.priorities.filter((p) => p !== entry.priority);
    } else if (!list.scanning) {
      compactIfSparse(list);
    }
  }

  /**
   * Queued entries in order (highest priority first, FIFO within); stops when `visit` returns false.
   * Where `skip(shapeId)` says so, the rest of a run of same-shape entries is passed over at once
   * and only counted, `passed(n)`, which returns false to stop: a job of thousands of identical
   * tasks that do not fit costs one step, not thousands.
   */
  scan(visit: (entry: T) => boolean, skip: (shapeId: number) => boolean, passed: (n: number) => boolean): void {
    for (const p of this.priorities) {
      const list = this.lists.get(p);
      if (!list) continue; // emptied by an earlier visit of this scan
      list.scanning = true;
      try {
        for (const run of list.runs) {
          let left = run.live; // queued entries of the run not visited yet
          for (let i = run.start; i < run.end && left > 0; i++) {
            if (skip(run.shapeId)) { if (!passed(left)) return; break; }
            const entry = list.items[i];
            if (entry.removed) continue;
            left--;
            if (!visit(entry)) return;
          }
        }
      } finally {
        list.scanning = false;
        compactIfSparse(list);
      }
    }
  }
}

/** Drop removed entries once they outnumber the live ones (amortized O(1) per removal). */
function compactIfSparse<T extends QueueEntry>(list: PriorityList<T>): void {
  const dead = list.items.length - list.live;
  if (dead < 32 || dead < list.live) return;
  const live = list.items.filter((e) => !e.removed);
  list.items.length = 0;
  list.runs.length = 0;
  for (const e of live) append(list, e);
}

function append<T extends QueueEntry>(list: PriorityList<T>, entry: T): void {
  const at = list.items.length;
  list.items.push(entry);
  const last = list.runs[list.runs.length - 1];
  if (last !== undefined && last.shapeId === entry.shapeId && last.end === at) {
    last.end++;
    last.live++;
    entry.run = last;
  } else {
    const run: Run = { shapeId: entry.shapeId, start: at, end: at + 1, live: 1 };
    list.runs.push(run);
    entry.run = run;
  }
}



