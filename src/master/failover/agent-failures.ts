/**
 * Agent failures and agent failover (mesos-semantics §6.2): machines crash and reboot, networks
 * partition and heal, agent processes stop and restart; the master notices through socket closes,
 * missed pings (15 s × 5) and the reregistration timeout (10 min), and reacts as Mesos does:
 *
 * - socket closed: the agent is deactivated (offers rescinded, resources stay charged), tasks of
 *   frameworks that do not checkpoint are lost at once (their executors die with the agent);
 * - marked unreachable: the allocator drops the agent (no run triggered), tasks become
 *   TASK_UNREACHABLE (PARTITION_AWARE frameworks) or TASK_LOST, but whatever still runs keeps
 *   running; if the agent reregisters, those tasks are RUNNING again and the allocator sees a
 *   fresh addAgent with them as used resources;
 * - agent failover (process restart): with checkpointing the tasks survive a restart, and the agent
 *   is back as soon as it reregisters; a restart longer than the ping budget (75–90 s) gets it
 *   marked unreachable first;
 * - a machine reboot loses every task (the agent comes back as a fresh agent);
 * - a task that ends on an agent cut off from the master (network or agent process down) ends
 *   physically, but its status update waits on the agent and reaches the master, in order, when
 *   the agent reconnects or reregisters (§6.1, §6.2; held-updates.ts): its resources are freed only
 *   then; a task that ends while the agent is marked unreachable is reported at reregistration;
 * - a kill of a task on an agent cut off from the master is not delivered: the task runs on until the
 *   agent reconnects (the kill is sent then) or is marked unreachable (held-kills.ts).
 *
 * Deviation (docs/failures.md): a rebooted agent reuses its agent id (Mesos assigns a new one).
 */
import type { EventFields, EventSink } from '../../core/event-sink.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import type { AllocatorAgentInfo } from '../allocator/types.ts';
import type { Master } from '../master.ts';
import type { Task } from '../master-state.ts';
import type { TaskState } from '../scheduler.ts';
import type { AgentAtMaster } from '../kill-reconciliation.ts';
import { nextAgentState, pingDetectionMs, type AgentEvent, type AgentState, type PingOptions } from './agent-state.ts';
import { deliverHeldUpdates, type HeldUpdate } from './held-updates.ts';
import { HeldKills } from './held-kills.ts';
import { LostAgentTasks, type RegistryBounds } from './lost-agent-tasks.ts';
import { AGENT_GONE_REASON, goneTaskState, sendUnreachableGoneUpdates, type MarkGoneResult } from './agent-gone.ts';
import type { ServingTracker } from './serving-tracker.ts';

export interface AgentFailureOptions extends PingOptions {
  readonly reregisterTimeoutMs: number;
  /**
   * `--agent_removal_rate_limit` (§6.2; MF:160-166), e.g. 1/10mins as { permits: 1, perMs: 600000 }:
   * agents whose health check failed are marked unreachable at most this fast, in the order they
   * failed; one that answers again before its turn is not removed. Absent/null = unlimited (default).
   */
  readonly removalRateLimit?: { readonly permits: number; readonly perMs: number } | null;
  /**
   * `--recovery_agent_removal_limit` as a fraction (default 1 = 100%): when the reregistration
   * timeout after a master failover ends with more of the registry's agents still silent than
   * this, the master aborts and fails over again instead of marking them unreachable (MF; a human
   * is meant to look at such a widespread failure first).
   */
  readonly recoveryRemovalLimit?: number;
  /** `--registry_max_agent_age` / `--registry_max_agent_count` (mesos-semantics §8; lost-agent-tasks.ts); absent = 2 weeks / 102400. */
  readonly registry?: RegistryBounds;
}

export const DEFAULT_AGENT_FAILURE_OPTIONS: AgentFailureOptions = {
  pingTimeoutMs: 15_000, maxPingTimeouts: 5, reregisterTimeoutMs: 600_000,
};

interface AgentRecord {
  readonly id: string;
  info: AllocatorAgentInfo;
  state: AgentState;
  machineUp: boolean;
  /**
   * Crashed and not repaired yet. Kept apart from `machineUp`, which a maintenance DOWN also clears:
   * a repair does not boot a machine the operator took down, and the operator's UP does not boot
   * a machine still broken (it boots at its repair).
   */
  broken: boolean;
  networkUp: boolean;
  processUp: boolean;
  registeredAtMs: number;
  pingCheck: number | null;
  reregisterTimer: number | null;
  /** A health-check removal waiting for the removal rate limiter's permit. */
  removalTimer: number | null;
  /** Tasks the master removed (unreachable) that may still run; restored on reregistration. */
  orphans: Task[];
  /** Status updates the agent could not send yet (cut off from the master), oldest first. */
  held: HeldUpdate[];
  /** Timers of the orphans' ends (they run on while the master has removed them). */
  orphanEnds: Map<string, number>;
  /** Time spent not registered (down/unreachable/...) for metrics. */
  lastStateChangeMs: number;
}

