/**
 * A batch analytics framework in the style of Spark (coarse-grained mode) or Hadoop on Mesos.
 *
 * - **Jobs of stages of short tasks** arrive as a seeded Poisson stream; a job's stages run one
 *   after the other, each a set of short tasks with seeded run times.
 * - **Executors that grow with their tasks** (dynamic allocation): executors are the Mesos tasks
 *   (long-running, `slots` task slots each, at most one per host). The framework wants
 *   ⌈(pending + running tasks) / slots⌉ executors, up to `maxExecutors`, accepts offers until it
 *   has them, and ends an executor that stayed idle for `idleTimeout` (Spark's
 *   `executorIdleTimeout`, 60 s), which returns its resources.
 * - **Delay scheduling for data locality** (Zaharia et al., EuroSys 2010): each task prefers the
 *   `replicas` hosts that hold its input. A free slot goes to the first job (FIFO) with a task
 *   local to the slot's host; a job without one is skipped until it has waited `localityWait`
 *   (Spark's `spark.locality.wait`, 3 s) since its last launch, after which it takes any slot.
 *   New executors are preferably placed on hosts that pending tasks prefer.
 * - **Under a central scheduler** (`master.offerModel: monolithic`, src/master/monolithic/), as Spark
 *   on YARN asks its resource manager for containers: the executors it wants are handed over as a
 *   job of executor tasks (at most one per host), executors no longer wanted are taken back while
 *   still queued. The central scheduler places them first fit; it takes no locality preference
 *   (a deliberate simplification, docs/offer-models.md), so delay scheduling then decides locality
 *   within the executors it got.
 *
 * Tasks inside executors are the framework's business: they are timers here, not Mesos tasks.
 */
import type { Resources } from '../cluster/resources.ts';
import { parseResources } from '../cluster/resource-text.ts';
import type { AgentView, CentralQueue, WorkClient } from '../master/monolithic/pending-work.ts';
import type { OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch, TaskUpdate } from '../master/scheduler.ts';
import { drawCount, drawInt, type Dist } from './distributions.ts';
import { fit, shapeOf, type TaskShape } from './fit.ts';
import { registerFramework, type FrameworkContext } from './registry.ts';
import { endOwnTask } from './task-end.ts';
import { Deliberation, type ThinkTime } from './think-time.ts';

export interface AnalyticsSpec {
  readonly type: 'analytics';
  readonly jobs: {
    readonly count: number;
    readonly meanInterarrivalMs: number;
    readonly startMs: number;
    readonly stages: Dist;
    readonly tasksPerStage: Dist;
    readonly taskDuration: Dist;
  };
  readonly executor: { readonly resources: string; readonly slots: number; readonly maxExecutors: number; readonly idleTimeoutMs: number };
  readonly locality: { readonly waitMs: number; readonly replicas: number };
  readonly refuseSeconds: number;
  readonly think: ThinkTime;
}

interface SparkTask {
  readonly id: number;
  readonly prefs: readonly string[];
  readonly durationMs: number;
  attempt: number;
}

interface Job {
  readonly id: string;
  readonly submitMs: number;
  stagesLeft: number;
  pending: SparkTask[];
  running: number;
  lastLaunchMs: number;
}

interface Executor {
  readonly taskId: string;
  readonly agentId: string;
  readonly hostname: string;
  free: number;
  active: boolean;
  idleSince: number;
  readonly running: Map<number, { job: Job; task: SparkTask }>;
}

export interface AnalyticsStats {
  readonly jobsSubmitted: number;
  readonly jobsCompleted: number;
  readonly tasksRun: number;
  readonly nodeLocal: number;
  readonly nonLocal: number;
  readonly noPreference: number;
  readonly executorsLaunched: number;
  readonly executorsReleased: number;
  readonly peakExecutors: number;
  readonly meanJobMs: number;
}

