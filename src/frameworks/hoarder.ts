/**
 * A non-cooperative framework (the "weighted fair sharing is not enough" story):
 *
 *   hoard       keeps every offer it gets and launches nothing: the resources are offered to
 *               nobody else until `holdFor` passes (then it declines with `refuseSeconds`) or the
 *               master's offer timeout rescinds them. Without `holdFor` it never lets go.
 *   long-tasks  fills every offer with tasks of `task` shape that run `taskDuration` (very long),
 *               up to `maxTasks`: DRF cannot take back what is already allocated.
 *
 * It never suppresses, so it keeps receiving whatever becomes free.
 *
 * Under a central scheduler (`master.offerModel: monolithic`, src/master/monolithic/) there are no
 * offers, so nothing can be hoarded: resources are only ever given to a placed task.
 *
 *   hoard       hands nothing over (it never launches anything): the resources it would have sat on
 *               go to the other frameworks' queued work. That is the point of the baseline — a
 *               central scheduler is immune to hoarding, at the price of deciding for everyone.
 *   long-tasks  hands its tasks over like everyone else: `maxTasks` of them as one job; without
 *               `maxTasks`, a standing request — a job of one task per host, and another as soon as
 *               all of one were placed — so it takes whatever becomes free, one FIFO turn at a time.
 *               What it holds it keeps (the central scheduler does not preempt either).
 */
import { subtract } from '../cluster/resources.ts';
import { parseResources } from '../cluster/resource-text.ts';
import type { OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch } from '../master/scheduler.ts';
import type { CentralQueue, WorkClient } from '../master/monolithic/pending-work.ts';
import { fit, shapeOf } from './fit.ts';
import { registerFramework, type FrameworkContext } from './registry.ts';
import { Deliberation, type ThinkTime } from './think-time.ts';

export interface HoarderSpec {
  readonly type: 'hoarder';
  readonly mode: 'hoard' | 'long-tasks';
  /** hoard: how long to keep each offer; null = forever. */
  readonly holdForMs: number | null;
  readonly refuseSeconds: number;
  readonly task: string;
  /** long-tasks: run time of each task; null = until killed. */
  readonly taskDurationMs: number | null;
  readonly maxTasks: number | null;
  readonly think: ThinkTime;
}

export class HoarderScheduler implements Scheduler, WorkClient {
  readonly spec: HoarderSpec;
  private readonly ctx: FrameworkContext;
  private readonly think: Deliberation;
  private started = 0;
  /** Offers held right now (hoard mode). */
  hoarded = 0;
  /** Monolithic mode: the central scheduler, and how many handed-over tasks are not placed yet. */
  private central: CentralQueue | null = null;
  private unplaced = 0;

  constructor(spec: HoarderSpec, ctx: FrameworkContext) {
    this.spec = spec;
    this.ctx = ctx;
    this.think = new Deliberation(spec.think);
  }

  useCentralScheduler(central: CentralQueue): void {
    this.central = central;
  }

  start(driver: SchedulerDriver): void {
    if (this.central && this.spec.mode === 'long-tasks') this.handOver(driver);
  }

  /** Monolithic mode (long-tasks): `maxTasks` tasks as one job, or a standing request topped up job by job. */
  private handOver(driver: SchedulerDriver): void {
    const resources = parseResources(this.spec.task);
    if (typeof resources === 'string') throw new Error(`internal: unnormalized resources "${this.spec.task}"`);
    const n = this.spec.maxTasks ?? Math.max(1, this.central!.hosts().length);
    if (n <= 0) return;
    const tasks: TaskLaunch[] = Array.from({ length: n }, () => ({ resources, durationMs: this.spec.taskDurationMs, jobId: `${this.ctx.frameworkId}-hog`, submittedAtMs: driver.now }));
    this.unplaced += n;
    this.central!.submit({
      jobId: `${this.ctx.frameworkId}-hog`, submittedAtMs: driver.now, tasks,
      onLaunched: (_t, _a, d) => {
        this.started++;
        if (--this.unplaced === 0 && this.spec.maxTasks === null) this.handOver(d);
      },
    });
  }

  get tasksStarted(): number {
    return this.started;
  }

  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): OfferReply | void {
    if (this.spec.mode === 'hoard') {
      this.hoarded += offers.length;
      if (this.spec.holdForMs !== null) driver.setTimer(this.spec.holdForMs, { release: offers.map((o) => o.id) });
      return {};
    }
    const text = parseResources(this.spec.task);
    if (typeof text === 'string') throw new Error(`internal: unnormalized resources "${this.spec.task}"`);
    const shape = shapeOf(text);
    const accept: { offerId: string; launch: TaskLaunch[]; refuseSeconds: number }[] = [];
    const decline: { offerId: string; refuseSeconds: number }[] = [];
    for (const offer of offers) {
      let remaining = offer.resources;
      const launch: TaskLaunch[] = [];
      while (this.started < (this.spec.maxTasks ?? Infinity)) {
        const picked = fit(remaining, shape);
        if (!picked) break;
        remaining = subtract(remaining, picked);
        launch.push({ resources: picked, durationMs: this.spec.taskDurationMs, jobId: `${this.ctx.frameworkId}-hog`, submittedAtMs: driver.now });
        this.started++;
      }
      if (launch.length > 0) accept.push({ offerId: offer.id, launch, refuseSeconds: this.spec.refuseSeconds });
      else decline.push({ offerId: offer.id, refuseSeconds: this.spec.refuseSeconds });
    }
    return this.think.submit(driver, { accept, decline }, (lost) => { this.started -= lost.length; });
  }

  onRescind(): void {
    if (this.hoarded > 0) this.hoarded--;
  }

  onTimer(token: unknown, driver: SchedulerDriver): void {
    if (this.think.handles(token)) { this.think.fire(token, driver); return; }
    const ids = new Set((token as { release: string[] }).release);
    for (const o of driver.heldOffers()) {
      if (!ids.has(o.id)) continue;
      this.hoarded--;
      driver.decline(o.id, this.spec.refuseSeconds);
    }
  }
}

registerFramework('hoarder', (spec, ctx) => new HoarderScheduler(spec as HoarderSpec, ctx));
