/**
 * The agents' oversubscription loop (mesos-semantics §4), wired onto the kernel:
 *
 *   oversubscription.report  every `reportIntervalMs` (--oversubscribed_resources_interval, default
 *                            15 s) per agent, first one interval after the agent registers: the
 *                            estimator's revocable capacity (+ unallocated reservations when lending
 *                            is on) becomes the agent's revocable total = allocated revocable +
 *                            max(0, capacity − allocated revocable); sent to the master only when it
 *                            differs from the last report (slave.cpp:8574-8652; update-revocable.ts)
 *   qos.poll                 the QoS controller is consulted after every usage sample and every task
 *                            launch on the agent, at most once per `qosCorrectionIntervalMinMs`
 *                            (--qos_correction_interval_min, default 0: as soon as something changed);
 *                            its KILL corrections end the tasks as TASK_GONE (PARTITION_AWARE
 *                            frameworks) or TASK_LOST (slave.cpp:9487-9600)
 *
 * Reservation lending (`lendReserved`): reserved resources not held by running tasks are added to
 * the revocable total, so other roles' REVOCABLE_RESOURCES frameworks can use them. When the owner
 * launches on its reservation, revocable tasks holding more than (the estimator's capacity at the
 * last report + the reservations still unheld) are killed at the next poll, newest first, fewest
 * needed — whatever the QoS controller. (Mesos cannot lend reservations this way: revocable
 * resources are unreserved; the lent amount is offered to every REVOCABLE_RESOURCES framework.)
 */
import { makeResource } from '../../cluster/resource.ts';
import { formatResources } from '../../cluster/resource-text.ts';
import { equals, filter, isNonRevocable, resources, type Resources } from '../../cluster/resources.ts';
import type { EventFields, EventSink } from '../../core/event-sink.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import type { Master } from '../master.ts';
import type { AgentUsage, Quantities, TaskUsage, UsageMonitor } from '../usage/usage-monitor.ts';
import { estimatorFactory } from './estimators/registry.ts';
import { qosFactory } from './qos/registry.ts';
import { pickVictims } from './qos/usage.ts';
import type { EstimatorInput, QosController, QosInput, ResourceEstimator } from './types.ts';
import { QOS_CORRECTION_REASON } from './types.ts';
import { updateAgentRevocable } from './update-revocable.ts';

export interface OversubscriptionOptions {
  readonly estimator: { readonly name: string; readonly config: Readonly<Record<string, unknown>> };
  readonly qos: { readonly name: string; readonly config: Readonly<Record<string, unknown>> };
  readonly reportIntervalMs: number;
  readonly qosCorrectionIntervalMinMs: number;
  readonly lendReserved: boolean;
  /**
   * Re-run the estimator right after a QoS correction instead of at the next interval (deviation,
   * off by default: in Mesos the killed tasks' revocable resources are offered again until the next
   * report, so a framework may relaunch into the same contention for up to one interval).
   */
  readonly reestimateAfterCorrection?: boolean;
}

interface AgentLoop {
  readonly agentId: string;
  readonly estimator: ResourceEstimator;
  readonly qos: QosController;
  lastReported: Resources | null;
  /** The estimator's capacity at the last report (the non-lent part of the revocable total). */
  lastCapacity: Quantities;
  reportHandle: number | null;
  pollPending: boolean;
  lastPollMs: number | null;
  conflictSinceMs: number | null;
}

export interface Revocation {
  readonly atMs: number;
  readonly agentId: string;
  readonly taskIds: readonly string[];
  readonly reason: string;
  /** Time from the conflict (usage over capacity, owner launch on a lent reservation) to the kill. */
  readonly reclaimMs: number;
}

export class OversubscriptionRuntime implements EventSink {
  readonly options: OversubscriptionOptions;
  readonly loops = new Map<string, AgentLoop>();
  readonly revocations: Revocation[] = [];
  reports = 0;
  private readonly sim: Simulation;
  private readonly master: Master;
  private readonly monitor: UsageMonitor;
  private readonly sink: EventSink;
  private readonly reportKind: number;
  private readonly pollKind: number;

  constructor(sim: Simulation, master: Master, monitor: UsageMonitor, sink: EventSink, options: OversubscriptionOptions) {
    if (!estimatorFactory(options.estimator.name)) throw new Error(`unknown resource estimator ${options.estimator.name}`);
    if (!qosFactory(options.qos.name)) throw new Error(`unknown QoS controller ${options.qos.name}`);
    this.sim = sim;
    this.master = master;
    this.monitor = monitor;
    this.sink = sink;
    this.options = options;
    this.reportKind = sim.on('oversubscription.report', (agentId: string) => this.report(agentId));
    this.pollKind = sim.on('qos.poll', (agentId: string) => this.poll(agentId));
    monitor.onChange((agentId, change) => {
      if (change === 'tick') {
        for (const loop of this.loops.values()) {
          const e = this.estimatorInput(loop.agentId);
          loop.estimator.sample?.(e);
          loop.qos.sample?.(this.qosInput(loop.agentId));
          this.requestPoll(loop);
        }
      } else if (change === 'launch' && agentId !== null) {
        const loop = this.loops.get(agentId);
        if (loop) this.requestPoll(loop);
      }
    });
  }

