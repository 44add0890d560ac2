/**
 * The agents' resource monitor: what every running task uses, aggregated per agent.
 *
 * Each task's usage comes from its usage profile (src/cluster/usage-profile.ts): the launch's own
 * profile, else its framework's scenario default, else the scenario default, else "uses its whole
 * request". Profiles are evaluated at launch and then on a fixed sampling tick (every
 * `sampleIntervalMs`, like the agent's resource-monitoring interval), so usage is piecewise constant
 * between events and every integral over it is exact.
 *
 * Per agent it keeps, by resource name (milli-units): the requests of running non-revocable and
 * revocable tasks, and their current usage. A task is revocable when any of its resources is
 * (the whole container is revocable, mesos-semantics §4 / docs/oversubscription.md:65-67).
 *
 * The monitor is an observer of the master's event stream (`task.launched`, terminal `task.status`)
 * and never changes the run; listeners (estimators, QoS controllers, probes) are told about changes.
 */
import { sha256 } from '../../core/hash.ts';
import type { EventFields, EventSink } from '../../core/event-sink.ts';
import { isNoisy, usageFraction, usedMilli, type UsageInstant, type UsageProfile } from '../../cluster/usage-profile.ts';
import type { Resources } from '../../cluster/resources.ts';
import { createRng, type Rng } from '../../kernel/rng.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import type { Master } from '../master.ts';
import { TERMINAL_STATES } from '../master-state.ts';
import type { TaskState } from '../scheduler.ts';

export interface UsageOptions {
  readonly sampleIntervalMs: number;
  /** Allow usage above the request (up to `burstCap` × request). */
  readonly allowBurst: boolean;
  readonly burstCap: number;
  readonly defaultProfile: UsageProfile | null;
  readonly frameworkProfiles: Readonly<Record<string, UsageProfile>>;
}

export type Quantities = Map<string, number>;

export interface TaskUsage {
  readonly taskId: string;
  readonly agentId: string;
  readonly frameworkId: string;
  readonly role: string;
  readonly resources: Resources;
  readonly revocable: boolean;
  readonly reserved: Quantities;
  readonly launchedAtMs: number;
  readonly durationMs: number | null;
  readonly profile: UsageProfile | null;
  /** Current usage by resource name (milli-units). */
  used: Quantities;
  rng: Rng | null;
}

export interface AgentUsage {
  readonly agentId: string;
  /** Requests of running tasks (non-revocable / revocable), milli-units by name. */
  readonly allocatedNonRevocable: Quantities;
  readonly allocatedRevocable: Quantities;
  /** Reserved resources held by running tasks (by name). */
  readonly allocatedReserved: Quantities;
  /**
   * Resources tagged revocable held by running tasks (by name): what the agent adds to the estimate it
   * reports (mesos-semantics §4). Less than `allocatedRevocable` when a revocable container also
   * holds regular resources (a replay task on `cpus:0.5;cpus{revocable}:1`), which are not revocable
   * capacity: counting them inflated the reported revocable total.
   */
  readonly revocableResourcesAllocated: Quantities;
  /** Current usage of non-revocable / revocable tasks. */
  readonly usedNonRevocable: Quantities;
  readonly usedRevocable: Quantities;
  /** Running tasks in launch order (oldest first). */
  readonly tasks: Map<string, TaskUsage>;
}

export type UsageChange = 'tick' | 'launch' | 'end';

export interface TaskEnded {
  readonly task: TaskUsage;
  readonly state: TaskState;
  readonly reason: string | null;
  readonly atMs: number;
}

export class UsageMonitor implements EventSink {
  readonly options: UsageOptions;
  readonly agents = new Map<string, AgentUsage>();
  readonly tasks = new Map<string, TaskUsage>();
  /** Incremented on every change of any aggregate (probes re-read when it moves). */
  version = 0;
  ticks = 0;
  private readonly master: Master;
  private readonly sim: Simulation;
  private readonly seed: string;
  private readonly listeners: ((agentId: string | null, change: UsageChange) => void)[] = [];
  private readonly endListeners: ((e: TaskEnded) => void)[] = [];
  private readonly tickKind: number;

