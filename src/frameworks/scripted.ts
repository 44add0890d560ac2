/**
 * A scheduler whose reaction to offers is declared in the scenario — the imperative style of
 * Mesos' own allocator tests, where the test decides what each framework does with an offer.
 *
 *   hold     keep every offer (timeline actions may act on them later)
 *   decline  decline every offer with `refuseSeconds`
 *   launch   start up to `tasksPerOffer` tasks of `task` shape while they fit (and while fewer
 *            than `maxTasks` have been started), then give the rest back with `refuseSeconds`
 *
 * Under a central scheduler (`master.offerModel: monolithic`) a `launch` framework hands its
 * `maxTasks` tasks over as one job when it starts; `hold` and `decline` have no work to hand over.
 */
import { subtract, type Resources } from '../cluster/resources.ts';
import type { OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch } from '../master/scheduler.ts';
import type { CentralQueue, WorkClient } from '../master/monolithic/pending-work.ts';
import { fit, shapeOf } from './fit.ts';

export interface ScriptedSpec {
  readonly mode: 'hold' | 'decline' | 'launch';
  readonly refuseSeconds?: number;
  readonly task?: { readonly resources: Resources; readonly durationMs: number | null };
  readonly tasksPerOffer?: number;
  readonly maxTasks?: number;
}

export class ScriptedScheduler implements Scheduler, WorkClient {
  private readonly spec: ScriptedSpec;
  private started = 0;
  private central: CentralQueue | null = null;

  constructor(spec: ScriptedSpec) {
    this.spec = spec;
  }

  useCentralScheduler(central: CentralQueue): void {
    this.central = central;
  }

  start(driver: SchedulerDriver): void {
    const task = this.spec.task;
    if (!this.central || this.spec.mode !== 'launch' || !task) return;
    const n = this.spec.maxTasks ?? 0;
    const tasks: TaskLaunch[] = Array.from({ length: n }, () => ({ resources: task.resources, durationMs: task.durationMs, submittedAtMs: driver.now }));
    this.started = n;
    this.central.submit({ jobId: `${driver.frameworkId}-job`, submittedAtMs: driver.now, tasks });
  }

  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): OfferReply {
    const { mode, refuseSeconds } = this.spec;
    if (mode === 'hold') return {};
    if (mode === 'decline' || !this.spec.task) return { decline: offers.map((o) => ({ offerId: o.id, refuseSeconds })) };
    // A task written with revocable resources (`cpus{revocable}:1`) takes the offer's revocable part first.
    const shape = shapeOf(this.spec.task.resources, this.spec.task.resources.some((r) => r.revocable));
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
