/**
 * A framework's explicit task reconciliation after it reregisters (Mesos docs/reconciliation.md:
 * "frameworks should reconcile … whenever a failure is detected"; MESOS-6250: after a master
 * failover), answered as master.cpp `reconcile` answers (../kill-reconciliation.ts).
 *
 * Why it matters here: an agent still recovering after a master failover that is marked gone, or
 * marked unreachable when its reregistration timeout ends, takes its tasks with it and no framework
 * is told (master.cpp `markGone`, MESOS-9739; `_markUnreachableAfterFailover`; docs/failures.md).
 * Only reconciliation tells the framework; without it the work waits on a task that no longer runs.
 *
 * On each reregistration (after a master failover, or a scheduler's own failover) the framework
 * asks about every task it believes is not terminal:
 *   - a task the master has on a registered agent: answered with its current state, which the
 *     framework already knows (not delivered, not logged: it changes nothing in any model);
 *   - a task on an agent still recovering: no answer (master.cpp `reconcile` case 2);
 *   - a task the framework was never told about: its recovering agent was marked gone (answered
 *     TASK_GONE_BY_OPERATOR to a PARTITION_AWARE framework, TASK_LOST to others; case 5) or marked
 *     unreachable at the end of its reregistration timeout (TASK_UNREACHABLE / TASK_LOST; case 4);
 *     TASK_UNKNOWN / TASK_LOST once the registry forgot the agent (case 6); reason `reconciliation`.
 * While some task is unanswered the framework asks again, after 15 s, then twice as long each time
 * up to 10 minutes (the backoff is ours: Mesos' docs ask for exponential backoff and name no
 * figures). A round ends when everything is answered; a new reregistration starts a new one.
 *
 * Answers are status updates, not transitions: logged `task.reconciled` with cause `reconcile`
 * (counted in summary.json `reconcileAnswers`), sent like any update (queued while the scheduler is
 * disconnected); no task count moves (the loss was counted when the agent was marked). A round
 * that answers or leaves something unanswered is logged `framework.reconcile`. A framework with
 * nothing to ask about (no task unannounced, none on a recovering agent) starts no round, so runs
 * without such tasks are unchanged.
 */
import type { EventFields, EventSink } from '../../core/event-sink.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import { reconciledState, sendReconciliationAnswer, type AgentAtMaster } from '../kill-reconciliation.ts';
import type { Master } from '../master.ts';

/** First retry of a round with unanswered tasks, and the cap of its doubling (ours, see above). */
export const RECONCILE_FIRST_RETRY_MS = 15_000;
export const RECONCILE_MAX_RETRY_MS = 600_000;

export interface ReconciliationHooks {
  /** The framework can talk to a master now (a master leads and its scheduler is connected). */
  canCall(frameworkId: string): boolean;
  /** The state of an agent at the master (recovering, registered, gone, …). */
  agentStatus(agentId: string): AgentAtMaster;
}

interface Unannounced {
  readonly agentId: string;
  readonly jobId: string | null;
}

export class ReregistrationReconciliation implements EventSink {
  private readonly sim: Simulation;
  private readonly master: Master;
  private readonly sink: EventSink;
  private readonly hooks: ReconciliationHooks;
  /** framework → tasks that ended without the framework being told (task id → where they ran) */
  private readonly unannounced = new Map<string, Map<string, Unannounced>>();
  /** framework → its round's pending retry and the delay of the one after it */
  private readonly rounds = new Map<string, { timer: number; nextDelayMs: number }>();
  private readonly retryKind: number;

  constructor(sim: Simulation, master: Master, sink: EventSink, hooks: ReconciliationHooks) {
    this.sim = sim;
    this.master = master;
    this.sink = sink;
    this.hooks = hooks;
    this.retryKind = sim.on('framework.reconcileRetry', (id: string) => this.ask(id));
  }