  emit(_t: number, type: string, fields: EventFields): void {
    // A reregistered agent (removed while unreachable, §6.2) reports again: its loop was dropped with it.
    if (type === 'agent.added' || type === 'agent.reregistered') this.addAgent(String(fields.agent));
    else if (type === 'agent.removed') this.removeAgent(String(fields.agent));
  }

  private addAgent(agentId: string): void {
    if (this.loops.has(agentId)) return;
    const loop: AgentLoop = {
      agentId,
      estimator: estimatorFactory(this.options.estimator.name)!(this.options.estimator.config),
      qos: qosFactory(this.options.qos.name)!(this.options.qos.config),
      lastReported: null, lastCapacity: new Map(), reportHandle: null, pollPending: false, lastPollMs: null, conflictSinceMs: null,
    };
    this.loops.set(agentId, loop);
    loop.reportHandle = this.sim.after(this.options.reportIntervalMs, this.reportKind, agentId);
  }

  private removeAgent(agentId: string): void {
    const loop = this.loops.get(agentId);
    if (!loop) return;
    if (loop.reportHandle !== null) this.sim.cancel(loop.reportHandle);
    this.loops.delete(agentId);
  }

  // ---- estimator reports --------------------------------------------------------------------

  private report(agentId: string): void {
    const loop = this.loops.get(agentId);
    if (!loop || !this.master.agents.has(agentId)) return;
    if (loop.reportHandle !== null) this.sim.cancel(loop.reportHandle);
    loop.reportHandle = this.sim.after(this.options.reportIntervalMs, this.reportKind, agentId);
    // No leading master knows the agent (a failover, until it reregisters): nothing is reported, so
    // the next report after it is back sends the estimate (it stopped the run: unknown agent).
    if (!this.master.allocator.agents.has(agentId)) return;
    // Cut off from the master (partitioned, its process or machine down, no master leading): the
    // estimate waits for the next report after it is back (docs/oversubscription.md, deviations).
    if (this.master.ext.agentReachesMaster?.(agentId) === false) return;
    const input = this.estimatorInput(agentId);
    const capacity = loop.estimator.revocableCapacity(input);
    if (capacity === null && !this.options.lendReserved) return; // noop: oversubscription disabled
    loop.lastCapacity = capacity ?? new Map();
    const lent = this.options.lendReserved ? this.unheldReservations(agentId, input.usage) : new Map<string, number>();
    const allocated = input.usage.revocableResourcesAllocated;
    const names = new Set([...loop.lastCapacity.keys(), ...lent.keys(), ...allocated.keys()]);
    const list = [];
    for (const n of [...names].sort()) {
      const alloc = allocated.get(n) ?? 0;
      const estimate = Math.max(0, (loop.lastCapacity.get(n) ?? 0) + (lent.get(n) ?? 0) - alloc);
      const total = alloc + estimate;
      if (total > 0) list.push(makeResource({ name: n, amount: total, revocable: true }));
    }
    const total = resources(list);
    if (loop.lastReported !== null && equals(loop.lastReported, total)) return; // only when it changed
    loop.lastReported = total;
    this.reports++;
    this.sink.emit(this.sim.now, 'oversubscription.report', {
      agent: agentId, estimator: loop.estimator.name, revocable: formatResources(total),
    });
    updateAgentRevocable(this.master, agentId, total);
  }

  // ---- QoS corrections ----------------------------------------------------------------------

  private requestPoll(loop: AgentLoop): void {
    const usage = this.monitor.agents.get(loop.agentId);
    if (!usage || usage.allocatedRevocable.size === 0) { loop.conflictSinceMs = null; return; }
    if (loop.conflictSinceMs === null && this.inConflict(loop, usage)) loop.conflictSinceMs = this.sim.now;
    if (loop.pollPending) return;
    const earliest = loop.lastPollMs === null ? this.sim.now : loop.lastPollMs + this.options.qosCorrectionIntervalMinMs;
    loop.pollPending = true;
    this.sim.at(Math.max(this.sim.now, earliest), this.pollKind, loop.agentId);
  }

