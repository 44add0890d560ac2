/**
 * Work the trace dates before the window (`window.before: include`, docs/workloads.md §9) is the
 * state of the cell at the window start: only what was still running (or still queued) then. A
 * `job.submitted` record with a known run time that *ended* at or before the window start is not
 * replayed at all; one that was running across the window start starts at time 0 with only its
 * remaining run time (end − window start); one that had not started yet keeps its whole run time.
 * A record without a known run time (`durationMs` undefined: runs until killed) is left as it is.
 *
 * The trace's end is `endMs` when recorded, else start + run time, with start = `startMs` (SWF:
 * submit + wait) or, when the trace does not record a start, the submission itself.
 *
 * Google task events (SUBMIT/SCHEDULE/FINISH) get the same rule in the feed: an incarnation that
 * ended at or before the window start is submitted and called off at time 0 before it can start
 * (without this its known run time made it run in full); one scheduled before the window runs for
 * end − max(schedule, window start) (`runFromWindow`).
 */
import type { JobSubmittedRecord } from '../records.ts';

export type WindowClip =
  | { readonly kind: 'keep' }
  | { readonly kind: 'ended' }
  | { readonly kind: 'shortened'; readonly record: JobSubmittedRecord };

const KEEP: WindowClip = { kind: 'keep' };
const ENDED: WindowClip = { kind: 'ended' };

/** What `include` replays of a `job.submitted` record dated before `windowStartMs`. */
export function clipToWindow(r: JobSubmittedRecord, windowStartMs: number): WindowClip {
  if (r.atMs >= windowStartMs || r.durationMs === undefined) return KEEP;
  const end = r.endMs ?? (r.startMs ?? r.atMs) + r.durationMs;
  if (end <= windowStartMs) return ENDED;
  const remaining = end - windowStartMs;
  if (remaining >= r.durationMs) return KEEP; // had not started by the window start
  return { kind: 'shortened', record: { ...r, durationMs: remaining } };
}

/**
 * The run time replayed for a task incarnation the trace started at `startMs` (Google `schedule`,
 * null: never started) and ended at `endMs`: counted from the window start at the earliest; null
 * (nothing to run: the framework drops it if still queued) when it never started or ended by the
 * window start.
 */
export function runFromWindow(startMs: number | null, endMs: number, windowStartMs: number): number | null {
  if (startMs === null || endMs <= windowStartMs) return null;
  return endMs - Math.max(startMs, windowStartMs);
}
