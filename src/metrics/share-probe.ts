/**
 * Dominant shares over time and the fairness measures built on them (an observer):
 *
 * - dominant share per role and per framework (unweighted: max over cpus/mem/disk/gpus of allocated ÷
 *   cluster total, from AllocationProbe), recorded as bounded exact step series;
 * - Jain's index and the max–min gap over the weighted shares (share ÷ weight) of the roles that have
 *   demand: DRF equalises shares among roles that want more; a role whose demand is met (it suppressed
 *   offers) is not treated unfairly by holding less. Undefined (absent) while fewer than two roles
 *   have demand: fairness among competing roles needs two competitors (one role alone read as Jain 1,
 *   gap 0 — "perfectly fair" — next to shares of 37% and 60%, oversubscription.on); the time with
 *   exactly one role with demand is kept (soleDemandMs) so the report can say why it is undefined;
 * - the sharing-incentive check: whenever a role had demand, was its dominant share at least what a
 *   static partition would give it? Its static share is weight ÷ Σ weights over the scenario's roles
 *   (1/N unweighted); since a partition cannot hand out a fraction of a task, the entitlement is the
 *   static share minus the dominant share of the role's largest task (floored at 0). A shortfall
 *   lasting longer than the tolerance — one allocation interval per role of the partition, the time
 *   progressive filling may take to come round to the role — is a violation. The raw time below the
 *   static share is reported too, so a stricter reading stays possible;
 * - time below the quota guarantee: demand and, for some resource, allocation < guarantee. The quota
 *   comes from the allocator when it exposes `quotaGuarantee(role)` (see QuotaSource); 0 otherwise.
 *
 * "Demand" is Mesos' own notion of wanting offers: some framework subscribed to the role is active
 * and not suppressed for it (mesos-semantics §1.1: suppressed roles receive no offers). A scheduler
 * that stays unsuppressed with nothing to run counts as having demand.
 */
import type { EventFields, EventSink } from '../core/event-sink.ts';
import type { Master } from '../master/master.ts';
import { parseResources } from '../cluster/resource-text.ts';
import { scalarQuantities } from '../cluster/resources.ts';
import type { AllocationProbe } from './allocation-probe.ts';
import { jainIndex, maxMinGap } from './fairness.ts';
import { StepRecorder } from './step-recorder.ts';

/**
 * Optional allocator accessors for quota (documented in docs/outputs.md), milli-units by name:
 * the guarantee, and what counts against it (Mesos: allocation plus reservations, §3.4). Without
 * `consumedQuota` the role's allocation is used.
 */
export interface QuotaSource {
  quotaGuarantee(role: string): ReadonlyMap<string, number> | undefined;
  consumedQuota?(role: string): ReadonlyMap<string, number>;
  /** Every role with a quota (optional: without it every role is asked for its guarantee at every advance). */
  quotaRoles?(): Iterable<string>;
}

const EPS = 1e-9;
const DEMAND_EVENTS = new Set([
  'framework.added', 'framework.removed', 'framework.activated', 'framework.deactivated', 'framework.updated',
  'framework.suppressed', 'framework.revived', 'weight.set',
  'central.queued', 'central.decided', // the monolithic baseline's queue (docs/offer-models.md)
  'master.failed', 'master.elected', // a new allocator: every framework inactive until it reregisters (§6.4)
]);

export interface RoleFairness {
  weight: number;
  fairShare: number;
  /** dominant share of the role's largest task launched so far */
  maxTaskShare: number;
  share: number;
  maxShare: number;
  demandMs: number;
  /** time with demand and share below the static share */
  shortfallMs: number;
  /** shortfall episodes longer than the tolerance */
  violations: number;
  longestShortfallMs: number;
  belowGuaranteeMs: number;
  hasQuota: boolean;
  demand: boolean;
  episodeStart: number | null;
}

export interface ShareProbeOptions {
  /** Roles of the scenario (the static partition is over these); more are added as they appear. */
  readonly roles?: readonly string[];
  readonly weights?: Readonly<Record<string, number>>;
  readonly toleranceMs?: number;
  readonly maxSegments?: number;
}