export interface AgentFailureHooks {
  /** Does this framework checkpoint (FrameworkInfo.checkpoint)? Without it, tasks die with the agent process. */
  checkpointing(frameworkId: string): boolean;
  /** Master failover in progress: no leader, nothing is detected or registered. */
  masterDown(): boolean;
  /** Agents whose machine is DOWN for maintenance may not (re)register (§5.1). */
  maintenanceDown?(agentId: string): boolean;
  /** The operator deactivated (or is draining) the agent: reconnecting does not activate it (§5.3). */
  operatorDeactivated?(agentId: string): boolean;
  /** The recovery removal limit was exceeded: the master aborts (a new leader is elected). */
  recoveryLimitExceeded?(): void;
  /** The master deactivated the agent on a socket close, after rescinding its offers: its inverse offers go too (§6.2). */
  agentDeactivated?(agentId: string, reason: string): void;
  /** The master removed the agent (unreachable) and it reregistered: what the operator set for it applies again (§5.3). */
  agentReregistered?(agentId: string): void;
}

export class AgentFailures implements EventSink {
  readonly options: AgentFailureOptions;
  private readonly sim: Simulation;
  private readonly master: Master;
  private readonly sink: EventSink;
  private readonly tracker: ServingTracker;
  private readonly hooks: AgentFailureHooks;
  private readonly records = new Map<string, AgentRecord>();
  private readonly kinds: { ping: number; rereg: number; start: number; repair: number; heal: number; removal: number; orphanEnd: number };
  /** When the removal rate limiter next has a permit (ms; fractional, as Mesos' RateLimiter spaces them). */
  private nextRemovalPermitMs = Number.NEGATIVE_INFINITY;
  /** kills the master could not send to a cut-off agent (held-kills.ts) */
  readonly heldKills = new HeldKills();
  /** tasks of agents marked unreachable or gone, to answer a kill of one (lost-agent-tasks.ts, ../kill-reconciliation.ts) */
  readonly lostTasks: LostAgentTasks;
  /** time (ms) each agent spent in each non-registered state, for summary.json */
  readonly stateTimeMs = new Map<string, number>();

  constructor(sim: Simulation, master: Master, sink: EventSink, tracker: ServingTracker, hooks: AgentFailureHooks, options: AgentFailureOptions = DEFAULT_AGENT_FAILURE_OPTIONS) {
    this.sim = sim;
    this.master = master;
    this.sink = sink;
    this.tracker = tracker;
    this.hooks = hooks;
    this.options = options;
    this.lostTasks = new LostAgentTasks(options.registry);
    this.kinds = {
      ping: sim.on('agent.pingCheck', (p: { agent: string; since: number }) => this.onPingCheck(p.agent, p.since)),
      rereg: sim.on('agent.reregisterTimeout', (id: string) => this.onReregisterTimeout(id)),
      start: sim.on('agent.processStart', (id: string) => this.startProcess(id)),
      repair: sim.on('agent.machineRepair', (id: string) => this.repairMachine(id)),
      heal: sim.on('agent.networkHeal', (id: string) => this.healNetwork(id)),
      removal: sim.on('agent.removalPermit', (id: string) => this.onRemovalPermit(id)),
      orphanEnd: sim.on('agent.orphanEnd', (p: { agent: string; task: string }) => this.onOrphanEnd(p.agent, p.task)),
    };
  }

  /** Sees agent.added to learn agents and their ping phase. */
  emit(timeMs: number, type: string, f: EventFields): void {
    if (type !== 'agent.added') return;
    const id = f.agent as string;
    const info = this.master.agents.get(id)?.info;
    if (!info) return;
    const r = this.records.get(id);
    if (r) { r.info = info; r.registeredAtMs = timeMs; return; }
    this.records.set(id, {
      id, info, state: 'registered', machineUp: true, broken: false, networkUp: true, processUp: true, registeredAtMs: timeMs,
      pingCheck: null, reregisterTimer: null, removalTimer: null, orphans: [], held: [], orphanEnds: new Map(), lastStateChangeMs: timeMs,
    });
  }

  state(agentId: string): AgentState | null {
    return this.records.get(agentId)?.state ?? null;
  }

