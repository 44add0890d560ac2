/**
 * A long-running service scheduler in the style of Marathon.
 *
 * - **Apps** run `instances` copies of a task (until killed). The wanted count may follow a
 *   diurnal curve (autoscaling, re-evaluated every `step`), which is how web tiers' daily load
 *   is modelled.
 * - **Restart on failure with backoff**: a failed or lost task is replaced after the app's launch
 *   delay, which starts at `backoff` and is multiplied by `backoffFactor` on every further
 *   failure up to `maxLaunchDelay` (Marathon's `backoffSeconds` 1 s, `backoffFactor` 1.15,
 *   `maxLaunchDelaySeconds` 3600 s). The delay resets once a task has run for `resetAfter`.
 *   Crashes can be injected with a seeded time-to-failure distribution per task.
 * - **Rolling upgrade** (`upgrades`): a new version replaces the old under Marathon's upgrade
 *   strategy: at least `minimumHealthCapacity` × instances stay healthy and at most
 *   (1 + `maximumOverCapacity`) × instances run. A new task is healthy `readyAfter` after launch.
 * - **Placement constraints** UNIQUE / CLUSTER / GROUP_BY / MAX_PER / LIKE / UNLIKE on hostname
 *   or any agent attribute (rack, zone, switch, pdu, ...), see placement.ts.
 * - Offers nobody needs are declined with `refuseSeconds`; with nothing to launch the framework
 *   suppresses and revives when it needs offers again (mesos-semantics.md §2.2).
 * - Under a central scheduler (`master.offerModel: monolithic`, src/master/monolithic/) the launches
 *   an app needs are handed over as one job (the app's constraints go with it and are checked per
 *   agent by the central scheduler); a task counts as running once the central scheduler launched it.
 */
import { subtract, type Resources } from '../cluster/resources.ts';
import { parseResources } from '../cluster/resource-text.ts';
import type { OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch, TaskUpdate } from '../master/scheduler.ts';
import type { AgentView, CentralQueue, WorkClient } from '../master/monolithic/pending-work.ts';
import { drawInt, type Dist } from './distributions.ts';
import { diurnalValue, type Diurnal } from './diurnal.ts';
import { fit, shapeOf, type TaskShape } from './fit.ts';
import { PlacementGroup, type PlacementConstraint } from './placement.ts';
import { registerFramework, type FrameworkContext } from './registry.ts';
import { endOwnTask } from './task-end.ts';
import { Deliberation, type ThinkTime } from './think-time.ts';

export interface ServiceUpgradeSpec {
  readonly atMs: number;
  readonly resources: string | null;
  readonly minimumHealthCapacity: number;
  readonly maximumOverCapacity: number;
}

export interface ServiceAppSpec {
  readonly id: string;
  readonly instances: number;
  readonly resources: string;
  readonly constraints: readonly PlacementConstraint[];
  readonly backoffMs: number;
  readonly backoffFactor: number;
  readonly maxLaunchDelayMs: number;
  readonly resetAfterMs: number;
  readonly readyAfterMs: number;
  /** Time to failure of each task (ms), or null = tasks never crash by themselves. */
  readonly failure: Dist | null;
  /** Wanted instances over time; null = `instances` always. */
  readonly diurnal: (Diurnal & { readonly stepMs: number }) | null;
  readonly upgrades: readonly ServiceUpgradeSpec[];
  readonly role: string | null;
}

export interface ServiceSpec {
  readonly type: 'service';
  readonly apps: readonly ServiceAppSpec[];
  readonly refuseSeconds: number;
  readonly think: ThinkTime;
}

interface AppTask {
  readonly taskId: string;
  readonly version: number;
  /** Where it runs; null while handed to a central scheduler and not placed yet (monolithic mode). */
  offer: Pick<OfferView, 'hostname' | 'attributes' | 'agentId'> | null;
  launchedAtMs: number;
  running: boolean;
}

