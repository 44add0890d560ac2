/**
 * A scheduler whose reaction to offers is declared in the scenario — the imperative style of
 * Mesos' own allocator tests, where the test decides what each framework does with an offer.
 *
 *   hold     keep every offer (timeline actions may act on them later)
 *   decline  decline every offer with `refuseSeconds`
 *   launch   start up to `tasksPerOffer` tasks of `task` shape while they fit (and while fewer
 *            than `maxTasks` have been started), then give the rest back with `refuseSeconds`
 */
import { subtract, type Resources } from '../cluster/resources.ts';
import type { OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch } from '../master/scheduler.ts';
import { fit, shapeOf } from './fit.ts';

export interface ScriptedSpec {
  readonly mode: 'hold' | 'decline' | 'launch';
  readonly refuseSeconds?: number;
  readonly task?: { readonly resources: Resources; readonly durationMs: number | null };
  readonly tasksPerOffer?: number;
  readonly maxTasks?: number;
}

export class ScriptedScheduler implements Scheduler {
  private readonly spec: ScriptedSpec;
  private started = 0;

  constructor(spec: ScriptedSpec) {
    this.spec = spec;
  }

  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): OfferReply {
    const { mode, refuseSeconds } = this.spec;
    if (mode === 'hold') return {};
    if (mode === 'decline' || !this.spec.task) return { decline: offers.map((o) => ({ offerId: o.id, refuseSeconds })) };
    const shape = shapeOf(this.spec.task.resources);
    const accept: { offerId: string; launch: TaskLaunch[]; refuseSeconds?: number }[] = [];
    const decline: { offerId: string; refuseSeconds?: number }[] = [];
    for (const offer of offers) {
      let remaining = offer.resources;
      const launch: TaskLaunch[] = [];
      const perOffer = this.spec.tasksPerOffer ?? Infinity;
      while (launch.length < perOffer && this.started < (this.spec.maxTasks ?? Infinity)) {
        const picked = fit(remaining, shape);
        if (!picked) break;
        launch.push({ resources: picked, durationMs: this.spec.task.durationMs, submittedAtMs: driver.now });
        remaining = subtract(remaining, picked);
        this.started++;
      }
      if (launch.length > 0) accept.push({ offerId: offer.id, launch, refuseSeconds });
      else decline.push({ offerId: offer.id, refuseSeconds });
    }
    return { accept, decline };
  }
}