export class AnalyticsScheduler implements Scheduler, WorkClient {
  readonly spec: AnalyticsSpec;
  private readonly ctx: FrameworkContext;
  private readonly shape: TaskShape;
  private readonly think: Deliberation;
  private readonly jobs: Job[] = [];
  private readonly executors = new Map<string, Executor>();
  private readonly hosts = new Set<string>();
  private hostList: string[] | null = null;
  private generated = 0;
  private nextArrivalMs: number;
  private taskSeq = 0;
  private execSeq = 0;
  private suppressed = false;
  private retryArmedAt = -1;
  /** Monolithic mode: the central scheduler, and the executor tasks handed to it not placed yet. */
  private central: CentralQueue | null = null;
  private readonly requested: string[] = [];
  /** Monolithic mode: hosts with an executor, or one placed and about to launch (one per host). */
  private readonly executorHosts = new Set<string>();
  /** Submission to completion of every completed job, in completion order. */
  private readonly jobDurations: number[] = [];
  private readonly s = { jobsCompleted: 0, tasksRun: 0, nodeLocal: 0, nonLocal: 0, noPreference: 0, executorsLaunched: 0, executorsReleased: 0, peakExecutors: 0, jobMs: 0 };

  constructor(spec: AnalyticsSpec, ctx: FrameworkContext) {
    this.spec = spec;
    this.ctx = ctx;
    const r = parseResources(spec.executor.resources);
    if (typeof r === 'string') throw new Error(`internal: unnormalized resources "${spec.executor.resources}"`);
    this.shape = shapeOf(r as Resources);
    this.think = new Deliberation(spec.think);
    this.nextArrivalMs = spec.jobs.startMs;
  }

  useCentralScheduler(central: CentralQueue): void {
    this.central = central;
  }

  start(driver: SchedulerDriver): void {
    if (this.spec.jobs.count > 0) driver.setTimer(Math.max(0, this.nextArrivalMs - driver.now), { kind: 'arrival' });
    // No suppression yet: the first offers tell the framework which hosts exist (where its input
    // data lives, as HDFS would know); it suppresses after declining them if it has no work.
  }

  stats(): AnalyticsStats {
    const { jobMs, ...rest } = this.s;
    return { ...rest, jobsSubmitted: this.generated, meanJobMs: this.s.jobsCompleted === 0 ? 0 : jobMs / this.s.jobsCompleted };
  }

  /** For summary.json `analytics` (src/metrics/analytics-stats.ts): the counts, jobs still open, each completed job's time. */
  analyticsStats(): AnalyticsStats & { readonly jobsOpen: number; readonly jobDurationsMs: readonly number[] } {
    return { ...this.stats(), jobsOpen: this.jobs.length, jobDurationsMs: this.jobDurations };
  }

  pendingWork(): number {
    return this.jobs.reduce((n, j) => n + j.pending.length, 0);
  }

