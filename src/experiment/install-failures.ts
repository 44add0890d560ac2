/**
 * Composition of issue 5's machinery for one run: installed only when the scenario uses failures,
 * failover, maintenance or a replicated service; otherwise nothing changes (and run ids stay).
 */
import type { FanOutSink } from '../core/event-sink.ts';
import { Topology } from '../cluster/topology.ts';
import type { RngStreams } from '../kernel/rng.ts';
import type { Simulation } from '../kernel/simulation.ts';
import type { Master } from '../master/master.ts';
import { DEFAULT_FRAMEWORK_FAILURE_SETTINGS, FailureRuntime } from '../master/failover/runtime.ts';
import { DEFAULT_AGENT_FAILURE_OPTIONS } from '../master/failover/agent-failures.ts';
import { planBatches, UpgradePlanner } from '../master/maintenance/upgrade-planner.ts';
import type { RunSpec } from '../scenario/run-spec.ts';
import { FaultInjector } from '../workload/faults/fault-injector.ts';
import { isFailureTimelineAction } from './failure-actions.ts';
import { agentInfo } from './build-simulation.ts';
import { FailureProbe } from '../metrics/failure-probe.ts';

export interface ServiceTarget {
  readonly framework: string;
  readonly instances: number;
  readonly slo: number;
}

export interface InstalledFailures {
  readonly runtime: FailureRuntime;
  readonly topology: Topology;
  readonly injector: FaultInjector | null;
  readonly planner: UpgradePlanner | null;
  readonly services: readonly ServiceTarget[];
  readonly probe: FailureProbe;
}


export function usesFailures(spec: RunSpec): boolean {
  return spec.failures !== undefined || spec.frameworks.some((f) => f.failure !== undefined || f.scheduler.type === 'replicated-service')
    || spec.timeline.some((a) => isFailureTimelineAction(a)) || rateLimitsMayDrop(spec);
}

/** A rate-limit capacity drops calls, and a dropped call makes its scheduler fail over (docs/allocator.md). */
function rateLimitsMayDrop(spec: RunSpec): boolean {
  const r = spec.master.rateLimits;
  return r !== undefined && (r.limits.some((l) => l.capacity !== null) || (r.aggregateDefaultQps !== null && r.aggregateDefaultCapacity !== null));
}

export function installFailures(sim: Simulation, master: Master, sink: FanOutSink, spec: RunSpec, rngs: RngStreams): InstalledFailures | null {
  if (!usesFailures(spec)) return null;
  const f = spec.failures;
  const fws = new Map(spec.frameworks.map((x) => [x.id, x]));
  const runtime = new FailureRuntime(sim, master, sink, {
    agents: f ? { pingTimeoutMs: f.pingTimeoutMs, maxPingTimeouts: f.maxPingTimeouts, reregisterTimeoutMs: f.reregisterTimeoutMs, removalRateLimit: f.agentRemovalRateLimit ?? null, recoveryRemovalLimit: f.recoveryAgentRemovalLimit, ...(spec.master.registry ? { registry: spec.master.registry } : {}) }
      : spec.master.registry ? { ...DEFAULT_AGENT_FAILURE_OPTIONS, registry: spec.master.registry } : undefined,
    masterFailover: f ? { recoveryAgentFactor: f.recoveryAgentFactor, recoveryTimeoutMs: f.recoveryTimeoutMs, frameworkReregisterDelayMs: 0 } : undefined,
    weights: spec.master.weights,
    offerTimeoutMs: spec.master.offerTimeoutMs,
    killGracePeriodMs: f?.killGracePeriodMs,
    frameworks: (id) => fws.get(id)?.failure ?? DEFAULT_FRAMEWORK_FAILURE_SETTINGS,
  });
  const allAgents = [...spec.agents, ...spec.timeline.flatMap((a) => (a.do === 'addAgent' ? [a.agent] : []))];
  const topology = new Topology(allAgents.map((a) => {
    const info = agentInfo(a);
    return { id: info.id, hostname: info.hostname, region: info.region, attributes: info.attributes };
  }));
  const injector = f && f.models.length > 0 ? new FaultInjector(sim, rngs, sink, topology, runtime.agents, f.models) : null;
  // Agents added as the run goes (a trace's machines, timeline additions) join the topology, so
  // domain failures take them too (their racks are known only once the trace names them).
  sink.add({
    emit(_t, type, fields) {
      if (type !== 'agent.added') return;
      const info = master.agents.get(fields.agent as string)?.info;
      if (!info) return;
      topology.add({ id: info.id, hostname: info.hostname, region: info.region, attributes: info.attributes });
      injector?.agentAdded(info.id);
    },
  });
  let planner: UpgradePlanner | null = null;
  const u = f?.upgrade ?? null;
  if (u) {
    const hostOf = new Map(allAgents.map((a) => [a.hostname, a]));
    const hosts = u.machines ?? spec.agents.filter((a) => a.atMs !== null && a.atMs <= u.startMs).map((a) => a.hostname);
    const batches = planBatches(hosts, u.batch, (h) => {
      const a = hostOf.get(h);
      return a && typeof u.batch === 'string' ? topology.domainOf(a.id, u.batch) : null;
    });
    planner = new UpgradePlanner(sim, sink, runtime.maintenance, runtime.agents, {
      strategy: u.strategy, startMs: u.startMs, windowMs: u.windowMs, drainDeadlineMs: u.drainDeadlineMs,
      upgradeDurationMs: u.upgradeDurationMs, restartDurationMs: u.restartDurationMs, maxGracePeriodMs: u.maxGracePeriodMs, batches,
    }, (call) => { runtime.masterFailover.whenLeading(call); }); // an operator's calls wait for a leading master

    sink.add(planner);
  }
  const services = spec.frameworks.flatMap((x) => (x.scheduler.type === 'replicated-service'
    ? [{ framework: x.id, instances: x.scheduler.instances, slo: x.scheduler.slo }] : []));
  const probe = new FailureProbe(runtime, services, planner, injector);
  sink.add(probe);
  return { runtime, topology, injector, planner, services, probe };
}
