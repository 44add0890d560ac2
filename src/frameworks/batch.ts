/**
 * A simple batch scheduler: jobs (groups of tasks with a shape and a run time) arrive over time
 * from a seeded generator; queued tasks are placed first-come first-served into offers.
 *
 * - On offers: fill each offer with queued tasks in arrival order while they fit; give the rest
 *   back with `refuseSeconds`.
 * - With an empty queue it suppresses its roles; a new arrival revives them (the polite
 *   behaviour Mesos expects of frameworks that have nothing to run).
 * - Under a central scheduler (`master.offerModel: monolithic`, src/master/monolithic/) each job is
 *   handed over whole when it arrives, and the central scheduler places its tasks; a re-run is
 *   handed over as a one-task job (taken back if the lost task comes back before it launched).
 */
import { filter, isRevocable, subtract, type Resources } from '../cluster/resources.ts';
import type { OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch, TaskState, TaskUpdate } from '../master/scheduler.ts';
import type { CentralQueue, WorkClient } from '../master/monolithic/pending-work.ts';
import { AGENT_GONE_REASON } from '../master/failover/agent-gone.ts';
import { fit, shapeOf, type TaskShape } from './fit.ts';

function decrement(counts: Map<string, number>, key: string): void {
  const n = counts.get(key);
  if (n === undefined) return;
  if (n > 1) counts.set(key, n - 1); else counts.delete(key);
}

/** Every terminal state but TASK_FINISHED (the scheduler's own kills are told apart, killedHere). */
const RETRIED: ReadonlySet<TaskState> = new Set<TaskState>([
  'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR', 'TASK_DROPPED',
]);

export interface BatchJob {
  readonly id: string;
  readonly submitMs: number;
  readonly tasks: number;
  readonly resources: Resources;
  readonly durationMs: number;
}

/** A job in the queue with the number of its tasks still waiting (all tasks share one shape). */
interface QueuedJob {
  readonly jobId: string;
  readonly submittedAtMs: number;
  readonly shapeKey: string;
  readonly shape: TaskShape;
  readonly durationMs: number;
  waiting: number;
}

export interface BatchSpec {
  readonly jobs: readonly BatchJob[];
  readonly refuseSeconds: number;
  readonly suppressWhenIdle: boolean;
  /** Best-effort work: run only on revocable resources (needs REVOCABLE_RESOURCES; issue 4). */
  readonly revocable?: boolean;
  /** How long a task that ran and was lost waits before it is queued again (default 1 s). */
  readonly retryDelayMs?: number;
}

/**
 * Our default, not Mesos': without one, a task revoked for contention would be relaunched into the
 * same revocable slot and revoked again within the same simulated instant, forever.
 */
export const DEFAULT_RETRY_DELAY_MS = 1000;

export class BatchScheduler implements Scheduler, WorkClient {
  private readonly spec: BatchSpec;
  private queue: QueuedJob[] = [];
  /** Distinct task shapes of the queued jobs (to stop scanning an offer once none of them fits). */
  private queuedShapes = 0;
  private nextJob = 0;
  private suppressed = false;
  /** Monolithic mode: the central scheduler, and each handed-over job's tasks not launched yet. */
  private central: CentralQueue | null = null;
  private readonly handed = new Map<string, number>();
  /** Monolithic mode: re-runs handed over and not launched yet, by job (task ids, to take one back). */
  private readonly rerunsHanded = new Map<string, string[]>();
  private reruns = 0;
  /** Tasks per job waiting out the retry delay before they are queued again. */
  private readonly retrying = new Map<string, number>();
  /** Retries per job called off before their delay ran out (a lost task came back first). */
  private readonly calledOff = new Map<string, number>();
  /** Tasks reported TASK_LOST (they come back if their agent reregisters, §6.2) → their job. */
  private readonly givenUp = new Map<string, string>();
  /**
   * Tasks this scheduler killed on purpose (a lost task back after its re-run started): none of
   * their later updates is a failure to re-run. Kept for the run, not until the first terminal
   * update: the kill's TASK_KILLED, or the master's reconciliation answer when it no longer has the
   * task (src/master/kill-reconciliation.ts), and an older update still on its way may all arrive,
   * in either order — a scheduler replaying its queued updates on reconnection gets the answer at
   * once, before the rest of the queue (a TASK_LOST of the task lost again); a throttled kill is
   * answered after the task's own update. One that shows up running again (its agent reregistered
   * after the kill was answered) is killed again. Bounded by the tasks lost.
   */
  private readonly killedHere = new Set<string>();

  constructor(spec: BatchSpec) {
    this.spec = spec;
  }

  useCentralScheduler(central: CentralQueue): void {
    this.central = central;
  }

  start(driver: SchedulerDriver): void {
    this.armNextArrival(driver);
    if (this.queue.length === 0 && this.spec.suppressWhenIdle) this.setSuppressed(driver, true);
  }

