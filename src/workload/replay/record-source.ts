/**
 * Pull-based, synchronous record streams for the replay feed: one per trace file or generator,
 * merged in time order. Only the head record of each source is held (plus the reader's current
 * chunk), so memory does not grow with the trace.
 */
import type { WorkloadRecord } from '../records.ts';
import type { SyncTraceReader } from '../traces/open-sync.ts';

export interface RecordSource {
  /** The next record without consuming it, or undefined at the end. */
  peek(): WorkloadRecord | undefined;
  /** Consume and return the next record. */
  take(): WorkloadRecord | undefined;
  close(): void;
}

export function traceSource(reader: SyncTraceReader): RecordSource {
  let batch: WorkloadRecord[] | null = [];
  let i = 0;
  const fill = () => {
    while (batch !== null && i >= batch.length) {
      batch = reader.nextBatch();
      i = 0;
    }
  };
  return {
    peek() { fill(); return batch === null ? undefined : batch[i]; },
    take() { fill(); return batch === null ? undefined : batch[i++]; },
    close() { reader.close(); batch = null; },
  };
}

/** A source over a generator function (synthetic workloads). */
export function iteratorSource(it: Iterator<WorkloadRecord>): RecordSource {
  let head: WorkloadRecord | undefined;
  let done = false;
  const fill = () => {
    if (head === undefined && !done) {
      const r = it.next();
      if (r.done) done = true; else head = r.value;
    }
  };
  return {
    peek() { fill(); return head; },
    take() { fill(); const r = head; head = undefined; return r; },
    close() { done = true; head = undefined; it.return?.(); },
  };
}

/** k-way merge by atMs; equal times keep source order (machines listed first are applied first). */
export function mergeSources(sources: readonly RecordSource[]): RecordSource {
  if (sources.length === 1) return sources[0];
  const pick = (): RecordSource | undefined => {
    let best: RecordSource | undefined;
    let bestAt = Infinity;
    for (const s of sources) {
      const r = s.peek();
      if (r !== undefined && r.atMs < bestAt) { best = s; bestAt = r.atMs; }
    }
    return best;
  };
  return {
    peek() { return pick()?.peek(); },
    take() { return pick()?.take(); },
    close() { for (const s of sources) s.close(); },
  };
}