  isAnswering(agentId: string): boolean {
    const r = this.records.get(agentId);
    return !!r && r.machineUp && r.networkUp && r.processUp;
  }

  agentIds(): string[] {
    return [...this.records.keys()].sort();
  }

  info(agentId: string): AllocatorAgentInfo | null {
    return this.records.get(agentId)?.info ?? null;
  }

  // ---- physical events ----------------------------------------------------------------------

  /**
   * The operator removed the agent (timeline `removeAgent`): its machine leaves the cluster, as a
   * Mesos agent the master removes is shut down. Its record goes, so no health check, failure or
   * repair brings it back (a crash and repair after the removal re-registered it).
   */
  decommission(agentId: string): void {
    const r = this.records.get(agentId);
    if (!r) return;
    this.clearTimers(r);
    this.dropOrphans(r);
    this.addStateTime(this.stateTimeMs, r, this.sim.now); // its time in its last state ends here
    this.records.delete(agentId);
  }

  /** Machine crash / power loss: every task dies now; the master finds out by missed pings. */
  failMachine(agentId: string, repairAfterMs: number | null = null): void {
    const r = this.records.get(agentId);
    if (!r || !r.machineUp) return;
    const wasAnswering = this.isAnswering(agentId);
    r.machineUp = false;
    r.broken = true;
    r.processUp = false;
    this.dropOrphans(r);
    this.sink.emit(this.sim.now, 'agent.machine', { agent: agentId, up: false });
    this.tracker.killAll(agentId, this.sim.now);
    this.tracker.setAgentServing(agentId, false, this.sim.now);
    if (wasAnswering) this.fellSilent(r);
    if (repairAfterMs !== null) this.sim.after(repairAfterMs, this.kinds.repair, agentId);
  }

  /**
   * The machine is repaired and boots: a fresh agent, its old tasks are gone. Only a crashed machine
   * is repaired; one DOWN for maintenance stays off until the operator brings it UP (§5.1).
   */
  repairMachine(agentId: string): void {
    const r = this.records.get(agentId);
    if (!r || !r.broken) return;
    r.broken = false;
    if (r.state === 'down' && this.hooks.maintenanceDown?.(agentId)) return;
    r.machineUp = true;
    r.processUp = true;
    this.sink.emit(this.sim.now, 'agent.machine', { agent: agentId, up: true });
    this.tracker.setAgentServing(agentId, r.networkUp, this.sim.now);
    this.cameBack(r, true);
  }

  /** Network partition: tasks keep running but nobody (master, clients) reaches them. */
  partition(agentId: string, healAfterMs: number | null = null): void {
    const r = this.records.get(agentId);
    if (!r || !r.networkUp) return;
    const wasAnswering = this.isAnswering(agentId);
    r.networkUp = false;
    this.sink.emit(this.sim.now, 'agent.network', { agent: agentId, up: false });
    this.tracker.setAgentServing(agentId, false, this.sim.now);
    if (wasAnswering) this.fellSilent(r);
    if (healAfterMs !== null) this.sim.after(healAfterMs, this.kinds.heal, agentId);
  }

  healNetwork(agentId: string): void {
    const r = this.records.get(agentId);
    if (!r || r.networkUp) return;
    r.networkUp = true;
    this.sink.emit(this.sim.now, 'agent.network', { agent: agentId, up: true });
    this.tracker.setAgentServing(agentId, r.machineUp, this.sim.now);
    this.cameBack(r, false);
  }

  /**
   * Agent failover: the agent process stops (e.g. to upgrade it) and restarts after `durationMs`.
   * The master sees the socket close at once (§6.2).
   */
  restartProcess(agentId: string, durationMs: number): void {
    this.stopProcess(agentId);
    this.sim.after(durationMs, this.kinds.start, agentId);
  }

