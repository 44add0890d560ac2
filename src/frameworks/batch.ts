/**
 * A simple batch scheduler: jobs (groups of tasks with a shape and a run time) arrive over time
 * from a seeded generator; queued tasks are placed first-come first-served into offers.
 *
 * - On offers: fill each offer with queued tasks in arrival order while they fit; give the rest
 *   back with `refuseSeconds`.
 * - With an empty queue it suppresses its roles; a new arrival revives them (the polite
 *   behaviour Mesos expects of frameworks that have nothing to run).
 */
import { subtract, type Resources } from '../cluster/resources.ts';
import type { OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch } from '../master/scheduler.ts';
import { fit, shapeOf, type TaskShape } from './fit.ts';

export interface BatchJob {
  readonly id: string;
  readonly submitMs: number;
  readonly tasks: number;
  readonly resources: Resources;
  readonly durationMs: number;
}

interface QueuedTask {
  readonly jobId: string;
  readonly index: number;
  readonly submittedAtMs: number;
  readonly resources: Resources;
  readonly shape: TaskShape;
  readonly durationMs: number;
}

export interface BatchSpec {
  readonly jobs: readonly BatchJob[];
  readonly refuseSeconds: number;
  readonly suppressWhenIdle: boolean;
}

export class BatchScheduler implements Scheduler {
  private readonly spec: BatchSpec;
  private readonly queue: QueuedTask[] = [];
  private nextJob = 0;
  private suppressed = false;

  constructor(spec: BatchSpec) {
    this.spec = spec;
  }

  start(driver: SchedulerDriver): void {
    this.armNextArrival(driver);
    if (this.queue.length === 0 && this.spec.suppressWhenIdle) this.setSuppressed(driver, true);
  }

  onTimer(_token: unknown, driver: SchedulerDriver): void {
    // Every job due now joins the queue, in generation order.
    while (this.nextJob < this.spec.jobs.length && this.spec.jobs[this.nextJob].submitMs <= driver.now) {
      const job = this.spec.jobs[this.nextJob++];
      const shape = shapeOf(job.resources);
      for (let i = 0; i < job.tasks; i++) {
        this.queue.push({ jobId: job.id, index: i, submittedAtMs: job.submitMs, resources: job.resources, shape, durationMs: job.durationMs });
      }
    }
    if (this.queue.length > 0 && this.suppressed) this.setSuppressed(driver, false);
    this.armNextArrival(driver);
  }

  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): OfferReply {
    const accept: { offerId: string; launch: TaskLaunch[]; refuseSeconds: number }[] = [];
    const decline: { offerId: string; refuseSeconds: number }[] = [];
    for (const offer of offers) {
      let remaining = offer.resources;
      const launch: TaskLaunch[] = [];
      for (let i = 0; i < this.queue.length; ) {
        const t = this.queue[i];
        const picked = fit(remaining, t.shape);
        if (!picked) { i++; continue; }
        remaining = subtract(remaining, picked);
        launch.push({ resources: picked, durationMs: t.durationMs, jobId: t.jobId, submittedAtMs: t.submittedAtMs });
        this.queue.splice(i, 1);
      }
      if (launch.length > 0) accept.push({ offerId: offer.id, launch, refuseSeconds: this.spec.refuseSeconds });
      else decline.push({ offerId: offer.id, refuseSeconds: this.spec.refuseSeconds });
    }
    // Nothing queued: stop receiving offers until the next arrival revives us.
    if (this.queue.length === 0 && this.spec.suppressWhenIdle) this.setSuppressed(driver, true);
    return { accept, decline };
  }

  pendingWork(): number {
    return this.queue.length + this.spec.jobs.slice(this.nextJob).reduce((n, j) => n + j.tasks, 0);
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
