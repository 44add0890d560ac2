/**
 * A small replicated service (memcached-like): keep `instances` long-running copies of one task
 * shape up, replace lost ones, and — the point of issue 5 — optionally spread them over fault
 * domains ("preferably on different racks, switches and power feeds") and cooperate with
 * maintenance:
 *
 *   spread none   first fit in offer order (agent id): replicas pile up on few machines/racks
 *   spread rack…  each replica goes to the offered domain with the fewest replicas (ties: fewest
 *                 on the agent, then offer order); `maxPerDomain` is a hard cap
 *
 * Inverse offers (§5.2): `migrate` accepts, starts replacements elsewhere first and kills the old
 * copies only once they run; `kill` accepts and kills at once; `decline` declines; `ignore` does
 * not answer. With `avoidDraining`, offers from machines scheduled for maintenance are declined.
 * It suppresses offers when it has all it wants and revives when it needs more.
 *
 * Under a central scheduler (`master.offerModel: monolithic`, src/master/monolithic/) the replicas
 * it needs are handed over as one job whose placement check carries the same rule: the central
 * scheduler scores every feasible agent (fewest replicas in its domain, then on the agent, then
 * agent id — Borg's spreading, the rule above with the whole cell as the "offer"), `maxPerDomain`
 * is a hard cap and `avoidDraining` keeps replicas off machines scheduled for maintenance. Inverse
 * offers are answered as above; `migrate` hands the replacements over and kills the old copies once
 * the central scheduler has launched them.
 */
import { subtract, type Resources } from '../cluster/resources.ts';
import type { InverseOfferView, OfferView, Scheduler, SchedulerDriver, TaskLaunch, TaskUpdate } from '../master/scheduler.ts';
import type { AgentView, CentralQueue, WorkClient } from '../master/monolithic/pending-work.ts';
import { fit, shapeOf, type TaskShape } from './fit.ts';

export interface ReplicatedServiceSpec {
  readonly instances: number;
  readonly resources: Resources;
  readonly spread: 'none' | 'rack' | 'switch' | 'pdu' | 'zone';
  readonly maxPerDomain: number | null;
  readonly onInverseOffer: 'migrate' | 'kill' | 'ignore' | 'decline';
  readonly avoidDraining: boolean;
  readonly refuseSeconds: number;
}

interface Replica { readonly agentId: string; readonly domain: string }

export class ReplicatedService implements Scheduler, WorkClient {
  readonly spec: ReplicatedServiceSpec;
  private readonly shape: TaskShape;
  private readonly replicas = new Map<string, Replica>();
  /** replicas to replace before killing them (accepted inverse offers, `migrate`) */
  private readonly migrating = new Set<string>();
  /** agents known to be going away (inverse offer accepted or unavailability seen) */
  private readonly leaving = new Set<string>();
  private suppressed = false;
  private counter = 0;
  /** Monolithic mode: the central scheduler, and the replica tasks handed to it not placed yet. */
  private central: CentralQueue | null = null;
  private readonly requested: string[] = [];
  /** Monolithic mode: replicas placed in a decision whose launch is not reported yet (per domain / agent). */
  private readonly placing = { domain: new Map<string, number>(), agent: new Map<string, number>(), overCap: 0 };

  constructor(spec: ReplicatedServiceSpec) {
    this.spec = spec;
    this.shape = shapeOf(spec.resources);
  }

  /** For the metrics layer (metrics/scheduler-metrics.ts): the desired instance count. */
  wantedInstances(): number {
    return this.spec.instances;
  }

  get running(): number {
    return this.replicas.size - this.migrating.size;
  }

  private get needed(): number {
    return this.spec.instances + this.migrating.size - this.replicas.size;
  }

  useCentralScheduler(central: CentralQueue): void {
    this.central = central;
  }

