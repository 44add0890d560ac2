/**
 * Wire usage monitoring and the oversubscription loop into a simulation (called by the composition
 * root, src/experiment/build-simulation.ts). Nothing is installed when the scenario has neither a
 * `usage` nor an `oversubscription` section, so other runs are unchanged event for event.
 */
import { parseResources } from '../../cluster/resource-text.ts';
import type { FanOutSink } from '../../core/event-sink.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import type { Master } from '../master.ts';
import { UsageMonitor, type Quantities } from '../usage/usage-monitor.ts';
import { OversubscriptionRuntime, type OversubscriptionOptions } from './oversubscription-runtime.ts';
import type { EstimatorSpec, OversubscriptionSpec, QosSpec, UsageSpec } from './spec.ts';

export const DEFAULT_USAGE: UsageSpec = { sampleIntervalMs: 10_000, allowBurst: false, burstCap: 1, default: null, frameworks: {} };

export interface InstalledOversubscription {
  readonly monitor: UsageMonitor;
  readonly runtime: OversubscriptionRuntime | null;
}

export function installOversubscription(
  sim: Simulation, master: Master, rootSeed: string | number, sink: FanOutSink,
  usage: UsageSpec | undefined, over: OversubscriptionSpec | undefined,
): InstalledOversubscription | null {
  if (!usage && !over) return null;
  const u = usage ?? DEFAULT_USAGE;
  const monitor = new UsageMonitor(sim, master, rootSeed, {
    sampleIntervalMs: u.sampleIntervalMs, allowBurst: u.allowBurst, burstCap: u.burstCap,
    defaultProfile: u.default, frameworkProfiles: u.frameworks,
  });
  sink.add(monitor);
  monitor.start();
  let runtime: OversubscriptionRuntime | null = null;
  if (over) {
    runtime = new OversubscriptionRuntime(sim, master, monitor, sink, runtimeOptions(over));
    sink.add(runtime);
  }
  return { monitor, runtime };
}

export function runtimeOptions(o: OversubscriptionSpec): OversubscriptionOptions {
  return {
    estimator: o.estimator.type === 'plugin' ? { name: o.estimator.name, config: o.estimator.options } : { name: o.estimator.type, config: estimatorConfig(o.estimator) }, // issue 8: plugins
    qos: o.qos.type === 'plugin' ? { name: o.qos.name, config: o.qos.options } : { name: o.qos.type, config: qosConfig(o.qos) },
    reportIntervalMs: o.reportIntervalMs,
    qosCorrectionIntervalMinMs: o.qosCorrectionIntervalMinMs,
    lendReserved: o.lendReserved,
    reestimateAfterCorrection: o.reestimateAfterCorrection ?? false,
  };
}

function estimatorConfig(e: EstimatorSpec): Record<string, unknown> {
  if (e.type === 'fixed') {
    const r = parseResources(e.resources);
    if (typeof r === 'string') throw new Error(`fixed estimator: ${r}`);
    const q: Quantities = new Map();
    for (const x of r) if (x.ranges === null) q.set(x.name, (q.get(x.name) ?? 0) + x.amount);
    return { resources: q };
  }
  if (e.type === 'usage') return { windowMs: e.windowMs, margin: e.margin, resources: e.resources };
  return {};
}

function qosConfig(q: QosSpec): Record<string, unknown> {
  if (q.type === 'load') return { threshold5min: q.threshold5min, threshold15min: q.threshold15min };
  return {};
}