  onTimer(token: unknown, driver: SchedulerDriver): void {
    if (this.think.handles(token)) { this.think.fire(token, driver); this.activate(driver); return; }
    const t = token as { kind: string; executor?: string; task?: number; attempt?: number };
    if (t.kind === 'arrival') this.arrive(driver);
    else if (t.kind === 'done') this.taskDone(t.executor!, t.task!, t.attempt!, driver);
    else if (t.kind === 'idle') this.maybeRelease(t.executor!, driver);
    else if (t.kind === 'retry') this.retryArmedAt = -1;
    this.schedule(driver);
  }

  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): OfferReply | void {
    for (const o of offers) if (!this.hosts.has(o.hostname)) { this.hosts.add(o.hostname); this.hostList = null; }
    let need = this.executorsWanted() - this.executors.size;
    const onHost = new Set([...this.executors.values()].map((e) => e.hostname));
    // Hosts that pending tasks prefer come first (locality-aware executor placement), then by id.
    const preferred = new Set<string>();
    for (const j of this.jobs) for (const t of j.pending) for (const h of t.prefs) preferred.add(h);
    const ordered = [...offers].sort((a, b) => Number(preferred.has(b.hostname)) - Number(preferred.has(a.hostname)) || (a.id < b.id ? -1 : 1));
    const accept: { offerId: string; launch: TaskLaunch[]; refuseSeconds: number }[] = [];
    const decline: { offerId: string; refuseSeconds: number }[] = [];
    for (const offer of ordered) {
      const picked = need > 0 && !onHost.has(offer.hostname) ? fit(offer.resources, this.shape) : null;
      if (!picked) { decline.push({ offerId: offer.id, refuseSeconds: this.spec.refuseSeconds }); continue; }
      const taskId = `${this.ctx.frameworkId}.executor.${String(++this.execSeq).padStart(5, '0')}`;
      this.executors.set(taskId, { taskId, agentId: offer.agentId, hostname: offer.hostname, free: this.spec.executor.slots, active: false, idleSince: -1, running: new Map() });
      onHost.add(offer.hostname);
      need--;
      this.s.executorsLaunched++;
      accept.push({ offerId: offer.id, launch: [{ taskId, resources: picked, durationMs: null, jobId: 'executors', submittedAtMs: this.oldestPendingMs(driver.now) }], refuseSeconds: this.spec.refuseSeconds });
    }
    this.s.peakExecutors = Math.max(this.s.peakExecutors, this.executors.size);
    const now = this.think.submit(driver, { accept, decline }, (lost) => {
      for (const l of lost) this.executors.delete(l.taskId!);
      this.updateSuppression(driver);
    });
    this.updateSuppression(driver);
    if (now) { for (const e of this.executors.values()) if (!this.think.isPending(e.taskId)) e.active = true; this.schedule(driver); }
    return now;
  }

  onTaskUpdate(u: TaskUpdate, driver: SchedulerDriver): void {
    const e = this.executors.get(u.taskId);
    if (!e) {
      // Back with its agent (§6.2) after its work was handed to other executors (given up as lost
      // or unreachable, or killed when it came back before and the master answered the kill by
      // reconciliation while the agent was unreachable again): it would hold its resources idle for
      // the rest of the run, so it is killed, as often as it comes back. Other updates of an
      // executor not tracked (a kill's answer, an older one still queued) are ignored.
      if (u.state === 'TASK_RUNNING') driver.killTask(u.taskId);
      return;
    }
    if (u.state === 'TASK_RUNNING' || u.state === 'TASK_STAGING') return;
    this.loseExecutor(e);
    this.updateSuppression(driver);
    this.schedule(driver);
  }

  /**
   * The master lost the agent (LostSlaveMessage): its executors are given up at once, as Spark's
   * coarse-grained backend does in `slaveLost` (its executors end, their tasks run again elsewhere),
   * without waiting for their status updates. Those usually came first; they did not when the agent
   * was cut off across a master failover and timed out unannounced (§6.4), when only a reconciliation
   * would have told. If an executor comes back with its agent, it is killed (onTaskUpdate).
   */
  onAgentLost(agentId: string, driver: SchedulerDriver): void {
    const lost = [...this.executors.values()].filter((e) => e.agentId === agentId);
    if (lost.length === 0) return;
    for (const e of lost) this.loseExecutor(e); // map order: launch order, the same every run
    this.updateSuppression(driver);
    this.schedule(driver);
  }

  /** The executor is gone (released, lost with its agent, failed): its running tasks go back. */
  private loseExecutor(e: Executor): void {
    this.executors.delete(e.taskId);
    this.executorHosts.delete(e.hostname);
    for (const { job, task } of e.running.values()) { task.attempt++; job.running--; job.pending.unshift(task); }
  }

  private activate(driver: SchedulerDriver): void {
    for (const e of this.executors.values()) if (!e.active && !this.think.isPending(e.taskId)) e.active = true;
    this.schedule(driver);
  }

  private arrive(driver: SchedulerDriver): void {
    const j = this.spec.jobs;
    const rng = this.ctx.rng;
    const id = `${this.ctx.frameworkId}-job-${String(++this.generated).padStart(5, '0')}`;
    const job: Job = { id, submitMs: driver.now, stagesLeft: drawCount(j.stages, rng), pending: [], running: 0, lastLaunchMs: driver.now };
    this.jobs.push(job);
    this.startStage(job);
    if (this.generated < j.count) {
      const gap = j.meanInterarrivalMs > 0 ? drawInt({ kind: 'exponential', mean: j.meanInterarrivalMs }, rng) : 0;
      if (driver.now + gap <= this.ctx.untilMs) driver.setTimer(gap, { kind: 'arrival' });
    }
    this.updateSuppression(driver);
  }

  private startStage(job: Job): void {
    const rng = this.ctx.rng;
    const n = drawCount(this.spec.jobs.tasksPerStage, rng);
    const hosts = this.knownHosts();
    for (let i = 0; i < n; i++) {
      const prefs: string[] = [];
      const want = Math.min(this.spec.locality.replicas, hosts.length);
      while (prefs.length < want) {
        const h = hosts[rng.int(0, hosts.length - 1)];
        if (!prefs.includes(h)) prefs.push(h);
      }
      job.pending.push({ id: ++this.taskSeq, prefs, durationMs: drawInt(this.spec.jobs.taskDuration, rng), attempt: 0 });
    }
    job.stagesLeft--;
  }

  /** Delay scheduling: fill free executor slots, local tasks first, non-local after the wait. */
  private schedule(driver: SchedulerDriver): void {
    const now = driver.now;
    const wait = this.spec.locality.waitMs;
    let retryAt = Infinity;
    for (const e of [...this.executors.values()].sort((a, b) => (a.taskId < b.taskId ? -1 : 1))) {
      if (!e.active) continue;
      while (e.free > 0) {
        let chosen: { job: Job; index: number; local: boolean } | null = null;
        for (const job of this.jobs) {
          if (job.pending.length === 0) continue;
          const index = job.pending.findIndex((t) => t.prefs.includes(e.hostname));
          if (index >= 0) { chosen = { job, index, local: true }; break; }
          if (now - job.lastLaunchMs >= wait || job.pending[0].prefs.length === 0) { chosen = { job, index: 0, local: false }; break; }
          retryAt = Math.min(retryAt, job.lastLaunchMs + wait);
        }
        if (!chosen) break;
        const { job, index, local } = chosen;
        const [task] = job.pending.splice(index, 1);
        job.running++;
        job.lastLaunchMs = now;
        e.free--;
        e.running.set(task.id, { job, task });
        if (task.prefs.length === 0) this.s.noPreference++; else if (local) this.s.nodeLocal++; else this.s.nonLocal++;
        this.s.tasksRun++;
        driver.setTimer(task.durationMs, { kind: 'done', executor: e.taskId, task: task.id, attempt: task.attempt });
      }
      if (e.free === this.spec.executor.slots && e.running.size === 0 && e.idleSince < 0) {
        e.idleSince = now;
        driver.setTimer(this.spec.executor.idleTimeoutMs, { kind: 'idle', executor: e.taskId });
      }
    }
    if (retryAt !== Infinity && retryAt > now && this.retryArmedAt !== retryAt) {
      this.retryArmedAt = retryAt;
      driver.setTimer(retryAt - now, { kind: 'retry' });
    }
    this.updateSuppression(driver);
  }

  private taskDone(executorId: string, taskId: number, attempt: number, driver: SchedulerDriver): void {
    const e = this.executors.get(executorId);
    const entry = e?.running.get(taskId);
    if (!e || !entry || entry.task.attempt !== attempt) return;
    e.running.delete(taskId);
    e.free++;
    e.idleSince = -1;
    const job = entry.job;
    job.running--;
    if (job.pending.length === 0 && job.running === 0) {
      if (job.stagesLeft > 0) this.startStage(job);
      else {
        this.jobs.splice(this.jobs.indexOf(job), 1);
        this.s.jobsCompleted++;
        this.s.jobMs += driver.now - job.submitMs;
        this.jobDurations.push(driver.now - job.submitMs);
      }
    }
  }

  private maybeRelease(executorId: string, driver: SchedulerDriver): void {
    const e = this.executors.get(executorId);
    if (!e || e.running.size > 0 || e.idleSince < 0 || driver.now - e.idleSince < this.spec.executor.idleTimeoutMs) return;
    if (this.jobs.some((j) => j.pending.length > 0)) return;
    this.s.executorsReleased++;
    endOwnTask(driver, executorId, 'TASK_FINISHED', 'executor idle');
  }

  private executorsWanted(): number {
    let tasks = 0;
    for (const j of this.jobs) tasks += j.pending.length + j.running;
    return Math.min(this.spec.executor.maxExecutors, Math.ceil(tasks / this.spec.executor.slots));
  }

  private oldestPendingMs(now: number): number {
    return this.jobs.find((j) => j.pending.length > 0)?.submitMs ?? now;
  }

  private knownHosts(): readonly string[] {
    if (this.central) return this.central.hosts(); // the cell as the central scheduler sees it
    if (!this.hostList) this.hostList = [...this.hosts].sort();
    return this.hostList;
  }

  private updateSuppression(driver: SchedulerDriver): void {
    if (this.central) { this.requestExecutors(driver); return; }
    const needs = this.executorsWanted() > this.executors.size;
    if (needs && this.suppressed) { this.suppressed = false; driver.revive(); }
    else if (!needs && !this.suppressed) { this.suppressed = true; driver.suppress(); }
  }

  /**
   * Monolithic mode: hand the executors wanted beyond those running or requested to the central
   * scheduler as one job, or take back the newest requests no longer wanted while still queued.
   */
  private requestExecutors(driver: SchedulerDriver): void {
    const want = this.executorsWanted() - this.executors.size - this.requested.length;
    if (want < 0) {
      for (let i = 0; i < -want && this.requested.length > 0; i++) this.central!.withdraw([this.requested.pop()!]);
      return;
    }
    if (want === 0) return;
    const resources = parseResources(this.spec.executor.resources) as Resources;
    const submittedAtMs = this.oldestPendingMs(driver.now);
    const tasks: TaskLaunch[] = [];
    for (let i = 0; i < want; i++) {
      const taskId = `${this.ctx.frameworkId}.executor.${String(++this.execSeq).padStart(5, '0')}`;
      this.requested.push(taskId);
      tasks.push({ taskId, resources, durationMs: null, jobId: 'executors', submittedAtMs });
    }
    this.central!.submit({
      jobId: 'executors', submittedAtMs, tasks,
      placement: { allows: (a) => !this.executorHosts.has(a.hostname), place: (a) => { this.executorHosts.add(a.hostname); } },
      onLaunched: (task, agent, d) => this.executorPlaced(task.taskId, agent, d),
    });
  }

  private executorPlaced(taskId: string, agent: AgentView, driver: SchedulerDriver): void {
    const at = this.requested.indexOf(taskId);
    if (at >= 0) this.requested.splice(at, 1);
    this.executors.set(taskId, { taskId, agentId: agent.agentId, hostname: agent.hostname, free: this.spec.executor.slots, active: true, idleSince: -1, running: new Map() });
    this.s.executorsLaunched++;
    this.s.peakExecutors = Math.max(this.s.peakExecutors, this.executors.size);
    this.schedule(driver);
  }
}

registerFramework('analytics', (spec, ctx) => new AnalyticsScheduler(spec as AnalyticsSpec, ctx));