  start(driver: SchedulerDriver): void {
    if (this.central) this.handOver(driver);
  }

  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): void {
    const usable: OfferView[] = [];
    for (const o of offers) {
      if (o.unavailability) this.leaving.add(o.agentId); else this.leaving.delete(o.agentId);
      if (this.spec.avoidDraining && o.unavailability) driver.decline(o.id, this.spec.refuseSeconds);
      else usable.push(o);
    }
    usable.sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
    const remaining = new Map(usable.map((o) => [o.id, o.resources]));
    const launches = new Map<string, TaskLaunch[]>();
    const perDomain = this.countBy((r) => r.domain);
    const perAgent = this.countBy((r) => r.agentId);
    let placed = 0;
    // A replacement for a migrating replica may exceed maxPerDomain (else a full spread could never move).
    let overCap = 0;
    while (placed < this.needed) {
      let best: { o: OfferView; picked: Resources; key: [number, number, number] } | null = null;
      const capped = (n: number) => this.spec.maxPerDomain !== null && this.spec.spread !== 'none' && n >= this.spec.maxPerDomain + (overCap < this.migrating.size ? 1 : 0);
      usable.forEach((o, i) => {
        const picked = fit(remaining.get(o.id)!, this.shape);
        if (!picked) return;
        const d = this.domainOf(o);
        const inDomain = perDomain.get(d) ?? 0;
        if (capped(inDomain)) return;
        const key: [number, number, number] = this.spec.spread === 'none' ? [0, 0, i] : [inDomain, perAgent.get(o.agentId) ?? 0, i];
        if (!best || key[0] < best.key[0] || (key[0] === best.key[0] && (key[1] < best.key[1] || (key[1] === best.key[1] && key[2] < best.key[2])))) best = { o, picked, key };
      });
      if (best === null) break;
      const { o, picked } = best as { o: OfferView; picked: Resources };
      remaining.set(o.id, subtract(remaining.get(o.id)!, picked));
      const taskId = `${driver.frameworkId}-r${String(++this.counter).padStart(5, '0')}`;
      const list = launches.get(o.id) ?? [];
      list.push({ taskId, resources: picked, durationMs: null, submittedAtMs: driver.now });
      launches.set(o.id, list);
      const d = this.domainOf(o);
      if (this.spec.maxPerDomain !== null && (perDomain.get(d) ?? 0) >= this.spec.maxPerDomain) overCap++;
      this.replicas.set(taskId, { agentId: o.agentId, domain: d });
      perDomain.set(d, (perDomain.get(d) ?? 0) + 1);
      perAgent.set(o.agentId, (perAgent.get(o.agentId) ?? 0) + 1);
      placed++;
    }
    for (const o of usable) {
      const l = launches.get(o.id);
      if (l) driver.accept(o.id, l, this.spec.refuseSeconds);
      else driver.decline(o.id, this.spec.refuseSeconds);
    }
    // Replacements run: retire as many of the copies being migrated away as are now surplus.
    let retire = Math.min(this.migrating.size, this.replicas.size - this.spec.instances);
    for (const id of [...this.migrating].sort()) {
      if (retire-- <= 0) break;
      driver.killTask(id);
    }
    this.updateSuppression(driver);
  }

  onTaskUpdate(u: TaskUpdate, driver: SchedulerDriver): void {
    if (u.state === 'TASK_RUNNING') {
      // A replica we had given up on is back (its agent reregistered): keep it only if needed.
      if (!this.replicas.has(u.taskId)) {
        if (this.replicas.size - this.migrating.size >= this.spec.instances) { driver.killTask(u.taskId); return; }
        this.replicas.set(u.taskId, { agentId: u.agentId, domain: '?' });
        if (this.central) this.handOver(driver); // requests now surplus are taken back
      }
      return;
    }
    if (!this.replicas.delete(u.taskId)) return;
    this.migrating.delete(u.taskId);
    this.updateSuppression(driver);
  }

  onInverseOffers(offers: readonly InverseOfferView[], driver: SchedulerDriver): void {
    const ids = offers.map((o) => o.id);
    const policy = this.spec.onInverseOffer;
    if (policy === 'ignore') return;
    if (policy === 'decline') { driver.declineInverseOffers(ids); return; }
    driver.acceptInverseOffers(ids);
    for (const o of offers) {
      this.leaving.add(o.agentId);
      for (const t of driver.runningTasks(o.agentId)) {
        if (!this.replicas.has(t.taskId)) continue;
        if (policy === 'kill') driver.killTask(t.taskId);
        else this.migrating.add(t.taskId);
      }
    }
    this.updateSuppression(driver);
  }

  /**
   * Monolithic mode: hand the replicas needed beyond those placed or requested to the central
   * scheduler as one job with the spreading rule as its placement check; take surplus requests back.
   */
  private handOver(driver: SchedulerDriver): void {
    const want = this.needed - this.requested.length;
    if (want < 0) {
      for (let i = 0; i < -want && this.requested.length > 0; i++) this.central!.withdraw([this.requested.pop()!]);
      return;
    }
    if (want === 0) return;
    const tasks: TaskLaunch[] = [];
    for (let i = 0; i < want; i++) {
      const taskId = `${driver.frameworkId}-r${String(++this.counter).padStart(5, '0')}`;
      this.requested.push(taskId);
      tasks.push({ taskId, resources: this.spec.resources, durationMs: null, submittedAtMs: driver.now });
    }
    const spread = this.spec.spread !== 'none';
    const count = (m: Map<string, number>, k: string) => m.get(k) ?? 0;
    const inDomain = (a: AgentView) => {
      const d = this.domainOfAgent(a);
      return this.countBy((r) => r.domain).get(d) ?? 0;
    };
    this.central!.submit({
      jobId: driver.frameworkId, submittedAtMs: driver.now, tasks,
      placement: {
        allows: (a) => {
          if (this.spec.avoidDraining && a.unavailability) return false;
          if (!spread || this.spec.maxPerDomain === null) return true;
          // A replacement for a migrating replica may exceed the cap (else a full spread could never move).
          const cap = this.spec.maxPerDomain + (this.placing.overCap < this.migrating.size ? 1 : 0);
          return inDomain(a) + count(this.placing.domain, this.domainOfAgent(a)) < cap;
        },
        place: (a) => {
          const d = this.domainOfAgent(a);
          if (this.spec.maxPerDomain !== null && spread && inDomain(a) + count(this.placing.domain, d) >= this.spec.maxPerDomain) this.placing.overCap++;
          this.placing.domain.set(d, count(this.placing.domain, d) + 1);
          this.placing.agent.set(a.agentId, count(this.placing.agent, a.agentId) + 1);
        },
        ...(spread ? {
          score: (a: AgentView) => [
            inDomain(a) + count(this.placing.domain, this.domainOfAgent(a)),
            (this.countBy((r) => r.agentId).get(a.agentId) ?? 0) + count(this.placing.agent, a.agentId),
          ],
        } : {}),
      },
      onLaunched: (t, a, d) => this.launchedCentrally(t.taskId, a, d),
    });
  }

  private launchedCentrally(taskId: string, a: AgentView, driver: SchedulerDriver): void {
    const at = this.requested.indexOf(taskId);
    if (at >= 0) this.requested.splice(at, 1);
    const d = this.domainOfAgent(a);
    this.placing.domain.set(d, (this.placing.domain.get(d) ?? 1) - 1);
    this.placing.agent.set(a.agentId, (this.placing.agent.get(a.agentId) ?? 1) - 1);
    if (this.requested.length === 0) this.placing.overCap = 0;
    this.replicas.set(taskId, { agentId: a.agentId, domain: d });
    // Replacements run: retire as many of the copies being migrated away as are now surplus.
    let retire = Math.min(this.migrating.size, this.replicas.size - this.spec.instances);
    for (const id of [...this.migrating].sort()) {
      if (retire-- <= 0) break;
      driver.killTask(id);
    }
  }

  private domainOfAgent(a: AgentView): string {
    if (this.spec.spread === 'none') return '';
    const v = a.attributes[this.spec.spread];
    return v === undefined ? a.agentId : String(v);
  }

  private updateSuppression(driver: SchedulerDriver): void {
    if (this.central) { this.handOver(driver); return; }
    const want = this.needed > 0;
    if (want && this.suppressed) { this.suppressed = false; driver.revive(); }
    else if (!want && !this.suppressed) { this.suppressed = true; driver.suppress(); }
  }

  private domainOf(o: OfferView): string {
    if (this.spec.spread === 'none') return '';
    const v = o.attributes[this.spec.spread];
    return v === undefined ? o.agentId : String(v);
  }

  private countBy(key: (r: Replica) => string): Map<string, number> {
    const m = new Map<string, number>();
    for (const [id, r] of this.replicas) if (!this.migrating.has(id)) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
    return m;
  }
}
