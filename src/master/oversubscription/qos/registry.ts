/** QoS controllers by name (the agent's `--qos_controller`); plugins may add more. */
import type { QosFactory } from '../types.ts';
import { loadQos } from './load.ts';
import { noopQos } from './noop.ts';
import { usageQos } from './usage.ts';

const CONTROLLERS = new Map<string, QosFactory>([
  ['noop', noopQos],
  ['load', loadQos],
  ['usage', usageQos],
]);

export function qosFactory(name: string): QosFactory | undefined {
  return CONTROLLERS.get(name);
}

export function registerQosController(name: string, factory: QosFactory): void {
  if (CONTROLLERS.has(name)) throw new Error(`QoS controller "${name}" is already registered`);
  CONTROLLERS.set(name, factory);
}

export function qosNames(): string[] {
  return [...CONTROLLERS.keys()].sort();
}
