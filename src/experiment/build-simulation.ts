/**
 * Composition root: RunSpec → a wired simulation (kernel, master, schedulers, timeline, probes).
 * Frameworks and agents declared with a time are added by timeline events at that time — frameworks
 * before agents, each in file order — ahead of the explicit timeline actions of the same instant.
 */
import { parseResources } from '../cluster/resource-text.ts';
import { scalarQuantities, type Resources } from '../cluster/resources.ts';
import type { Quota } from '../master/allocator/quota.ts';
import { FanOutSink, type EventSink } from '../core/event-sink.ts';
import { RngStreams } from '../kernel/rng.ts';
import { Priority, Simulation } from '../kernel/simulation.ts';
import { parseMinAllocatable } from '../master/allocator/min-allocatable.ts';
import type { AllocatorAgentInfo, AllocatorFrameworkInfo, MinAllocatable } from '../master/allocator/types.ts';
import { Master } from '../master/master.ts';
import type { Scheduler } from '../master/scheduler.ts';
import { BatchScheduler } from '../frameworks/batch.ts';
import { ScriptedScheduler } from '../frameworks/scripted.ts';
import { generateBatchJobs } from '../workload/synthetic/batch-jobs.ts';
import type { AgentSpec, FrameworkSpec, RunSpec, TimelineAction } from '../scenario/run-spec.ts';
import { applyTimelineAction } from './timeline.ts';
import { installFailures, type InstalledFailures } from './install-failures.ts';
import { applyIssue5Action, NEEDS_LEADING_MASTER } from './failure-actions.ts';
import { ReplicatedService } from '../frameworks/replicated-service.ts';
import { installPartitioning } from './partitioning.ts';
import { installOfferPolicy } from './offer-policy.ts';
import { installOfferModel, type SummaryExtras } from './offer-model.ts';
import { installOversubscription, type InstalledOversubscription } from '../master/oversubscription/install.ts';
import { installWorkload, type InstalledWorkload } from '../workload/replay/install.ts';
import type { UsageMonitor } from '../master/usage/usage-monitor.ts';
import { attachOversubscriptionProbe } from '../metrics/oversubscription-probe.ts';
import { attachReconciliationProbe } from '../metrics/reconciliation-probe.ts';

export interface BuiltSimulation {
  readonly sim: Simulation;
  readonly master: Master;
  readonly rngs: RngStreams;
  readonly sink: FanOutSink;
  /** Failures, failover, maintenance (issue 5); null when the scenario uses none. */
  readonly failures?: InstalledFailures | null;
  /** Usage monitor and oversubscription loop (issue 4); null when the scenario models neither. */
  readonly oversubscription?: InstalledOversubscription | null;
  /** The usage model fed to the utilization probe (src/metrics/usage-source.ts); null = tasks use their requests. */
  readonly usage?: UsageMonitor | null;
  /** Extra summary.json sections (issue 4: `oversubscription`), merged by run.ts. */
  readonly summaryExtras?: (() => Record<string, unknown>) | null;
  /** Framework models and trace replay (issue 6). */
  readonly workload?: InstalledWorkload;
}

export function res(text: string): Resources {
  const r = parseResources(text);
  if (typeof r === 'string') throw new Error(`internal: unnormalized resources "${text}": ${r}`);
  return r;
}

export interface BuildOptions {
  /** Put something between each framework's model and the master (the model contract's watcher). */
  readonly wrapScheduler?: (frameworkId: string, scheduler: Scheduler) => Scheduler;
}

