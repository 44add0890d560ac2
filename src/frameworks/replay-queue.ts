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
 *   shape did not fit in one step (a job of thousands of identical tasks at the head of the queue);
 * - an entry may stand for `count` identical tasks queued one after another (a trace job of N
 *   instances, docs/workloads.md "Memory"): it is taken one task at a time (`takeOne`) and scanned
 *   exactly as that many single entries would be, so a job of 10,000 queued instances costs one
 *   entry, not 10,000. Sizes (`size`, a run's and a list's `live`) count tasks; compaction counts
 *   task slots as if every task were an entry of its own, so it happens at the same moments and
 *   gives the same runs (and so the same scans) as with single entries.
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
  /** Tasks it stands for that are still queued (1 for a single task); `takeOne` lowers it. */
  count: number;
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
  /** Queued tasks, and task slots of `items` (removed ones included). */
  live: number;
  slots: number;
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
  private liveEntries = 0;
  private changes = 0;

  /** Tasks queued. */
  get size(): number {
    return this.live;
  }

  /** Entries holding them (an entry may stand for many identical tasks of one job). */
  get entries(): number {
    return this.liveEntries;
  }

  /** Changes whenever what a scan would see changes: an entry added or taken, a list compacted. */
  get version(): number {
    return this.changes;
  }

  /** Shapes of the tasks queued now. */
  get distinctShapes(): number {
    return this.shapes.size;
  }

  add(entry: T, shapeKey: string): void {
    this.changes++;
    let s = this.shapes.get(shapeKey);
    if (!s) this.shapes.set(shapeKey, (s = { id: this.freeShapeIds.pop() ?? this.nextShapeId++, count: 0 }));
    s.count++;
    entry.shapeId = s.id;
    entry.removed = false;
    let list = this.lists.get(entry.priority);
    if (!list) {
      this.lists.set(entry.priority, (list = { items: [], runs: [], live: 0, slots: 0, scanning: false }));
      this.priorities = [...this.lists.keys()].sort((a, b) => b - a);
    }
    append(list, entry);
    list.live += entry.count;
    this.live += entry.count;
    this.liveEntries++;
  }

  /** Every task of the entry leaves the queue. */
  remove(entry: T, shapeKey: string): void {
    if (entry.removed) return;
    this.take(entry, shapeKey, entry.count);
  }

  /** One task of the entry leaves the queue (the entry with it, when it was its last). */
  takeOne(entry: T, shapeKey: string): void {
    if (entry.removed) return;
    this.take(entry, shapeKey, 1);
  }

  private take(entry: T, shapeKey: string, n: number): void {
    this.changes++;
    entry.count -= n;
    this.live -= n;
    if (entry.count === 0) {
      entry.removed = true;
      this.liveEntries--;
      const s = this.shapes.get(shapeKey)!;
      if (--s.count === 0) { this.shapes.delete(shapeKey); this.freeShapeIds.push(s.id); }
    }
    entry.run!.live -= n;
    const list = this.lists.get(entry.priority)!;
    list.live -= n;
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
   *
   * An entry of `count` tasks is visited once per task, as `count` single entries would be: after a
   * visit that took one of its tasks (`takeOne`) the next visit is its next task; after one that did
   * not, the entry's next task is visited (the visitor sees the same entry: its tasks are identical,
   * and nothing changed, so each would get the same answer — the caller relies on this).
   */
  scan(visit: (entry: T) => boolean, skip: (shapeId: number) => boolean, passed: (n: number) => boolean): void {
    for (const p of this.priorities) {
      const list = this.lists.get(p);
      if (!list) continue; // emptied by an earlier visit of this scan
      list.scanning = true;
      try {
        for (const run of list.runs) {
          let left = run.live; // queued tasks of the run not visited yet
          entries: for (let i = run.start; i < run.end && left > 0; i++) {
            if (skip(run.shapeId)) { if (!passed(left)) return; break; }
            const entry = list.items[i];
            if (entry.removed) continue;
            // Its tasks in order: `seen` of them visited and still queued.
            for (let seen = 0, first = true; seen < entry.count && left > 0; first = false) {
              // as before each single entry (the entry's first task was checked above)
              if (!first && skip(run.shapeId)) { if (!passed(left)) return; break entries; }
              left--;
              const before = entry.count;
              if (!visit(entry)) return;
              if (entry.count === before) seen++;
            }
          }
        }
      } finally {
        list.scanning = false;
        if (compactIfSparse(list)) this.changes++; // new runs: a scan may take other steps
      }
    }
  }
}

/** Drop removed entries once they outnumber the live ones (amortized O(1) per removal). */
function compactIfSparse<T extends QueueEntry>(list: PriorityList<T>): boolean {
  const dead = list.slots - list.live;
  if (dead < 32 || dead < list.live) return false;
  const live = list.items.filter((e) => !e.removed);
  list.items.length = 0;
  list.runs.length = 0;
  list.slots = 0;
  for (const e of live) append(list, e);
  return true;
}

function append<T extends QueueEntry>(list: PriorityList<T>, entry: T): void {
  const at = list.items.length;
  list.items.push(entry);
  list.slots += entry.count;
  const last = list.runs[list.runs.length - 1];
  if (last !== undefined && last.shapeId === entry.shapeId && last.end === at) {
    last.end++;
    last.live += entry.count;
    entry.run = last;
  } else {
    const run: Run = { shapeId: entry.shapeId, start: at, end: at + 1, live: entry.count };
    list.runs.push(run);
    entry.run = run;
  }
}
