/**
 * Master failover (mesos-semantics §6.4, §1.1): the leading master dies; after an election delay a
 * new leader recovers the registry (agents, maintenance schedule and machine modes, drained and
 * deactivated agents, weights, quota) but starts a **fresh allocator**: outstanding offers, offer
 * and inverse-offer filters, sorter allocation counts and inverse-offer statuses are gone.
 *
 * - While no master leads, offers are void, schedulers and agents cannot talk to the master
 *   (status updates and scheduler timers wait), nothing is detected (no pings).
 * - At election, agents that answer reregister with their running tasks as used resources; silent
 *   ones must reregister within the agent reregistration timeout (10 min) or are marked
 *   unreachable. Frameworks reregister (→ activated, which triggers a run over all agents).
 * - With quota configured (and agents in the registry) the allocator stays paused until
 *   floor(0.8 × expected agents) have reregistered or 10 minutes have passed (HA:675-730).
 *
 * Deviation (docs/failures.md): frameworks are re-added to the allocator inactive at the failure
 * instant (Mesos adds them when they or their agents reregister); calls a scheduler makes while no
 * master leads are applied to the new allocator as if re-sent on reregistration.
 */
import type { EventFields, EventSink } from '../../core/event-sink.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import { add, EMPTY, type Resources } from '../../cluster/resources.ts';
import type { Master } from '../master.ts';
import type { AgentFailures } from './agent-failures.ts';

export interface MasterFailoverOptions {
  /** Agents must reach floor(factor × expected) before a quota-paused allocator resumes (0.8). */
  readonly recoveryAgentFactor: number;
  /** …or this long after the election (10 min). */
  readonly recoveryTimeoutMs: number;
  /** Delay between the election and each framework's reregistration. */
  readonly frameworkReregisterDelayMs: number;
}

export const DEFAULT_MASTER_FAILOVER_OPTIONS: MasterFailoverOptions = {
  recoveryAgentFactor: 0.8, recoveryTimeoutMs: 600_000, frameworkReregisterDelayMs: 0,
};

export interface MasterFailoverHooks {
  /** Initial weights (scenario) — setWeight ones are in master.roleWeights. */
  readonly weights: Readonly<Record<string, number>>;
  /** Is any quota configured? (read from the master at failover time; none = none) */
  quotaConfigured(): boolean;
  /** Frameworks whose scheduler is itself disconnected do not reregister. */
  schedulerConnected(frameworkId: string): boolean;
  /** Schedulers that came back while no master led, with the calls held for them (they reregister at the election). */
  schedulersReturned?(): Map<string, (() => void)[]>;
  /** Hand calls held for a framework whose scheduler is disconnected to its scheduler's own queue (false: not disconnected). */
  holdForDisconnected?(frameworkId: string, calls: readonly (() => void)[]): boolean;
  /** Called after the allocator was rebuilt and agents re-added (maintenance state re-applied). */
  onRecovered?(): void;
  /** Called at the failure instant (inverse offers void). */
  onFailed?(): void;
}

export class MasterFailover implements EventSink {
  readonly options: MasterFailoverOptions;
  private readonly sim: Simulation;
  private readonly master: Master;
  private readonly sink: EventSink;
  private readonly agents: AgentFailures;
  private readonly hooks: MasterFailoverHooks;
  private down = false;
  private queued = new Map<string, (() => void)[]>();
  /**
   * Frameworks the new master does not activate when they reregister: inactive when the master
   * failed, or deactivated by the operator while they awaited reregistration.
   */
  private readonly leftInactive = new Set<string>();
  /** The quota recovery pause (§1.1): the agents back so far, each counted once. */
  private pausedForRecovery: { expected: number; needed: number; back: Set<string>; timer: number } | null = null;
  private readonly kinds: { elected: number; fwBack: number; recoveryTimeout: number };
  readonly failovers: { failedAtMs: number; electedAtMs: number | null; resumedAtMs: number | null; pausedForQuota: boolean }[] = [];

  constructor(sim: Simulation, master: Master, sink: EventSink, agents: AgentFailures, hooks: MasterFailoverHooks, options: MasterFailoverOptions = DEFAULT_MASTER_FAILOVER_OPTIONS) {
    this.sim = sim;
    this.master = master;
    this.sink = sink;
    this.agents = agents;
    this.hooks = hooks;
    this.options = options;
    this.kinds = {
      elected: sim.on('master.elected', () => this.elected()),
      fwBack: sim.on('master.frameworkReregistered', (id: string) => this.frameworkBack(id)),
      recoveryTimeout: sim.on('master.recoveryTimeout', () => this.resumeAfterRecovery('timeout')),
    };
  }

  get isDown(): boolean {
    return this.down;
  }

