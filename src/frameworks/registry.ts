/**
 * Framework models by name: a small typed registry (like the Kubernetes in-tree plugin registry)
 * from a scheduler `type` to a factory. The scenario layer validates and normalizes each model's
 * options (src/scenario/schema-frameworks.ts) into plain JSON with integer units; the composition
 * root looks the factory up by the same name, so adding a model never grows a switch.
 */
import type { Rng } from '../kernel/rng.ts';
import type { Scheduler } from '../master/scheduler.ts';

export interface FrameworkContext {
  readonly frameworkId: string;
  /** The framework's own role(s), first = default. */
  readonly roles: readonly string[];
  /** A seeded stream for this framework's model (`framework-model/<id>`). */
  readonly rng: Rng;
  /** The run's end (models stop generating work past it). */
  readonly untilMs: number;
  /** Shared by the trace-replay frameworks and the workload feed (trace-replay.ts ReplayHub). */
  readonly replayHub?: unknown;
}

export type FrameworkFactory = (spec: unknown, ctx: FrameworkContext) => Scheduler;

const factories = new Map<string, FrameworkFactory>();

export function registerFramework(name: string, factory: FrameworkFactory): void {
  if (factories.has(name)) throw new Error(`framework model "${name}" registered twice`);
  factories.set(name, factory);
}

export function frameworkFactory(name: string): FrameworkFactory | undefined {
  return factories.get(name);
}

export function frameworkModelNames(): string[] {
  return [...factories.keys()].sort();
}
