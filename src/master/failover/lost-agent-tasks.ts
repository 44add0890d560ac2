/**
 * The tasks of the agents the master lost track of without forgetting them: agents marked
 * unreachable (Mesos keeps their tasks as the frameworks' `unreachableTasks`, mesos-semantics §6.2)
 * and agents marked gone (the registry's gone list; their tasks were answered
 * TASK_GONE_BY_OPERATOR / TASK_LOST, §5.3, §6.2). A kill of one of them is answered by
 * reconciliation (../kill-reconciliation.ts): TASK_UNREACHABLE or TASK_GONE_BY_OPERATOR to a
 * PARTITION_AWARE framework, TASK_LOST to others. What is remembered stands in for the agent id a
 * framework's KILL carries (docs/failures.md).
 *
 * - marked unreachable: its tasks are remembered as `unreachable`;
 * - reregistered (or rebooted and registered afresh): forgotten, the master has the agent (and what
 *   survived) again; a rebooted agent's old tasks are dead and Mesos would see a new agent id;
 * - marked gone: its tasks (those removed now, and those remembered as unreachable) are `gone`
 *   (master.cpp markGone moves an unreachable agent's tasks to the completed ones, answered
 *   TASK_GONE_BY_OPERATOR / TASK_LOST; the agent id stays in the gone list for good);
 * - machine DOWN: a registered agent is removed (`/machine/down` → removeSlave, §5.1), not marked
 *   gone; Mesos keeps no record of it, so nothing is remembered (a kill is answered as for an
 *   unknown agent). An agent unreachable when its machine goes DOWN stays unreachable at the
 *   master (/machine/down removes registered agents only): remembered as before.
 *
 * Memory, bounded as Mesos bounds the registry's unreachable and gone lists (mesos-semantics §8:
 * registry GC every 15 min, max agent age 2 weeks, max agent count 102400; master.cpp
 * `doRegistryGc` prunes each list, oldest first, and the master forgets the pruned unreachable
 * agents' tasks with them): each list (unreachable, gone) keeps at most `maxAgentCount` agents,
 * the oldest marked dropped first, and an agent marked longer ago than `maxAgentAgeMs` is
 * forgotten (its tasks' kills are then answered as for an unknown agent: TASK_UNKNOWN /
 * TASK_LOST). Deviation: pruned at once (on the next mark or look-up), not at the next 15-min GC
 * tick. Memory is O(tasks of at most 2 × maxAgentCount agents).
 */
import type { Task } from '../master-state.ts';
import type { TaskWhereabouts } from '../kill-reconciliation.ts';

/** `--registry_max_agent_age` / `--registry_max_agent_count` defaults (mesos-semantics §8, MK:123-127). */
export const REGISTRY_MAX_AGENT_AGE_MS = 14 * 24 * 3600 * 1000;
export const REGISTRY_MAX_AGENT_COUNT = 102_400;

export interface RegistryBounds {
  readonly maxAgentAgeMs: number;
  readonly maxAgentCount: number;
}

interface Remembered {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly jobId: string | null;
}

export class LostAgentTasks {
  /** task id → what the master knew of it */
  private readonly tasks = new Map<string, Remembered>();
  /**
   * agent → its remembered tasks, whether it is unreachable or gone, and when it was marked; in
   * the order marked (a Map keeps insertion order: the oldest first, for pruning)
   */
  private readonly byAgent = new Map<string, { agent: 'unreachable' | 'gone'; ids: string[]; atMs: number }>();
  private readonly bounds: RegistryBounds;
  /** agents in each list (the oldest is the first of that kind in byAgent) */
  private readonly counts = { unreachable: 0, gone: 0 };

  constructor(bounds: RegistryBounds = { maxAgentAgeMs: REGISTRY_MAX_AGENT_AGE_MS, maxAgentCount: REGISTRY_MAX_AGENT_COUNT }) {
    this.bounds = bounds;
  }

