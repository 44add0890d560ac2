/**
 * Random failures per fault-domain level (issue 5): for each model and each domain of its level,
 * an alternating renewal process — up for a draw of `failure`, down for a draw of `repair` — with
 * its own named stream `faults/<model>/<level>/<domain>`, so adding a domain or a model never
 * shifts another's draws. A domain failure takes every agent under it at once (crash: machines die
 * and reboot on repair; partition: they drop off the network and come back with their tasks).
 * Agents already down when their domain fails are left to whatever took them down.
 * Domains first seen after the start (agents a trace adds as it is replayed) get their process
 * when their first agent registers, from then (or from the model's `from`, if later).
 */
import { sample, type Distribution } from '../../cluster/failure-distribution.ts';
import type { DomainLevel, Topology } from '../../cluster/topology.ts';
import type { EventSink } from '../../core/event-sink.ts';
import type { RngStreams } from '../../kernel/rng.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import type { AgentFailures } from '../../master/failover/agent-failures.ts';

export interface FaultModel {
  readonly level: DomainLevel;
  readonly kind: 'crash' | 'partition';
  readonly failure: Distribution;
  readonly repair: Distribution;
  readonly fromMs: number;
  readonly untilMs: number | null;
  readonly domains: readonly string[] | null;
}

interface Token { model: number; domain: string; took?: string[] }

export class FaultInjector {
  readonly failures: { model: number; level: DomainLevel; domain: string; atMs: number; repairedAtMs: number | null; agents: number }[] = [];
  private readonly open = new Map<string, number>();
  /** Processes started, `model/domain`. */
  private readonly started = new Set<string>();
  private readonly start: (model: number, domain: string) => void;
  private readonly topology: Topology;
  private readonly models: readonly FaultModel[];

  constructor(sim: Simulation, rngs: RngStreams, sink: EventSink, topology: Topology, agents: AgentFailures, models: readonly FaultModel[]) {
    const fail = sim.on('fault.fail', (t: Token) => {
      const m = models[t.model];
      if (m.untilMs !== null && sim.now > m.untilMs) return;
      const took = topology.agentsIn(m.level, t.domain).filter((a) => agents.isAnswering(a));
      for (const a of took) if (m.kind === 'crash') agents.failMachine(a); else agents.partition(a);
      sink.emit(sim.now, 'domain.failed', { model: t.model, level: m.level, domain: t.domain, kind: m.kind, agents: took.length });
      this.open.set(`${t.model}/${t.domain}`, this.failures.length);
      this.failures.push({ model: t.model, level: m.level, domain: t.domain, atMs: sim.now, repairedAtMs: null, agents: took.length });
      sim.after(sample(m.repair, rng(t)), repair, { ...t, took });
    });
    const repair = sim.on('fault.repair', (t: Token) => {
      const m = models[t.model];
      for (const a of t.took ?? []) if (m.kind === 'crash') agents.repairMachine(a); else agents.healNetwork(a);
      sink.emit(sim.now, 'domain.repaired', { model: t.model, level: m.level, domain: t.domain });
      const i = this.open.get(`${t.model}/${t.domain}`);
      if (i !== undefined) this.failures[i].repairedAtMs = sim.now;
      const next = sim.now + sample(m.failure, rng(t));
      if (m.untilMs === null || next <= m.untilMs) sim.at(next, fail, { model: t.model, domain: t.domain });
    });
    const rng = (t: Token) => rngs.stream(`faults/${t.model}/${models[t.model].level}/${t.domain}`);
    this.topology = topology;
    this.models = models;
    this.start = (model, domain) => {
      if (this.started.has(`${model}/${domain}`)) return;
      this.started.add(`${model}/${domain}`);
      const m = models[model];
      const t = { model, domain };
      const at = Math.max(sim.now, m.fromMs) + sample(m.failure, rng(t));
      if (m.untilMs === null || at <= m.untilMs) sim.at(at, fail, t);
    };
    models.forEach((m, model) => {
      for (const domain of m.domains ?? topology.domains(m.level).map((d) => d.name)) this.start(model, domain);
    });
  }

  /** An agent registered (already in the topology): a model over all domains of a level may see a new one. */
  agentAdded(agentId: string): void {
    this.models.forEach((m, model) => {
      if (m.domains !== null) return;
      const domain = this.topology.domainOf(agentId, m.level);
      if (domain !== null) this.start(model, domain);
    });
  }
}