  onTimer(token: unknown, driver: SchedulerDriver): void {
    if (typeof token === 'object' && token !== null && 'retry' in token) { this.requeue(String(token.retry), driver); return; }
    // Every job due now joins the queue, in generation order.
    while (this.nextJob < this.spec.jobs.length && this.spec.jobs[this.nextJob].submitMs <= driver.now) {
      const job = this.spec.jobs[this.nextJob++];
      if (this.central) { this.handOver(job); continue; }
      this.queue.push(this.queued(job, job.tasks));
    }
    this.countShapes();
    if (this.queue.length > 0 && this.suppressed) this.setSuppressed(driver, false);
    this.armNextArrival(driver);
  }

  /**
   * A task that ended without finishing goes back to the front of its job's queue entry, to be
   * placed again on the next offers, as Spark or Hadoop re-run a failed task: at once when it never
   * started (TASK_DROPPED: an optimistic-mode conflict), otherwise after the retry delay (a task
   * lost with its agent, revoked by QoS, killed by maintenance, or a launch the master never ran).
   */
  onTaskUpdate(update: TaskUpdate, driver: SchedulerDriver): void {
    if (this.killedHere.has(update.taskId)) {
      if (update.state === 'TASK_RUNNING') driver.killTask(update.taskId);
      return;
    }
    if (update.jobId === undefined) return;
    if (update.state === 'TASK_RUNNING') { this.cameBack(update.taskId, driver, false); return; }
    // A task given up as lost that finished on its cut-off agent: the master learns it when the agent
    // reregisters (§6.1, §6.2), and its re-run, if still waiting, is no longer needed.
    if (update.state === 'TASK_FINISHED' && this.givenUp.has(update.taskId)) { this.cameBack(update.taskId, driver, true); return; }
    // Another end of a task given up as lost: its re-run is under way already. Its agent marked gone
    // sends a second TASK_LOST (master failover/agent-gone.ts); gone is final, so it is forgotten.
    if (this.givenUp.has(update.taskId)) { if (update.reason === AGENT_GONE_REASON) this.givenUp.delete(update.taskId); return; }
    if (!RETRIED.has(update.state)) return;
    if (update.state === 'TASK_LOST') this.givenUp.set(update.taskId, update.jobId);
    const delayMs = update.state === 'TASK_DROPPED' ? 0 : this.spec.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    if (delayMs === 0) { this.requeue(update.jobId, driver); return; }
    this.retrying.set(update.jobId, (this.retrying.get(update.jobId) ?? 0) + 1);
    driver.setTimer(delayMs, { retry: update.jobId });
  }

  /**
   * A task given up as lost runs after all, or finished meanwhile (its agent reregistered; since
   * Mesos 1.5 its tasks are not killed, §6.2). Its re-run is called off if it has not started yet;
   * otherwise a task that came back running is killed, so the work runs once (one that finished is
   * done: the re-run that already started runs too).
   */
  private cameBack(taskId: string, driver: SchedulerDriver, finished: boolean): void {
    const jobId = this.givenUp.get(taskId);
    if (jobId === undefined) return;
    this.givenUp.delete(taskId);
    if (this.central && this.withdrawRerun(jobId)) return;
    const queued = this.queue.find((j) => j.jobId === jobId);
    if (queued && queued.waiting > 0) {
      queued.waiting--;
      if (queued.waiting === 0) { this.queue = this.queue.filter((j) => j !== queued); this.countShapes(); }
    } else if ((this.retrying.get(jobId) ?? 0) > 0) {
      decrement(this.retrying, jobId);
      this.calledOff.set(jobId, (this.calledOff.get(jobId) ?? 0) + 1);
    } else if (!finished) {
      this.killedHere.add(taskId);
      driver.killTask(taskId);
    }
  }

