/**
 * The master's maintenance bookkeeping (mesos-semantics §5): machine modes and unavailability
 * windows, offers from DRAINING machines carrying the unavailability, inverse offers after every
 * allocation run (allocator side: allocator/inverse-offers.ts), their answers and timeouts,
 * /machine/down and /machine/up, and the newer agent drain (DRAIN_AGENT, §5.3).
 *
 * A machine is a hostname; every agent on it follows its mode. When a machine's unavailability
 * changes, each of its agents' outstanding offers and inverse offers are rescinded and the
 * allocator is told (which clears its inverse-offer filters and statuses and runs on the agent).
 * An agent (re)registering on a DRAINING machine gets its unavailability (addSlave, §6.2); one that
 * is removed, marked unreachable or deactivated (socket closed) loses its inverse offers (§5.3, §6.2).
 *
 * Frameworks whose scheduler does not handle inverse offers get the scenario's policy applied on
 * their behalf: ignore (default), accept, decline, or comply (accept and kill its tasks there).
 */
import type { EventFields, EventSink } from '../../core/event-sink.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import { InverseOfferAllocator, type InverseOfferStatus } from '../allocator/inverse-offers.ts';
import type { Master } from '../master.ts';
import type { InverseOfferView, SchedulerDriver, Unavailability } from '../scheduler.ts';
import type { AgentFailures } from '../failover/agent-failures.ts';
import { nextMachineMode, type MachineMode } from './machine-modes.ts';

export type InverseOfferPolicy = 'ignore' | 'accept' | 'decline' | 'comply';

export interface MachineRecord {
  readonly hostname: string;
  mode: MachineMode;
  unavailability: Unavailability | null;
  drainStartMs: number | null;
  /** when its agents first held no task while DRAINING */
  drainedAtMs: number | null;
  downAtMs: number | null;
  upAtMs: number | null;
  tasksAtDown: number;
}

interface InverseOffer {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly unavailability: Unavailability;
  timeoutHandle: number | null;
}

export interface MaintenanceCounters {
  inverseOffersMade: number;
  inverseOffersAccepted: number;
  inverseOffersDeclined: number;
  inverseOffersRescinded: number;
  inverseOffersTimedOut: number;
}

export interface MaintenanceOptions {
  readonly offerTimeoutMs: number | null;
  /** Kill grace period of tasks (KillPolicy) when an agent is drained; capped by max_grace_period. */
  readonly killGracePeriodMs: number;
  policy(frameworkId: string): { policy: InverseOfferPolicy; refuseSeconds?: number };
}

export class Maintenance implements EventSink {
  readonly machines = new Map<string, MachineRecord>();
  readonly counters: MaintenanceCounters = { inverseOffersMade: 0, inverseOffersAccepted: 0, inverseOffersDeclined: 0, inverseOffersRescinded: 0, inverseOffersTimedOut: 0 };
  /**
   * Every maintenance cycle's drain (DRAINING → empty, `machine.drained`) and every DOWN with tasks
   * still running: a machine's record holds only its latest cycle, so a second cycle used to hide the first's.
   */
  readonly drainTimesMs: number[] = [];
  forcedDowns = 0;
  /** drain records of DRAIN_AGENT (agent → start, drained) */
  readonly drains = new Map<string, { startMs: number; drainedAtMs: number | null; markGone: boolean; maxGraceMs: number | null }>();
  private io: InverseOfferAllocator;
  private readonly inverseOffers = new Map<string, InverseOffer>();
  private readonly deactivated = new Set<string>();
  private counter = 0;
  private readonly sim: Simulation;
  private readonly master: Master;
  private readonly sink: EventSink;
  private readonly agents: AgentFailures;
  private readonly options: MaintenanceOptions;
  private readonly kinds: { deliver: number; timeout: number; kill: number; drainCheck: number; agentDrainCheck: number };

