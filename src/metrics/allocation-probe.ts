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

const SHARE_RESOURCES = ['cpus', 'mem', 'disk', 'gpus'] as const;
const ALLOCATION_EVENTS = new Set([
  'offer', 'offer.declined', 'offer.accepted', 'offer.rescinded', 'task.status', 'task.launched',
  'agent.added', 'agent.removed', 'agent.updated', 'framework.removed',
]);

export interface AllocationStats {
  /** milli-units at the end */
  endCpus: number; endMem: number; endShare: number;
  /** time integrals (milli-unit·ms and share·ms) */
  cpusMs: number; memMs: number; shareMs: number;
}

interface Snapshot { cpus: number; mem: number; share: number }

export class AllocationProbe implements EventSink {
  readonly roles = new Map<string, AllocationStats>();
  readonly frameworks = new Map<string, AllocationStats>();
  readonly clusterTotal = new Map<string, number>();
  clusterCpusMs = 0;
  clusterMemMs = 0;
  allocatedCpusMs = 0;
  allocatedMemMs = 0;
  private readonly master: Master;
  private readonly agentTotals = new Map<string, Resources>();
  private dirty = true;
  private roleSnap = new Map<string, Snapshot>();
  private fwSnap = new Map<string, Snapshot>();

  constructor(master: Master) {
    this.master = master;
  }

  emit(_t: number, type: string, fields: EventFields): void {
    if (!ALLOCATION_EVENTS.has(type)) return;
    this.dirty = true;
    if (type === 'agent.added' || type === 'agent.updated') {
      const r = parseResources(String(fields.resources));
      if (typeof r !== 'string') this.setAgentTotal(String(fields.agent), r);
    } else if (type === 'agent.removed') {
      this.setAgentTotal(String(fields.agent), null);
    }
  }

  advance(fromMs: number, toMs: number): void {
    if (this.dirty) this.refresh();
    const dt = toMs - fromMs;
    let cpus = 0, mem = 0;
    for (const [role, s] of this.roleSnap) {
      integrate(this.roles, role, s, dt);
      cpus += s.cpus; mem += s.mem;
    }
    for (const [fw, s] of this.fwSnap) integrate(this.frameworks, fw, s, dt);
    this.allocatedCpusMs += cpus * dt;
    this.allocatedMemMs += mem * dt;
    this.clusterCpusMs += (this.clusterTotal.get('cpus') ?? 0) * dt;
    this.clusterMemMs += (this.clusterTotal.get('mem') ?? 0) * dt;
  }

  /** Record end-of-run values (call after the last advance). */
  finish(): void {
    this.refresh();
    for (const [map, snap] of [[this.roles, this.roleSnap], [this.frameworks, this.fwSnap]] as const) {
      for (const [k, st] of map) {
        const s = snap.get(k) ?? { cpus: 0, mem: 0, share: 0 };
        st.endCpus = s.cpus; st.endMem = s.mem; st.endShare = s.share;
      }
      for (const [k, s] of snap) if (!map.has(k)) map.set(k, { endCpus: s.cpus, endMem: s.mem, endShare: s.share, cpusMs: 0, memMs: 0, shareMs: 0 });
    }
  }

  private refresh(): void {
    this.dirty = false;
    const alloc = this.master.allocator;
    this.roleSnap = new Map();
    for (const role of alloc.roleFrameworks.keys()) {
      this.roleSnap.set(role, this.snapshot(alloc.roleSorter.allocation(role)));
    }
    this.fwSnap = new Map();
    for (const id of alloc.frameworks.keys()) this.fwSnap.set(id, this.snapshot(alloc.frameworkAllocation(id)));
  }

  private snapshot(q: ReadonlyMap<string, number>): Snapshot {
    let share = 0;
    for (const name of SHARE_RESOURCES) {
      const total = this.clusterTotal.get(name) ?? 0;
      if (total > 0) share = Math.max(share, (q.get(name) ?? 0) / total);
    }
    return { cpus: q.get('cpus') ?? 0, mem: q.get('mem') ?? 0, share };
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
  if (!st) map.set(key, (st = { endCpus: 0, endMem: 0, endShare: 0, cpusMs: 0, memMs: 0, shareMs: 0 }));
  st.cpusMs += s.cpus * dt;
  st.memMs += s.mem * dt;
  st.shareMs += s.share * dt;
}
