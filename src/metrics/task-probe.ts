/**
 * Per-task, per-job, per-framework and per-agent facts from the event stream (an observer):
 * task lifecycle (submit → launch → end), job completion, offers received/declined/rescinded per
 * framework, and agents' up/down time. Memory is one record per task and per job (these are the
 * `tasks` and `jobs` tables); time series live in the other probes.
 */
import { eventResources } from './event-resources.ts';
import type { EventFields, EventSink } from '../core/event-sink.ts';
import type { Master } from '../master/master.ts';
import { LOSS_CAUSE_EVENTS, LOST_STATES, LossCauses, type LossCause } from './loss-cause.ts';

export const TERMINAL = new Set([
  'TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR', 'TASK_DROPPED',
]);

const TASK_PROBE_EVENTS = new Set([
  'task.launched', 'task.status', 'offer', 'offer.declined', 'offer.accepted', 'offer.rescinded',
  'framework.added', 'framework.updated', 'agent.added', 'agent.removed', 'machine.mode', 'agent.draining',
  ...LOSS_CAUSE_EVENTS,
]);

export interface TaskRec {
  id: string;
  job: string | null;
  framework: string;
  role: string | null;
  agent: string | null;
  state: string;
  revocable: boolean;
  submitMs: number | null;
  launchMs: number | null;
  endMs: number | null;
  /** requested scalars, milli-units by name (shared between tasks: read only) */
  readonly q: ReadonlyMap<string, number>;
}

export interface JobRec {
  id: string;
  framework: string;
  role: string | null;
  tasks: number;
  running: number;
  finished: number;
  failed: number;
  submitMs: number | null;
  firstLaunchMs: number | null;
  lastEndMs: number | null;
}

export interface FrameworkCounts {
  offersReceived: number;
  offersDeclined: number;
  offersAccepted: number;
  offersRescinded: number;
  tasksLaunched: number;
  tasksFinished: number;
  tasksFailed: number;
  tasksKilled: number;
}

export interface AgentRec {
  id: string;
  rack: string | null;
  zone: string | null;
  region: string | null;
  resources: string;
  state: 'active' | 'removed';
  tasksLaunched: number;
  downMs: number;
  downSince: number | null;
  /** the part of downMs planned: removed while its machine was DOWN for maintenance or after DRAIN_AGENT (§5) */
  plannedDownMs: number;
  plannedDown: boolean;
  hostname: string;
}

const MAX_SHAPES = 100_000;
const NO_RESOURCES: ReadonlyMap<string, number> = new Map();

export class TaskProbe implements EventSink {
  readonly tasks = new Map<string, TaskRec>();
  readonly jobs = new Map<string, JobRec>();
  readonly frameworks = new Map<string, FrameworkCounts>();
  readonly frameworkRoles = new Map<string, string[]>();
  readonly agents = new Map<string, AgentRec>();
  private readonly machinesDown = new Set<string>();
  private readonly draining = new Set<string>();
  /** why each task that ended lost was lost (loss-cause.ts), for the tasks whose last state is lost */
  readonly lossCause = new Map<string, LossCause>();
  private readonly causes = new LossCauses();
  firstSubmitMs: number | null = null;
  lastEndMs: number | null = null;
  private readonly master: Master;

  constructor(master: Master) {
    this.master = master;
  }

  wants(type: string): boolean {
    return TASK_PROBE_EVENTS.has(type);
  }

  emit(t: number, type: string, f: EventFields): void {
    this.causes.observe(t, type, f);
    switch (type) {
      case 'task.launched': return this.launched(t, f);
      case 'task.status': return this.status(t, f);
      case 'offer': this.fw(f).offersReceived++; return;
      case 'offer.declined': this.fw(f).offersDeclined++; return;
      case 'offer.accepted': this.fw(f).offersAccepted++; return;
      case 'offer.rescinded': this.fw(f).offersRescinded++; return;
      case 'framework.added': case 'framework.updated':
        this.fw(f);
        if (Array.isArray(f.roles)) this.frameworkRoles.set(String(f.framework), f.roles.map(String));
        return;
      case 'agent.added': return this.agentAdded(t, f);
      case 'agent.removed': {
        const a = this.agents.get(String(f.agent));
        if (a && a.state === 'active') { a.state = 'removed'; a.downSince = t; a.plannedDown = this.machinesDown.has(a.hostname) || this.draining.has(a.id); }
        return;
      }
      // Maintenance (mesos-semantics §5): an agent going away on a machine that is DOWN, or after
      // DRAIN_AGENT, is planned downtime, not a failure.
      case 'machine.mode':
        if (f.mode === 'DOWN') this.machinesDown.add(String(f.machine)); else this.machinesDown.delete(String(f.machine));
        return;
      case 'agent.draining': this.draining.add(String(f.agent)); return;
      default:
    }
  }

  /** Close agents' down time at the end of the run. */
  finish(endMs: number): void {
    for (const a of this.agents.values()) {
      if (a.downSince !== null) this.up(a, endMs);
    }
  }

  private fw(f: EventFields): FrameworkCounts {
    const id = String(f.framework);
    let c = this.frameworks.get(id);
    if (!c) {
      c = { offersReceived: 0, offersDeclined: 0, offersAccepted: 0, offersRescinded: 0, tasksLaunched: 0, tasksFinished: 0, tasksFailed: 0, tasksKilled: 0 };
      this.frameworks.set(id, c);
    }
    return c;
  }

