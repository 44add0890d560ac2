/**
 * Exact time integrals of allocation per role and per framework (an observer: it reads state and
 * never influences the run). Allocation is piecewise constant between event timestamps, so on every
 * time advance [from, to) the current snapshot is integrated with weight (to − from) — exact, not
 * sampled. The snapshot is recomputed only after events that can change allocation.
 *
 * "Allocated" follows Mesos: offered or allocated (outstanding offers count, mesos-semantics §0).
 * Dominant share here is unweighted (max over cpus/mem/disk/gpus of allocated ÷ cluster total).
 */
import { parseResources } from '../cluster/resource-text.ts';
import { scalarQuantities, type Resources } from '../cluster/resources.ts';
import type { EventFields, EventSink } from '../core/event-sink.ts';
import type { Master } from '../master/master.ts';
import { LEADERSHIP_EVENTS, LeadershipWatch, registryAllocations } from './registry-view.ts';

const SHARE_RESOURCES = ['cpus', 'mem', 'disk', 'gpus'] as const;
const ALLOCATION_EVENTS = new Set([
  'offer', 'offer.declined', 'offer.accepted', 'offer.rescinded', 'task.status', 'task.launched',
  'agent.added', 'agent.reregistered', 'agent.removed', 'agent.updated', 'framework.removed', 'framework.added',
  ...LEADERSHIP_EVENTS,
]);

export interface AllocationStats {
  /** milli-units at the end */
  endCpus: number; endMem: number; endShare: number;
  /** time integrals (milli-unit·ms and share·ms) */
  cpusMs: number; memMs: number; shareMs: number;
  /** the most held at any time (each maximum on its own), e.g. to show a quota limit is never exceeded */
  maxCpus: number; maxMem: number; maxShare: number;
}

/** One client's allocation at the current instant: cpus/mem in milli-units, unweighted dominant share, all scalars. */
export interface Snapshot { cpus: number; mem: number; share: number; q: ReadonlyMap<string, number> }

const ZERO: Snapshot = { cpus: 0, mem: 0, share: 0, q: new Map() };

export class AllocationProbe implements EventSink {
  readonly roles = new Map<string, AllocationStats>();
  readonly frameworks = new Map<string, AllocationStats>();
  readonly clusterTotal = new Map<string, number>();
  private readonly master: Master;
  private readonly agentTotals = new Map<string, Resources>();
  private dirty = true;
  /** Frameworks whose allocation may have changed since the last refresh (from the events' `framework` field). */
  private readonly dirtyFrameworks = new Set<string>();
  private totalsChanged = true;
  private roleSnap = new Map<string, Snapshot>();
  private fwSnap = new Map<string, Snapshot>();
  private readonly leadership = new LeadershipWatch();
  /** Bumped whenever a refresh changed any snapshot (dependent probes re-read only then). */
  version = 0;

  constructor(master: Master) {
    this.master = master;
  }

  wants(type: string): boolean {
    return ALLOCATION_EVENTS.has(type);
  }

  emit(_t: number, type: string, fields: EventFields): void {
    if (!ALLOCATION_EVENTS.has(type)) return;
    this.dirty = true;
    if (this.leadership.observe(type)) this.totalsChanged = true; // every client is read again (registry-view.ts)
    if (typeof fields.framework === 'string') this.dirtyFrameworks.add(fields.framework);
    // A reregistration (an unreachable agent back, §6.2) brings its capacity back as an addition does:
    // without it the cluster total stayed short while the agent's tasks counted as allocated again.
    if (type === 'agent.added' || type === 'agent.reregistered' || type === 'agent.updated') {
      const r = parseResources(String(fields.resources));
      if (typeof r !== 'string') this.setAgentTotal(String(fields.agent), r);
      this.totalsChanged = true;
    } else if (type === 'agent.removed') {
      this.setAgentTotal(String(fields.agent), null);
      this.totalsChanged = true;
    } else if (type === 'framework.removed') {
      this.totalsChanged = true; // the framework's map entry goes away: rebuild everything
    }
  }

  advance(fromMs: number, toMs: number): void {
    if (this.dirty) this.refresh();
    const dt = toMs - fromMs;
    for (const [role, s] of this.roleSnap) integrate(this.roles, role, s, dt);
    for (const [fw, s] of this.fwSnap) integrate(this.frameworks, fw, s, dt);
  }

  /** Current per-role snapshots (refreshed if needed). */
  roleSnapshots(): ReadonlyMap<string, Snapshot> {
    if (this.dirty) this.refresh();
    return this.roleSnap;
  }

  frameworkSnapshots(): ReadonlyMap<string, Snapshot> {
    if (this.dirty) this.refresh();
    return this.fwSnap;
  }

