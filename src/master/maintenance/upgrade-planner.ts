/**
 * A rolling upgrade of a fleet (issue 5, §5): machines are upgraded in batches — N machines, or one
 * whole rack/switch/PDU/zone at a time — with one of four strategies, so their cost in time and in
 * service availability can be compared:
 *
 *   drain        post a maintenance window (unavailability starts `window` later): offers carry
 *                it, frameworks get inverse offers; when every machine of the batch is empty (or
 *                at `drainDeadline`) take them DOWN, upgrade, bring them UP
 *   kill         schedule and take the batch DOWN at once (tasks lost), upgrade, UP
 *   in-place     agent failover: restart each agent process for `restartDuration`; tasks of
 *                checkpointing frameworks keep running (no machine downtime)
 *   drain-agent  DRAIN_AGENT (kill with grace ≤ max_grace_period), wait for DRAINED or the
 *                deadline, then DOWN / upgrade / UP and REACTIVATE
 *
 * The next batch starts when the previous one is back. Time to upgrade the fleet = last batch back
 * − start.
 *
 * The planner is an operator's script calling the maintenance API, so (deliberate choices,
 * docs/failures.md): it starts after everything else the scenario does at its start instant (agents
 * registering at time 0 are there, not on a machine already DOWN); while no master leads, its calls
 * wait for the next leader (the API is the leader's), as the timeline's do; and a batch that empties
 * while one of its agents is being removed or is reregistering is taken down once that has ended.
 */
import type { EventFields, EventSink } from '../../core/event-sink.ts';
import { Priority, type Simulation } from '../../kernel/simulation.ts';
import type { AgentFailures } from '../failover/agent-failures.ts';
import type { Maintenance } from './maintenance.ts';

export interface UpgradePlan {
  readonly strategy: 'drain' | 'kill' | 'in-place' | 'drain-agent';
  readonly startMs: number;
  readonly windowMs: number;
  readonly drainDeadlineMs: number;
  readonly upgradeDurationMs: number;
  readonly restartDurationMs: number;
  readonly maxGracePeriodMs: number | null;
  /** hostnames per batch, in order */
  readonly batches: readonly (readonly string[])[];
}

export interface BatchRecord {
  readonly machines: readonly string[];
  startMs: number;
  drainedAtMs: number | null;
  downAtMs: number | null;
  upAtMs: number | null;
  tasksAtDown: number;
}

export class UpgradePlanner implements EventSink {
  readonly plan: UpgradePlan;
  readonly batches: BatchRecord[] = [];
  startedAtMs: number | null = null;
  finishedAtMs: number | null = null;
  private current: { i: number; waiting: Set<string>; deadline: number | null } | null = null;
  /** The current batch is being scheduled (runBatch): what that emits is looked at after it. */
  private scheduling = false;
  private readonly sim: Simulation;
  private readonly maintenance: Maintenance;
  private readonly agents: AgentFailures;
  private readonly sink: EventSink;
  private readonly kinds: { start: number; deadline: number; up: number; next: number; recheck: number };
  private readonly whenLeading: (call: () => void) => void;

  constructor(sim: Simulation, sink: EventSink, maintenance: Maintenance, agents: AgentFailures, plan: UpgradePlan, whenLeading: (call: () => void) => void = (call) => call()) {
    this.sim = sim;
    this.sink = sink;
    this.maintenance = maintenance;
    this.agents = agents;
    this.plan = plan;
    this.whenLeading = whenLeading;
    const lead = (call: () => void) => this.whenLeading(call);
    this.kinds = {
      start: sim.on('upgrade.start', () => lead(() => { this.startedAtMs = sim.now; this.runBatch(0); })),
      deadline: sim.on('upgrade.deadline', (i: number) => lead(() => { if (this.current?.i === i) this.takeDown(); })),
      up: sim.on('upgrade.up', (i: number) => lead(() => this.bringUp(i))),
      next: sim.on('upgrade.next', (i: number) => lead(() => this.runBatch(i))),
      recheck: sim.on('upgrade.recheck', () => lead(() => this.checkBatchEmpty())),
    };
    // After the timeline's actions at the start instant: agents it adds then are registered first.
    if (plan.batches.length > 0) sim.at(plan.startMs, this.kinds.start, undefined, Priority.afterTimeline);
  }

