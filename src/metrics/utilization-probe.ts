/**
 * Utilization per resource, split into five states that partition capacity, integrated exactly over
 * piecewise-constant time (an observer: it reads allocator state and never influences the run).
 *
 * Per agent and resource name (milli-units; capacity = the agent's non-revocable total):
 *   used          = min(cap, U)                      U = usage of running tasks (see usage-source.ts)
 *   revocable     = min(R − Ur, max(0, A − used))    R = revocable resources offered or allocated,
 *                                                    Ur = what revocable tasks use (already in `used`)
 *   allocated     = max(0, A − used − revocable)     A = non-revocable resources offered or allocated
 *   reserved-idle = min(reserved − reservedInA, cap − used − revocable − allocated)
 *   idle          = the rest
 * ("offered or allocated" is Mesos' notion of allocation: outstanding offers count, mesos-semantics §0.)
 * Clamping per agent keeps the partition exact even when usage bursts past an allocation. Cluster
 * values are sums over agents; a fraction is the cluster amount ÷ cluster capacity.
 *
 * Incremental: an event naming an agent marks it dirty; dirty agents are re-read once before the next
 * time advance and their contribution replaces the old one in the cluster sums.
 */
import { parseResources } from '../cluster/resource-text.ts';
import type { Resources } from '../cluster/resources.ts';
import type { EventFields, EventSink } from '../core/event-sink.ts';
import type { Master } from '../master/master.ts';
import { LeadershipWatch, registryAgent } from './registry-view.ts';
import { split } from './utilization-split.ts';
import { StepRecorder } from './step-recorder.ts';
import type { UsageSource } from './usage-source.ts';

export const UTILIZATION_STATES = ['used', 'allocated', 'revocable', 'reserved-idle', 'idle'] as const;
const N_STATES = UTILIZATION_STATES.length;
/**
 * Index of the non-revocable resources offered or allocated (at most the capacity), after the
 * capacity: what summary.json `cluster.meanAllocated` is the time-weighted share of.
 */
const HELD = N_STATES + 1;
const AMOUNTS = N_STATES + 2;
/** Resources shown first, in this order; any other scalar follows in name order. */
const PREFERRED = ['cpus', 'mem', 'disk', 'gpus'];

/** amounts[state] for one resource name; index N_STATES holds the capacity. */
type Amounts = Float64Array;

interface AgentState { total: Resources; alloc: Resources; stamp: number; amounts: Map<string, Amounts> }

/** Same entries (key and quantity) in the same order; resource sets are canonical, so this is equality. */
function sameQuantities(a: Resources, b: Resources): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x.key !== y.key || x.amount !== y.amount || x.copies !== y.copies) return false;
    if (x.ranges !== y.ranges) {
      if (x.ranges === null || y.ranges === null || x.ranges.length !== y.ranges.length) return false;
      for (let k = 0; k < x.ranges.length; k++) if (x.ranges[k][0] !== y.ranges[k][0] || x.ranges[k][1] !== y.ranges[k][1]) return false;
    }
  }
  return true;
}

interface RunningTask { agent: string; revocable: boolean; q: [string, number][] }

export class UtilizationProbe implements EventSink {
  readonly recorder: StepRecorder;
  /** Cluster capacity per resource over time (milli-units; one channel per resource name). */
  readonly capacityRecorder: StepRecorder;
  /** resource → Σ amount·ms per state (milli-unit·ms), and capacity·ms at index N_STATES */
  readonly integrals = new Map<string, Float64Array>();
  private readonly master: Master;
  private readonly usage: UsageSource | null;
  private readonly cluster = new Map<string, Amounts>();
  private readonly perAgent = new Map<string, AgentState>();
  /** bumped when an agent's usage (or, without a usage source, its running requests) changes */
  private readonly usageStamp = new Map<string, number>();
  private globalUsageStamp = 0;
  private readonly dirty = new Set<string>();
  /** without a usage source: running task requests per agent (U = requests) */
  private readonly tasks = new Map<string, RunningTask>();
  private readonly requested = new Map<string, Map<string, [number, number]>>();
  private resourceOrder: string[] = [];
  private channelIndex = new Map<string, number>();
  private changed = true;
  private readonly leadership = new LeadershipWatch();

  constructor(master: Master, usage: UsageSource | null = null, maxSegments?: number) {
    this.master = master;
    this.usage = usage;
    this.recorder = new StepRecorder(maxSegments);
    this.capacityRecorder = new StepRecorder(maxSegments);
    usage?.onChange((agentId) => {
      if (agentId === null) {
        this.globalUsageStamp++;
        for (const id of this.master.allocator.agents.keys()) this.dirty.add(id);
      } else {
        this.usageStamp.set(agentId, (this.usageStamp.get(agentId) ?? 0) + 1);
        this.dirty.add(agentId);
      }
    });
  }