  /** Record end-of-run values (call after the last advance). */
  finish(): void {
    this.totalsChanged = true;
    this.refresh();
    for (const [map, snap] of [[this.roles, this.roleSnap], [this.frameworks, this.fwSnap]] as const) {
      for (const [k, st] of map) {
        const s = snap.get(k) ?? ZERO;
        st.endCpus = s.cpus; st.endMem = s.mem; st.endShare = s.share;
        raiseMax(st, s);
      }
      for (const [k, s] of snap) {
        if (!map.has(k)) map.set(k, { endCpus: s.cpus, endMem: s.mem, endShare: s.share, cpusMs: 0, memMs: 0, shareMs: 0, maxCpus: s.cpus, maxMem: s.mem, maxShare: s.share });
      }
    }
  }

  /**
   * Recompute snapshots. Roles are few and the sorter keeps their aggregate, so every role is
   * re-read; a framework is re-read only when an event named it (or totals changed, which moves
   * every share) — this keeps the probe off the profile of offer-heavy runs.
   */
  private refresh(): void {
    this.dirty = false;
    this.version++;
    const alloc = this.master.allocator;
    const roleSnap = new Map<string, Snapshot>();
    // While no master leads, the registry's tasks (registry-view.ts); the fresh allocator has none yet.
    const registry = this.leadership.masterDown ? registryAllocations(this.master) : null;
    const none = new Map<string, number>();
    for (const role of alloc.roles.keys()) roleSnap.set(role, this.snapshot(registry ? registry.byRole.get(role) ?? none : alloc.roleSorter.allocation(role)));
    if (registry) for (const [role, q] of registry.byRole) if (!roleSnap.has(role)) roleSnap.set(role, this.snapshot(q));
    this.roleSnap = roleSnap;
    if (this.totalsChanged) {
      this.totalsChanged = false;
      this.fwSnap = new Map();
      for (const id of alloc.frameworks.keys()) this.dirtyFrameworks.add(id);
    }
    for (const id of this.dirtyFrameworks) {
      if (!alloc.frameworks.has(id)) { this.fwSnap.delete(id); continue; }
      this.fwSnap.set(id, this.snapshot(registry ? registry.byFramework.get(id) ?? none : alloc.frameworkAllocation(id)));
    }
    this.dirtyFrameworks.clear();
  }

  /** Whether the cluster has any of the resources shares are taken of (none: no agent, or agents of nothing). */
  get hasCapacity(): boolean {
    for (const name of SHARE_RESOURCES) if ((this.clusterTotal.get(name) ?? 0) > 0) return true;
    return false;
  }

  /** Unweighted dominant share of a quantity against the current cluster total. */
  shareOf(q: ReadonlyMap<string, number>): number {
    return this.snapshot(q).share;
  }

  private snapshot(q: ReadonlyMap<string, number>): Snapshot {
    let share = 0;
    for (const name of SHARE_RESOURCES) {
      const total = this.clusterTotal.get(name) ?? 0;
      if (total > 0) share = Math.max(share, (q.get(name) ?? 0) / total);
    }
    return { cpus: q.get('cpus') ?? 0, mem: q.get('mem') ?? 0, share, q };
  }

  private setAgentTotal(agentId: string, total: Resources | null): void {
    const old = this.agentTotals.get(agentId);
    if (old) for (const [n, v] of scalarQuantities(old)) this.clusterTotal.set(n, (this.clusterTotal.get(n) ?? 0) - v);
    if (total) {
      this.agentTotals.set(agentId, total);
      for (const [n, v] of scalarQuantities(total)) this.clusterTotal.set(n, (this.clusterTotal.get(n) ?? 0) + v);
    } else this.agentTotals.delete(agentId);
  }
}

function integrate(map: Map<string, AllocationStats>, key: string, s: Snapshot, dt: number): void {
  let st = map.get(key);
  if (!st) map.set(key, (st = { endCpus: 0, endMem: 0, endShare: 0, cpusMs: 0, memMs: 0, shareMs: 0, maxCpus: 0, maxMem: 0, maxShare: 0 }));
  st.cpusMs += s.cpus * dt;
  st.memMs += s.mem * dt;
  st.shareMs += s.share * dt;
  if (dt > 0) raiseMax(st, s);
}

/** Maxima over states held for some time (and the end state): an instant inside one event does not count. */
function raiseMax(st: AllocationStats, s: Snapshot): void {
  if (s.cpus > st.maxCpus) st.maxCpus = s.cpus;
  if (s.mem > st.maxMem) st.maxMem = s.mem;
  if (s.share > st.maxShare) st.maxShare = s.share;
}