  /** How long the last election took (a master that aborts is replaced as fast). */
  lastElectionDelayMs = 0;

  /** The leader dies now; a new one is elected after `electionDelayMs`. */
  fail(electionDelayMs: number): void {
    if (this.down) return;
    this.down = true;
    this.lastElectionDelayMs = electionDelayMs;
    // A recovery pause dies with the master waiting in it, and its timer with it: the next leader
    // waits afresh from its own election (a stale timer resumed the new allocator with no master).
    if (this.pausedForRecovery) { this.sim.cancel(this.pausedForRecovery.timer); this.pausedForRecovery = null; }
    this.failovers.push({ failedAtMs: this.sim.now, electedAtMs: null, resumedAtMs: null, pausedForQuota: false });
    this.sink.emit(this.sim.now, 'master.failed', { electionDelay: electionDelayMs });
    // Outstanding offers die with the leader (resources are re-derived from the agents).
    for (const id of [...this.master.offers.keys()].sort()) this.master.rescindOffer(id, 'master failover');
    this.hooks.onFailed?.();
    const old = this.master.allocator;
    const alloc = this.master.createAllocator();
    alloc.pause();
    this.master.allocator = alloc;
    const weights = new Map<string, number>(Object.entries(this.hooks.weights));
    for (const [role, w] of this.master.roleWeights) weights.set(role, w);
    for (const [role, w] of [...weights].sort(([a], [b]) => (a < b ? -1 : 1))) alloc.updateWeight(role, w);
    // Quota is in the registry too (duck-typed: whatever quota the master has now; none = none).
    const quotas = (this.master as unknown as { quotas?: ReadonlyMap<string, unknown> }).quotas;
    const setQuota = (alloc as unknown as { setQuota?: (role: string, q: unknown) => void }).setQuota;
    if (quotas && setQuota) for (const [role, q] of [...quotas].sort(([a], [b]) => (a < b ? -1 : 1))) setQuota.call(alloc, role, q);
    for (const id of [...this.master.frameworks.keys()].sort()) {
      const fw = this.master.frameworks.get(id)!;
      // A framework inactive now (declared `active: false`, deactivated by the timeline) stands for
      // a scheduler that is not subscribed: it reregisters but the new master does not activate it.
      // (One inactive because its scheduler is disconnected is activated when that comes back.)
      if (!fw.active && this.hooks.schedulerConnected(id)) this.leftInactive.add(id); else this.leftInactive.delete(id);
      fw.active = false;
      // Its scheduler subscribes again with the roles it keeps suppressed (SUBSCRIBE suppressed_roles,
      // §2.2), as a v1 scheduler library does: the new allocator knows nothing of the old one's state.
      const suppressed = [...(old.frameworks.get(id)?.suppressed ?? [])].sort();
      alloc.addFramework(suppressed.length > 0 ? { ...fw.info, suppressedRoles: suppressed } : fw.info, new Map(), false);
      this.queued.set(id, []);
    }
    this.sim.after(electionDelayMs, this.kinds.elected);
  }

  /**
   * Run `call` now if a master leads, else when the next one is elected (after it recovered the
   * registry's agents and scheduled the frameworks' reregistration). Returns true when held.
   */
  whenLeading(call: () => void): boolean {
    if (!this.down) { call(); return false; }
    this.heldUntilElected.push(call);
    return true;
  }

  private heldUntilElected: (() => void)[] = [];

  /** The framework has not reregistered with the new leader yet (calls to it are queued meanwhile). */
  awaitsReregistration(frameworkId: string): boolean {
    return this.queued.has(frameworkId);
  }

  /** Master hook: calls into schedulers wait while no master leads, and until they reregister. */
  intercept(frameworkId: string, call: () => void): boolean {
    const q = this.queued.get(frameworkId);
    if (!q) return false;
    q.push(call);
    return true;
  }

  /**
   * Counts agents back with the new master: silent at the election and reregistered since, or new.
   * Each agent once, as Mesos counts the agents its allocator has (HA:675-730): an agent that
   * answered at the election and then restarted its process, or one reconnecting twice, is one.
   */
  emit(_t: number, type: string, fields: EventFields): void {
    if (type === 'agent.reconnected' || type === 'agent.reregistered' || type === 'agent.added') this.onAgentBack(String(fields.agent));
    // The operator deactivates or activates a framework that has not reregistered yet (the timeline,
    // while no master leads): the new master honours it when the framework reregisters (it undid it).
    else if ((type === 'framework.deactivated' || type === 'framework.activated') && this.queued.has(String(fields.framework))) {
      if (type === 'framework.deactivated') this.leftInactive.add(String(fields.framework));
      else this.leftInactive.delete(String(fields.framework));
    }
  }