  constructor(sim: Simulation, master: Master, rootSeed: string | number, options: UsageOptions) {
    if (options.sampleIntervalMs <= 0) throw new Error('usage sample interval must be positive');
    this.sim = sim;
    this.master = master;
    this.options = options;
    this.seed = String(rootSeed);
    this.tickKind = sim.on('usage.sample', () => this.tick());
  }

  start(): void {
    this.sim.after(this.options.sampleIntervalMs, this.tickKind);
  }

  onChange(fn: (agentId: string | null, change: UsageChange) => void): void {
    this.listeners.push(fn);
  }

  onTaskEnded(fn: (e: TaskEnded) => void): void {
    this.endListeners.push(fn);
  }

  agent(agentId: string): AgentUsage {
    let a = this.agents.get(agentId);
    if (!a) {
      a = {
        agentId, allocatedNonRevocable: new Map(), allocatedRevocable: new Map(), allocatedReserved: new Map(), revocableResourcesAllocated: new Map(),
        usedNonRevocable: new Map(), usedRevocable: new Map(), tasks: new Map(),
      };
      this.agents.set(agentId, a);
    }
    return a;
  }

  /**
   * A task counts from its launch until the master stops seeing it run: a terminal status, or
   * TASK_UNREACHABLE (its agent is partitioned or its machine crashed: a crashed machine's tasks
   * were counted as using resources, and chosen by QoS as victims, for the rest of the run). One that
   * comes back with its agent (TASK_RUNNING, "agent reregistered", §6.2) counts again: it was never
   * counted again, so QoS could not revoke it.
   */
  emit(t: number, type: string, fields: EventFields): void {
    if (type === 'task.launched') this.launched(String(fields.task));
    else if (type === 'task.status') {
      const state = fields.state as TaskState;
      if (TERMINAL_STATES.has(state) || state === 'TASK_UNREACHABLE') {
        this.ended(String(fields.task), state, typeof fields.reason === 'string' ? fields.reason : null, t);
      } else if (state === 'TASK_RUNNING' && !this.tasks.has(String(fields.task))) this.launched(String(fields.task));
    }
  }

  /** The profile a task runs with: its own, its framework's default, the scenario default, or none. */
  profileFor(frameworkId: string, own: UsageProfile | null | undefined): UsageProfile | null {
    return own ?? this.options.frameworkProfiles[frameworkId] ?? this.options.defaultProfile;
  }

  private launched(taskId: string): void {
    const t = this.master.tasks.get(taskId);
    if (!t) return;
    const reserved: Quantities = new Map();
    for (const r of t.resources) if (r.ranges === null && r.reservations.length > 0) bump(reserved, r.name, r.amount);
    const u: TaskUsage = {
      taskId, agentId: t.agentId, frameworkId: t.frameworkId, role: t.role, resources: t.resources,
      revocable: t.resources.some((r) => r.revocable), reserved, launchedAtMs: t.launchedAtMs, durationMs: t.durationMs,
      profile: this.profileFor(t.frameworkId, t.usage), used: new Map(), rng: null,
    };
    this.tasks.set(taskId, u);
    const a = this.agent(t.agentId);
    a.tasks.set(taskId, u);
    for (const [n, v] of requests(u.resources)) bump(u.revocable ? a.allocatedRevocable : a.allocatedNonRevocable, n, v);
    for (const [n, v] of reserved) bump(a.allocatedReserved, n, v);
    for (const r of u.resources) if (r.revocable && r.ranges === null) bump(a.revocableResourcesAllocated, r.name, r.amount);
    this.sample(u, a);
    this.version++;
    for (const fn of this.listeners) fn(t.agentId, 'launch');
  }