  stopProcess(agentId: string): void {
    const r = this.records.get(agentId);
    if (!r || !r.processUp || !r.machineUp) return;
    const wasAnswering = this.isAnswering(agentId);
    r.processUp = false;
    this.sink.emit(this.sim.now, 'agent.process', { agent: agentId, up: false });
    // Executors of frameworks that do not checkpoint die with the agent process.
    const agent = this.master.agents.get(agentId);
    const doomed = new Set<string>();
    for (const id of agent ? [...agent.tasks].sort() : this.tracker.aliveOn(agentId)) {
      const t = this.master.tasks.get(id);
      const fw = t?.frameworkId;
      if (fw !== undefined && !this.hooks.checkpointing(fw)) doomed.add(id);
    }
    for (const o of r.orphans) if (!this.hooks.checkpointing(o.frameworkId)) { doomed.add(o.id); }
    r.orphans = r.orphans.filter((o) => !doomed.has(o.id));
    if (r.networkUp && !this.hooks.masterDown() && (r.state === 'registered')) {
      // The master sees the socket close: deactivate, lose the non-checkpointed tasks (§6.2).
      this.transition(r, 'socketClosed');
      this.master.deactivateAgent(agentId, 'agent disconnected');
      this.hooks.agentDeactivated?.(agentId, 'agent disconnected');
      for (const id of [...doomed].sort()) if (this.master.tasks.has(id)) this.master.endTask(id, 'TASK_LOST', 'agent disconnected');
      this.armReregisterTimer(r);
    } else {
      // Cut off from the master: it learns that these executors are gone when the agent is back.
      for (const id of [...doomed].sort()) {
        const t = this.master.tasks.get(id);
        if (t && this.tracker.isAlive(id)) r.held.push({ task: { ...t }, state: 'TASK_LOST', reason: 'agent disconnected', atMs: this.sim.now });
      }
    }
    for (const id of [...doomed].sort()) this.tracker.kill(id, this.sim.now);
    if (wasAnswering) this.fellSilent(r);
  }

  startProcess(agentId: string): void {
    const r = this.records.get(agentId);
    if (!r || r.processUp || !r.machineUp) return;
    r.processUp = true;
    this.sink.emit(this.sim.now, 'agent.process', { agent: agentId, up: true });
    this.cameBack(r, false);
  }

  // ---- operator actions (maintenance) -------------------------------------------------------

  /**
   * Machine DOWN (§5.1): the agent is told to shut down and removed at once; its tasks are
   * TASK_GONE_BY_OPERATOR (partition-aware) or TASK_LOST; the machine goes off for its maintenance.
   */
  machineDown(agentId: string): void {
    const r = this.records.get(agentId);
    if (!r || r.state === 'down' || r.state === 'gone') return;
    const from = r.state;
    this.transition(r, 'machineDown');
    this.clearTimers(r);
    if (from !== 'unreachable' && this.master.agents.has(agentId)) {
      this.removeFromMaster(r, (fw) => goneTaskState(this.partitionAware(fw)), 'machine down for maintenance', true); // operator removal (§6.2)
    }
    this.dropOrphans(r);
    // Removed, not gone: a kill of one of its tasks is answered as for an unknown agent (lost-agent-tasks.ts).
    this.tracker.killAll(agentId, this.sim.now);
    r.machineUp = false;
    r.processUp = false;
    this.tracker.setAgentServing(agentId, false, this.sim.now);
  }

  /** Machine UP (§5.1): the machine boots and its agent registers afresh. */
  machineUp(agentId: string): void {
    const r = this.records.get(agentId);
    if (!r || r.state !== 'down' || r.broken) return; // a broken machine boots at its repair
    r.machineUp = true;
    r.processUp = true;
    this.tracker.setAgentServing(agentId, r.networkUp, this.sim.now);
    if (!r.networkUp || this.hooks.masterDown()) return; // it registers when it reaches a master (cameBack)
    this.registerAfresh(r);
  }

  /** The agent of a machine back UP registers as a new agent (§5.1). */
  private registerAfresh(r: AgentRecord): void {
    this.transition(r, 'machineUp');
    this.master.addAgent(r.info);
  }

  /**
   * MARK_AGENT_GONE (operator API; DRAIN_AGENT mark_gone, §5.3; operator removal, §6.2), as Mesos
   * `_markAgentGone` / `markGone` (agent-gone.ts): a registered, disconnected, recovering or
   * unreachable agent is removed for good; its tasks are TASK_GONE_BY_OPERATOR (PARTITION_AWARE) or
   * TASK_LOST, reason `agent marked gone` (an unreachable agent's tasks get these as a second
   * update); the agent is shut down now if it answers, else when it next reaches the master. An
   * agent already gone: nothing ('already gone', 200 OK); removed (machine DOWN) or never
   * registered: 'not found' (404). Logged `agent.gone` / `agent.gone.refused`.
   */
  markGone(agentId: string): MarkGoneResult {
    const r = this.records.get(agentId);
    const refused = r === undefined || r.state === 'down' ? 'not found' : r.state === 'gone' ? 'already gone' : null;
    if (refused !== null || r === undefined) {
      this.sink.emit(this.sim.now, 'agent.gone.refused', { agent: agentId, reason: refused ?? 'not found', ...(r ? { state: r.state } : {}) });
      return refused ?? 'not found';
    }
    const from = r.state;
    const registered = this.master.agents.get(agentId);
    const unreachableTasks = registered ? [] : this.lostTasks.unreachableTasksOf(agentId);
    this.transition(r, 'markGone');
    this.clearTimers(r);
    this.sink.emit(this.sim.now, 'agent.gone', { agent: agentId, from, tasks: registered ? registered.tasks.size : unreachableTasks.length });
    const answering = this.isAnswering(agentId);
    // Registered: removed with its tasks, as __removeSlave without an unreachable time. Recovering: Mesos has
    // no task metadata for it and tells no framework (markGone, MESOS-9739; §6.4): removed here too, unannounced.
    const removed = registered ? this.removeFromMaster(r, (fw) => goneTaskState(this.partitionAware(fw)), AGENT_GONE_REASON, answering, from !== 'recovering') : [];
    // Unreachable: its unreachable tasks are told now (markGone, slaves.unreachableTasks); still running or not, they serve nobody.
    if (unreachableTasks.length > 0) this.tracker.bookkeepingOnly(() => sendUnreachableGoneUpdates(this.master, this.sink, this.sim.now, agentId, unreachableTasks));
    this.heldKills.drop(agentId); // the master forgets the kills it held for the agent
    this.lostTasks.gone(agentId, removed, this.sim.now); // a kill of one of its tasks is answered TASK_GONE_BY_OPERATOR / TASK_LOST (lost-agent-tasks.ts)
    if (answering) this.shutDown(r);
    return 'gone';
  }

