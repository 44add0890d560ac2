/**
 * A cron scheduler in the style of Chronos: jobs that repeat on a schedule (ISO 8601
 * `R<n>/<start>/<period>` in Chronos; here `start`, `every` and an optional `repeat` count) and
 * dependent jobs that run when all their parents have completed a run since their own last run.
 *
 * A run is `tasks` copies of the job's task (usually one) with a seeded run time. A run that has
 * not started within `epsilon` of its scheduled time is skipped (Chronos' epsilon); a failed task
 * is retried up to `retries` times, after which the run fails and does not trigger dependents.
 *
 * Under a central scheduler (`master.offerModel: monolithic`, src/master/monolithic/) each run (and
 * each retry) is handed over as one job of its tasks; a run none of whose tasks started within
 * `epsilon` is taken back and skipped, exactly at due + epsilon.
 */
import { subtract, type Resources } from '../cluster/resources.ts';
import { parseResources } from '../cluster/resource-text.ts';
import type { OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch, TaskUpdate } from '../master/scheduler.ts';
import type { CentralQueue, WorkClient } from '../master/monolithic/pending-work.ts';
import { drawInt, type Dist } from './distributions.ts';
import { fit, shapeOf, type TaskShape } from './fit.ts';
import { registerFramework, type FrameworkContext } from './registry.ts';
import { endOwnTask } from './task-end.ts';
import { Deliberation, type ThinkTime } from './think-time.ts';

export interface CronJobSpec {
  readonly id: string;
  /** null = a dependent job (runs after its parents). */
  readonly schedule: { readonly startMs: number; readonly everyMs: number; readonly repeat: number | null } | null;
  readonly parents: readonly string[];
  readonly tasks: number;
  readonly resources: string;
  readonly duration: Dist;
  readonly retries: number;
  readonly epsilonMs: number;
  /** Probability that a task fails (seeded), for retry behaviour. */
  readonly failureProbability: number;
}

export interface CronSpec {
  readonly type: 'cron';
  readonly jobs: readonly CronJobSpec[];
  readonly refuseSeconds: number;
  readonly think: ThinkTime;
}

interface Run {
  readonly job: Job;
  readonly number: number;
  readonly dueMs: number;
  waiting: number;
  running: number;
  done: number;
  started: boolean;
  attemptsLeft: number;
}

interface Job {
  readonly spec: CronJobSpec;
  readonly shape: TaskShape;
  readonly resources: Resources;
  runs: number;
  /** Parents' completions since this job's last run. */
  readonly parentsDone: Set<string>;
  readonly children: string[];
  // statistics
  completed: number;
  failed: number;
  skipped: number;
  readonly delaysMs: number[];
}

export interface CronJobStats {
  readonly id: string;
  readonly runs: number;
  readonly completed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly meanStartDelayMs: number;
}

export class CronScheduler implements Scheduler, WorkClient {
  readonly spec: CronSpec;
  private readonly ctx: FrameworkContext;
  private readonly jobs = new Map<string, Job>();
  private queue: Run[] = [];
  private readonly tasks = new Map<string, { run: Run; failAt: boolean; failAfterMs?: number }>();
  /** Monolithic mode: the central scheduler our runs go to, and tasks handed to it not launched yet. */
  private central: CentralQueue | null = null;
  private readonly unplaced = new Set<string>();
  private readonly think: Deliberation;
  private suppressed = false;
  private taskSeq = 0;

  constructor(spec: CronSpec, ctx: FrameworkContext) {
    this.spec = spec;
    this.ctx = ctx;
    this.think = new Deliberation(spec.think);
    for (const j of [...spec.jobs].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const r = parseResources(j.resources);
      if (typeof r === 'string') throw new Error(`internal: unnormalized resources "${j.resources}"`);
      this.jobs.set(j.id, { spec: j, shape: shapeOf(r as Resources), resources: r as Resources, runs: 0, parentsDone: new Set(), children: [], completed: 0, failed: 0, skipped: 0, delaysMs: [] });
    }
    for (const j of this.jobs.values()) for (const p of j.spec.parents) this.jobs.get(p)?.children.push(j.spec.id);
  }

  start(driver: SchedulerDriver): void {
    for (const j of this.jobs.values()) {
      if (j.spec.schedule) driver.setTimer(Math.max(0, j.spec.schedule.startMs - driver.now), { cron: j.spec.id });
    }
    this.updateSuppression(driver);
  }

