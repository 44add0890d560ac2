/**
 * The framework models, registered by name on import (one file each). The composition root
 * builds schedulers of these types with createModelScheduler.
 */
import type { Scheduler } from '../master/scheduler.ts';
import { frameworkFactory, type FrameworkContext } from './registry.ts';
import './service.ts';
import './cron.ts';
import './analytics.ts';
import './hoarder.ts';
import './trace-replay.ts';
import './stateful-service.ts';
import { createPluginScheduler } from './plugin-model.ts';

export { frameworkModelNames } from './registry.ts';

/** A scheduler of a registered model type, or undefined when `spec.type` is not one. */
export function createModelScheduler(spec: { readonly type: string }, ctx: FrameworkContext): Scheduler | undefined {
  if (spec.type === 'plugin') return createPluginScheduler(spec, ctx); // issue 8: a model registered by a plugin
  return frameworkFactory(spec.type)?.(spec, ctx);
}