  /**
   * ShutdownMessage "Agent has been marked gone" (master.cpp markGone, ___reregisterSlave): the
   * agent kills its tasks and exits; what it held for the master is gone with it.
   */
  private shutDown(r: AgentRecord): void {
    this.sink.emit(this.sim.now, 'agent.shutdown', { agent: r.id, reason: AGENT_GONE_REASON });
    this.dropOrphans(r);
    this.tracker.killAll(r.id, this.sim.now);
    r.processUp = false;
  }

  // ---- master failover (called by master-failover.ts) ---------------------------------------

  /**
   * A new leader: agents that answer reregister (the caller re-adds them to the allocator);
   * silent ones are `recovering` and must reregister within the reregistration timeout (§6.4).
   * Returns the agents that reregister now.
   */
  onMasterElected(): { answering: string[]; silent: string[] } {
    const answering: string[] = [];
    const silent: string[] = [];
    for (const id of this.agentIds()) {
      const r = this.records.get(id)!;
      if (!this.master.agents.has(id)) continue;
      this.clearTimers(r);
      if (this.isAnswering(id)) {
        if (r.state !== 'registered') this.transition(r, 'reregistered');
        answering.push(id);
      } else {
        this.transition(r, 'masterElectedSilent');
        silent.push(id);
        this.armReregisterTimer(r);
      }
    }
    return { answering, silent };
  }

  /**
   * Master hook for a task that ends on its agent (its run time is over, or its executor reports a
   * terminal state) (§6.1, §6.2): an agent that cannot reach the master keeps the update (its
   * status update manager retries it until acknowledged) and sends it
   * when it is back; the master's books, and the allocator, keep the task until then. A task that
   * died meanwhile (its machine crashed, its executor died with the agent process) does not finish.
   * Returns true when the update is held (or void): the master must not apply it now.
   */
  holdTaskEnd(taskId: string, state: TaskState = 'TASK_FINISHED', reason?: string): boolean {
    const t = this.master.tasks.get(taskId);
    const r = t ? this.records.get(t.agentId) : undefined;
    // While no master leads, an answering agent holds its updates too (retrying them until a master
    // acknowledges): they reach the new leader when the agent reregisters at the election.
    if (!t || !r || (this.isAnswering(r.id) && !this.hooks.masterDown())) return false;
    if (t.endHandle !== null) this.sim.cancel(t.endHandle); // ended now: its run-time timer is moot
    t.endHandle = null;
    if (!this.tracker.isAlive(taskId)) return true;
    this.tracker.kill(taskId, this.sim.now);
    r.held.push({ task: { ...t }, state, ...(reason !== undefined ? { reason } : {}), atMs: this.sim.now });
    return true;
  }

  /**
   * Master hook for a framework's kill (§6.2; held-kills.ts): the task's agent cannot be reached
   * (partitioned, agent process or machine down, the master may not know yet), so the kill is not
   * delivered and the task runs on; returns true when the kill is held.
   */
  holdKill(taskId: string): boolean {
    const t = this.master.tasks.get(taskId);
    // (A task unknown to the master is answered by the master: ../kill-reconciliation.ts.)
    const r = t ? this.records.get(t.agentId) : undefined;
    if (!t || !r || this.isAnswering(r.id)) return false;
    this.heldKills.hold(this.sink, this.sim.now, r.id, taskId, t.frameworkId);
    return true;
  }

