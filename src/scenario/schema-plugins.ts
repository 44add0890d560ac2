/**
 * Scenario schema pieces for policies registered by plugins (issue 8; docs/experiments.md
 * "Plugins"), referenced with one line each from schema.ts and schema-oversubscription.ts:
 *
 *   oversubscription:
 *     estimator: my-estimator                     or { type: my-estimator, ...options }
 *     qos: { type: my-controller, ...options }
 *   master:
 *     offerPolicy: { type: my-policy, options: {...} }
 *   frameworks:
 *     - scheduler: { type: plugin, model: my-model, options: {...} }
 *
 * Plugins are loaded before the scenario is validated (`--plugin`, `plugins:`), so the names are
 * checked against the registries here, at normalize time, with the known names in the message.
 * Options are handed to the plugin's factory verbatim (plain JSON: no unit conversion), and they
 * are part of the RunSpec, so they change the run id; the plugin's code does not.
 */
import { z } from 'zod';
import { isPluginModel, pluginModelNames, type PluginSchedulerSpec } from '../frameworks/plugin-model.ts';
import { estimatorFactory, estimatorNames } from '../master/oversubscription/estimators/registry.ts';
import { qosFactory, qosNames } from '../master/oversubscription/qos/registry.ts';
import { offerPolicyFactory, offerPolicyNames } from '../master/offer-policy/registry.ts';
import type { PluginPolicySpec } from '../master/oversubscription/spec.ts';

type Path = (string | number)[];
type Fail = (path: Path, message: string) => void;

const BUILTIN_ESTIMATORS: readonly string[] = ['noop', 'fixed', 'usage'];
const BUILTIN_QOS: readonly string[] = ['noop', 'usage', 'load'];
const HOW_TO_LOAD = 'load the plugin with --plugin or `plugins:`';

/** A plugin policy as the scenario names it, after parsing (no `type` key, so `'plugin' in x` tells it apart). */
export interface PluginPolicyRef {
  readonly plugin: string;
  readonly options: Readonly<Record<string, unknown>>;
}


/** RunSpec.master.offerPolicy. */
export interface OfferPolicySpec {
  readonly type: string;
  readonly options: Readonly<Record<string, unknown>>;
}

function pluginPolicyRef(builtins: readonly string[], what: string) {
  const notBuiltin = (n: string) => !builtins.includes(n);
  const msg = `the built-in ${what}s (${builtins.join(', ')}) take their own fields; see scenarios/scenario.schema.json`;
  return z.union([
    z.string().regex(/^[a-z0-9][a-z0-9-]*$/).refine(notBuiltin, msg),
    z.looseObject({ type: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).refine(notBuiltin, msg) }),
  ]).transform((v): PluginPolicyRef => {
    if (typeof v === 'string') return { plugin: v, options: {} };
    const { type, ...options } = v;
    return { plugin: type, options };
  }).describe(`a ${what} registered by a plugin: its name, or { type: <name>, ...options }`);
}

export const PluginEstimator = pluginPolicyRef(BUILTIN_ESTIMATORS, 'resource estimator');
export const PluginQosController = pluginPolicyRef(BUILTIN_QOS, 'QoS controller');

export function normalizePluginPolicy(kind: 'estimator' | 'qos', ref: PluginPolicyRef, path: Path, fail: Fail): PluginPolicySpec {
  const known = kind === 'estimator' ? estimatorFactory(ref.plugin) : qosFactory(ref.plugin);
  if (!known) {
    const names = kind === 'estimator' ? estimatorNames() : qosNames();
    fail(path, `unknown ${kind === 'estimator' ? 'resource estimator' : 'QoS controller'} "${ref.plugin}" (known: ${names.join(', ')}; ${HOW_TO_LOAD})`);
  }
  return { type: 'plugin', name: ref.plugin, options: ref.options };
}

const Options = z.record(z.string(), z.unknown()).default({}).describe("passed verbatim (plain JSON) to the plugin's factory");

export const OfferPolicySection = z.strictObject({
  type: z.string().describe('an offer policy registered by a plugin (api.registerOfferPolicy)'),
  options: Options,
}).describe('allocator variant from a plugin: a predicate that may forbid offering an agent to a framework (docs/experiments.md "Plugins")');

export function normalizeOfferPolicy(p: z.output<typeof OfferPolicySection>, fail: Fail): OfferPolicySpec {
  if (!offerPolicyFactory(p.type)) {
    fail(['master', 'offerPolicy', 'type'], `unknown offer policy "${p.type}" (known: ${offerPolicyNames().join(', ') || 'none'}; ${HOW_TO_LOAD})`);
  }
  return { type: p.type, options: p.options };
}

export const PluginScheduler = z.strictObject({
  type: z.literal('plugin'),
  model: z.string().describe('a framework model registered by a plugin (api.registerFramework)'),
  options: Options,
});

export function normalizePluginScheduler(s: z.output<typeof PluginScheduler>, p: Path, fail: Fail): PluginSchedulerSpec {
  if (!isPluginModel(s.model)) {
    fail([...p, 'model'], `unknown plugin framework model "${s.model}" (known: ${pluginModelNames().join(', ') || 'none'}; ${HOW_TO_LOAD}; built-in models are selected with their own type, e.g. type: service)`);
  }
  return { type: 'plugin', model: s.model, options: s.options };
}