  private requeue(jobId: string, driver: SchedulerDriver): void {
    if (this.calledOff.has(jobId)) { decrement(this.calledOff, jobId); return; }
    decrement(this.retrying, jobId);
    if (this.central) { this.handOverRerun(jobId); return; }
    const queued = this.queue.find((j) => j.jobId === jobId);
    if (queued) queued.waiting++;
    else {
      const job = this.spec.jobs.find((j) => j.id === jobId);
      if (!job) return;
      this.queue.unshift(this.queued(job, 1));
      this.countShapes();
    }
    if (this.suppressed) this.setSuppressed(driver, false);
  }

  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): OfferReply {
    const accept: { offerId: string; launch: TaskLaunch[]; refuseSeconds: number }[] = [];
    const decline: { offerId: string; refuseSeconds: number }[] = [];
    for (const offer of offers) {
      let remaining = this.spec.revocable ? filter(offer.resources, isRevocable) : offer.resources;
      const launch: TaskLaunch[] = [];
      // First come, first served; once a shape does not fit, later jobs of that shape are skipped,
      // and once no queued shape fits, the rest of the queue is (a long queue is scanned per offer).
      const tooBig = new Set<string>();
      let emptied = false;
      for (const job of this.queue) {
        if (tooBig.size === this.queuedShapes) break;
        if (tooBig.has(job.shapeKey)) continue;
        while (job.waiting > 0) {
          const picked = fit(remaining, job.shape);
          if (!picked) { tooBig.add(job.shapeKey); break; }
          remaining = subtract(remaining, picked);
          launch.push({ resources: picked, durationMs: job.durationMs, jobId: job.jobId, submittedAtMs: job.submittedAtMs });
          job.waiting--;
        }
        if (job.waiting === 0) emptied = true;
        if (remaining.length === 0) break;
      }
      if (emptied) {
        this.queue = this.queue.filter((j) => j.waiting > 0);
        this.countShapes();
      }
      if (launch.length > 0) accept.push({ offerId: offer.id, launch, refuseSeconds: this.spec.refuseSeconds });
      else decline.push({ offerId: offer.id, refuseSeconds: this.spec.refuseSeconds });
    }
    // Nothing queued: stop receiving offers until the next arrival revives us.
    if (this.queue.length === 0 && this.spec.suppressWhenIdle) this.setSuppressed(driver, true);
    return { accept, decline };
  }

  private handOver(job: BatchJob): void {
    const tasks: TaskLaunch[] = Array.from({ length: job.tasks }, () => ({ resources: job.resources, durationMs: job.durationMs, jobId: job.id, submittedAtMs: job.submitMs }));
    this.handed.set(job.id, job.tasks);
    this.central!.submit({
      jobId: job.id, submittedAtMs: job.submitMs, tasks,
      onLaunched: () => decrement(this.handed, job.id),
    });
  }

  /** A task to run again goes to the central scheduler as a job of its own. */
  private handOverRerun(jobId: string): void {
    const job = this.spec.jobs.find((j) => j.id === jobId);
    if (!job) return;
    const taskId = `${job.id}-rerun-${++this.reruns}`;
    this.handed.set(job.id, (this.handed.get(job.id) ?? 0) + 1);
    const ids = this.rerunsHanded.get(job.id);
    if (ids) ids.push(taskId); else this.rerunsHanded.set(job.id, [taskId]);
    this.central!.submit({
      jobId: job.id, submittedAtMs: job.submitMs,
      tasks: [{ taskId, resources: job.resources, durationMs: job.durationMs, jobId: job.id, submittedAtMs: job.submitMs }],
      onLaunched: () => { decrement(this.handed, job.id); this.forgetRerun(job.id, taskId); },
    });
  }

  /** Take back one re-run of the job still with the central scheduler; false if there is none. */
  private withdrawRerun(jobId: string): boolean {
    const ids = this.rerunsHanded.get(jobId);
    const taskId = ids?.[ids.length - 1];
    if (taskId === undefined || this.central!.withdraw([taskId]) === 0) return false;
    decrement(this.handed, jobId);
    this.forgetRerun(jobId, taskId);
    return true;
  }

  private forgetRerun(jobId: string, taskId: string): void {
    const ids = this.rerunsHanded.get(jobId);
    if (!ids) return;
    const rest = ids.filter((id) => id !== taskId);
    if (rest.length > 0) this.rerunsHanded.set(jobId, rest); else this.rerunsHanded.delete(jobId);
  }

  /** Tasks of a job not launched yet (for job completion metrics, src/metrics/scheduler-metrics.ts). */
  queuedTasksOf(jobId: string): number {
    const handed = this.handed.get(jobId);
    if (handed !== undefined) return handed;
    const retrying = this.retrying.get(jobId) ?? 0;
    const queued = this.queue.find((j) => j.jobId === jobId);
    if (queued || retrying > 0) return (queued?.waiting ?? 0) + retrying;
    for (let i = this.nextJob; i < this.spec.jobs.length; i++) if (this.spec.jobs[i].id === jobId) return this.spec.jobs[i].tasks;
    return 0;
  }

  /**
   * Tasks submitted and not launched: queued, handed over, or waiting out a retry delay. Jobs whose
   * arrival time has not come are not work yet (they were counted, so a run cut short "waited" for
   * jobs it never saw: summary.json tasks.waitingAtEnd is work submitted within the run).
   */
  pendingWork(): number {
    let outside = 0;
    for (const n of this.handed.values()) outside += n;
    for (const n of this.retrying.values()) outside += n;
    return outside + this.queue.reduce((n, j) => n + j.waiting, 0);
  }

  private countShapes(): void {
    this.queuedShapes = new Set(this.queue.map((j) => j.shapeKey)).size;
  }

  private queued(job: BatchJob, waiting: number): QueuedJob {
    return {
      jobId: job.id, submittedAtMs: job.submitMs, shapeKey: job.resources.map((r) => `${r.key}:${r.amount}`).join(';'),
      shape: shapeOf(job.resources, this.spec.revocable ?? false), durationMs: job.durationMs, waiting,
    };
  }

  private armNextArrival(driver: SchedulerDriver): void {
    if (this.nextJob < this.spec.jobs.length) {
      driver.setTimer(Math.max(0, this.spec.jobs[this.nextJob].submitMs - driver.now), 'arrival');
    }
  }

  private setSuppressed(driver: SchedulerDriver, on: boolean): void {
    if (this.suppressed === on) return;
    this.suppressed = on;
    if (on) driver.suppress(); else driver.revive();
  }
}