  stats(): CronJobStats[] {
    return [...this.jobs.values()].map((j) => ({
      id: j.spec.id, runs: j.runs, completed: j.completed, failed: j.failed, skipped: j.skipped,
      meanStartDelayMs: j.delaysMs.length === 0 ? 0 : j.delaysMs.reduce((a, b) => a + b, 0) / j.delaysMs.length,
    }));
  }

  pendingWork(): number {
    return this.queue.reduce((n, r) => n + r.waiting, 0) + this.unplaced.size;
  }

  useCentralScheduler(central: CentralQueue): void {
    this.central = central;
  }

  onTimer(token: unknown, driver: SchedulerDriver): void {
    if (this.think.handles(token)) { this.think.fire(token, driver); return; }
    const expiring = (token as { cronExpire?: Run }).cronExpire;
    if (expiring !== undefined) { this.expireHandedOver(expiring, driver); return; }
    const failing = (token as { cronFail?: string }).cronFail;
    if (failing !== undefined) {
      if (this.tasks.has(failing)) endOwnTask(driver, failing, 'TASK_FAILED', 'job failed');
      return;
    }
    const id = (token as { cron: string }).cron;
    const job = this.jobs.get(id)!;
    const s = job.spec.schedule!;
    this.enqueue(job, driver.now);
    const next = driver.now + s.everyMs;
    if ((s.repeat === null || job.runs < s.repeat) && next <= this.ctx.untilMs) driver.setTimer(s.everyMs, token);
    this.updateSuppression(driver);
  }

  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): OfferReply | void {
    this.expire(driver.now);
    const accept: { offerId: string; launch: TaskLaunch[]; refuseSeconds: number }[] = [];
    const decline: { offerId: string; refuseSeconds: number }[] = [];
    for (const offer of offers) {
      let remaining = offer.resources;
      const launch: TaskLaunch[] = [];
      for (const run of this.queue) {
        while (run.waiting > 0) {
          const picked = fit(remaining, run.job.shape);
          if (!picked) break;
          remaining = subtract(remaining, picked);
          const taskId = `${this.ctx.frameworkId}.${run.job.spec.id}.${String(++this.taskSeq).padStart(7, '0')}`;
          const fails = run.job.spec.failureProbability > 0 && this.ctx.rng.next() < run.job.spec.failureProbability;
          const durationMs = drawInt(run.job.spec.duration, this.ctx.rng);
          // A task drawn to fail runs its time and then its executor reports TASK_FAILED.
          if (fails) driver.setTimer(durationMs, { cronFail: taskId });
          launch.push({
            taskId, resources: picked, durationMs: fails ? null : durationMs,
            jobId: `${run.job.spec.id}#${run.number}`, submittedAtMs: run.dueMs,
          });
          this.tasks.set(taskId, { run, failAt: fails });
          if (!run.started) { run.started = true; run.job.delaysMs.push(driver.now - run.dueMs); }
          run.waiting--;
          run.running++;
        }
      }
      if (launch.length > 0) accept.push({ offerId: offer.id, launch, refuseSeconds: this.spec.refuseSeconds });
      else decline.push({ offerId: offer.id, refuseSeconds: this.spec.refuseSeconds });
    }
    this.queue = this.queue.filter((r) => r.waiting > 0);
    this.updateSuppression(driver);
    return this.think.submit(driver, { accept, decline }, (lost) => {
      for (const l of lost) {
        const t = this.tasks.get(l.taskId!);
        if (!t) continue;
        this.tasks.delete(l.taskId!);
        t.run.running--;
        t.run.waiting++;
        if (!this.queue.includes(t.run)) this.queue.push(t.run);
      }
      this.updateSuppression(driver);
    });
  }

  onTaskUpdate(u: TaskUpdate, driver: SchedulerDriver): void {
    const t = this.tasks.get(u.taskId);
    if (!t) {
      // Back with its agent (§6.2) after its attempt was written off (lost, unreachable) or killed
      // (a returning one killed before, answered by reconciliation while its agent was unreachable
      // again): the run has moved on, kill it, as often as it comes back. Other updates of a task
      // not tracked (a kill's answer, an older one still queued) are ignored.
      if (u.state === 'TASK_RUNNING') driver.killTask(u.taskId);
      return;
    }
    if (u.state === 'TASK_RUNNING' || u.state === 'TASK_STAGING') return;
    this.tasks.delete(u.taskId);
    const run = t.run;
    run.running--;
    const failed = u.state !== 'TASK_FINISHED';
    if (failed && run.attemptsLeft > 0) {
      run.attemptsLeft--;
      run.waiting++;
      if (!this.queue.includes(run)) this.queue.push(run);
    } else if (failed) {
      run.job.failed++;
      run.waiting = 0;
      run.done = -1;
    } else run.done++;
    if (run.done === run.job.spec.tasks) this.complete(run, driver.now);
    this.updateSuppression(driver);
  }

  private complete(run: Run, now: number): void {
    run.job.completed++;
    for (const c of run.job.children) {
      const child = this.jobs.get(c)!;
      child.parentsDone.add(run.job.spec.id);
      if (child.spec.parents.every((p) => child.parentsDone.has(p))) {
        child.parentsDone.clear();
        this.enqueue(child, now);
      }
    }
  }

  private enqueue(job: Job, now: number): void {
    job.runs++;
    this.queue.push({ job, number: job.runs, dueMs: now, waiting: job.spec.tasks, running: 0, done: 0, started: false, attemptsLeft: job.spec.retries });
  }

  /** Runs that could not start within epsilon of their due time are skipped. */
  private expire(now: number): void {
    this.queue = this.queue.filter((r) => {
      if (r.started || now - r.dueMs <= r.job.spec.epsilonMs) return true;
      r.job.skipped++;
      return false;
    });
  }

  /** Monolithic mode: every run with waiting tasks goes to the central scheduler as one job. */
  private handOver(driver: SchedulerDriver): void {
    const central = this.central!;
    for (const run of this.queue) {
      if (run.waiting === 0) continue;
      const tasks: TaskLaunch[] = [];
      const jobId = `${run.job.spec.id}#${run.number}`;
      while (run.waiting > 0) {
        const taskId = `${this.ctx.frameworkId}.${run.job.spec.id}.${String(++this.taskSeq).padStart(7, '0')}`;
        const fails = run.job.spec.failureProbability > 0 && this.ctx.rng.next() < run.job.spec.failureProbability;
        const durationMs = drawInt(run.job.spec.duration, this.ctx.rng);
        tasks.push({ taskId, resources: run.job.resources, durationMs: fails ? null : durationMs, jobId, submittedAtMs: run.dueMs });
        this.tasks.set(taskId, { run, failAt: fails, ...(fails ? { failAfterMs: durationMs } : {}) });
        this.unplaced.add(taskId);
        run.waiting--;
        run.running++;
      }
      if (!run.started) driver.setTimer(Math.max(0, run.dueMs + run.job.spec.epsilonMs - driver.now), { cronExpire: run });
      central.submit({ jobId, role: this.ctx.roles[0], submittedAtMs: run.dueMs, tasks, onLaunched: (t, _agent, d) => this.launchedCentrally(t.taskId, d) });
    }
    this.queue = [];
  }

  private launchedCentrally(taskId: string, driver: SchedulerDriver): void {
    this.unplaced.delete(taskId);
    const t = this.tasks.get(taskId);
    if (!t) return;
    if (!t.run.started) { t.run.started = true; t.run.job.delaysMs.push(driver.now - t.run.dueMs); }
    // A task drawn to fail runs its time and then its executor reports TASK_FAILED.
    if (t.failAt) driver.setTimer(t.failAfterMs!, { cronFail: taskId });
  }

  /** Chronos' epsilon under a central scheduler: a run with no task started by due + epsilon is taken back. */
  private expireHandedOver(run: Run, driver: SchedulerDriver): void {
    if (run.started) return;
    const ids = [...this.tasks].filter(([id, t]) => t.run === run && this.unplaced.has(id)).map(([id]) => id);
    this.central!.withdraw(ids);
    for (const id of ids) { this.tasks.delete(id); this.unplaced.delete(id); run.running--; }
    run.job.skipped++;
    this.updateSuppression(driver);
  }

  private updateSuppression(driver: SchedulerDriver): void {
    if (this.central) this.handOver(driver);
    const needs = this.queue.some((r) => r.waiting > 0);
    if (needs && this.suppressed) { this.suppressed = false; driver.revive(); }
    else if (!needs && !this.suppressed) { this.suppressed = true; driver.suppress(); }
  }
}

registerFramework('cron', (spec, ctx) => new CronScheduler(spec as CronSpec, ctx));