  constructor(sim: Simulation, master: Master, sink: EventSink, agents: AgentFailures, options: MaintenanceOptions) {
    this.sim = sim;
    this.master = master;
    this.sink = sink;
    this.agents = agents;
    this.options = options;
    this.io = new InverseOfferAllocator(master.allocator, () => sim.now);
    this.kinds = {
      deliver: sim.on('inverseOffers.deliver', (p: { frameworkId: string; ids: string[] }) => this.deliver(p.frameworkId, p.ids)),
      timeout: sim.on('inverseOffer.timeout', (id: string) => this.expire(id)),
      kill: sim.on('drain.kill', (taskId: string) => this.master.killTask(taskId)),
      drainCheck: sim.on('machine.drainCheck', (hostname: string) => this.checkDrained(hostname)),
      agentDrainCheck: sim.on('agent.drainCheck', (agentId: string) => this.checkAgentDrained(agentId)),
    };
    master.ext.afterAllocationRun = () => this.afterRun();
    master.ext.unavailability = (agentId) => this.unavailabilityOfAgent(agentId);
    master.ext.registrationRefused = (info) => (this.modeOf(info.hostname) === 'DOWN' ? `machine ${info.hostname} is DOWN` : null);
    master.ext.inverseOffers = {
      accept: (fw, ids, refuse) => this.respond(fw, ids, 'ACCEPT', refuse),
      decline: (fw, ids, refuse) => this.respond(fw, ids, 'DECLINE', refuse),
    };
  }

  get allocatorState(): InverseOfferAllocator {
    return this.io;
  }

  modeOf(hostname: string): MachineMode {
    return this.machines.get(hostname)?.mode ?? 'UP';
  }

  /** The master is removing the agent or restoring its tasks (Master.duringAgentTransition). */
  agentInTransition(agentId: string): boolean {
    return this.master.isAgentInTransition(agentId);
  }

  /** The operator deactivated the agent, or is draining it (DEACTIVATE_AGENT, DRAIN_AGENT). */
  isDeactivated(agentId: string): boolean {
    return this.deactivated.has(agentId);
  }

  /** Is the agent's machine DOWN (its agent may not register, §5.1)? */
  isDown(agentId: string): boolean {
    const info = this.agents.info(agentId);
    return info !== null && this.modeOf(info.hostname) === 'DOWN';
  }

  /** Tasks the master knows on an agent (0 for an agent it does not have). */
  tasksOn(agentId: string): number {
    return this.master.agents.get(agentId)?.tasks.size ?? 0;
  }

  agentsOn(hostname: string): string[] {
    return this.agents.agentIds().filter((id) => this.agents.info(id)?.hostname === hostname);
  }

  // ---- schedule and modes -------------------------------------------------------------------

  /** Put machines in the schedule with this window: UP ones start DRAINING now (§5.1). */
  schedule(hostnames: readonly string[], u: Unavailability): string[] {
    const errors: string[] = [];
    for (const h of [...hostnames].sort()) {
      const m = this.record(h);
      const next = nextMachineMode(m.mode, 'schedule');
      if (next === null) { this.refuse(errors, 'schedule', h, m.mode); continue; }
      if (m.mode === 'UP') { m.drainStartMs = this.sim.now; m.drainedAtMs = null; m.downAtMs = null; m.upAtMs = null; }
      m.mode = next;
      m.unavailability = u;
      this.sink.emit(this.sim.now, 'machine.mode', { machine: h, mode: next, start: u.startMs, ...(u.durationMs !== null ? { duration: u.durationMs } : {}) });
      for (const a of this.agentsOn(h)) this.unavailabilityChanged(a, u);
      this.checkDrained(h);
    }
    return errors;
  }

  /** Drop machines from the schedule: DRAINING → UP (a DOWN machine cannot be dropped). */
  unschedule(hostnames: readonly string[]): string[] {
    const errors: string[] = [];
    for (const h of [...hostnames].sort()) {
      const m = this.record(h);
      const next = nextMachineMode(m.mode, 'unschedule');
      if (next === null) { this.refuse(errors, 'unschedule', h, m.mode); continue; }
      m.mode = next;
      m.unavailability = null;
      this.sink.emit(this.sim.now, 'machine.mode', { machine: h, mode: next });
      for (const a of this.agentsOn(h)) this.unavailabilityChanged(a, null);
    }
    return errors;
  }

