/**
 * Per-task, per-job, per-framework and per-agent facts from the event stream (an observer):
 * task lifecycle (submit → launch → end), job completion, offers received/declined/rescinded per
 * framework, and agents' up/down time. Tasks are one row each in a compact columnar store (task-store.ts:
 * typed arrays and interned strings, not an object per task), jobs one record each (these are the `tasks`
 * and `jobs` tables); time series live in the other probes.
 */
import { TaskStore } from './task-store.ts';
import { parseResources } from '../cluster/resource-text.ts';
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

/** A task's requested scalars, milli-units by name, shared by every task with the same resources text. */
export interface TaskShape {
  readonly q: ReadonlyMap<string, number>;
  readonly revocable: boolean;
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
/** Shape 0: no scalars (a task rejected before launch). */
const NO_RESOURCES: TaskShape = { q: new Map(), revocable: false };

export class TaskProbe implements EventSink {
  readonly tasks = new TaskStore();
  /** Task shapes by index (TaskStore.shapeOf); a task refers to its shape by index. */
  readonly shapes: TaskShape[] = [NO_RESOURCES];
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
      case 'agent.reregistered': return this.agentAdded(t, f); // back from unreachable (§6.2): its down time ends
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
   * A task's requested scalars, shared by every task with the same resources text: a long replay must
   * not keep a map per task. Returns the shape's index in `shapes`.
   */
  private shapeOf(text: string): number {
    const known = this.shapeIndex.get(text);
    if (known !== undefined) return known;
    const r = parseResources(text);
    const q = new Map<string, number>();
    let revocable = false;
    if (typeof r !== 'string') {
      for (const x of r) {
        if (x.revocable) revocable = true;
        if (x.ranges === null && !x.shared) q.set(x.name, (q.get(x.name) ?? 0) + x.amount);
      }
    }
    if (this.shapeIndex.size >= MAX_SHAPES) this.shapeIndex.clear(); // bounded lookup: an unbounded variety only costs re-parsing
    const i = this.shapes.length;
    this.shapes.push({ q, revocable });
    this.shapeIndex.set(text, i);
    return i;
  }

  private readonly shapeIndex = new Map<string, number>();

  private launched(t: number, f: EventFields): void {
    const id = String(f.task);
    const shape = this.shapeOf(String(f.resources ?? ''));
    const submit = typeof f.submitted === 'number' ? f.submitted : null;
    const job = typeof f.job === 'string' ? f.job : null;
    const framework = String(f.framework);
    const role = typeof f.role === 'string' ? f.role : null;
    const agent = typeof f.agent === 'string' ? f.agent : null;
    this.tasks.put({ id, job, framework, role, agent, state: 'TASK_RUNNING', revocable: this.shapes[shape].revocable, submitMs: submit, launchMs: t, endMs: null, shape });
    this.fw(f).tasksLaunched++;
    const a = agent !== null ? this.agents.get(agent) : undefined;
    if (a) a.tasksLaunched++;
    const first = submit ?? t;
    if (this.firstSubmitMs === null || first < this.firstSubmitMs) this.firstSubmitMs = first;
    if (job !== null) {
      let j = this.jobs.get(job);
      if (!j) {
        j = { id: job, framework, role, tasks: 0, running: 0, finished: 0, failed: 0, submitMs: null, firstLaunchMs: null, lastEndMs: null };
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
    const tasks = this.tasks;
    const i = tasks.indexOf(String(f.task));
    if (LOST_STATES.has(state)) {
      if (i < 0 || tasks.endMs(i) === null) {
        const agent = i >= 0 ? tasks.agentOf(i) : typeof f.agent === 'string' ? f.agent : null;
        this.lossCause.set(String(f.task), this.causes.cause(state, typeof f.reason === 'string' ? f.reason : undefined, i >= 0 && tasks.launchMs(i) === null ? null : agent));
      }
    }
    if (!TERMINAL.has(state)) {
      if (i < 0) return;
      // TASK_LOST and TASK_GONE_BY_OPERATOR are terminal unless the agent comes back (§6.1): one
      // running again on its reregistered agent has not ended after all.
      if (tasks.endMs(i) !== null) this.revive(i, f);
      tasks.setState(i, state);
      return;
    }
    if (i < 0) {
      // rejected before launch (e.g. TASK_ERROR: resources not in offer)
      const fwId = String(f.framework);
      tasks.put({
        id: String(f.task), job: typeof f.job === 'string' ? f.job : null, framework: fwId, role: this.frameworkRoles.get(fwId)?.[0] ?? null,
        agent: typeof f.agent === 'string' ? f.agent : null, state, revocable: false, submitMs: null, launchMs: null, endMs: t, shape: 0,
      });
      this.fw(f).tasksFailed++;
      return;
    }
    if (tasks.endMs(i) !== null) return;
    tasks.setState(i, state);
    tasks.setEnd(i, t);
    if (this.lastEndMs === null || t > this.lastEndMs) this.lastEndMs = t;
    const c = this.fw(f);
    if (state === 'TASK_FINISHED') c.tasksFinished++;
    else if (state === 'TASK_KILLED') c.tasksKilled++;
    else c.tasksFailed++;
    const job = tasks.jobOf(i);
    const j = job !== null ? this.jobs.get(job) : undefined;
    if (j) {
      j.running--;
      if (state === 'TASK_FINISHED') j.finished++; else j.failed++;
      if (j.lastEndMs === null || t > j.lastEndMs) j.lastEndMs = t;
    }
  }

  /** Undo a task's end (see status): its counts go back to running. */
  private revive(i: number, f: EventFields): void {
    const tasks = this.tasks;
    const ended = tasks.stateOf(i);
    tasks.setEnd(i, null);
    this.lossCause.delete(tasks.id(i));
    const c = this.fw(f);
    if (ended === 'TASK_FINISHED') c.tasksFinished--; else if (ended === 'TASK_KILLED') c.tasksKilled--; else c.tasksFailed--;
    const job = tasks.jobOf(i);
    const j = job !== null ? this.jobs.get(job) : undefined;
    if (j) {
      j.running++;
      if (ended === 'TASK_FINISHED') j.finished--; else j.failed--;
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