  /**
   * A task's requested scalars, shared by every task with the same resources text: one record is
   * kept per task for the tasks table, so a long replay must not also keep a map per task.
   */
  private shapeOf(text: string): { q: ReadonlyMap<string, number>; revocable: boolean } {
    let shape = this.shapes.get(text);
    if (shape) return shape;
    const r = eventResources(text);
    const q = new Map<string, number>();
    let revocable = false;
    if (typeof r !== 'string') {
      for (const x of r) {
        if (x.revocable) revocable = true;
        if (x.ranges === null && !x.shared) q.set(x.name, (q.get(x.name) ?? 0) + x.amount);
      }
    }
    if (this.shapes.size >= MAX_SHAPES) this.shapes.clear(); // bounded: an unbounded variety only costs re-parsing
    this.shapes.set(text, (shape = { q, revocable }));
    return shape;
  }

  private readonly shapes = new Map<string, { q: ReadonlyMap<string, number>; revocable: boolean }>();

  private launched(t: number, f: EventFields): void {
    const id = String(f.task);
    const { q, revocable } = this.shapeOf(String(f.resources ?? ''));
    const submit = typeof f.submitted === 'number' ? f.submitted : null;
    const job = typeof f.job === 'string' ? f.job : null;
    const rec: TaskRec = {
      id, job, framework: String(f.framework), role: typeof f.role === 'string' ? f.role : null,
      agent: typeof f.agent === 'string' ? f.agent : null, state: 'TASK_RUNNING', revocable,
      submitMs: submit, launchMs: t, endMs: null, q,
    };
    this.tasks.set(id, rec);
    this.fw(f).tasksLaunched++;
    const a = rec.agent !== null ? this.agents.get(rec.agent) : undefined;
    if (a) a.tasksLaunched++;
    const first = submit ?? t;
    if (this.firstSubmitMs === null || first < this.firstSubmitMs) this.firstSubmitMs = first;
    if (job !== null) {
      let j = this.jobs.get(job);
      if (!j) {
        j = { id: job, framework: rec.framework, role: rec.role, tasks: 0, running: 0, finished: 0, failed: 0, submitMs: null, firstLaunchMs: null, lastEndMs: null };
        this.jobs.set(job, j);
      }
      j.tasks++;
      j.running++;
      if (submit !== null && (j.submitMs === null || submit < j.submitMs)) j.submitMs = submit;
      if (j.firstLaunchMs === null || t < j.firstLaunchMs) j.firstLaunchMs = t;
    }
  }

  private status(t: number, f: EventFields): void {
    const state = String(f.state);
    if (LOST_STATES.has(state)) {
      const rec = this.tasks.get(String(f.task));
      if (!rec || rec.endMs === null) {
        const agent = rec ? rec.agent : typeof f.agent === 'string' ? f.agent : null;
        this.lossCause.set(String(f.task), this.causes.cause(state, typeof f.reason === 'string' ? f.reason : undefined, rec?.launchMs === null ? null : agent));
      }
    }
    if (!TERMINAL.has(state)) {
      const rec = this.tasks.get(String(f.task));
      if (rec) rec.state = state;
      return;
    }
    const id = String(f.task);
    let rec = this.tasks.get(id);
    if (!rec) {
      // rejected before launch (e.g. TASK_ERROR: resources not in offer)
      const fwId = String(f.framework);
      rec = {
        id, job: typeof f.job === 'string' ? f.job : null, framework: fwId, role: this.frameworkRoles.get(fwId)?.[0] ?? null,
        agent: typeof f.agent === 'string' ? f.agent : null, state, revocable: false, submitMs: null, launchMs: null, endMs: t, q: NO_RESOURCES,
      };
      this.tasks.set(id, rec);
      this.fw(f).tasksFailed++;
      return;
    }
    if (rec.endMs !== null) return;
    rec.state = state;
    rec.endMs = t;
    if (this.lastEndMs === null || t > this.lastEndMs) this.lastEndMs = t;
    const c = this.fw(f);
    if (state === 'TASK_FINISHED') c.tasksFinished++;
    else if (state === 'TASK_KILLED') c.tasksKilled++;
    else c.tasksFailed++;
    const j = rec.job !== null ? this.jobs.get(rec.job) : undefined;
    if (j) {
      j.running--;
      if (state === 'TASK_FINISHED') j.finished++; else j.failed++;
      if (j.lastEndMs === null || t > j.lastEndMs) j.lastEndMs = t;
    }
  }

  private agentAdded(t: number, f: EventFields): void {
    const id = String(f.agent);
    const existing = this.agents.get(id);
    if (existing) {
      if (existing.downSince !== null) this.up(existing, t);
      this.draining.delete(id);
      existing.state = 'active';
      existing.resources = String(f.resources ?? existing.resources);
      return;
    }
    const info = this.master.agents.get(id)?.info;
    const attr = (k: string) => (info?.attributes[k] !== undefined ? String(info.attributes[k]) : null);
    this.agents.set(id, {
      id, rack: attr('rack'), zone: attr('zone'), region: info?.region ?? null, resources: String(f.resources ?? ''),
      state: 'active', tasksLaunched: 0, downMs: 0, downSince: null, plannedDownMs: 0, plannedDown: false, hostname: info?.hostname ?? id,
    });
  }

  private up(a: AgentRec, t: number): void {
    a.downMs += t - a.downSince!;
    if (a.plannedDown) a.plannedDownMs += t - a.downSince!;
    a.downSince = null;
    a.plannedDown = false;
  }
}