  /**
   * A machine mode change the maintenance API refuses (Mesos answers the operator 400 Bad Request):
   * returned, and logged `maintenance.refused` (before, it was only returned, and every caller dropped
   * it: an unschedule of a DOWN machine did nothing, silently).
   */
  private refuse(errors: string[], action: string, machine: string, mode: string): void {
    errors.push(`${machine}: cannot ${action} a machine that is ${mode}`);
    this.sink.emit(this.sim.now, 'maintenance.refused', { machine, action, mode });
  }

  /** /machine/down: only DRAINING machines; agents removed, tasks LOST / GONE_BY_OPERATOR (§5.1). */
  down(hostnames: readonly string[]): string[] {
    const errors: string[] = [];
    for (const h of [...hostnames].sort()) {
      const m = this.record(h);
      const next = nextMachineMode(m.mode, 'down');
      if (next === null) { this.refuse(errors, 'down', h, m.mode); continue; }
      this.checkDrained(h);
      m.mode = next;
      m.downAtMs = this.sim.now;
      m.tasksAtDown = 0;
      for (const a of this.agentsOn(h)) m.tasksAtDown += this.master.agents.get(a)?.tasks.size ?? 0;
      if (m.tasksAtDown > 0) this.forcedDowns++;
      this.sink.emit(this.sim.now, 'machine.mode', { machine: h, mode: next, tasks: m.tasksAtDown });
      for (const a of this.agentsOn(h)) {
        this.rescindInverseOffers((io) => io.agentId === a, 'machine down');
        this.agents.machineDown(a);
      }
    }
    return errors;
  }

  /** /machine/up: DOWN → UP, out of the schedule; its agents register afresh. */
  up(hostnames: readonly string[]): string[] {
    const errors: string[] = [];
    for (const h of [...hostnames].sort()) {
      const m = this.record(h);
      const next = nextMachineMode(m.mode, 'up');
      if (next === null) { this.refuse(errors, 'up', h, m.mode); continue; }
      m.mode = next;
      m.unavailability = null;
      m.upAtMs = this.sim.now;
      this.sink.emit(this.sim.now, 'machine.mode', { machine: h, mode: next });
      for (const a of this.agentsOn(h)) {
        this.io.updateUnavailability(a, null);
        this.agents.machineUp(a);
      }
    }
    return errors;
  }

  // ---- agent drain (§5.3) -------------------------------------------------------------------

  /**
   * DRAIN_AGENT: the agent is deactivated (no offers; outstanding offers rescinded, inverse offers
   * removed) and kills every task with its grace period capped at `maxGracePeriodMs`; DRAINED once
   * it runs nothing — or marked gone with `markGone`. Stays deactivated until reactivated.
   */
  drainAgent(agentId: string, maxGracePeriodMs: number | null, markGone: boolean): void {
    const agent = this.master.agents.get(agentId);
    if (!agent || this.drains.has(agentId)) return;
    this.drains.set(agentId, { startMs: this.sim.now, drainedAtMs: null, markGone, maxGraceMs: maxGracePeriodMs });
    this.sink.emit(this.sim.now, 'agent.draining', { agent: agentId, ...(maxGracePeriodMs !== null ? { maxGracePeriod: maxGracePeriodMs } : {}), markGone });
    this.deactivate(agentId, 'agent draining');
    this.killForDrain(agentId);
    this.checkAgentDrained(agentId);
  }

  /** The drain's kills: every task on the agent, after the grace period capped by the drain's. */
  private killForDrain(agentId: string): void {
    const d = this.drains.get(agentId)!;
    const grace = d.maxGraceMs === null ? this.options.killGracePeriodMs : Math.min(this.options.killGracePeriodMs, d.maxGraceMs);
    for (const id of [...(this.master.agents.get(agentId)?.tasks ?? [])].sort()) this.sim.after(grace, this.kinds.kill, id);
  }

