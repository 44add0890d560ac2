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
 */
import { subtract } from '../cluster/resources.ts';
import { parseResources } from '../cluster/resource-text.ts';
import type { OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch } from '../master/scheduler.ts';
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

export class HoarderScheduler implements Scheduler {
  readonly spec: HoarderSpec;
  private readonly ctx: FrameworkContext;
  private readonly think: Deliberation;
  private started = 0;
  /** Offers held right now (hoard mode). */
  hoarded = 0;

  constructor(spec: HoarderSpec, ctx: FrameworkContext) {
    this.spec = spec;
    this.ctx = ctx;
    this.think = new Deliberation(spec.think);
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