  /** Registry agents still to reregister after a master failover (a kill without an agent is not answered then). */
  anyRecovering(): boolean {
    for (const r of this.records.values()) if (r.state === 'recovering') return true;
    return false;
  }

  /**
   * What the master knows of this agent id, for explicit reconciliation (../kill-reconciliation.ts;
   * master.cpp `reconcile` looks in `slaves.recovered`, `registered`, `unreachable`, `gone`):
   * registered (also when its socket closed), recovering, unreachable or gone while the registry
   * lists it (lost-agent-tasks.ts; pruned: unknown), otherwise unknown (removed with its machine DOWN).
   */
  statusAtMaster(agentId: string, nowMs: number): AgentAtMaster {
    const r = this.records.get(agentId);
    if (!r) return this.master.agents.has(agentId) ? 'registered' : 'unknown';
    if (r.state === 'registered' || r.state === 'disconnected') return 'registered';
    if (r.state === 'recovering') return 'recovering';
    return this.lostTasks.listedAs(agentId, nowMs) ?? 'unknown';
  }

  /** Updates held on this agent, oldest first (tests, metrics). */
  heldUpdates(agentId: string): readonly HeldUpdate[] {
    return this.records.get(agentId)?.held ?? [];
  }

  /**
   * After an election, once the new allocator knows the registry's agents: the agents that answered
   * send what they held; unreachable agents that came back while no master led reregister now.
   */
  afterElection(answering: readonly string[]): void {
    for (const id of answering) { this.deliverHeld(this.records.get(id)!); this.heldKills.deliver(this.master, id); }
    for (const id of this.agentIds()) {
      const r = this.records.get(id)!;
      if ((r.state === 'unreachable' || r.state === 'gone') && this.isAnswering(id)) this.cameBack(r, false);
    }
  }

  // ---- internals ----------------------------------------------------------------------------

  private deliverHeld(r: AgentRecord): void {
    if (r.held.length === 0) return;
    const held = r.held;
    r.held = [];
    deliverHeldUpdates(this.master, this.sink, this.sim.now, held);
  }

  /** An orphan (running on an agent the master marked unreachable) reaches its end (§6.2). */
  private onOrphanEnd(agentId: string, taskId: string): void {
    const r = this.records.get(agentId);
    if (!r) return;
    r.orphanEnds.delete(taskId);
    const t = r.orphans.find((o) => o.id === taskId);
    if (!t) return;
    r.orphans = r.orphans.filter((o) => o !== t);
    if (!this.tracker.isAlive(taskId)) return;
    this.tracker.kill(taskId, this.sim.now);
    r.held.push({ task: t, state: 'TASK_FINISHED', atMs: this.sim.now });
  }

  /** The agent's tasks are dead or handed back to the master: no orphan ends, nothing left to say. */
  private dropOrphans(r: AgentRecord): void {
    for (const h of r.orphanEnds.values()) this.sim.cancel(h);
    r.orphanEnds.clear();
    r.orphans = [];
    r.held = [];
    this.heldKills.drop(r.id);
  }


  private fellSilent(r: AgentRecord): void {
    if (r.state !== 'registered' && r.state !== 'disconnected') return;
    if (r.pingCheck !== null) return;
    const at = pingDetectionMs(r.registeredAtMs, this.sim.now, this.options);
    r.pingCheck = this.sim.at(at, this.kinds.ping, { agent: r.id, since: this.sim.now });
  }

  private onPingCheck(agentId: string, _since: number): void {
    const r = this.records.get(agentId);
    if (!r) return;
    r.pingCheck = null;
    if (this.isAnswering(agentId) || this.hooks.masterDown()) return;
    if (r.state === 'registered' || r.state === 'disconnected') this.removeAfterHealthCheck(r);
  }

  /**
   * Health check failed: mark the agent unreachable now, or — with a removal rate limit — when the
   * limiter grants the next permit (MC: `slaves.limiter->acquire()` before markUnreachable). Permits
   * are perMs / permits apart; a removal cancelled by a late pong still used its permit, as in Mesos.
   */
  private removeAfterHealthCheck(r: AgentRecord): void {
    const limit = this.options.removalRateLimit;
    if (!limit) { this.markUnreachable(r, 'health check timed out', 'pingTimeouts'); return; }
    const at = Math.max(this.sim.now, this.nextRemovalPermitMs);
    this.nextRemovalPermitMs = at + limit.perMs / limit.permits;
    if (Math.ceil(at) <= this.sim.now) { this.markUnreachable(r, 'health check timed out', 'pingTimeouts'); return; }
    r.removalTimer = this.sim.at(Math.ceil(at), this.kinds.removal, r.id);
    this.sink.emit(this.sim.now, 'agent.removal.scheduled', { agent: r.id, at: Math.ceil(at) });
  }