  private runBatch(i: number): void {
    if (i >= this.plan.batches.length) {
      this.finishedAtMs = this.sim.now;
      this.sink.emit(this.sim.now, 'upgrade.finished', { batches: this.plan.batches.length, durationMs: this.sim.now - (this.startedAtMs ?? 0) });
      return;
    }
    const machines = this.plan.batches[i];
    const rec: BatchRecord = { machines, startMs: this.sim.now, drainedAtMs: null, downAtMs: null, upAtMs: null, tasksAtDown: 0 };
    this.batches.push(rec);
    this.sink.emit(this.sim.now, 'upgrade.batch', { batch: i, machines: machines.length, strategy: this.plan.strategy });
    const p = this.plan;
    switch (p.strategy) {
      case 'kill':
        this.maintenance.schedule(machines, { startMs: this.sim.now, durationMs: p.upgradeDurationMs });
        this.current = { i, waiting: new Set(), deadline: null };
        this.takeDown();
        return;
      case 'in-place':
        for (const h of machines) for (const a of this.maintenance.agentsOn(h)) this.agents.restartProcess(a, p.restartDurationMs);
        rec.downAtMs = this.sim.now;
        this.sim.after(p.restartDurationMs, this.kinds.up, i);
        return;
      case 'drain':
      case 'drain-agent': {
        this.current = { i, waiting: new Set(machines), deadline: this.sim.after(p.drainDeadlineMs, this.kinds.deadline, i) };
        // While the batch is being scheduled, a machine already empty reports itself drained at once:
        // the batch is looked at once all of it is scheduled (below), not then — that took the batch
        // down with its other machines still UP (refused), and they stayed DRAINING, never upgraded.
        this.scheduling = true;
        try {
          this.maintenance.schedule(machines, { startMs: this.sim.now + p.windowMs, durationMs: p.upgradeDurationMs });
          if (p.strategy === 'drain-agent') for (const h of machines) for (const a of this.maintenance.agentsOn(h)) this.maintenance.drainAgent(a, p.maxGracePeriodMs, false);
        } finally {
          this.scheduling = false;
        }
        for (const h of machines) if (this.isEmpty(h)) this.current?.waiting.delete(h);
        if (this.current && this.current.waiting.size === 0) this.takeDown();
      }
    }
  }

  /** Watches drains complete. */
  emit(_t: number, type: string, _f: EventFields): void {
    if (!this.current || this.scheduling || (type !== 'machine.drained' && type !== 'agent.drained' && type !== 'task.status')) return;
    // An agent of the batch half-way through a removal or reregistration (this update may come from
    // it, or from a drain its task ends completed): look again once that is over.
    const batch = this.plan.batches[this.current.i];
    if (batch.some((h) => this.maintenance.agentsOn(h).some((a) => this.maintenance.agentInTransition(a)))) { this.sim.after(0, this.kinds.recheck); return; }
    this.whenLeading(() => this.checkBatchEmpty());
  }

  private checkBatchEmpty(): void {
    if (!this.current) return;
    for (const h of [...this.current.waiting]) if (this.isEmpty(h)) this.current.waiting.delete(h);
    if (this.current.waiting.size === 0) this.takeDown();
  }

  private isEmpty(hostname: string): boolean {
    return this.maintenance.agentsOn(hostname).every((a) => (this.maintenance.tasksOn(a)) === 0);
  }

  private takeDown(): void {
    const cur = this.current;
    if (!cur) return;
    this.current = null;
    if (cur.deadline !== null) this.sim.cancel(cur.deadline);
    const rec = this.batches[cur.i];
    const machines = this.plan.batches[cur.i];
    rec.drainedAtMs = machines.every((h) => this.isEmpty(h)) ? this.sim.now : null;
    rec.tasksAtDown = machines.reduce((n, h) => n + this.maintenance.agentsOn(h).reduce((k, a) => k + this.maintenance.tasksOn(a), 0), 0);
    rec.downAtMs = this.sim.now;
    this.maintenance.down(machines);
    this.sim.after(this.plan.upgradeDurationMs, this.kinds.up, cur.i);
  }

  private bringUp(i: number): void {
    const rec = this.batches[i];
    const machines = this.plan.batches[i];
    if (this.plan.strategy !== 'in-place') {
      this.maintenance.up(machines);
      if (this.plan.strategy === 'drain-agent') for (const h of machines) for (const a of this.maintenance.agentsOn(h)) this.maintenance.reactivateAgent(a);
    }
    rec.upAtMs = this.sim.now;
    this.sim.at(this.sim.now, this.kinds.next, i + 1);
  }
}

/** Batches: N machines at a time (hostname order), or one domain at a time (domain-name order). */
export function planBatches(hostnames: readonly string[], batch: number | string, domainOf: (hostname: string) => string | null): string[][] {
  const hosts = [...new Set(hostnames)].sort();
  if (typeof batch === 'number') {
    const out: string[][] = [];
    for (let i = 0; i < hosts.length; i += batch) out.push(hosts.slice(i, i + batch));
    return out;
  }
  const groups = new Map<string, string[]>();
  for (const h of hosts) {
    const d = domainOf(h) ?? h;
    const g = groups.get(d);
    if (g) g.push(h); else groups.set(d, [h]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}