  /**
   * An agent the master had removed as unreachable reregistered (its tasks RUNNING again, §6.2).
   * The registry keeps an agent deactivated or draining across that (slaves.deactivated,
   * slaves.draining, §5.3: "stays deactivated across reregistration until REACTIVATE_AGENT"), and
   * Mesos sends a draining agent its DrainSlaveMessage again on reregistration: the kills the
   * unreachable agent never got are made again. Until session 22 it was offered at once and its
   * tasks ran on.
   */
  agentReregistered(agentId: string): void {
    if (!this.deactivated.has(agentId)) return;
    this.master.deactivateAgent(agentId, this.drains.has(agentId) ? 'agent draining' : 'agent deactivated');
    if (this.drains.get(agentId)?.drainedAtMs === null) this.killForDrain(agentId);
  }

  /** DEACTIVATE_AGENT: no more offers, nothing killed (manual draining); logged as `agent.deactivated`. */
  deactivateAgent(agentId: string): void {
    this.sink.emit(this.sim.now, 'agent.deactivated', { agent: agentId });
    this.deactivate(agentId, 'agent deactivated');
  }

  private deactivate(agentId: string, reason: string): void {
    this.deactivated.add(agentId);
    this.master.deactivateAgent(agentId, reason);
    this.agentDeactivated(agentId, reason);
  }

  /**
   * The master deactivated the agent (DEACTIVATE_AGENT, DRAIN_AGENT, or its socket closed):
   * Master::deactivate(Slave*) rescinds its inverse offers and tells the allocator
   * (updateInverseOffer without a status), which clears the outstanding flags — §5.3 "outstanding
   * offers rescinded, inverse offers removed", §6.2 socket disconnect, §5.2 "timeouts/rescissions
   * clear the outstanding flag" — so the first run after re-activation makes fresh inverse offers.
   */
  agentDeactivated(agentId: string, reason: string): void {
    this.rescindInverseOffers((io) => io.agentId === agentId, reason);
  }

  /** REACTIVATE_AGENT: offers resume at the next batch tick. */
  reactivateAgent(agentId: string): void {
    this.deactivated.delete(agentId);
    this.drains.delete(agentId);
    // Offers resume only if the agent is connected: a disconnected or recovering one is activated
    // when it comes back (AgentFailures), as Mesos activates only a connected agent.
    if (this.agents.state(agentId) === 'registered') this.master.activateAgent(agentId);
    this.sink.emit(this.sim.now, 'agent.reactivated', { agent: agentId });
  }

  // ---- inverse offers -----------------------------------------------------------------------

  private afterRun(): void {
    const decisions = this.io.generate(this.master.allocator.lastRunScope);
    const byFramework = new Map<string, string[]>();
    for (const d of decisions) {
      if (!this.master.frameworks.get(d.frameworkId)?.active) { this.io.updateInverseOffer(d.agentId, d.frameworkId, null); continue; }
      const id = `io-${String(++this.counter).padStart(6, '0')}`;
      const io: InverseOffer = { id, frameworkId: d.frameworkId, agentId: d.agentId, unavailability: d.unavailability, timeoutHandle: null };
      if (this.options.offerTimeoutMs !== null) io.timeoutHandle = this.sim.after(this.options.offerTimeoutMs, this.kinds.timeout, id);
      this.inverseOffers.set(id, io);
      this.counters.inverseOffersMade++;
      this.sink.emit(this.sim.now, 'inverseOffer', { inverseOffer: id, framework: d.frameworkId, agent: d.agentId, start: d.unavailability.startMs });
      const list = byFramework.get(d.frameworkId);
      if (list) list.push(id); else byFramework.set(d.frameworkId, [id]);
    }
    for (const fw of [...byFramework.keys()].sort()) {
      this.sim.after(this.master.frameworks.get(fw)!.offerLatencyMs, this.kinds.deliver, { frameworkId: fw, ids: byFramework.get(fw)! });
    }
  }