  private onRemovalPermit(agentId: string): void {
    const r = this.records.get(agentId);
    if (!r || r.removalTimer === null) return;
    r.removalTimer = null;
    if (this.hooks.masterDown()) return;
    if (r.state === 'registered' || r.state === 'disconnected') this.markUnreachable(r, 'health check timed out', 'pingTimeouts');
  }

  private onReregisterTimeout(agentId: string): void {
    const r = this.records.get(agentId);
    if (!r) return;
    r.reregisterTimer = null;
    if (this.hooks.masterDown()) return;
    if (r.state === 'recovering' && this.recoveryLimitExceeded()) return;
    if (r.state === 'disconnected' || r.state === 'recovering') this.markUnreachable(r, 'reregistration timed out', 'reregisterTimeout');
  }

  /**
   * The post-recovery removal check (MC recoveredSlavesTimeout): the share of the registry's agents
   * still recovering when their reregistration timeout ends. Over the limit, the master aborts.
   */
  private recoveryLimitExceeded(): boolean {
    const limit = this.options.recoveryRemovalLimit ?? 1;
    if (limit >= 1) return false;
    let recovering = 0, registry = 0;
    for (const id of this.agentIds()) {
      if (!this.master.agents.has(id)) continue;
      registry++;
      if (this.records.get(id)!.state === 'recovering') recovering++;
    }
    if (registry === 0 || recovering / registry <= limit) return false;
    this.sink.emit(this.sim.now, 'master.recoveryRemovalLimit', { recovering, agents: registry, limit });
    this.hooks.recoveryLimitExceeded?.();
    return true;
  }

  private armReregisterTimer(r: AgentRecord): void {
    if (r.reregisterTimer !== null) this.sim.cancel(r.reregisterTimer);
    r.reregisterTimer = this.sim.after(this.options.reregisterTimeoutMs, this.kinds.rereg, r.id);
  }

  private clearTimers(r: AgentRecord): void {
    if (r.pingCheck !== null) this.sim.cancel(r.pingCheck);
    if (r.reregisterTimer !== null) this.sim.cancel(r.reregisterTimer);
    if (r.removalTimer !== null) this.sim.cancel(r.removalTimer);
    r.pingCheck = null;
    r.reregisterTimer = null;
    r.removalTimer = null;
  }

  /** §6.2: allocator removeSlave (no run), tasks UNREACHABLE / LOST; what still runs keeps running. */
  private markUnreachable(r: AgentRecord, reason: string, event: 'pingTimeouts' | 'reregisterTimeout'): void {
    // A recovering agent (silent since a master failover) is marked unreachable without a status
    // update for its tasks: Mesos has no task metadata for it (§6.4; master.cpp
    // `_markUnreachableAfterFailover` sends frameworks a LostSlaveMessage only: master.ts
    // sendAgentLost, which only the analytics model acts on). Its tasks are logged unannounced;
    // frameworks learn of them by reconciling (reregistration-reconciliation.ts: TASK_UNREACHABLE / TASK_LOST).
    const announce = r.state !== 'recovering';
    this.transition(r, event);
    this.clearTimers(r);
    this.sink.emit(this.sim.now, 'agent.unreachable', { agent: r.id, reason });
    const tasks = this.removeFromMaster(r, (fw) => (this.partitionAware(fw) ? 'TASK_UNREACHABLE' : 'TASK_LOST'), reason, false, announce);
    this.heldKills.drop(r.id); // forgotten with the master's record of the agent (held-kills.ts)
    this.lostTasks.unreachable(r.id, tasks, this.sim.now); // a kill of one of them is answered (lost-agent-tasks.ts)
    r.orphans = tasks.filter((t) => this.tracker.isAlive(t.id));
    // They run on (the master cancelled its end timers with the tasks): each ends on the agent.
    for (const t of r.orphans) {
      if (t.durationMs === null) continue;
      const at = Math.max(this.sim.now, t.launchedAtMs + t.durationMs);
      r.orphanEnds.set(t.id, this.sim.at(at, this.kinds.orphanEnd, { agent: r.id, task: t.id }));
    }
  }