export class ShareProbe implements EventSink {
  readonly shares: StepRecorder;
  readonly fairness: StepRecorder;
  readonly roles = new Map<string, RoleFairness>();
  readonly frameworkMax = new Map<string, number>();
  /** Σ jain·dt, Σ gap·dt and the time they were defined (at least two roles with demand) */
  jainMs = 0;
  gapMs = 0;
  fairnessDefinedMs = 0;
  /** time with exactly one role with demand (fairness undefined: no one to compare it with) */
  soleDemandMs = 0;
  private readonly master: Master;
  private readonly allocation: AllocationProbe;
  private readonly weights = new Map<string, number>();
  private readonly toleranceMs: number;
  private seenVersion = -1;
  private demandDirty = true;
  private jain = Number.NaN;
  private gap = Number.NaN;
  private rolesWithDemand = 0;
  /** The roles with demand, as of the last demand refresh: an advance does work for these only. */
  private withDemand: RoleFairness[] = [];
  private readonly jainCh: number;
  /** Share channels by role name and by framework id (read on every refresh: no name built per read). */
  private readonly roleChannel = new Map<string, number>();
  private readonly frameworkChannel = new Map<string, number>();
  private readonly gapCh: number;

  constructor(master: Master, allocation: AllocationProbe, opts: ShareProbeOptions = {}) {
    this.master = master;
    this.allocation = allocation;
    this.toleranceMs = opts.toleranceMs ?? 0;
    this.shares = new StepRecorder(opts.maxSegments);
    this.fairness = new StepRecorder(opts.maxSegments);
    this.jainCh = this.fairness.channel('jain');
    this.gapCh = this.fairness.channel('max_min_gap');
    for (const [r, w] of Object.entries(opts.weights ?? {})) this.weights.set(r, w);
    for (const r of [...(opts.roles ?? [])].sort()) this.role(r);
  }

  wants(type: string): boolean {
    return type === 'task.launched' || DEMAND_EVENTS.has(type);
  }

  emit(_t: number, type: string, fields: EventFields): void {
    if (type === 'task.launched' && typeof fields.role === 'string') {
      const q = parseResources(String(fields.resources ?? ''));
      if (typeof q !== 'string') {
        const r = this.role(fields.role);
        const share = this.allocation.shareOf(scalarQuantities(q));
        if (share > r.maxTaskShare) r.maxTaskShare = share;
      }
      return;
    }
    if (!DEMAND_EVENTS.has(type)) return;
    this.demandDirty = true;
    if (type === 'weight.set' && typeof fields.role === 'string' && typeof fields.weight === 'number') {
      this.weights.set(fields.role, fields.weight);
      const r = this.roles.get(fields.role);
      if (r) r.weight = fields.weight;
      this.updateFairShares();
    }
  }

  advance(fromMs: number, toMs: number): void {
    this.refresh(fromMs);
    const dt = toMs - fromMs;
    // A static partition of an empty cluster gives nothing: no role falls short of it (with no agents,
    // the sole role with demand was reported as violating the sharing incentive).
    const empty = !this.allocation.hasCapacity;
    for (const r of this.withDemand) {
      r.demandMs += dt;
      if (!empty && r.share < r.fairShare - EPS) r.shortfallMs += dt;
      if (!empty && r.share < r.fairShare - r.maxTaskShare - EPS) {
        if (r.episodeStart === null) r.episodeStart = fromMs;
      } else this.closeEpisode(r, fromMs);
    }
    if (this.jain === this.jain) {
      this.jainMs += this.jain * dt;
      this.gapMs += this.gap * dt;
      this.fairnessDefinedMs += dt;
    } else if (this.rolesWithDemand === 1) this.soleDemandMs += dt;
    this.shares.advance(fromMs, toMs);
    this.fairness.advance(fromMs, toMs);
    this.addBelowGuarantee(dt);
  }

  /** Close open shortfall episodes at the end of the run. */
  finish(endMs: number): void {
    for (const r of this.roles.values()) this.closeEpisode(r, endMs);
  }

  private closeEpisode(r: RoleFairness, atMs: number): void {
    if (r.episodeStart === null) return;
    const len = atMs - r.episodeStart;
    r.episodeStart = null;
    if (len > r.longestShortfallMs) r.longestShortfallMs = len;
    if (len > this.toleranceMs * Math.max(1, this.roles.size)) r.violations++;
  }

