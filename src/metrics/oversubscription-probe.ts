/**
 * Utilization with actual usage, oversubscription and revocation — an observer (never changes a run).
 *
 * Per agent and resource, capacity C (the non-revocable total) is split into the five states of
 * docs/outputs.md, integrated exactly over the piecewise-constant intervals between events:
 *
 *   used       usage of non-revocable tasks + usage of revocable tasks
 *   revocable  allocated as revocable (offered or held by tasks) but not used
 *   allocated  allocated non-revocable (offered or held), unused, and not re-allocated as revocable
 *   reserved-idle  reserved, not allocated, not lent as revocable
 *   idle       the rest
 *
 * Revocable allocation R first overlays the slack of non-revocable allocation (A − U); what exceeds
 * that slack overlays unallocated reservations (lending), then unallocated capacity. Each state is
 * clamped so that the five always sum to C. "Allocated" counts outstanding offers, as Mesos does.
 *
 * It also counts revocations (QoS kills of revocable tasks), the task-seconds they lost, revocable
 * goodput (task-seconds of revocable tasks that finished) and the owners' time to reclaim.
 */
import { roundSig } from '../core/canonical-json.ts';
import type { EventFields, EventSink } from '../core/event-sink.ts';
import type { Master } from '../master/master.ts';
import type { OversubscriptionRuntime } from '../master/oversubscription/oversubscription-runtime.ts';
import type { TaskEnded, UsageMonitor } from '../master/usage/usage-monitor.ts';
import { LeadershipWatch, LEADERSHIP_EVENTS, registryAgent } from './registry-view.ts';
import { split, STATES, type Split, type State } from './utilization-split.ts';

export const PROBED_RESOURCES = ['cpus', 'mem'] as const;

const ALLOCATION_EVENTS = new Set([
  'offer', 'offer.declined', 'offer.accepted', 'offer.rescinded', 'task.status', 'task.launched',
  'agent.added', 'agent.reregistered', 'agent.removed', 'agent.updated', 'framework.removed', ...LEADERSHIP_EVENTS,
]);

export class OversubscriptionProbe implements EventSink {
  /** Time integrals (milli-unit·ms) per resource and state. */
  readonly integrals = new Map<string, Split>();
  revokedTasks = 0;
  revokedTaskMs = 0;
  revokedByState = new Map<string, number>();
  revocableFinished = 0;
  revocableFinishedTaskMs = 0;
  revocableFinishedCpuMs = 0;
  revocableLaunched = 0;
  private readonly master: Master;
  private readonly monitor: UsageMonitor;
  private readonly runtime: OversubscriptionRuntime | null;
  private dirty = true;
  private seenVersion = -1;
  private current = new Map<string, Split>();
  private spanMs = 0;
  private readonly leadership = new LeadershipWatch();

  constructor(master: Master, monitor: UsageMonitor, runtime: OversubscriptionRuntime | null) {
    this.master = master;
    this.monitor = monitor;
    this.runtime = runtime;
    for (const r of PROBED_RESOURCES) this.integrals.set(r, zero());
    monitor.onTaskEnded((e) => this.taskEnded(e));
  }

  emit(_t: number, type: string, fields: EventFields): void {
    if (ALLOCATION_EVENTS.has(type) || this.leadership.observe(type)) this.dirty = true;
    if (type === 'task.launched' && String(fields.resources).includes('{revocable')) this.revocableLaunched++;
  }

  advance(fromMs: number, toMs: number): void {
    if (this.dirty || this.seenVersion !== this.monitor.version) this.refresh();
    const dt = toMs - fromMs;
    this.spanMs += dt;
    for (const [r, s] of this.current) {
      const acc = this.integrals.get(r)!;
      for (const k of STATES) acc[k] += s[k] * dt;
    }
  }

  private taskEnded(e: TaskEnded): void {
    if (!e.task.revocable) return;
    const ranMs = e.atMs - e.task.launchedAtMs;
    if (e.reason !== null && e.reason.startsWith('QoS correction')) {
      this.revokedTasks++;
      this.revokedTaskMs += ranMs;
      this.revokedByState.set(e.state, (this.revokedByState.get(e.state) ?? 0) + 1);
    } else if (e.state === 'TASK_FINISHED') {
      this.revocableFinished++;
      this.revocableFinishedTaskMs += ranMs;
      let cpus = 0;
      for (const r of e.task.resources) if (r.name === 'cpus' && r.ranges === null) cpus += r.amount;
      this.revocableFinishedCpuMs += (cpus / 1000) * ranMs;
    }
  }

  /** Current split per resource, summed over agents (milli-units). */
  snapshot(): Map<string, Split> {
    if (this.dirty || this.seenVersion !== this.monitor.version) this.refresh();
    return this.current;
  }