  /** The agent answers again: reconnect, reregister (with surviving tasks), or register afresh. */
  private cameBack(r: AgentRecord, rebooted: boolean): void {
    if (!this.isAnswering(r.id)) return;
    if (r.pingCheck !== null) { this.sim.cancel(r.pingCheck); r.pingCheck = null; }
    if (r.removalTimer !== null) { // a late pong cancels the pending removal (§6.2)
      this.sim.cancel(r.removalTimer);
      r.removalTimer = null;
      this.sink.emit(this.sim.now, 'agent.removal.cancelled', { agent: r.id });
    }
    if (this.hooks.masterDown()) return;
    if (r.state === 'down') { // its machine came UP while it could not reach the master
      if (r.machineUp && !this.hooks.maintenanceDown?.(r.id)) this.registerAfresh(r);
      return;
    }
    if (r.state === 'gone') { this.shutDown(r); return; } // refused: marked gone (___reregisterSlave)
    if (this.hooks.maintenanceDown?.(r.id)) return;
    this.lostTasks.forget(r.id); // reregistering: the master has the agent (and what survived) again
    if (rebooted) {
      // A rebooted agent registers anew; the master drops the old one and its (dead) tasks.
      if (this.master.agents.has(r.id)) this.removeFromMaster(r, () => 'TASK_LOST', 'agent rebooted', true);
      this.dropOrphans(r);
      if (r.state !== 'registered') this.transition(r, 'reregistered');
      this.clearTimers(r);
      this.master.addAgent(r.info);
      return;
    }
    if (r.state === 'disconnected' || r.state === 'recovering') {
      this.transition(r, 'reregistered');
      this.clearTimers(r);
      // Mesos keeps an agent the operator deactivated or is draining deactivated across a
      // reconnection (slaves.deactivated / slaves.draining survive it); only REACTIVATE_AGENT lifts it.
      if (!this.hooks.operatorDeactivated?.(r.id)) this.master.activateAgent(r.id);
      this.sink.emit(this.sim.now, 'agent.reconnected', { agent: r.id });
    } else if (r.state === 'unreachable') {
      this.transition(r, 'reregistered');
      const orphans = r.orphans.filter((t) => this.tracker.isAlive(t.id));
      for (const h of r.orphanEnds.values()) this.sim.cancel(h); // the master times the survivors again
      r.orphanEnds.clear();
      r.orphans = [];
      for (const t of orphans) if (!this.master.frameworks.has(t.frameworkId)) this.tracker.kill(t.id, this.sim.now); // framework gone: killed
      this.master.reregisterAgent(r.info, orphans);
      this.hooks.agentReregistered?.(r.id);
    }
    // The status update manager resends what the master has not acknowledged (§6.1, §6.2); then the
    // master re-sends the kills the agent missed for tasks still running there (§6.2, held-kills.ts).
    this.deliverHeld(r);
    this.heldKills.deliver(this.master, r.id);
  }

  private removeFromMaster(r: AgentRecord, stateFor: (frameworkId: string) => TaskState, reason: string, physical: boolean, notify = true): Task[] {
    const agent = this.master.agents.get(r.id);
    if (!agent) return [];
    r.info = agent.info;
    const tasks = [...agent.tasks].sort().map((id) => this.master.tasks.get(id)!).filter(Boolean).map((t) => ({ ...t }));
    const run = () => this.master.duringAgentTransition(r.id, () => {
      for (const t of tasks) this.master.endTask(t.id, stateFor(t.frameworkId), reason, false, notify);
      this.master.removeAgent(r.id);
    });
    if (physical) run(); else this.tracker.bookkeepingOnly(run);
    return tasks;
  }

  private partitionAware(frameworkId: string): boolean {
    return this.master.frameworks.get(frameworkId)?.info.capabilities.includes('PARTITION_AWARE') ?? false;
  }

  /**
   * Time agents spent per state up to `atMs`, the states they are still in included (until session
   * 22 only closed stays counted: an agent registered all run long added nothing).
   */
  stateTimeMsUntil(atMs: number): Map<string, number> {
    const out = new Map(this.stateTimeMs);
    for (const r of this.records.values()) this.addStateTime(out, r, atMs);
    return out;
  }

  private addStateTime(into: Map<string, number>, r: AgentRecord, atMs: number): void {
    if (atMs > r.lastStateChangeMs) into.set(r.state, (into.get(r.state) ?? 0) + (atMs - r.lastStateChangeMs));
  }

  private transition(r: AgentRecord, e: AgentEvent): void {
    const next = nextAgentState(r.state, e);
    if (next === null) throw new Error(`agent ${r.id}: ${e} in state ${r.state}`);
    if (next === r.state) return;
    this.addStateTime(this.stateTimeMs, r, this.sim.now);
    r.lastStateChangeMs = this.sim.now;
    this.sink.emit(this.sim.now, 'agent.state', { agent: r.id, from: r.state, to: next, event: e });
    r.state = next;
  }
}