  private onAgentBack(agentId: string): void {
    const p = this.pausedForRecovery;
    if (!p || p.back.has(agentId)) return;
    p.back.add(agentId);
    if (p.back.size >= p.needed) this.resumeAfterRecovery('agents');
  }

  private elected(): void {
    this.down = false;
    const rec = this.failovers[this.failovers.length - 1];
    rec.electedAtMs = this.sim.now;
    const alloc = this.master.allocator;
    const { answering, silent } = this.agents.onMasterElected();
    // Registry agents are re-added with the tasks they run; silent ones stay deactivated until
    // they reregister (or are marked unreachable after the reregistration timeout).
    for (const id of [...answering, ...silent].sort()) {
      const agent = this.master.agents.get(id)!;
      const used = new Map<string, Map<string, Resources>>();
      for (const taskId of [...agent.tasks].sort()) {
        const t = this.master.tasks.get(taskId);
        if (!t) continue;
        let byRole = used.get(t.frameworkId);
        if (!byRole) used.set(t.frameworkId, (byRole = new Map()));
        byRole.set(t.role, add(byRole.get(t.role) ?? EMPTY, t.resources));
      }
      alloc.addAgent(agent.info, used);
      if (silent.includes(id)) alloc.deactivateAgent(id);
    }
    this.hooks.onRecovered?.();
    const expected = answering.length + silent.length;
    const pause = this.hooks.quotaConfigured() && expected > 0;
    this.sink.emit(this.sim.now, 'master.elected', { agents: answering.length, silentAgents: silent.length, pausedForQuota: pause });
    if (pause) {
      const needed = Math.floor(expected * this.options.recoveryAgentFactor);
      rec.pausedForQuota = true;
      this.pausedForRecovery = { expected, needed, back: new Set(answering), timer: this.sim.after(this.options.recoveryTimeoutMs, this.kinds.recoveryTimeout) };
      if (answering.length >= needed) this.resumeAfterRecovery('agents');
    } else {
      alloc.resume();
      rec.resumedAtMs = this.sim.now;
    }
    // Agents that answered send the status updates they held while cut off (§6.1, §6.2).
    this.agents.afterElection(answering);
    // Schedulers back since the failure subscribe now; what was held for them follows what waited here.
    for (const [id, calls] of this.hooks.schedulersReturned?.() ?? []) this.queued.get(id)?.push(...calls);
    for (const id of [...this.queued.keys()].sort()) {
      if (this.hooks.schedulerConnected(id)) this.sim.after(this.options.frameworkReregisterDelayMs, this.kinds.fwBack, id);
      else this.handToDisconnected(id);
    }
    // No run is requested here: reregistering frameworks trigger one, else the next batch tick.
    const held = this.heldUntilElected;
    this.heldUntilElected = [];
    for (const call of held) call();
  }

  private resumeAfterRecovery(why: 'agents' | 'timeout'): void {
    const p = this.pausedForRecovery;
    if (!p) return;
    this.sim.cancel(p.timer);
    this.pausedForRecovery = null;
    this.master.allocator.resume();
    this.failovers[this.failovers.length - 1].resumedAtMs = this.sim.now;
    this.sink.emit(this.sim.now, 'allocator.resumed', { reason: why, agents: p.back.size, expected: p.expected });
  }

  /** Calls held for a scheduler that is disconnected itself wait for it to come back (they were dropped). */
  private handToDisconnected(frameworkId: string): void {
    const q = this.queued.get(frameworkId) ?? [];
    this.queued.delete(frameworkId);
    this.hooks.holdForDisconnected?.(frameworkId, q);
  }

  private frameworkBack(frameworkId: string): void {
    if (!this.master.frameworks.has(frameworkId)) { this.queued.delete(frameworkId); return; }
    if (!this.hooks.schedulerConnected(frameworkId)) { this.handToDisconnected(frameworkId); return; }
    const q = this.queued.get(frameworkId);
    this.queued.delete(frameworkId);
    this.sink.emit(this.sim.now, 'framework.reregistered', { framework: frameworkId, reason: 'master failover' });
    if (!this.leftInactive.has(frameworkId)) this.master.activateFramework(frameworkId);
    for (const call of q ?? []) call();
  }
}

/** Quota, if the master has any notion of it yet (the quota work may add it): none = none. */
export function masterHasQuota(master: Master): boolean {
  const probe = (o: unknown): boolean => {
    if (!o || typeof o !== 'object') return false;
    const x = o as { hasQuota?: () => boolean; quotas?: { size?: number } };
    if (typeof x.hasQuota === 'function') return x.hasQuota();
    return typeof x.quotas?.size === 'number' && x.quotas.size > 0;
  };
  return probe(master) || probe(master.allocator);
}