  private poll(agentId: string): void {
    const loop = this.loops.get(agentId);
    if (!loop) return;
    loop.pollPending = false;
    loop.lastPollMs = this.sim.now;
    const input = this.qosInput(agentId);
    if (input.revocableTasks.length === 0) { loop.conflictSinceMs = null; return; }
    const kill = new Set<string>();
    const reasons: string[] = [];
    const c = loop.qos.corrections(input);
    if (c && c.kill.length > 0) {
      const revocable = new Set(input.revocableTasks.map((t) => t.taskId));
      for (const id of c.kill) if (revocable.has(id)) kill.add(id); // corrections only ever touch revocable tasks
      reasons.push(`${loop.qos.name}: ${c.reason}`);
    }
    if (this.options.lendReserved) {
      const need = this.lendingExcess(loop, input.usage);
      if (need.size > 0) {
        const rest = input.revocableTasks.filter((t) => !kill.has(t.taskId));
        const alloc = (t: TaskUsage, n: string) => requested(t, n);
        // Tasks already being killed count toward the need.
        for (const t of input.revocableTasks) if (kill.has(t.taskId)) for (const [n, v] of need) need.set(n, v - requested(t, n));
        for (const [n, v] of [...need]) if (v <= 0) need.delete(n);
        if (need.size > 0) {
          for (const t of pickVictims(rest, need, alloc)) kill.add(t.taskId);
          reasons.push(`reservation reclaimed by its owner (${[...need].map(([n, v]) => `${n} ${v / 1000}`).join(', ')})`);
        }
      }
    }
    if (kill.size === 0) { loop.conflictSinceMs = null; return; }
    const ordered = input.revocableTasks.filter((t) => kill.has(t.taskId)).map((t) => t.taskId);
    const reason = reasons.join('; ');
    const reclaimMs = loop.conflictSinceMs === null ? 0 : this.sim.now - loop.conflictSinceMs;
    loop.conflictSinceMs = null;
    this.revocations.push({ atMs: this.sim.now, agentId, taskIds: ordered, reason, reclaimMs });
    this.sink.emit(this.sim.now, 'qos.correction', { agent: agentId, controller: loop.qos.name, tasks: ordered, reason, reclaimMs });
    for (const id of ordered) {
      const task = this.master.tasks.get(id);
      if (!task) continue;
      const fw = this.master.frameworks.get(task.frameworkId);
      const partitionAware = fw?.info.capabilities.includes('PARTITION_AWARE') ?? false;
      // The kill is the agent's own; its status update reaches the master as any other does: at once,
      // or, from an agent cut off from it, when the agent is back (ext.holdTaskEnd, §6.1, §6.2).
      const state = partitionAware ? 'TASK_GONE' : 'TASK_LOST', why = `${QOS_CORRECTION_REASON}: ${reason}`;
      if (this.master.ext.holdTaskEnd?.(id, state, why)) this.monitor.endedOnAgent(id, state, why, this.sim.now);
      else this.master.endTask(id, state, why);
    }
    if (this.options.reestimateAfterCorrection) this.report(agentId);
  }

  private inConflict(loop: AgentLoop, usage: AgentUsage): boolean {
    const cap = this.capacity(loop.agentId);
    for (const [n, c] of cap) {
      if ((usage.usedNonRevocable.get(n) ?? 0) + (usage.usedRevocable.get(n) ?? 0) > c) return true;
    }
    return this.options.lendReserved && this.lendingExcess(loop, usage).size > 0;
  }

  /** Revocable allocation beyond (last reported capacity + reservations not held by tasks now). */
  private lendingExcess(loop: AgentLoop, usage: AgentUsage): Quantities {
    const unheld = this.unheldReservations(loop.agentId, usage);
    const out: Quantities = new Map();
    for (const [n, alloc] of usage.revocableResourcesAllocated) {
      const e = alloc - (loop.lastCapacity.get(n) ?? 0) - (unheld.get(n) ?? 0);
      if (e > 0) out.set(n, e);
    }
    return out;
  }

  // ---- views --------------------------------------------------------------------------------

  capacity(agentId: string): Quantities {
    const q: Quantities = new Map();
    const a = this.master.agents.get(agentId);
    if (!a) return q;
    for (const r of filter(a.info.total, isNonRevocable)) if (r.ranges === null && !r.shared) q.set(r.name, (q.get(r.name) ?? 0) + r.amount);
    return q;
  }

  /** Reserved (non-revocable) scalars of the agent not held by running tasks. */
  unheldReservations(agentId: string, usage: AgentUsage): Quantities {
    const q: Quantities = new Map();
    const a = this.master.agents.get(agentId);
    if (!a) return q;
    for (const r of a.info.total) {
      if (r.revocable || r.ranges !== null || r.shared || r.reservations.length === 0) continue;
      q.set(r.name, (q.get(r.name) ?? 0) + r.amount);
    }
    for (const [n, v] of usage.allocatedReserved) if (q.has(n)) q.set(n, Math.max(0, q.get(n)! - v));
    for (const [n, v] of [...q]) if (v <= 0) q.delete(n);
    return q;
  }

  private estimatorInput(agentId: string): EstimatorInput {
    return { nowMs: this.sim.now, agentId, capacity: this.capacity(agentId), usage: this.monitor.agent(agentId) };
  }

  private qosInput(agentId: string): QosInput {
    const usage = this.monitor.agent(agentId);
    const revocableTasks = [...usage.tasks.values()].filter((t) => t.revocable)
      .sort((a, b) => b.launchedAtMs - a.launchedAtMs || (a.taskId < b.taskId ? 1 : a.taskId > b.taskId ? -1 : 0));
    return { nowMs: this.sim.now, agentId, capacity: this.capacity(agentId), usage, revocableTasks };
  }
}

function requested(t: TaskUsage, name: string): number {
  let n = 0;
  for (const r of t.resources) if (r.name === name && r.ranges === null && r.revocable) n += r.amount;
  return n;
}
