/**
 * The physical truth about tasks, as opposed to the master's view: a task is *alive* from its
 * launch until it ends on a reachable agent or dies with its machine (or with an agent process
 * that did not checkpoint); it is *serving* while alive on a machine that is up and reachable on
 * the network. A partitioned agent's tasks are alive but not serving; after the master marks such
 * an agent unreachable they are still alive (and come back when it reregisters, §6.2).
 *
 * Fed by the master's event records (task.launched / task.status) and by the failure machinery,
 * which marks the status records it causes without a physical effect (mark unreachable) and
 * reports physical deaths itself. Keeps per-framework serving counts up to date incrementally and
 * reports every change (availability metrics).
 */
import type { EventFields, EventSink } from '../../core/event-sink.ts';
import { TERMINAL_STATES } from '../master-state.ts';
import type { TaskState } from '../scheduler.ts';

export type ServingListener = (frameworkId: string, serving: number, timeMs: number) => void;

export class ServingTracker implements EventSink {
  /** task → (framework, agent) for every physically alive task */
  private readonly alive = new Map<string, { frameworkId: string; agentId: string }>();
  private readonly byAgent = new Map<string, Set<string>>();
  private readonly unreachableAgents = new Set<string>();
  private readonly serving = new Map<string, number>();
  private readonly listeners: ServingListener[] = [];
  /** While > 0, task.status records are bookkeeping only (the task keeps running physically). */
  private detached = 0;
  private nowMs = 0;

  onChange(l: ServingListener): void {
    this.listeners.push(l);
  }

  servingOf(frameworkId: string): number {
    return this.serving.get(frameworkId) ?? 0;
  }

  isAlive(taskId: string): boolean {
    return this.alive.has(taskId);
  }

  aliveOn(agentId: string): string[] {
    return [...(this.byAgent.get(agentId) ?? [])].sort();
  }

  isAgentServing(agentId: string): boolean {
    return !this.unreachableAgents.has(agentId);
  }

  emit(timeMs: number, type: string, f: EventFields): void {
    this.nowMs = timeMs;
    if (type === 'task.launched') this.start(f.task as string, f.framework as string, f.agent as string);
    else if (type === 'task.status') {
      const state = f.state as TaskState;
      if (state === 'TASK_RUNNING') this.start(f.task as string, f.framework as string, f.agent as string);
      else if (this.detached === 0 && (TERMINAL_STATES.has(state) || state === 'TASK_UNREACHABLE')) this.stop(f.task as string);
    }
  }

  /** Run `fn` (which ends tasks in the master's books) without stopping them physically. */
  bookkeepingOnly(fn: () => void): void {
    this.detached++;
    try { fn(); } finally { this.detached--; }
  }

  /** Physical death (machine crash, non-checkpointed executor lost with its agent). */
  kill(taskId: string, timeMs: number): void {
    this.nowMs = timeMs;
    this.stop(taskId);
  }

  killAll(agentId: string, timeMs: number): void {
    this.nowMs = timeMs;
    for (const id of this.aliveOn(agentId)) this.stop(id);
  }

  /** The agent's machine went down or off the network (false), or is reachable again (true). */
  setAgentServing(agentId: string, on: boolean, timeMs: number): void {
    this.nowMs = timeMs;
    if (on === !this.unreachableAgents.has(agentId)) return;
    if (on) this.unreachableAgents.delete(agentId); else this.unreachableAgents.add(agentId);
    const perFw = new Map<string, number>();
    for (const id of this.aliveOn(agentId)) {
      const fw = this.alive.get(id)!.frameworkId;
      perFw.set(fw, (perFw.get(fw) ?? 0) + 1);
    }
    for (const [fw, n] of [...perFw].sort(([a], [b]) => (a < b ? -1 : 1))) this.bump(fw, on ? n : -n);
  }

  private start(taskId: string, frameworkId: string, agentId: string): void {
    if (this.alive.has(taskId)) return;
    this.alive.set(taskId, { frameworkId, agentId });
    let set = this.byAgent.get(agentId);
    if (!set) this.byAgent.set(agentId, (set = new Set()));
    set.add(taskId);
    if (this.isAgentServing(agentId)) this.bump(frameworkId, 1);
  }

  private stop(taskId: string): void {
    const t = this.alive.get(taskId);
    if (!t) return;
    this.alive.delete(taskId);
    this.byAgent.get(t.agentId)?.delete(taskId);
    if (this.isAgentServing(t.agentId)) this.bump(t.frameworkId, -1);
  }

  private bump(frameworkId: string, d: number): void {
    if (d === 0) return;
    const n = (this.serving.get(frameworkId) ?? 0) + d;
    this.serving.set(frameworkId, n);
    for (const l of this.listeners) l(frameworkId, n, this.nowMs);
  }
}
