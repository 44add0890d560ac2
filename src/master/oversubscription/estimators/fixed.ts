/**
 * `fixed`: the operator says how much may be oversubscribed (e.g. `cpus:14`); Mesos reports that
 * amount minus the revocable resources already allocated (src/slave/resource_estimators/fixed.cpp:53-67),
 * so the agent's revocable total stays at the configured amount (mesos-semantics §4).
 */
import type { Quantities } from '../../usage/usage-monitor.ts';
import type { ResourceEstimator } from '../types.ts';

export function fixedEstimator(config: Readonly<Record<string, unknown>>): ResourceEstimator {
  const amounts = config.resources as Quantities | undefined;
  if (!(amounts instanceof Map)) throw new Error('fixed estimator: `resources` (milli-units by name) is required');
  return { name: 'fixed', revocableCapacity: () => new Map(amounts) };
}
