/**
 * Metrics of failures, failover and maintenance (issue 5), for summary.json's `failures` section:
 *
 * - per-service availability from the *physical* truth (ServingTracker): instances serving ÷ wanted,
 *   capped at 1, integrated exactly over time from the moment the service first reached full
 *   strength; its minimum; the time below its SLO (default (n−1)/n: more than one instance down).
 *   A service that never reached full strength is measured over the whole run instead (from t=0:
 *   its start-up counts, so all of the run is below its SLO when it never gets there), not
 *   reported as null: never being fully available is a result, not an absence of one;
 * - tasks ended by state and by cause (the status reason), excluding TASK_FINISHED; the lost ones
 *   (tasksLost) also by why: failures apart from planned maintenance (loss-cause.ts);
 * - agents marked unreachable / reregistered / gone; master failovers; frameworks removed on failover timeout;
 * - maintenance: inverse offers made/accepted/declined/rescinded/timed out/unanswered, drain time per
 *   machine (DRAINING → empty), and the rolling upgrade's time to upgrade the fleet.
 */
import { roundSig } from '../core/canonical-json.ts';
import type { EventFields, EventSink } from '../core/event-sink.ts';
import type { FailureRuntime } from '../master/failover/runtime.ts';
import type { UpgradePlanner } from '../master/maintenance/upgrade-planner.ts';
import type { FaultInjector } from '../workload/faults/fault-injector.ts';
import { LOSS_CAUSES, LossCauses, type LossCause } from './loss-cause.ts';

/** the statuses `tasksLost` counts (not TASK_GONE, which only QoS corrections send) */
const LOST_COUNTED: ReadonlySet<string> = new Set(['TASK_LOST', 'TASK_UNREACHABLE', 'TASK_GONE_BY_OPERATOR']);

const EVENT_KEYS: Record<string, string> = {
  'agent.unreachable': 'agentsUnreachable', 'agent.reregistered': 'agentsReregistered', 'agent.reconnected': 'agentsReconnected',
  'master.failed': 'masterFailures', 'domain.failed': 'domainFailures', 'machine.drained': 'machinesDrained', 'agent.drained': 'agentsDrained',
};

export interface ServiceWanted { readonly framework: string; readonly instances: number; readonly slo: number }

interface Avail {
  readonly wanted: number;
  readonly slo: number;
  startMs: number | null;
  lastMs: number;
  fraction: number;
  integral: number;
  belowMs: number;
  min: number;
  /** the same three over the whole run, for a service that never reaches full strength */
  readonly whole: { integral: number; belowMs: number; min: number };
  readonly rows: [number, number][];
  /**
   * Step rows from t = 0 until the service first reaches full strength (dropped then): the series of a
   * service that never does, whose whole run is its window (it had none, so no chart showed it).
   */
  early: [number, number][] | null;
}

export class FailureProbe implements EventSink {
  private readonly avail = new Map<string, Avail>();
  private readonly byState = new Map<string, number>();
  private readonly byCause = new Map<string, number>();
  private readonly causes = new LossCauses();
  /** the statuses counted in tasksLost, by why they were lost (loss-cause.ts) */
  private readonly lostByCause = new Map<LossCause, number>(LOSS_CAUSES.map((c) => [c, 0]));
  private readonly agentEvents = new Map<string, number>(Object.values(EVENT_KEYS).map((k) => [k, 0]));
  /** MARK_AGENT_GONE (and DRAIN_AGENT mark_gone) removals; in the summary only when there were any */
  private agentsMarkedGone = 0;
  /** updates sent to the tasks of unreachable agents marked gone (not counted again in tasksLost) */
  private goneAfterUnreachable = 0;
  private readonly rt: FailureRuntime;
  private readonly planner: UpgradePlanner | null;
  private readonly injector: FaultInjector | null;

  constructor(rt: FailureRuntime, services: readonly ServiceWanted[], planner: UpgradePlanner | null, injector: FaultInjector | null) {
    this.rt = rt;
    this.planner = planner;
    this.injector = injector;
    for (const s of services) this.avail.set(s.framework, { wanted: s.instances, slo: s.slo, startMs: null, lastMs: 0, fraction: 0, integral: 0, belowMs: 0, min: 1, whole: { integral: 0, belowMs: 0, min: 1 }, rows: [], early: [[0, 0]] });
    rt.tracker.onChange((fw, serving, t) => this.onServing(fw, serving, t));
  }

  emit(t: number, type: string, f: EventFields): void {
    this.causes.observe(t, type, f);
    if (type === 'agent.gone') { this.agentsMarkedGone++; return; }
    if (type === 'task.status') {
      const state = f.state as string;
      // The second update of a task lost with an unreachable agent, now marked gone (agent-gone.ts): counted when it was lost.
      if (f.wasUnreachable === true) { this.goneAfterUnreachable++; return; }
      if (state === 'TASK_FINISHED' || state === 'TASK_RUNNING') return;
      this.byState.set(state, (this.byState.get(state) ?? 0) + 1);
      const cause = `${(f.reason as string | undefined) ?? 'none'}`;
      this.byCause.set(cause, (this.byCause.get(cause) ?? 0) + 1);
      if (LOST_COUNTED.has(state)) {
        const why = this.causes.cause(state, f.reason as string | undefined, f.agent as string | undefined);
        this.lostByCause.set(why, this.lostByCause.get(why)! + 1);
      }
    } else {
      const key = EVENT_KEYS[type];
      if (key !== undefined) this.agentEvents.set(key, (this.agentEvents.get(key) ?? 0) + 1);
    }
  }