  private deliver(frameworkId: string, ids: readonly string[]): void {
    const fw = this.master.frameworks.get(frameworkId);
    if (!fw) return;
    const views: InverseOfferView[] = ids.filter((id) => this.inverseOffers.has(id)).map((id) => {
      const io = this.inverseOffers.get(id)!;
      return { id, frameworkId, agentId: io.agentId, hostname: this.master.agents.get(io.agentId)?.info.hostname ?? io.agentId, unavailability: io.unavailability };
    });
    if (views.length === 0) return;
    this.master.toScheduler(frameworkId, () => {
      const driver = this.master.driver(frameworkId);
      const still = views.filter((v) => this.inverseOffers.has(v.id));
      if (still.length === 0) return;
      if (fw.scheduler.onInverseOffers) fw.scheduler.onInverseOffers(still, driver);
      else applyPolicy(this.options.policy(frameworkId), still, driver);
    });
  }

  private respond(frameworkId: string, ids: readonly string[], status: InverseOfferStatus, refuseSeconds?: number): void {
    for (const id of ids) {
      const io = this.inverseOffers.get(id);
      if (!io || io.frameworkId !== frameworkId) continue;
      this.take(io);
      if (status === 'ACCEPT') this.counters.inverseOffersAccepted++; else this.counters.inverseOffersDeclined++;
      this.sink.emit(this.sim.now, status === 'ACCEPT' ? 'inverseOffer.accepted' : 'inverseOffer.declined', {
        inverseOffer: id, framework: frameworkId, agent: io.agentId, refuseSeconds: refuseSeconds ?? 5,
      });
      this.io.updateInverseOffer(io.agentId, frameworkId, status, refuseSeconds);
    }
  }

  private expire(id: string): void {
    const io = this.inverseOffers.get(id);
    if (!io) return;
    io.timeoutHandle = null;
    this.take(io);
    this.counters.inverseOffersTimedOut++;
    this.sink.emit(this.sim.now, 'inverseOffer.rescinded', { inverseOffer: id, framework: io.frameworkId, agent: io.agentId, reason: 'timeout' });
    this.io.updateInverseOffer(io.agentId, io.frameworkId, null);
  }

  private take(io: InverseOffer): void {
    this.inverseOffers.delete(io.id);
    if (io.timeoutHandle !== null) this.sim.cancel(io.timeoutHandle);
  }

  private rescindInverseOffers(pred: (io: InverseOffer) => boolean, reason: string, updateAllocator = true): void {
    for (const io of [...this.inverseOffers.values()].filter(pred)) {
      this.take(io);
      this.counters.inverseOffersRescinded++;
      this.sink.emit(this.sim.now, 'inverseOffer.rescinded', { inverseOffer: io.id, framework: io.frameworkId, agent: io.agentId, reason });
      if (updateAllocator) this.io.updateInverseOffer(io.agentId, io.frameworkId, null);
      const fw = this.master.frameworks.get(io.frameworkId);
      if (fw?.scheduler.onInverseOfferRescinded) this.master.toScheduler(io.frameworkId, () => fw.scheduler.onInverseOfferRescinded!(io.id, this.master.driver(io.frameworkId)));
    }
  }

  /** A framework was deactivated or removed: its inverse offers and inverse-offer filters go (§6.3). */
  frameworkDeactivated(frameworkId: string): void {
    this.rescindInverseOffers((io) => io.frameworkId === frameworkId, 'framework deactivated');
    this.io.dropFramework(frameworkId);
  }

  private unavailabilityChanged(agentId: string, u: Unavailability | null): void {
    // §5.1 (MC:8073-8137): rescind offers and inverse offers, then tell the allocator.
    for (const o of [...this.master.offers.values()]) if (o.agentId === agentId) this.master.rescindOffer(o.id, 'unavailability changed');
    this.rescindInverseOffers((io) => io.agentId === agentId, 'unavailability changed');
    if (this.master.agents.has(agentId)) this.io.updateUnavailability(agentId, u);
  }