  /** The agent was marked unreachable at `nowMs` with these tasks (the master removed them). */
  unreachable(agentId: string, tasks: readonly Task[], nowMs = 0): void {
    this.set(agentId, 'unreachable', tasks.map((t) => ({ id: t.id, frameworkId: t.frameworkId, jobId: t.jobId })), nowMs);
  }

  /** The agent was marked gone at `nowMs`; `removed` are the tasks the master removed with it now. */
  gone(agentId: string, removed: readonly Task[], nowMs = 0): void {
    const list = this.unreachableTasksOf(agentId).map((t) => ({ id: t.id, frameworkId: t.frameworkId, jobId: t.jobId }));
    for (const t of removed) list.push({ id: t.id, frameworkId: t.frameworkId, jobId: t.jobId });
    this.set(agentId, 'gone', list, nowMs);
  }

  /** The tasks remembered for an agent marked unreachable (sorted by id), [] otherwise. */
  unreachableTasksOf(agentId: string): { readonly id: string; readonly frameworkId: string; readonly jobId: string | null }[] {
    const a = this.byAgent.get(agentId);
    if (!a || a.agent !== 'unreachable') return [];
    return a.ids.map((id) => ({ id, frameworkId: this.tasks.get(id)!.frameworkId, jobId: this.tasks.get(id)!.jobId }));
  }

  /** The master has the agent again (reregistered, registered afresh). */
  forget(agentId: string): void {
    const a = this.byAgent.get(agentId);
    if (!a) return;
    this.byAgent.delete(agentId);
    this.counts[a.agent]--;
    for (const id of a.ids) this.tasks.delete(id);
  }

  /** What the master remembers of `taskId` at `nowMs`, or null (never known, or pruned). */
  whereabouts(taskId: string, nowMs?: number): TaskWhereabouts | null {
    if (nowMs !== undefined) this.prune(nowMs);
    const t = this.tasks.get(taskId);
    if (!t) return null;
    return { frameworkId: t.frameworkId, agentId: t.agentId, agent: this.byAgent.get(t.agentId)!.agent, jobId: t.jobId };
  }

  /** How the registry lists this agent at `nowMs` (unreachable or gone), or null (not listed, or pruned). */
  listedAs(agentId: string, nowMs?: number): 'unreachable' | 'gone' | null {
    if (nowMs !== undefined) this.prune(nowMs);
    return this.byAgent.get(agentId)?.agent ?? null;
  }

  /** Tasks remembered (tests). */
  get size(): number {
    return this.tasks.size;
  }

  /** Agents remembered (tests). */
  get agents(): number {
    return this.byAgent.size;
  }

  private set(agentId: string, agent: 'unreachable' | 'gone', list: readonly { id: string; frameworkId: string; jobId: string | null }[], nowMs: number): void {
    this.forget(agentId);
    this.prune(nowMs);
    // An agent without tasks is listed too (the registry lists agents; a kill naming it is answered by its state).
    const ids = list.map((t) => t.id).sort();
    this.byAgent.set(agentId, { agent, ids, atMs: nowMs });
    this.counts[agent]++;
    for (const t of list) this.tasks.set(t.id, { frameworkId: t.frameworkId, agentId, jobId: t.jobId });
    // Over the count: the oldest marked of this list go first (registry GC, doRegistryGc).
    if (this.counts[agent] > this.bounds.maxAgentCount) {
      for (const [id, a] of this.byAgent) {
        if (this.counts[agent] <= this.bounds.maxAgentCount) break;
        if (a.agent === agent) this.forget(id);
      }
    }
  }

  /** Agents marked longer ago than the max age are forgotten (oldest first: stop at the first young one). */
  private prune(nowMs: number): void {
    for (const [id, a] of this.byAgent) {
      if (nowMs - a.atMs <= this.bounds.maxAgentAgeMs) break;
      this.forget(id);
    }
  }
}
