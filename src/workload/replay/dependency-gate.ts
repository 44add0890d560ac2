/**
 * Dependencies between replayed jobs and stages (`workload.dependencies`, default on): a
 * `job.submitted` record that names what must finish first — stages of its own job (`dependsOn`,
 * Alibaba 2018's DAG `M5_3_4`) or other jobs (`afterJobs` + `thinkTimeMs`, SWF's preceding job and
 * think time) — is held until those have finished *in the simulation*, and then the think time.
 * It is released at the later of its own trace time and that moment.
 *
 * In the trace a stage starts after its parents ended there; replayed, its parents may run later
 * (they queued), and without this gate the stage would run beside them. Only dependencies still
 * running are waited for: one that was never submitted (sampled out, before the window, outside the
 * trace) or that already finished holds nothing. So the state kept is per open stage and job, and
 * per held record; finished ones are forgotten.
 */
import type { JobSubmittedRecord } from '../records.ts';

interface Held {
  readonly record: JobSubmittedRecord;
  /** Dependencies (stage or job keys) still running. */
  readonly waiting: Set<string>;
  /** Not before: the end of a preceding job (`afterJobs`) + the think time. */
  notBeforeMs: number;
}

export interface DependencyGateHost {
  readonly now: () => number;
  /** Submit the record's tasks now, or after `ms` of simulated time. */
  readonly release: (record: JobSubmittedRecord) => void;
  readonly releaseAfter: (ms: number, record: JobSubmittedRecord) => void;
}

export class DependencyGate {
  /** Open (submitted, not finished) tasks per stage key (`job/stage`) and per job key. */
  private readonly open = new Map<string, number>();
  /** Task key → its stage and job keys, while the task is open. */
  private readonly ofTask = new Map<string, { stage: string | null; job: string }>();
  private readonly waiters = new Map<string, Held[]>();
  private readonly host: DependencyGateHost;
  /** Records held now, and the most held at once. */
  held = 0;
  peakHeld = 0;
  /** Records that had to wait. */
  delayed = 0;

  constructor(host: DependencyGateHost) {
    this.host = host;
  }

  /** Submit now (true), or hold until the record's running dependencies have finished (false). */
  admit(r: JobSubmittedRecord): boolean {
    const waiting = new Set<string>();
    for (const s of r.dependsOn ?? []) if (this.open.has(stageKey(r.jobId, s))) waiting.add(stageKey(r.jobId, s));
    for (const j of r.afterJobs ?? []) if (this.open.has(j)) waiting.add(j);
    if (waiting.size === 0) return true;
    const h: Held = { record: r, waiting, notBeforeMs: 0 };
    for (const k of waiting) {
      const list = this.waiters.get(k);
      if (list) list.push(h); else this.waiters.set(k, [h]);
    }
    this.delayed++;
    this.held++;
    if (this.held > this.peakHeld) this.peakHeld = this.held;
    return false;
  }

  /** A task of the record was submitted under `taskKey`. */
  taskSubmitted(r: JobSubmittedRecord, taskKey: string): void {
    const stage = r.group === undefined ? null : stageKey(r.jobId, r.group);
    this.ofTask.set(taskKey, { stage, job: r.jobId });
    if (stage !== null) this.open.set(stage, (this.open.get(stage) ?? 0) + 1);
    this.open.set(r.jobId, (this.open.get(r.jobId) ?? 0) + 1);
  }

  /** A task finished for good (ended by the trace, or never ran); unknown keys are ignored. */
  taskDone(taskKey: string): void {
    const t = this.ofTask.get(taskKey);
    if (!t) return;
    this.ofTask.delete(taskKey);
    if (t.stage !== null) this.close(t.stage);
    this.close(t.job);
  }

  private close(key: string): void {
    const n = (this.open.get(key) ?? 1) - 1;
    if (n > 0) { this.open.set(key, n); return; }
    this.open.delete(key);
    const list = this.waiters.get(key);
    if (!list) return;
    this.waiters.delete(key);
    const now = this.host.now();
    for (const h of list) {
      h.waiting.delete(key);
      // SWF's think time runs from the end of the preceding job; a stage starts as its parents end.
      if (h.record.afterJobs?.includes(key)) h.notBeforeMs = Math.max(h.notBeforeMs, now + (h.record.thinkTimeMs ?? 0));
      if (h.waiting.size > 0) continue;
      this.held--;
      if (h.notBeforeMs > now) this.host.releaseAfter(h.notBeforeMs - now, h.record);
      else this.host.release(h.record);
    }
  }
}

function stageKey(jobId: string, group: string): string {
  return `${jobId}/${group}`;
}