  private unavailabilityOfAgent(agentId: string): Unavailability | null {
    const info = this.master.agents.get(agentId)?.info;
    if (!info) return null;
    const m = this.machines.get(info.hostname);
    return m && m.mode === 'DRAINING' ? m.unavailability : null;
  }

  // ---- master failover ----------------------------------------------------------------------

  /** The leader died: every inverse offer is void. */
  onMasterFailed(): void {
    for (const io of [...this.inverseOffers.values()]) this.take(io);
  }

  /** New allocator: statuses and filters are lost; the schedule, modes and drains are in the registry. */
  onMasterRecovered(): void {
    this.io = new InverseOfferAllocator(this.master.allocator, () => this.sim.now);
    for (const [h, m] of [...this.machines].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (m.mode !== 'DRAINING' || m.unavailability === null) continue;
      for (const a of this.agentsOn(h)) if (this.master.agents.has(a)) this.io.updateUnavailability(a, m.unavailability);
    }
    for (const a of [...this.deactivated].sort()) if (this.master.agents.has(a)) this.master.allocator.deactivateAgent(a);
    // Drains the old leader could not finish (their agents emptied while no master led, or before
    // the agents were recovered) are checked again now that the agents are known.
    for (const [a, d] of [...this.drains].sort(([x], [y]) => (x < y ? -1 : 1))) {
      if (d.drainedAtMs === null && this.master.allocator.agents.has(a)) this.sim.after(0, this.kinds.agentDrainCheck, a);
    }
  }

  /**
   * Watches task ends to record when draining machines / agents become empty, and agents joining
   * or leaving the master (registered, reregistered, removed or marked unreachable).
   */
  emit(timeMs: number, type: string, f: EventFields): void {
    if (type === 'agent.added') this.forgetAgentState(f.agent as string);
    if (type === 'agent.added' || type === 'agent.reregistered') { this.agentRegistered(f.agent as string); return; }
    if (type === 'agent.removed') { this.agentRemoved(f.agent as string); return; }
    if (type !== 'task.status') return;
    const agentId = f.agent as string;
    if (this.drains.has(agentId)) this.checkAgentDrained(agentId);
    const info = this.master.agents.get(agentId)?.info;
    if (info && this.machines.get(info.hostname)?.mode === 'DRAINING') this.checkDrained(info.hostname);
    void timeMs;
  }

  /**
   * An agent registered or reregistered (addSlave, §6.2: a reregistration is a fresh addSlave):
   * Mesos' addSlave takes the machine's unavailability, so an agent joining a DRAINING machine
   * gets inverse offers from the run its registration triggers (§5.2), like one that was there
   * when the machine was scheduled. Its offers carry the unavailability (§5.1, view()).
   * Seen at `agent.added` / `agent.reregistered`, before the allocator adds it: the run it
   * requests happens later at this instant. Whether the machine is now drained is checked once
   * the agent's running tasks are re-added (a zero-delay event).
   */
  /**
   * A fresh registration (addSlave, not a reregistration) is a new agent: in Mesos a rebooted agent
   * registers under a new id, so the drain and the deactivation of the agent it was (registry
   * state per agent id) are not its own. Here it comes back under the same id: they are dropped.
   */
  private forgetAgentState(agentId: string): void {
    this.drains.delete(agentId);
    this.deactivated.delete(agentId);
  }

  private agentRegistered(agentId: string): void {
    const u = this.unavailabilityOfAgent(agentId);
    if (u !== null) this.io.updateUnavailability(agentId, u);
    else if (this.io.unavailabilityOf(agentId) !== null) this.io.updateUnavailability(agentId, null);
    const h = this.master.agents.get(agentId)?.info.hostname;
    if (h !== undefined && this.machines.get(h)?.mode === 'DRAINING') this.sim.after(0, this.kinds.drainCheck, h);
    if (this.drains.get(agentId)?.drainedAtMs === null) this.sim.after(0, this.kinds.agentDrainCheck, agentId);
  }