  /**
   * A task ended on its agent before the master heard of it (a QoS kill on an agent cut off from the
   * master: its update is held): it stops using resources now. The update's `task.status`, when it
   * comes, finds it gone.
   */
  endedOnAgent(taskId: string, state: TaskState, reason: string, atMs: number): void {
    this.ended(taskId, state, reason, atMs);
  }

  private ended(taskId: string, state: TaskState, reason: string | null, atMs: number): void {
    const u = this.tasks.get(taskId);
    if (!u) return;
    this.tasks.delete(taskId);
    const a = this.agent(u.agentId);
    a.tasks.delete(taskId);
    for (const [n, v] of requests(u.resources)) bump(u.revocable ? a.allocatedRevocable : a.allocatedNonRevocable, n, -v);
    for (const [n, v] of u.reserved) bump(a.allocatedReserved, n, -v);
    for (const r of u.resources) if (r.revocable && r.ranges === null) bump(a.revocableResourcesAllocated, r.name, -r.amount);
    for (const [n, v] of u.used) bump(u.revocable ? a.usedRevocable : a.usedNonRevocable, n, -v);
    this.version++;
    for (const fn of this.endListeners) fn({ task: u, state, reason, atMs });
    for (const fn of this.listeners) fn(u.agentId, 'end');
  }

  /** The sampling tick: re-evaluate every running task (in launch order) and re-arm. */
  tick(): void {
    this.ticks++;
    for (const a of this.agents.values()) for (const u of a.tasks.values()) this.sample(u, a);
    this.version++;
    for (const fn of this.listeners) fn(null, 'tick');
    this.sim.after(this.options.sampleIntervalMs, this.tickKind);
  }

  private sample(u: TaskUsage, a: AgentUsage): void {
    const target = u.revocable ? a.usedRevocable : a.usedNonRevocable;
    for (const [n, v] of u.used) bump(target, n, -v);
    const used: Quantities = new Map();
    const p = u.profile;
    const at = new SampleInstant(this.sim.now, u, this.seed);
    for (const [name, req] of requests(u.resources)) {
      const f = p === null ? 1 : usageFraction(p, name, req, at);
      used.set(name, usedMilli(req, f, this.options.allowBurst, this.options.burstCap));
    }
    u.used = used;
    for (const [n, v] of used) bump(target, n, v);
  }

  /** True when some profile in use draws noise (for documentation/diagnostics). */
  get noisy(): boolean {
    for (const u of this.tasks.values()) if (u.profile !== null && isNoisy(u.profile)) return true;
    return false;
  }
}

/** Scalar requests by name (ranges such as ports are not "used"). */
export function requests(rs: Resources): Quantities {
  const q: Quantities = new Map();
  for (const r of rs) if (r.ranges === null && !r.shared) bump(q, r.name, r.amount);
  return q;
}

export function bump(q: Quantities, name: string, delta: number): void {
  const v = (q.get(name) ?? 0) + delta;
  if (v === 0) q.delete(name); else q.set(name, v);
}

/**
 * The instant a task's usage is sampled at. Its noise stream is the task's own, sha256(seed,
 * "usage/<task>"), made on first draw (not cached globally). A class rather than an object with an
 * `rng` closure: samples run for every task at every interval, and under tsx each named closure made
 * costs a defineProperty of its name (README, Layout).
 */
class SampleInstant implements UsageInstant {
  readonly nowMs: number;
  readonly launchedAtMs: number;
  private readonly task: TaskUsage;
  private readonly seed: string;

  constructor(nowMs: number, task: TaskUsage, seed: string) {
    this.nowMs = nowMs;
    this.launchedAtMs = task.launchedAtMs;
    this.task = task;
    this.seed = seed;
  }

  rng(): Rng {
    const u = this.task;
    if (u.rng === null) u.rng = createRng(sha256(`clustersim/${this.seed}/usage/${u.taskId}`));
    return u.rng;
  }
}