  /** A usage model ran (otherwise `used` is what running tasks requested, i.e. equal to allocated). */
  get hasUsageModel(): boolean {
    return this.usage !== null;
  }

  /** Everything that may name an agent whose allocation changed; filters and run records never do. */
  wants(type: string): boolean {
    return type !== 'filter.installed' && type !== 'filter.expired' && type !== 'allocation.run';
  }

  emit(_t: number, type: string, fields: EventFields): void {
    if (this.leadership.observe(type)) {
      // Who holds what is read from elsewhere now (registry-view.ts): every agent again.
      for (const id of this.perAgent.keys()) this.dirty.add(id);
      for (const id of this.master.allocator.agents.keys()) this.dirty.add(id);
      for (const id of this.master.agents.keys()) this.dirty.add(id);
    }
    const agent = fields.agent;
    if (typeof agent === 'string') this.dirty.add(agent);
    if (this.usage !== null) return;
    if (type === 'task.launched') {
      const r = parseResources(String(fields.resources));
      if (typeof r === 'string') return;
      const q = scalarPairs(r);
      const t: RunningTask = { agent: String(agent), revocable: r.some((x) => x.revocable), q };
      this.tasks.set(String(fields.task), t);
      this.addRequest(t, 1);
    } else if (type === 'task.status') {
      const id = String(fields.task);
      const t = this.tasks.get(id);
      if (fields.state === 'TASK_RUNNING') {
        // Reported lost or unreachable, and running again on its reregistered agent (§6.1, §6.2):
        // it uses its request again (the status carries no resources; the master has the task).
        const known = t === undefined ? this.master.tasks.get(id) : undefined;
        if (known) {
          const back: RunningTask = { agent: known.agentId, revocable: known.resources.some((x) => x.revocable), q: scalarPairs(known.resources) };
          this.tasks.set(id, back);
          this.addRequest(back, 1);
        }
        return;
      }
      if (t) {
        this.tasks.delete(id);
        this.addRequest(t, -1);
      }
    }
  }

  /** Resource names in display order. */
  get resources(): readonly string[] {
    return this.resourceOrder;
  }

  /**
   * Time-weighted share of the non-revocable capacity offered or allocated (to roles, or held by
   * frameworks the allocator does not know); 0 without capacity. Per agent at most its capacity.
   */
  meanHeld(resource: string): number {
    const acc = this.integrals.get(resource);
    return acc && acc[N_STATES] > 0 ? acc[HELD] / acc[N_STATES] : 0;
  }

  /** Current cluster amounts (milli-units) for one resource: [used, allocated, revocable, reserved-idle, idle, capacity]. */
  current(resource: string): readonly number[] {
    this.refresh();
    return [...(this.cluster.get(resource) ?? new Float64Array(AMOUNTS))].slice(0, N_STATES + 1);
  }

  advance(fromMs: number, toMs: number): void {
    this.refresh();
    const dt = toMs - fromMs;
    for (const [name, a] of this.cluster) {
      let acc = this.integrals.get(name);
      if (!acc) this.integrals.set(name, (acc = new Float64Array(AMOUNTS)));
      for (let i = 0; i < AMOUNTS; i++) acc[i] += a[i] * dt;
    }
    this.recorder.advance(fromMs, toMs);
    this.capacityRecorder.advance(fromMs, toMs);
  }

  private refresh(): void {
    if (this.dirty.size === 0 && !this.changed) return;
    for (const id of this.dirty) this.recomputeAgent(id);
    this.dirty.clear();
    if (!this.changed) return;
    this.changed = false;
    for (const [name, a] of this.cluster) {
      const base = this.channel(name);
      const cap = a[N_STATES];
      for (let s = 0; s < N_STATES; s++) this.recorder.set(base + s, cap > 0 ? a[s] / cap : Number.NaN);
      // Rounded to whole milli-units: the running sums drift in the last digits as agents change.
      this.capacityRecorder.set(this.capacityRecorder.channel(name), Math.round(cap));
    }
  }

  private channel(name: string): number {
    let base = this.channelIndex.get(name);
    if (base === undefined) {
      base = this.recorder.channel(`${name}\u0000${UTILIZATION_STATES[0]}`);
      for (let s = 1; s < N_STATES; s++) this.recorder.channel(`${name}\u0000${UTILIZATION_STATES[s]}`);
      this.channelIndex.set(name, base);
      this.resourceOrder = [...this.channelIndex.keys()].sort(byPreference);
    }
    return base;
  }