  /**
   * The master removed the agent (operator removal, marked unreachable, reboot, gone): §6.2 "offers
   * rescinded, inverse offers removed" (Master::__removeSlave rescinds them without telling the
   * allocator, which already dropped the agent); its allocator-side maintenance state and filters
   * go with it (removeSlave).
   */
  private agentRemoved(agentId: string): void {
    this.rescindInverseOffers((io) => io.agentId === agentId, 'agent removed', false);
    this.io.removeAgent(agentId);
  }

  /**
   * DRAINING → drained: the machine has an agent registered at the master and none of its agents
   * runs a task. Deliberate choices (docs/failures.md): a machine with no registered agent (none
   * yet, or only removed ones) is not drained — it is checked again when an agent registers; an
   * agent marked unreachable keeps the machine busy, since its tasks may still run (§6.2: they are
   * RUNNING again if it reregisters).
   */
  private checkDrained(hostname: string): void {
    const m = this.machines.get(hostname);
    if (!m || m.mode !== 'DRAINING' || m.drainedAtMs !== null) return;
    const agents = this.agentsOn(hostname);
    const unreachable = (a: string) => this.agents.state(a) === 'unreachable';
    if (!agents.some((a) => this.master.agents.has(a) && !unreachable(a))) return;
    const busy = agents.some((a) => unreachable(a) || (this.master.agents.get(a)?.tasks.size ?? 0) > 0);
    if (busy) return;
    m.drainedAtMs = this.sim.now;
    const drainMs = this.sim.now - (m.drainStartMs ?? this.sim.now);
    this.drainTimesMs.push(drainMs);
    this.sink.emit(this.sim.now, 'machine.drained', { machine: hostname, drainMs });
  }

  private checkAgentDrained(agentId: string): void {
    const d = this.drains.get(agentId);
    if (!d || d.drainedAtMs !== null) return;
    // The tasks the master ends while it removes the agent do not drain it (Mesos' __removeSlave
    // never checks the drain): marking it gone from there removed it a second time, mid-removal. Nor
    // does a reregistration half-way through restoring its tasks (checked once it is back: agentRegistered).
    if (this.master.isAgentInTransition(agentId)) return;
    // No leading master knows the agent (a failover, until it reregisters): the agent keeps killing
    // its tasks (DrainSlaveMessage), and the new leader checks the drain when it is back (agentRegistered).
    if (!this.master.allocator.agents.has(agentId)) return;
    if ((this.master.agents.get(agentId)?.tasks.size ?? 0) > 0) return;
    d.drainedAtMs = this.sim.now;
    this.sink.emit(this.sim.now, 'agent.drained', { agent: agentId, drainMs: this.sim.now - d.startMs });
    if (d.markGone) this.agents.markGone(agentId);
  }

  private record(h: string): MachineRecord {
    let m = this.machines.get(h);
    if (!m) this.machines.set(h, (m = { hostname: h, mode: 'UP', unavailability: null, drainStartMs: null, drainedAtMs: null, downAtMs: null, upAtMs: null, tasksAtDown: 0 }));
    return m;
  }
}

/** A framework without its own inverse-offer handling answers per the scenario's policy. */
function applyPolicy(p: { policy: InverseOfferPolicy; refuseSeconds?: number }, offers: readonly InverseOfferView[], driver: SchedulerDriver): void {
  const ids = offers.map((o) => o.id);
  switch (p.policy) {
    case 'ignore': return;
    case 'accept': driver.acceptInverseOffers(ids, p.refuseSeconds); return;
    case 'decline': driver.declineInverseOffers(ids, p.refuseSeconds); return;
    case 'comply':
      driver.acceptInverseOffers(ids, p.refuseSeconds);
      for (const o of offers) for (const t of driver.runningTasks(o.agentId)) driver.killTask(t.taskId);
      return;
  }
}
