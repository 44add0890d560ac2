/**
 * Framework models from plugins (issue 8): a plugin registers a Scheduler factory by name
 * (src/experiment/plugins.ts → registerPluginModel), a scenario selects it with
 *
 *   scheduler: { type: plugin, model: <name>, options: {...} }
 *
 * which normalizes to a PluginSchedulerSpec; createPluginScheduler (called by models.ts) hands the options
 * verbatim (plain JSON) and the usual FrameworkContext to the plugin's factory. Plugin models share
 * the registry with the built-in ones but may not take a built-in name, and a built-in model cannot
 * be selected through `type: plugin` (its options would skip the scenario schema).
 */
import type { Scheduler } from '../master/scheduler.ts';
import { frameworkFactory, registerFramework, type FrameworkContext } from './registry.ts';

export interface PluginSchedulerSpec {
  readonly type: 'plugin';
  readonly model: string;
  readonly options: Readonly<Record<string, unknown>>;
}

export type PluginModelFactory = (options: Readonly<Record<string, unknown>>, ctx: FrameworkContext) => Scheduler;

/**
 * What a plugin declares about its model. `centralScheduler: true`: its Scheduler implements the
 * pending-work contract (`useCentralScheduler(central)`, src/master/monolithic/pending-work.ts), so
 * it can run under `master.offerModel: monolithic`; without it the scenario is rejected there.
 */
export interface PluginModelOptions {
  readonly centralScheduler?: boolean;
}

const pluginModels = new Set<string>();
const centralModels = new Set<string>();

export function registerPluginModel(name: string, factory: PluginModelFactory, options: PluginModelOptions = {}): void {
  if (name === 'plugin') throw new Error('"plugin" is reserved (scheduler: { type: plugin, model: <name> })');
  registerFramework(name, (o, ctx) => factory(o as Readonly<Record<string, unknown>>, ctx));
  pluginModels.add(name);
  if (options.centralScheduler === true) centralModels.add(name);
}

/** Did the plugin declare that this model hands its work to a central scheduler (monolithic mode)? */
export function pluginModelTakesCentralScheduler(name: string): boolean {
  return centralModels.has(name);
}

/** Names registered by plugins (not the built-in models). */
export function pluginModelNames(): string[] {
  return [...pluginModels].sort();
}

export function isPluginModel(name: string): boolean {
  return pluginModels.has(name);
}

/** The scheduler of a `type: plugin` framework (called by models.ts createModelScheduler). */
export function createPluginScheduler(spec: { readonly type: string }, ctx: FrameworkContext): Scheduler {
  const s = spec as PluginSchedulerSpec;
  const factory = pluginModels.has(s.model) ? frameworkFactory(s.model) : undefined;
  if (!factory) throw new Error(`framework model "${s.model}" is not registered by any loaded plugin (known: ${pluginModelNames().join(', ') || 'none'})`);
  return factory(s.options, ctx);
}