  /**
   * Offer → decline cycles touch an agent without changing what it holds: skip the recomputation
   * when total, allocation (by content) and usage are all unchanged since the last one.
   */
  private recomputeAgent(id: string): void {
    const old = this.perAgent.get(id);
    const agent = this.leadership.masterDown ? registryAgent(this.master, id) : this.master.allocator.agents.get(id);
    const stamp = this.globalUsageStamp * 1e9 + (this.usageStamp.get(id) ?? 0);
    if (old && agent && old.total === agent.total && old.stamp === stamp && sameQuantities(old.alloc, agent.offeredOrAllocated)) {
      old.alloc = agent.offeredOrAllocated;
      return;
    }
    if (old) for (const [name, a] of old.amounts) addInto(this.cluster, name, a, -1);
    if (agent) {
      const amounts = this.agentAmounts(id, agent.total, agent.offeredOrAllocated);
      for (const [name, a] of amounts) addInto(this.cluster, name, a, 1);
      this.perAgent.set(id, { total: agent.total, alloc: agent.offeredOrAllocated, stamp, amounts });
    } else this.perAgent.delete(id);
    this.changed = true;
  }

  private agentAmounts(id: string, total: Resources, allocated: Resources): Map<string, Amounts> {
    // per name: cap, reserved, A (non-revocable allocated), reservedInA, R (revocable allocated)
    const raw = new Map<string, [number, number, number, number, number]>();
    for (const r of total) {
      if (r.ranges !== null || r.revocable || r.shared) continue;
      const v = rawAmounts(raw, r.name);
      v[0] += r.amount;
      if (r.reservations.length > 0) v[1] += r.amount;
    }
    for (const r of allocated) {
      if (r.ranges !== null || r.shared) continue;
      const v = rawAmounts(raw, r.name);
      if (r.revocable) v[4] += r.amount;
      else {
        v[2] += r.amount;
        if (r.reservations.length > 0) v[3] += r.amount;
      }
    }
    const out = new Map<string, Amounts>();
    const usage = this.usage?.agents.get(id);
    const req = this.requested.get(id);
    for (const [name, [cap, reserved, A, reservedInA, R]] of raw) {
      let U: number, Ur: number;
      if (this.usage !== null) { Ur = usage?.usedRevocable.get(name) ?? 0; U = (usage?.usedNonRevocable.get(name) ?? 0) + Ur; }
      else { const q = req?.get(name); Ur = q ? q[1] : 0; U = q ? q[0] + q[1] : 0; }
      const a = new Float64Array(AMOUNTS);
      // The split oversubscription.utilization uses too (utilization-split.ts): what revocable tasks
      // use is `used`, the rest of the revocable allocation is `revocable`, and the non-revocable
      // slack not lent as revocable is `allocated`. (Until session 23 `revocable` was clamped to the
      // non-revocable slack, so revocable resources lent out of idle capacity counted as idle here.)
      const s = split(cap, A, R, U - Ur, Ur, Math.max(0, reserved - reservedInA));
      a[0] = s.used; a[1] = s.allocated; a[2] = s.revocable; a[3] = s.reservedIdle; a[4] = s.idle;
      a[N_STATES] = cap;
      a[HELD] = Math.min(A, cap);
      out.set(name, a);
    }
    return out;
  }

  private addRequest(t: RunningTask, sign: 1 | -1): void {
    this.usageStamp.set(t.agent, (this.usageStamp.get(t.agent) ?? 0) + 1);
    let m = this.requested.get(t.agent);
    if (!m) this.requested.set(t.agent, (m = new Map()));
    for (const [name, v] of t.q) {
      let e = m.get(name);
      if (!e) m.set(name, (e = [0, 0]));
      e[t.revocable ? 1 : 0] += sign * v;
    }
  }
}

function scalarPairs(r: Resources): [string, number][] {
  const m = new Map<string, number>();
  for (const x of r) if (x.ranges === null && !x.shared) m.set(x.name, (m.get(x.name) ?? 0) + x.amount);
  return [...m];
}

function addInto(cluster: Map<string, Amounts>, name: string, a: Amounts, sign: number): void {
  let c = cluster.get(name);
  if (!c) cluster.set(name, (c = new Float64Array(AMOUNTS)));
  for (let i = 0; i < AMOUNTS; i++) c[i] += sign * a[i];
}

export function byPreference(a: string, b: string): number {
  const ia = PREFERRED.indexOf(a), ib = PREFERRED.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The name's row of agentAmounts' tally, made on first use (a module function: no closure per call, see fair-share-stage.ts). */
function rawAmounts(raw: Map<string, [number, number, number, number, number]>, name: string): [number, number, number, number, number] {
  let v = raw.get(name);
  if (!v) raw.set(name, (v = [0, 0, 0, 0, 0]));
  return v;
}