export function buildSimulation(spec: RunSpec, sinks: readonly EventSink[], options: BuildOptions = {}): BuiltSimulation {
  const sim = new Simulation();
  const rngs = new RngStreams(spec.seed);
  const sink = new FanOutSink();
  for (const s of sinks) sink.add(s);
  const m = spec.master;
  const master = new Master(sim, rngs, {
    allocationIntervalMs: m.allocationIntervalMs,
    minAllocatable: parseMinAllocatable(m.minAllocatable) as MinAllocatable,
    filterGpuResources: m.filterGpuResources,
    fairnessExcludedResourceNames: m.fairnessExcludedResources,
    masterRegion: m.region,
    roleSorter: m.roleSorter,
    frameworkSorter: m.frameworkSorter,
    whitelist: m.whitelist,
    offerTimeoutMs: m.offerTimeoutMs,
    ...(m.rateLimits ? { rateLimits: m.rateLimits } : {}),
  }, sink);
  for (const f of spec.frameworks) if (f.principal !== undefined) master.rateLimiter?.setPrincipal(f.id, f.principal); // issue 3
  for (const [role, weight] of Object.entries(m.weights).sort(([a], [b]) => (a < b ? -1 : 1))) master.allocator.updateWeight(role, weight);
  for (const [role, q] of Object.entries(m.quota ?? {})) master.setQuota(role, quotaOf(q.guarantee, q.limit)); // issue 3

  const frameworks = new Map(spec.frameworks.map((f) => [f.id, f]));
  const workload = installWorkload({ sim, master, rngs, events: sink, untilMs: spec.untilMs, workload: spec.workload }); // issue 6
  const actions: TimelineAction[] = [
    ...spec.frameworks.filter((f) => f.atMs !== null).map((f) => ({ atMs: f.atMs!, do: 'addFramework' as const, framework: f.id })),
    ...spec.agents.filter((a) => a.atMs !== null).map((a) => ({ atMs: a.atMs!, do: 'addAgent' as const, agent: a })),
    ...spec.timeline,
  ];
  // Stable by time: same-time actions keep file order (auto-adds first).
  const ordered = actions.map((a, i) => ({ a, i })).sort((x, y) => x.a.atMs - y.a.atMs || x.i - y.i).map((x) => x.a);
  const ctx = {
    master, spec, sink, now: () => sim.now,
    addFramework: (id: string) => addFramework(master, frameworks.get(id)!, rngs, workload, options.wrapScheduler),
    agentInfo,
    applyFailure: (a: TimelineAction) => applyIssue5Action(failures, a, sim.now), // issue 5
    agentRemoved: (id: string) => failures?.runtime.agents.decommission(id),
  };
  // Timeline actions run one at a time at "late" priority: each sees everything the previous one
  // triggered at the same instant (allocation runs, offer deliveries) already settled.
  let next = 0;
  const kind = sim.on('timeline.action', () => {
    const a = ordered[next++];
    if (!failures || !NEEDS_LEADING_MASTER.has(a.do)) applyTimelineAction(ctx, a);
    else if (failures.runtime.masterFailover.whenLeading(() => applyTimelineAction(ctx, a))) {
      sink.emit(sim.now, 'timeline.held', { action: a.do, ...(a.do === 'operator' ? { operation: a.operation } : {}), reason: 'no leading master' });
    }
    if (next < ordered.length) sim.at(ordered[next].atMs, kind, undefined, Priority.late);
  });
  if (ordered.length > 0) sim.at(ordered[0].atMs, kind, undefined, Priority.late);
  installPartitioning(master, spec); // issue 8: static partitioning (no-op when shared)
  installOfferPolicy(master, spec, rngs); // issue 8: plugin offer policy (no-op without master.offerPolicy)
  const oversubscription = installOversubscription(sim, master, spec.seed, sink, spec.usage, spec.oversubscription); // issue 4
  const summaryExtras = attachOversubscriptionProbe(sim, master, sink, oversubscription); // issue 4
  const failures = installFailures(sim, master, sink, spec, rngs); // issue 5
  const offerModel = installOfferModel(master, spec, sink, () => sim.now); // story 14: optimistic offers (no-op without master.offerModel)
  master.start();
  const failureSummary = failures ? () => failures.probe.summary(sim.now) : null;
  const reconciliation = attachReconciliationProbe(sink); // answers to kills of unknown tasks and to frameworks' reconciliation
  const extras = mergeSummaries([summaryExtras ?? null, failureSummary, offerModel, workload.summary, reconciliation]);
  return { failures, sim, master, rngs, sink, oversubscription, usage: oversubscription?.monitor ?? null, summaryExtras: extras, workload };
}

/** summary.json sections the installs add (oversubscription, failures, offer model, replay), in one. */
function mergeSummaries(parts: readonly SummaryExtras[]): SummaryExtras {
  const present = parts.filter((p) => p !== null);
  return present.length === 0 ? null : () => Object.assign({}, ...present.map((p) => p()));
}

/** Quota from normalized quantity texts ("" = none). */
export function quotaOf(guarantee: string, limit: string): Quota {
  return { guarantees: scalarQuantities(guarantee === '' ? [] : res(guarantee)), limits: scalarQuantities(limit === '' ? [] : res(limit)) };
}

export function agentInfo(a: AgentSpec): AllocatorAgentInfo {
  const attributes: Record<string, string | number> = { ...a.attributes };
  for (const key of ['zone', 'rack', 'switch', 'pdu'] as const) if (a[key] !== null && attributes[key] === undefined) attributes[key] = a[key]!;
  return { id: a.id, hostname: a.hostname, total: res(a.resources), attributes, capabilities: a.capabilities, region: a.region };
}

export function frameworkInfo(f: FrameworkSpec): AllocatorFrameworkInfo {
  const minAllocatable = new Map<string, MinAllocatable>();
  for (const [role, text] of Object.entries(f.minAllocatable)) minAllocatable.set(role, parseMinAllocatable(text) as MinAllocatable);
  return {
    id: f.id, roles: f.roles, capabilities: f.capabilities, suppressedRoles: f.suppressedRoles, minAllocatable,
    ...(f.offerConstraints ? { offerConstraints: f.offerConstraints } : {}),
  };
}

function addFramework(
  master: Master, f: FrameworkSpec, rngs: RngStreams, workload: InstalledWorkload, wrap?: BuildOptions['wrapScheduler'],
): void {
  const scheduler = workload.makeScheduler(f.id, f.roles, f.scheduler) ?? makeScheduler(f, rngs); // issue 6: registered models first
  master.addFramework(frameworkInfo(f), wrap ? wrap(f.id, scheduler) : scheduler, f.active, f.offerLatencyMs);
}

function makeScheduler(f: FrameworkSpec, rngs: RngStreams): Scheduler {
  const s = f.scheduler;
  if (s.type === 'replicated-service') return new ReplicatedService({ ...s, resources: res(s.resources) }); // issue 5
  if (s.type === 'scripted') {
    return new ScriptedScheduler({
      mode: s.onOffer, refuseSeconds: s.refuseSeconds ?? undefined,
      task: s.task ? { resources: res(s.task.resources), durationMs: s.task.durationMs } : undefined,
      tasksPerOffer: s.tasksPerOffer ?? undefined, maxTasks: s.maxTasks ?? undefined,
    });
  }
  if (s.type !== 'batch') throw new Error(`internal: no scheduler factory for type "${s.type}"`);
  const jobs = generateBatchJobs({
    prefix: f.id, count: s.jobs.count, meanInterarrivalMs: s.jobs.meanInterarrivalMs, startMs: s.jobs.startMs,
    tasks: s.jobs.tasks, resources: res(s.jobs.resources), duration: s.jobs.duration,
  }, rngs.stream(`workload/${f.id}`));
  return new BatchScheduler({ jobs, refuseSeconds: s.refuseSeconds, suppressWhenIdle: s.suppressWhenIdle, revocable: s.revocable, retryDelayMs: s.retryDelayMs });
}