  emit(_t: number, type: string, f: EventFields): void {
    if (type === 'task.status' && f.unannounced === true) {
      const fw = String(f.framework);
      let tasks = this.unannounced.get(fw);
      if (!tasks) this.unannounced.set(fw, (tasks = new Map()));
      tasks.set(String(f.task), { agentId: String(f.agent), jobId: f.job === undefined ? null : String(f.job) });
    } else if (this.unannounced.size > 0 && ((type === 'task.reconciled' && f.cause === 'kill') || type === 'task.status')) {
      // The framework was told since: a kill of the task was answered, or its agent reregistered and
      // reported it (TASK_RUNNING again, or how it ended). It does not ask about it again.
      this.unannounced.get(String(f.framework))?.delete(String(f.task));
    } else if (type === 'framework.reregistered') {
      this.reregistered(String(f.framework));
    } else if (type === 'framework.removed') {
      this.forget(String(f.framework));
    }
  }

  /** A new round, asked at once (after the reregistration's own work at this instant). */
  private reregistered(frameworkId: string): void {
    const round = this.rounds.get(frameworkId);
    if (round) this.sim.cancel(round.timer);
    this.rounds.delete(frameworkId);
    if ((this.unannounced.get(frameworkId)?.size ?? 0) === 0 && this.onRecoveringAgents(frameworkId).length === 0) return;
    this.rounds.set(frameworkId, { timer: this.sim.after(0, this.retryKind, frameworkId), nextDelayMs: RECONCILE_FIRST_RETRY_MS });
  }

  private ask(frameworkId: string): void {
    const round = this.rounds.get(frameworkId);
    const fw = this.master.frameworks.get(frameworkId);
    if (!round || !fw) { this.forget(frameworkId); return; }
    // No master, or the scheduler is disconnected: nothing is asked; its reregistration starts a new round.
    if (!this.hooks.canCall(frameworkId)) { this.rounds.delete(frameworkId); return; }
    const partitionAware = fw.info.capabilities.includes('PARTITION_AWARE');
    const tasks = this.unannounced.get(frameworkId);
    const answered: string[] = [];
    for (const taskId of [...(tasks?.keys() ?? [])].sort()) {
      const t = tasks!.get(taskId)!;
      const state = reconciledState(this.hooks.agentStatus(t.agentId), partitionAware);
      if (state === null) continue; // never expected: an unannounced task's agent was marked gone or unreachable
      tasks!.delete(taskId);
      answered.push(taskId);
      sendReconciliationAnswer(this.master, this.sink, this.sim.now, { frameworkId, taskId, agentId: t.agentId, jobId: t.jobId, state, cause: 'reconcile' });
    }
    const unanswered = this.onRecoveringAgents(frameworkId);
    const retry = unanswered.length > 0;
    if (answered.length > 0 || retry) {
      this.sink.emit(this.sim.now, 'framework.reconcile', {
        framework: frameworkId, answered: answered.length, unanswered: unanswered.length, ...(retry ? { retryIn: round.nextDelayMs } : {}),
      });
    }
    if (!retry) { this.rounds.delete(frameworkId); return; }
    round.timer = this.sim.after(round.nextDelayMs, this.retryKind, frameworkId);
    round.nextDelayMs = Math.min(2 * round.nextDelayMs, RECONCILE_MAX_RETRY_MS);
  }

  /** The framework's tasks on agents still recovering after a master failover (case 2: no answer yet). */
  private onRecoveringAgents(frameworkId: string): string[] {
    const fw = this.master.frameworks.get(frameworkId);
    if (!fw) return [];
    const out: string[] = [];
    for (const taskId of fw.tasks) {
      const t = this.master.tasks.get(taskId);
      if (t && this.hooks.agentStatus(t.agentId) === 'recovering') out.push(taskId);
    }
    return out;
  }

  private forget(frameworkId: string): void {
    const round = this.rounds.get(frameworkId);
    if (round) this.sim.cancel(round.timer);
    this.rounds.delete(frameworkId);
    this.unannounced.delete(frameworkId);
  }
}