  private onServing(fw: string, serving: number, t: number): void {
    const a = this.avail.get(fw);
    if (!a) return;
    this.advance(a, t);
    a.fraction = Math.min(1, serving / a.wanted);
    if (a.startMs === null && a.fraction >= 1) { a.startMs = t; a.lastMs = t; a.early = null; }
    if (a.startMs !== null) {
      a.min = Math.min(a.min, a.fraction);
      pushStep(a.rows, t, a.fraction);
    } else if (a.early !== null) pushStep(a.early, t, a.fraction);
  }

  private advance(a: Avail, t: number): void {
    if (t <= a.lastMs) return;
    const dt = t - a.lastMs;
    if (a.startMs === null) {
      a.whole.integral += a.fraction * dt;
      a.whole.min = Math.min(a.whole.min, a.fraction);
      if (a.fraction < a.slo) a.whole.belowMs += dt;
    } else {
      a.integral += a.fraction * dt;
      if (a.fraction < a.slo) a.belowMs += dt;
    }
    a.lastMs = t;
  }

  /** Availability step rows (docs/outputs.md AvailabilityRow: tMs, service, fraction). */
  availabilityRows(): { tMs: number; service: string; fraction: number }[] {
    const out: { tMs: number; service: string; fraction: number }[] = [];
    for (const [service, a] of [...this.avail].sort(([x], [y]) => (x < y ? -1 : 1))) for (const [tMs, fraction] of a.early ?? a.rows) out.push({ tMs, service, fraction });
    return out;
  }

  summary(endMs: number): Record<string, unknown> {
    const sorted = <V>(m: Map<string, V>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const availability: Record<string, unknown> = {};
    for (const [svc, a] of [...this.avail].sort(([x], [y]) => (x < y ? -1 : 1))) {
      this.advance(a, endMs);
      const never = a.startMs === null; // never at full strength: the whole run is the window
      const span = never ? endMs : endMs - a.startMs!;
      availability[svc] = {
        wanted: a.wanted, slo: roundSig(a.slo), measuredFromMs: a.startMs,
        mean: span > 0 ? roundSig((never ? a.whole.integral : a.integral) / span) : null,
        min: never ? (span > 0 ? roundSig(a.whole.min) : null) : roundSig(a.min), belowSloMs: never ? a.whole.belowMs : a.belowMs,
      };
    }
    const c = this.rt.maintenance.counters;
    const machines = [...this.rt.maintenance.machines.values()];
    const drains = [...this.rt.maintenance.drainTimesMs].sort((x, y) => x - y); // every cycle of every machine
    const forced = this.rt.maintenance.forcedDowns;
    const p = this.planner;
    const upgrade = p === null ? null : {
      strategy: p.plan.strategy, batches: p.plan.batches.length, machines: p.plan.batches.reduce((n, b) => n + b.length, 0),
      startedAtMs: p.startedAtMs, finishedAtMs: p.finishedAtMs,
      fleetMs: p.startedAtMs !== null && p.finishedAtMs !== null ? p.finishedAtMs - p.startedAtMs : null,
      batchesDone: p.batches.filter((b) => b.upAtMs !== null).length,
      tasksAtDown: p.batches.reduce((n, b) => n + b.tasksAtDown, 0),
    };
    return {
      failures: {
        availability,
        tasksEnded: { byState: sorted(this.byState), byCause: sorted(this.byCause) },
        // agentsMarkedGone only in runs that marked an agent gone (other runs' summaries unchanged)
        events: sorted(this.agentsMarkedGone > 0 ? new Map([...this.agentEvents, ['agentsMarkedGone', this.agentsMarkedGone]]) : this.agentEvents),
        ...(this.goneAfterUnreachable > 0 ? { tasksGoneAfterUnreachable: this.goneAfterUnreachable } : {}),
        agentStateMs: sorted(this.rt.agents.stateTimeMsUntil(endMs)),
        tasksLost: (this.byState.get('TASK_LOST') ?? 0) + (this.byState.get('TASK_UNREACHABLE') ?? 0) + (this.byState.get('TASK_GONE_BY_OPERATOR') ?? 0),
        // the same statuses by cause (failure, maintenance, revoked, neverRan: loss-cause.ts); they add up to tasksLost
        tasksLostByCause: Object.fromEntries(this.lostByCause),
        tasksKilled: this.byState.get('TASK_KILLED') ?? 0,
        masterFailovers: this.rt.masterFailover.failovers.map((f) => ({ ...f })),
        masterFailoverCount: this.rt.masterFailover.failovers.length,
        frameworksRemoved: this.rt.frameworks.removed.map((r) => ({ ...r })),
        frameworksRemovedCount: this.rt.frameworks.removed.length,
        tasksKilledOnFailoverTimeout: this.rt.frameworks.removed.reduce((n, r) => n + r.tasksKilled, 0),
        maintenance: {
          inverseOffers: {
            made: c.inverseOffersMade, accepted: c.inverseOffersAccepted, declined: c.inverseOffersDeclined,
            rescinded: c.inverseOffersRescinded, timedOut: c.inverseOffersTimedOut,
            unanswered: c.inverseOffersMade - c.inverseOffersAccepted - c.inverseOffersDeclined,
          },
          machinesScheduled: machines.filter((m) => m.drainStartMs !== null).length,
          drainMs: { drained: drains.length, forcedDown: forced, mean: drains.length ? roundSig(drains.reduce((s, x) => s + x, 0) / drains.length) : null, p50: drains.length ? drains[Math.floor((drains.length - 1) / 2)] : null, max: drains.length ? drains[drains.length - 1] : null },
        },
        upgrade,
      },
    };
  }
}

/** Append a step (a change at `t`; a second change at the same instant replaces the first). */
function pushStep(rows: [number, number][], t: number, fraction: number): void {
  const last = rows[rows.length - 1];
  if (last && last[0] === t) last[1] = fraction; else if (!last || last[1] !== fraction) rows.push([t, fraction]);
}