interface App {
  readonly spec: ServiceAppSpec;
  shape: TaskShape;
  resources: Resources;
  version: number;
  wanted: number;
  readonly tasks: Map<string, AppTask>;
  /** Launches decided (maybe still thinking) but not yet confirmed by a status. */
  inflight: number;
  /** Tasks in `tasks` marked running (kept with the flag: availability reads it on every time advance). */
  running: number;
  delayMs: number;
  delayUntil: number;
  minHealth: number;
  maxOver: number;
  readonly placement: PlacementGroup;
  // statistics
  failures: number;
  restarts: number;
  launched: number;
}

type Token =
  | { readonly kind: 'fail'; readonly taskId: string }
  | { readonly kind: 'wake' }
  | { readonly kind: 'scale'; readonly app: string }
  | { readonly kind: 'upgrade'; readonly app: string; readonly index: number };

export interface ServiceAvailability {
  readonly service: string;
  readonly wanted: number;
  readonly running: number;
}

export class ServiceScheduler implements Scheduler, WorkClient {
  readonly spec: ServiceSpec;
  private readonly ctx: FrameworkContext;
  private readonly apps: App[];
  private readonly byTask = new Map<string, App>();
  private readonly think: Deliberation;
  private suppressed = false;
  private taskSeq = 0;
  /** Monolithic mode: the central scheduler launches are handed to (null = offers). */
  private central: CentralQueue | null = null;