  private refresh(): void {
    this.dirty = false;
    this.seenVersion = this.monitor.version;
    const sums = new Map<string, Split>();
    for (const r of PROBED_RESOURCES) sums.set(r, zero());
    for (const [agentId, agent] of this.master.agents) {
      const alloc = this.leadership.masterDown ? registryAgent(this.master, agentId) : this.master.allocator.agents.get(agentId);
      const usage = this.monitor.agents.get(agentId);
      for (const name of PROBED_RESOURCES) {
        let C = 0, reserved = 0;
        for (const r of agent.info.total) {
          if (r.name !== name || r.ranges !== null || r.revocable || r.shared) continue;
          C += r.amount;
          if (r.reservations.length > 0) reserved += r.amount;
        }
        let A = 0, R = 0, Ares = 0;
        for (const r of alloc?.offeredOrAllocated ?? []) {
          if (r.name !== name || r.ranges !== null || r.shared) continue;
          if (r.revocable) R += r.amount;
          else { A += r.amount; if (r.reservations.length > 0) Ares += r.amount; }
        }
        const Unr = usage?.usedNonRevocable.get(name) ?? 0;
        const Ur = usage?.usedRevocable.get(name) ?? 0;
        const s = split(C, A, R, Unr, Ur, Math.max(0, reserved - Ares));
        const acc = sums.get(name)!;
        for (const k of STATES) acc[k] += s[k];
      }
    }
    this.current = sums;
  }

  /** The `oversubscription` section of summary.json. */
  summary(): Record<string, unknown> {
    const T = this.spanMs;
    const utilization: Record<string, Record<string, number>> = {};
    for (const [r, acc] of this.integrals) {
      const cap = acc.capacity;
      const f = (k: State) => (cap > 0 ? roundSig(acc[k] / cap) : 0);
      utilization[r] = {
        used: f('used'), usedNonRevocable: f('usedNonRevocable'), usedRevocable: f('usedRevocable'),
        allocated: f('allocated'), revocable: f('revocable'), reservedIdle: f('reservedIdle'), idle: f('idle'),
        revocableAllocated: f('revocableAllocated'),
        meanCapacity: T > 0 ? roundSig(cap / T / 1000) : 0,
      };
    }
    const reclaim = (this.runtime?.revocations ?? []).map((r) => r.reclaimMs).sort((a, b) => a - b);
    const q = (p: number) => (reclaim.length === 0 ? null : reclaim[Math.min(reclaim.length - 1, Math.ceil(p * reclaim.length) - 1)]);
    return {
      estimator: this.runtime?.options.estimator.name ?? null,
      qosController: this.runtime?.options.qos.name ?? null,
      lendReserved: this.runtime?.options.lendReserved ?? false,
      reports: this.runtime?.reports ?? 0,
      utilization,
      revocableTasksLaunched: this.revocableLaunched,
      revocations: {
        corrections: this.runtime?.revocations.length ?? 0,
        tasksKilled: this.revokedTasks,
        taskSecondsLost: roundSig(this.revokedTaskMs / 1000),
        byState: Object.fromEntries([...this.revokedByState].sort(([a], [b]) => (a < b ? -1 : 1))),
      },
      revocableGoodput: {
        tasksFinished: this.revocableFinished,
        taskSeconds: roundSig(this.revocableFinishedTaskMs / 1000),
        cpuSeconds: roundSig(this.revocableFinishedCpuMs / 1000),
      },
      timeToReclaimMs: {
        count: reclaim.length,
        mean: reclaim.length === 0 ? null : roundSig(reclaim.reduce((a, b) => a + b, 0) / reclaim.length),
        p50: q(0.5), max: reclaim.length === 0 ? null : reclaim[reclaim.length - 1],
      },
    };
  }
}

function zero(): Split {
  return { used: 0, usedNonRevocable: 0, usedRevocable: 0, allocated: 0, revocable: 0, reservedIdle: 0, idle: 0, capacity: 0, revocableAllocated: 0 };
}

/**
 * Attach the probe to a built simulation when it models usage (chaining the kernel's onAdvance hook);
 * returns the summary.json section builder, or null.
 */
export function attachOversubscriptionProbe(
  sim: { onAdvance: ((fromMs: number, toMs: number) => void) | null },
  master: Master, sink: { add(s: EventSink): void },
  installed: { readonly monitor: UsageMonitor; readonly runtime: OversubscriptionRuntime | null } | null | undefined,
): (() => Record<string, unknown>) | null {
  if (!installed) return null;
  const probe = new OversubscriptionProbe(master, installed.monitor, installed.runtime);
  sink.add(probe);
  const prev = sim.onAdvance;
  sim.onAdvance = prev ? (from, to) => { prev(from, to); probe.advance(from, to); } : (from, to) => probe.advance(from, to);
  return () => ({ oversubscription: probe.summary() });
}