  private role(name: string): RoleFairness {
    let r = this.roles.get(name);
    if (!r) {
      r = {
        weight: this.weights.get(name) ?? 1, fairShare: 0, maxTaskShare: 0, share: 0, maxShare: 0, demandMs: 0, shortfallMs: 0,
        violations: 0, longestShortfallMs: 0, belowGuaranteeMs: 0, hasQuota: false, demand: false, episodeStart: null,
      };
      this.roles.set(name, r);
      this.roleChannel.set(name, this.shares.channel(`role\u0000${name}`));
      this.updateFairShares();
    }
    return r;
  }

  private updateFairShares(): void {
    let total = 0;
    for (const r of this.roles.values()) total += r.weight;
    for (const r of this.roles.values()) r.fairShare = total > 0 ? r.weight / total : 0;
  }

  private refresh(fromMs: number): void {
    const roleSnaps = this.allocation.roleSnapshots();
    if (this.allocation.version === this.seenVersion && !this.demandDirty) return;
    this.seenVersion = this.allocation.version;
    const alloc = this.master.allocator;
    for (const name of roleSnaps.keys()) this.role(name);
    if (this.demandDirty) {
      this.demandDirty = false;
      this.withDemand = [];
      for (const [name, r] of this.roles) {
        let demand = false;
        for (const [id, fw] of alloc.roles.get(name)?.frameworks ?? []) {
          if (!fw.active || !fw.subscribes(name)) continue;
          // Monolithic baseline: frameworks take no offers (suppressed); their work waits centrally.
          if (!fw.suppressed.has(name) || this.master.monolithic?.hasWork(id)) { demand = true; break; }
        }
        r.demand = demand;
        if (demand) this.withDemand.push(r); else this.closeEpisode(r, fromMs); // a shortfall ends with the demand
      }
    }
    const xs: number[] = [];
    for (const [name, r] of this.roles) {
      r.share = roleSnaps.get(name)?.share ?? 0;
      if (r.share > r.maxShare) r.maxShare = r.share;
      this.shares.set(this.roleChannel.get(name)!, r.share);
      if (r.demand) xs.push(r.weight > 0 ? r.share / r.weight : r.share);
    }
    const fws = this.allocation.frameworkSnapshots();
    for (const [id, s] of fws) {
      this.frameworkMax.set(id, Math.max(s.share, this.frameworkMax.get(id) ?? 0));
      this.shares.set(this.frameworkChannelOf(id), s.share);
    }
    // a removed framework's series ends (absent), it does not hold its last value
    for (const id of this.frameworkMax.keys()) if (!fws.has(id)) this.shares.set(this.frameworkChannelOf(id), Number.NaN);
    this.rolesWithDemand = xs.length;
    this.jain = xs.length >= 2 ? jainIndex(xs) : Number.NaN;
    this.gap = xs.length >= 2 ? maxMinGap(xs) : Number.NaN;
    this.fairness.set(this.jainCh, this.jain);
    this.fairness.set(this.gapCh, this.gap);
  }

  private frameworkChannelOf(id: string): number {
    let ch = this.frameworkChannel.get(id);
    if (ch === undefined) this.frameworkChannel.set(id, (ch = this.shares.channel(`framework\u0000${id}`)));
    return ch;
  }

  private addBelowGuarantee(dt: number): void {
    const src = this.master.allocator as unknown as Partial<QuotaSource>;
    if (typeof src.quotaGuarantee !== 'function') return;
    const snaps = this.allocation.roleSnapshots();
    const names = typeof src.quotaRoles === 'function' ? src.quotaRoles.call(this.master.allocator) : this.roles.keys();
    for (const name of names) {
      const r = this.roles.get(name);
      if (r === undefined) continue;
      const g = src.quotaGuarantee.call(this.master.allocator, name);
      if (!g || g.size === 0) continue;
      r.hasQuota = true;
      if (!r.demand) continue;
      const q = typeof src.consumedQuota === 'function' ? src.consumedQuota.call(this.master.allocator, name) : snaps.get(name)?.q;
      for (const [res, amount] of g) {
        if (amount > 0 && (q?.get(res) ?? 0) < amount) { r.belowGuaranteeMs += dt; break; }
      }
    }
  }
}