  constructor(spec: ServiceSpec, ctx: FrameworkContext) {
    this.spec = spec;
    this.ctx = ctx;
    this.think = new Deliberation(spec.think);
    this.apps = [...spec.apps].sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => {
      const resources = parse(a.resources);
      return {
        spec: a, shape: shapeOf(resources), resources, version: 1, wanted: a.instances, tasks: new Map(), inflight: 0, running: 0,
        delayMs: a.backoffMs, delayUntil: 0, minHealth: 1, maxOver: 1, placement: new PlacementGroup(a.constraints),
        failures: 0, restarts: 0, launched: 0,
      };
    });
  }

  start(driver: SchedulerDriver): void {
    for (const app of this.apps) {
      if (app.spec.diurnal) { app.wanted = this.wantedAt(app, driver.now); driver.setTimer(app.spec.diurnal.stepMs, { kind: 'scale', app: app.spec.id } satisfies Token); }
      app.spec.upgrades.forEach((u, index) => driver.setTimer(Math.max(0, u.atMs - driver.now), { kind: 'upgrade', app: app.spec.id, index } satisfies Token));
    }
    this.updateSuppression(driver);
  }

  /** Per-service availability: wanted instances vs. running ones (for availability metrics). */
  availability(): ServiceAvailability[] {
    return this.apps.map((a) => ({ service: a.spec.id, wanted: a.wanted, running: a.running }));
  }

  /** Metrics view (src/metrics/scheduler-metrics.ts): wanted instances per app (service availability). */
  wantedInstances(): ReadonlyMap<string, number> {
    return new Map(this.apps.map((a) => [a.spec.id, a.wanted]));
  }

  /** Metrics view: running instances per app. */
  runningInstances(): ReadonlyMap<string, number> {
    return new Map(this.apps.map((a) => [a.spec.id, a.running]));
  }

  appStats(): { id: string; launched: number; failures: number; restarts: number; running: number; version: number; delayMs: number }[] {
    return this.apps.map((a) => ({
      id: a.spec.id, launched: a.launched, failures: a.failures, restarts: a.restarts, version: a.version, delayMs: a.delayMs,
      running: a.running,
    }));
  }

  /** Which field values the app's running tasks occupy (tests of placement). */
  placementOf(appId: string, field: string): string[] {
    const app = this.apps.find((a) => a.spec.id === appId);
    if (!app) return [];
    return [...app.tasks.values()].flatMap((t) => (t.offer === null ? [] : [field === 'hostname' ? t.offer.hostname : String(t.offer.attributes[field] ?? '')])).sort();
  }

  pendingWork(): number {
    let handed = 0;
    for (const a of this.apps) for (const t of a.tasks.values()) if (t.offer === null) handed++;
    return this.apps.reduce((n, a) => n + Math.max(0, this.toLaunch(a, Infinity)), 0) + handed;
  }

  useCentralScheduler(central: CentralQueue): void {
    this.central = central;
  }

  /** Monolithic mode: each app's wanted launches go to the central scheduler as one job. */
  private handOver(driver: SchedulerDriver): void {
    for (const app of this.apps) {
      if (app.delayUntil > driver.now) continue;
      const need = this.toLaunch(app, driver.now);
      if (need <= 0) continue;
      const tasks: TaskLaunch[] = [];
      for (let i = 0; i < need; i++) {
        const taskId = `${this.ctx.frameworkId}.${app.spec.id}.${String(++this.taskSeq).padStart(7, '0')}`;
        tasks.push({ taskId, resources: app.resources, durationMs: null, jobId: app.spec.id, submittedAtMs: driver.now });
        app.inflight++;
        app.launched++;
        app.tasks.set(taskId, { taskId, version: app.version, offer: null, launchedAtMs: driver.now, running: false });
        this.byTask.set(taskId, app);
      }
      this.central!.submit({
        jobId: app.spec.id, role: app.spec.role ?? this.ctx.roles[0], submittedAtMs: driver.now, tasks,
        ...(app.placement.constraints.length > 0 ? { placement: app.placement } : {}),
        onLaunched: (t, agent, d) => this.launchedCentrally(t.taskId, agent, d),
      });
    }
  }

  private launchedCentrally(taskId: string, agent: AgentView, driver: SchedulerDriver): void {
    const app = this.byTask.get(taskId);
    const t = app?.tasks.get(taskId);
    if (!app || !t) return;
    t.offer = agent;
    t.running = true;
    app.running++;
    t.launchedAtMs = driver.now;
    app.inflight--;
    if (app.spec.failure) driver.setTimer(drawInt(app.spec.failure, this.ctx.rng), { kind: 'fail', taskId } satisfies Token);
    if (app.spec.readyAfterMs > 0) driver.setTimer(app.spec.readyAfterMs, { kind: 'wake' } satisfies Token);
    this.reconcile(driver);
  }

  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): OfferReply | void {
    const accept: { offerId: string; launch: TaskLaunch[]; refuseSeconds: number }[] = [];
    const decline: { offerId: string; refuseSeconds: number }[] = [];
    for (const offer of [...offers].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      let remaining = offer.resources;
      const launch: TaskLaunch[] = [];
      for (const app of this.apps) {
        if (app.spec.role !== null && app.spec.role !== offer.role) continue;
        if (app.delayUntil > driver.now) continue;
        let need = this.toLaunch(app, driver.now);
        while (need > 0 && app.placement.allows(offer)) {
          const picked = fit(remaining, app.shape);
          if (!picked) break;
          remaining = subtract(remaining, picked);
          const taskId = `${this.ctx.frameworkId}.${app.spec.id}.${String(++this.taskSeq).padStart(7, '0')}`;
          launch.push({ taskId, resources: picked, durationMs: null, jobId: app.spec.id, submittedAtMs: driver.now });
          app.placement.place(offer);
          app.inflight++;
          app.launched++;
          app.tasks.set(taskId, { taskId, version: app.version, offer, launchedAtMs: driver.now, running: false });
          this.byTask.set(taskId, app);
          need--;
        }
      }
      if (launch.length > 0) accept.push({ offerId: offer.id, launch, refuseSeconds: this.spec.refuseSeconds });
      else decline.push({ offerId: offer.id, refuseSeconds: this.declineSeconds(driver.now) });
    }
    this.updateSuppression(driver);
    const now = this.think.submit(driver, { accept, decline }, (lost) => {
      for (const l of lost) this.forget(l.taskId!);
      this.updateSuppression(driver);
    }, (l) => this.byTask.has(l.taskId!));
    this.markRunning(driver); // with no think time the master applies `now` right after we return
    return now;
  }

  onTaskUpdate(u: TaskUpdate, driver: SchedulerDriver): void {
    const app = this.byTask.get(u.taskId);
    if (!app) {
      // A task it no longer tracks is back with its agent (§6.2: since Mesos 1.5 it keeps running):
      // given up as lost or unreachable and replaced, or killed already (scaled down, or a returning
      // one killed before, whose kill the master answered by reconciliation while the agent was
      // unreachable again). Like Marathon with a task it does not know, kill it, as often as it
      // comes back. Any other update of such a task (a kill's answer, a queued older one) is ignored.
      if (u.state === 'TASK_RUNNING') driver.killTask(u.taskId);
      return;
    }
    const t = app.tasks.get(u.taskId);
    if (!t) return;
    if (u.state === 'TASK_RUNNING' || u.state === 'TASK_STAGING') return;
    // Terminal: the slot frees; failures push the launch delay back.
    this.forget(u.taskId);
    if (u.state === 'TASK_FAILED' || u.state === 'TASK_LOST' || u.state === 'TASK_ERROR' || u.state === 'TASK_GONE' || u.state === 'TASK_DROPPED') {
      app.failures++;
      if (driver.now - t.launchedAtMs >= app.spec.resetAfterMs) app.delayMs = app.spec.backoffMs;
      app.delayUntil = driver.now + app.delayMs;
      app.delayMs = Math.min(Math.round(app.delayMs * app.spec.backoffFactor), app.spec.maxLaunchDelayMs);
      app.restarts++;
      driver.setTimer(app.delayUntil - driver.now, { kind: 'wake' } satisfies Token);
    }
    this.reconcile(driver);
  }

  onTimer(token: unknown, driver: SchedulerDriver): void {
    if (this.think.handles(token)) { this.think.fire(token, driver); this.reconcile(driver); return; }
    const t = token as Token;
    if (t.kind === 'fail') {
      const app = this.byTask.get(t.taskId);
      if (app?.tasks.get(t.taskId)) endOwnTask(driver, t.taskId, 'TASK_FAILED', 'application crashed');
      return;
    }
    if (t.kind === 'scale') {
      const app = this.apps.find((a) => a.spec.id === t.app)!;
      app.wanted = this.wantedAt(app, driver.now);
      if (driver.now + app.spec.diurnal!.stepMs <= this.ctx.untilMs) driver.setTimer(app.spec.diurnal!.stepMs, t);
    } else if (t.kind === 'upgrade') {
      const app = this.apps.find((a) => a.spec.id === t.app)!;
      const u = app.spec.upgrades[t.index];
      app.version++;
      if (u.resources !== null) { app.resources = parse(u.resources); app.shape = shapeOf(app.resources); }
      app.minHealth = u.minimumHealthCapacity;
      app.maxOver = u.maximumOverCapacity;
      app.delayMs = app.spec.backoffMs; // a new version resets the launch delay (Marathon)
      app.delayUntil = 0;
    }
    this.reconcile(driver);
  }

  /** Launch confirmations come as task.launched events; we count a launch as running when its offer was accepted. */
  private markRunning(driver: SchedulerDriver): void {
    if (this.central) return; // the central scheduler reports its launches (launchedCentrally)
    for (const app of this.apps) {
      for (const t of app.tasks.values()) {
        if (t.running || !this.isLaunched(t, driver)) continue;
        t.running = true;
        app.running++;
        t.launchedAtMs = driver.now;
        app.inflight--;
        if (app.spec.failure) driver.setTimer(drawInt(app.spec.failure, this.ctx.rng), { kind: 'fail', taskId: t.taskId } satisfies Token);
        if (app.spec.readyAfterMs > 0) driver.setTimer(app.spec.readyAfterMs, { kind: 'wake' } satisfies Token);
      }
    }
  }

  private isLaunched(t: AppTask, driver: SchedulerDriver): boolean {
    return driver.now >= t.launchedAtMs && !this.think.isPending(t.taskId);
  }

  /** Scale down and roll upgrades forward; then make sure offers come when launches are needed. */
  private reconcile(driver: SchedulerDriver): void {
    this.markRunning(driver);
    for (const app of this.apps) {
      const current = [...app.tasks.values()].filter((t) => t.version === app.version);
      const old = [...app.tasks.values()].filter((t) => t.version !== app.version && t.running).sort(byLaunch);
      if (old.length > 0) {
        const healthyNew = current.filter((t) => t.running && driver.now - t.launchedAtMs >= app.spec.readyAfterMs).length;
        const minHealthy = Math.ceil(app.wanted * app.minHealth);
        let alive = healthyNew + old.length;
        while (old.length > 0 && alive - 1 >= minHealthy) { const k = old.shift()!; alive--; this.kill(app, k, driver); }
        // Old tasks beyond what the new version needs go once the new ones are all healthy.
        if (healthyNew >= app.wanted) for (const k of old) this.kill(app, k, driver);
      } else {
        // Scale down: newest first.
        const running = current.sort(byLaunch);
        while (running.length > app.wanted) this.kill(app, running.pop()!, driver);
      }
    }
    this.updateSuppression(driver);
  }

  private kill(app: App, t: AppTask, driver: SchedulerDriver): void {
    if (this.central && t.offer === null) this.central.withdraw([t.taskId]);
    this.forget(t.taskId);
    driver.killTask(t.taskId);
    void app;
  }

  private forget(taskId: string): void {
    const app = this.byTask.get(taskId);
    if (!app) return;
    const t = app.tasks.get(taskId);
    if (t) {
      if (!t.running) app.inflight--; else app.running--;
      if (t.offer !== null) app.placement.place(t.offer, -1);
      app.tasks.delete(taskId);
    }
    this.byTask.delete(taskId);
  }

  /** How many more tasks the app wants launched now. */
  private toLaunch(app: App, _now: number): number {
    let total = 0, current = 0;
    for (const t of app.tasks.values()) { total++; if (t.version === app.version) current++; }
    const maxTotal = Math.floor(app.wanted * (1 + app.maxOver));
    return Math.max(0, Math.min(app.wanted - current, maxTotal - total));
  }

  /** Apps waiting out a launch delay want offers back when it ends, not a full refusal later. */
  private declineSeconds(now: number): number {
    let wait = Infinity;
    for (const a of this.apps) if (a.delayUntil > now && this.toLaunch(a, now) > 0) wait = Math.min(wait, a.delayUntil - now);
    return wait === Infinity ? this.spec.refuseSeconds : Math.min(this.spec.refuseSeconds, wait / 1000);
  }

  private wantedAt(app: App, now: number): number {
    return app.spec.diurnal ? Math.max(0, Math.round(diurnalValue(app.spec.diurnal, now))) : app.spec.instances;
  }

  private updateSuppression(driver: SchedulerDriver): void {
    if (this.central) this.handOver(driver);
    const needs = this.apps.some((a) => this.toLaunch(a, driver.now) > 0);
    if (needs && this.suppressed) { this.suppressed = false; driver.revive(); }
    else if (!needs && !this.suppressed) { this.suppressed = true; driver.suppress(); }
  }
}

function byLaunch(a: AppTask, b: AppTask): number {
  return a.launchedAtMs - b.launchedAtMs || (a.taskId < b.taskId ? -1 : 1);
}

function parse(text: string): Resources {
  const r = parseResources(text);
  if (typeof r === 'string') throw new Error(`internal: unnormalized resources "${text}": ${r}`);
  return r;
}

registerFramework('service', (spec, ctx) => new ServiceScheduler(spec as ServiceSpec, ctx));
