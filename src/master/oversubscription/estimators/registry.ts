/** Resource estimators by name (the agent's `--resource_estimator`); plugins may add more. */
import type { EstimatorFactory } from '../types.ts';
import { fixedEstimator } from './fixed.ts';
import { noopEstimator } from './noop.ts';
import { usageEstimator } from './usage.ts';

const ESTIMATORS = new Map<string, EstimatorFactory>([
  ['noop', noopEstimator],
  ['fixed', fixedEstimator],
  ['usage', usageEstimator],
]);

export function estimatorFactory(name: string): EstimatorFactory | undefined {
  return ESTIMATORS.get(name);
}

export function registerEstimator(name: string, factory: EstimatorFactory): void {
  if (ESTIMATORS.has(name)) throw new Error(`resource estimator "${name}" is already registered`);
  ESTIMATORS.set(name, factory);
}

export function estimatorNames(): string[] {
  return [...ESTIMATORS.keys()].sort();
}
