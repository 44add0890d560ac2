/**
 * Policy plugins: a user module that registers policies by name, the way Kubernetes scheduler
 * plugins join the in-tree registry (docs/experiments.md, "Plugins").
 *
 *   // my-policy.js
 *   export function register(api) {
 *     api.registerSorter('fifo', (options) => ...a Sorter...);
 *   }
 *
 * Loaded with `--plugin ./my-policy.js` or `plugins: [./my-policy.js]` in a scenario (relative to
 * the scenario file), before the scenario is validated, so its names are known to `master.roleSorter`.
 * A module may export `register`, or a default that is the function or an object with `register`.
 *
 * Extension points (all listed in `api.available`):
 *   sorter          api.registerSorter        master.roleSorter / master.frameworkSorter
 *   estimator       api.registerEstimator     oversubscription.estimator: { type: <name>, ...options }
 *   qos-controller  api.registerQosController oversubscription.qos: { type: <name>, ...options }
 *   framework       api.registerFramework     frameworks[].scheduler: { type: plugin, model: <name>, options }
 *   offer-policy    api.registerOfferPolicy   master.offerPolicy: { type: <name>, options }
 * Every factory's result is checked on first use; a wrong shape is a PluginError naming the
 * plugin, the policy and what is missing (the CLI exits 2 on it, like any other bad input).
 * API version 2 added the last four (version 1 had sorters only); a plugin written for 1 still works.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { add, contains, scalarOf, subtract, type Resources } from '../cluster/resources.ts';
import { formatResources, parseResources } from '../cluster/resource-text.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { frameworkModelNames } from '../frameworks/models.ts'; // (also registers the built-in models, so a plugin cannot take their names)
import { frameworkFactory, type FrameworkContext } from '../frameworks/registry.ts';
import { fit, shapeOf } from '../frameworks/fit.ts';
import { registerPluginModel, type PluginModelFactory, type PluginModelOptions } from '../frameworks/plugin-model.ts';
import { offerPolicyFactory, offerPolicyNames, registerOfferPolicy, type OfferPolicy, type OfferPolicyContext, type OfferPolicyFactory } from '../master/offer-policy/registry.ts';
import { estimatorFactory, estimatorNames, registerEstimator } from '../master/oversubscription/estimators/registry.ts';
import { qosFactory, qosNames, registerQosController } from '../master/oversubscription/qos/registry.ts';
import type { EstimatorFactory, EstimatorInput, QosController, QosCorrection, QosFactory, QosInput, ResourceEstimator } from '../master/oversubscription/types.ts';
import type { OfferReply, Scheduler, SchedulerDriver } from '../master/scheduler.ts';
import { registerSorter, sorterFactory, sorterNames } from '../master/sorter/registry.ts';
import type { Sorter, SorterFactory, SorterOptions } from '../master/sorter/sorter.ts';
import { applyOverrides, type Override } from '../scenario/overrides.ts';
import { diagnosticAt, parseSource } from '../scenario/source-map.ts';
import { ensureTypeScriptLoader } from './typescript-loader.ts';
import { errorMessage } from '../core/error-message.ts';
import { frozenCopy, isReadOnlyWrite } from './frozen-copy.ts';

export type { Sorter, SorterFactory, SorterOptions };
export type { EstimatorFactory, EstimatorInput, ResourceEstimator, QosFactory, QosInput, QosController, QosCorrection };
export type { PluginModelFactory, FrameworkContext, Scheduler, OfferPolicy, OfferPolicyContext, OfferPolicyFactory };

export const PLUGIN_API_VERSION = 2;

export const EXTENSION_POINTS = ['sorter', 'estimator', 'qos-controller', 'framework', 'offer-policy'] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** Resource helpers for plugin schedulers (Resources are fixed-point values; build them here, never by hand). */
export interface PluginResources {
  /** Mesos text → Resources ("cpus:1;mem:128"); throws on bad text. */
  parse(text: string): Resources;
  format(r: Resources): string;
  add(a: Resources, b: Resources): Resources;
  subtract(a: Resources, b: Resources): Resources;
  contains(a: Resources, b: Resources): boolean;
  /** A scalar in natural units (cpus, MiB): `scalar(offer.resources, 'cpus')`. */
  scalar(r: Resources, name: string): number;
  /**
   * Concrete resources for a task of `shape`'s scalar quantities out of `offered` (the role's
   * reservations first, non-revocable unless `revocable`), or null when it does not fit — what the
   * built-in models launch with (src/frameworks/fit.ts).
   */
  fit(offered: Resources, shape: Resources, options?: { readonly revocable?: boolean }): Resources | null;
}

/** What a plugin's `register(api)` receives. */
export interface PluginApi {
  readonly apiVersion: typeof PLUGIN_API_VERSION;
  /** Extension points this build supports: every one of EXTENSION_POINTS. */
  readonly available: readonly ExtensionPoint[];
  /** Add a sorter usable as `master.roleSorter`/`frameworkSorter` (both must name the same one). */
  registerSorter(name: string, factory: SorterFactory): void;
  /** A built-in (or earlier registered) sorter factory, to wrap or delegate to. */
  sorter(name: string): SorterFactory | undefined;
  /**
   * Add a resource estimator (`oversubscription.estimator: { type: name, ...options }`): the factory
   * gets the options and returns { revocableCapacity(input) => Map | plain object of milli-units | null,
   * sample?(input) }, one per agent (src/master/oversubscription/types.ts).
   */
  registerEstimator(name: string, factory: EstimatorFactory): void;
  /** A built-in (or earlier registered) estimator factory, to wrap or delegate to. */
  estimator(name: string): EstimatorFactory | undefined;
  /** Add a QoS controller (`oversubscription.qos: { type: name, ...options }`): { corrections(input) => { kill, reason } | null, sample? }. */
  registerQosController(name: string, factory: QosFactory): void;
  qosController(name: string): QosFactory | undefined;
  /**
   * Add a framework model (`scheduler: { type: plugin, model: name, options }`): (options, ctx) => Scheduler (src/master/scheduler.ts).
   * `{ centralScheduler: true }`: the Scheduler also implements `useCentralScheduler(central)` and so
   * runs under `master.offerModel: monolithic` (src/master/monolithic/pending-work.ts, docs/offer-models.md).
   */
  registerFramework(name: string, factory: PluginModelFactory, options?: PluginModelOptions): void;
  /** Add an offer policy (`master.offerPolicy: { type: name, options }`): (options, { rng }) => { allows(frameworkId, role, agent) => boolean }. */
  registerOfferPolicy(name: string, factory: OfferPolicyFactory): void;
  readonly resources: PluginResources;
}

export interface ClusterSimPlugin {
  register(api: PluginApi): void | Promise<void>;
}

export interface LoadedPlugin {
  readonly path: string;
  readonly sorters: readonly string[];
  readonly estimators: readonly string[];
  readonly qosControllers: readonly string[];
  readonly frameworks: readonly string[];
  readonly offerPolicies: readonly string[];
}

const loaded = new Map<string, LoadedPlugin>();

export class PluginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginError';
  }
}

/** Load (once per process) and register a plugin module; throws PluginError with a readable message. */
export async function loadPlugin(file: string, baseDir = process.cwd()): Promise<LoadedPlugin> {
  const abs = resolve(baseDir, file);
  const cached = loaded.get(abs);
  if (cached) return cached;
  if (!existsSync(abs)) throw new PluginError(`plugin ${file}: no such file (${abs})`);
  let mod: Record<string, unknown>;
  try {
    await ensureTypeScriptLoader(abs);
    mod = await import(pathToFileURL(abs).href) as Record<string, unknown>;
  } catch (e) {
    const first = errorMessage(e).split('\n')[0];
    // A .js file outside an ESM package is CommonJS to Node: say how to make it an ES module.
    const hint = /require\(\) ES Module|Cannot use import statement|Unexpected token 'export'/.test(first) && abs.endsWith('.js')
      ? ' (a plugin is an ES module: name it .mjs, or put a package.json with "type": "module" next to it)'
      // Outside a "type": "module" package a .ts file is CommonJS to Node, read without its types stripped.
      : e instanceof SyntaxError && abs.endsWith('.ts') ? ' (a TypeScript plugin is an ES module: name it .mts, or put a package.json with "type": "module" next to it)' : '';
    throw new PluginError(`plugin ${file}: cannot load module: ${first}${hint}`);
  }
  const register = pickRegister(mod);
  if (!register) throw new PluginError(`plugin ${file}: exports no register(api) function (export function register(api) { ... })`);
  const sorters: string[] = [];
  const estimators: string[] = [];
  const qosControllers: string[] = [];
  const frameworks: string[] = [];
  const offerPolicies: string[] = [];
  /** Common checks of every register call: kebab-case name, a function, no clash with a known name. */
  const checkName = (what: string, method: string, name: string, factory: unknown, exists: boolean, known: () => string[]) => {
    if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new PluginError(`plugin ${file}: ${what} name "${String(name)}" must be kebab-case (a-z, 0-9, -)`);
    if (typeof factory !== 'function') throw new PluginError(`plugin ${file}: ${method}("${name}", factory) needs a factory function`);
    if (exists) throw new PluginError(`plugin ${file}: a ${what} named "${name}" already exists (known: ${known().join(', ')})`);
  };
  const api: PluginApi = {
    apiVersion: PLUGIN_API_VERSION,
    available: EXTENSION_POINTS,
    registerSorter(name, factory) {
      checkName('sorter', 'registerSorter', name, factory, sorterFactory(name) !== undefined, sorterNames);
      registerSorter(name, checkedFactory(file, name, factory));
      sorters.push(name);
    },
    sorter: (name) => sorterFactory(name),
    registerEstimator(name, factory) {
      checkName('resource estimator', 'registerEstimator', name, factory, estimatorFactory(name) !== undefined, estimatorNames);
      registerEstimator(name, checkedEstimator(file, name, factory));
      estimators.push(name);
    },
    estimator: (name) => estimatorFactory(name),
    registerQosController(name, factory) {
      checkName('QoS controller', 'registerQosController', name, factory, qosFactory(name) !== undefined, qosNames);
      registerQosController(name, checkedQos(file, name, factory));
      qosControllers.push(name);
    },
    qosController: (name) => qosFactory(name),
    registerFramework(name, factory, options) {
      if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) throw new PluginError(`plugin ${file}: registerFramework("${name}", factory, options): options must be an object such as { centralScheduler: true }`);
      if (name === 'plugin') throw new PluginError(`plugin ${file}: the framework model name "plugin" is reserved (scenarios select plugin models with scheduler: { type: plugin, model: <name> })`);
      checkName('framework model', 'registerFramework', name, factory, frameworkFactory(name) !== undefined, frameworkModelNames);
      const central = options?.centralScheduler === true;
      registerPluginModel(name, checkedModel(file, name, factory, central), { centralScheduler: central });
      frameworks.push(name);
    },
    registerOfferPolicy(name, factory) {
      checkName('offer policy', 'registerOfferPolicy', name, factory, offerPolicyFactory(name) !== undefined, offerPolicyNames);
      registerOfferPolicy(name, checkedOfferPolicy(file, name, factory));
      offerPolicies.push(name);
    },
    resources: pluginResources(file),
  };
  try {
    await register(api);
  } catch (e) {
    if (e instanceof PluginError) throw e;
    throw new PluginError(`plugin ${file}: register() failed: ${errorMessage(e)}`);
  }
  const result = { path: abs, sorters, estimators, qosControllers, frameworks, offerPolicies };
  loaded.set(abs, result);
  return result;
}

function pickRegister(mod: Record<string, unknown>): ((api: PluginApi) => void | Promise<void>) | null {
  if (typeof mod.register === 'function') return mod.register as ClusterSimPlugin['register'];
  const d = mod.default as unknown;
  if (typeof d === 'function') return d as ClusterSimPlugin['register'];
  if (d && typeof d === 'object' && typeof (d as ClusterSimPlugin).register === 'function') return (d as ClusterSimPlugin).register.bind(d);
  return null;
}

const SORTER_METHODS = ['add', 'remove', 'contains', 'activate', 'deactivate', 'updateWeight', 'allocated', 'unallocated', 'sort', 'forEach', 'share'] as const;
const SORTER_CALLS: ReadonlySet<PropertyKey> = new Set([...SORTER_METHODS, 'addToPool', 'removeFromPool', 'count', 'isActive', 'allocation', 'allocationCount']);

/** Fail early, with the plugin's name, when a factory returns something that is not a Sorter. */
function checkedFactory(file: string, name: string, factory: SorterFactory): SorterFactory {
  return (options) => {
    const s = factory(options);
    const missing = SORTER_METHODS.filter((m) => typeof (s as unknown as Record<string, unknown>)?.[m] !== 'function');
    if (missing.length > 0) throw new PluginError(`plugin ${file}: sorter "${name}" lacks ${missing.join(', ')} (see src/master/sorter/sorter.ts)`);
    return guarded(file, 'sorter', name, s, SORTER_CALLS, SORTER_ADAPTERS);
  };
}

function shapeError(file: string, what: string, name: string, message: string): PluginError {
  return new PluginError(`plugin ${file}: ${what} "${name}" ${message}`);
}

/** Run a plugin's callback; whatever it throws becomes a PluginError naming the plugin, the policy and the call (exit 2, not a bare "simulation error"). */
function pluginCall<T>(file: string, what: string, name: string, method: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof PluginError) throw e;
    if (isReadOnlyWrite(e)) throw shapeError(file, what, name, `${method}() changed what it was handed, which is read-only (the simulation's own state; copy it to change it): ${errorMessage(e)}`);
    throw shapeError(file, what, name, `${method}() threw: ${errorMessage(e)}`);
  }
}

/** How one guarded method's arguments reach the plugin and its result comes back (both as they are when absent). */
interface CallAdapter {
  readonly args?: (args: unknown[]) => unknown[];
  readonly result?: (result: unknown) => unknown;
}

/**
 * `target` with its `methods` guarded by pluginCall, and their arguments and results passed through
 * their `adapters` entry, if any (a view: the plugin's own object is not changed).
 */
function guarded<T extends object>(
  file: string, what: string, name: string, target: T, methods: ReadonlySet<PropertyKey>, adapters: Readonly<Record<string, CallAdapter>> = {},
): T {
  return new Proxy(target, {
    get(obj, key) {
      const v = Reflect.get(obj, key, obj) as unknown;
      if (typeof v !== 'function' || !methods.has(key)) return v;
      const adapter = typeof key === 'string' ? adapters[key] : undefined;
      return (...args: unknown[]) => {
        const given = adapter?.args ? adapter.args(args) : args;
        const result = pluginCall(file, what, name, String(key), () => (v as (...a: unknown[]) => unknown).apply(obj, given));
        return adapter?.result ? adapter.result(result) : result;
      };
    },
  });
}

/** A sorter's resources arguments as frozen copies (`allocated(client, resources)`, `addToPool(resources)`). */
const SORTER_ADAPTERS: Readonly<Record<string, CallAdapter>> = {
  allocated: { args: ([client, resources]) => [client, frozenCopy(resources)] },
  unallocated: { args: ([client, resources]) => [client, frozenCopy(resources)] },
  addToPool: { args: ([resources]) => [frozenCopy(resources)] },
  removeFromPool: { args: ([resources]) => [frozenCopy(resources)] },
};

/**
 * A framework model's arguments: offers, inverse offers and task updates as frozen copies, the driver
 * as a view whose heldOffers() and runningTasks() answer frozen copies too. Its `now` stays live.
 */
function schedulerAdapters(checkReply: (reply: unknown) => unknown): Readonly<Record<string, CallAdapter>> {
  const data = { args: ([first, driver]: unknown[]) => [frozenCopy(first), readOnlyDriver(driver as SchedulerDriver)] };
  const plain = { args: ([first, driver]: unknown[]) => [first, readOnlyDriver(driver as SchedulerDriver)] };
  return {
    start: { args: ([driver]) => [readOnlyDriver(driver as SchedulerDriver)] },
    onOffers: { ...data, result: checkReply },
    onTaskUpdate: data, onInverseOffers: data,
    onRescind: plain, onTimer: plain, onInverseOfferRescinded: plain, onAgentLost: plain,
  };
}

const readOnlyDrivers = new WeakMap<SchedulerDriver, SchedulerDriver>();

function readOnlyDriver(driver: SchedulerDriver): SchedulerDriver {
  if (typeof driver !== 'object' || driver === null) return driver;
  let view = readOnlyDrivers.get(driver);
  if (view === undefined) {
    view = new Proxy(driver, {
      get(obj, key) {
        const v = Reflect.get(obj, key, obj) as unknown;
        if (key !== 'heldOffers' && key !== 'runningTasks') return v;
        return (...args: unknown[]) => frozenCopy((v as (...a: unknown[]) => unknown).apply(obj, args));
      },
    });
    readOnlyDrivers.set(driver, view);
  }
  return view;
}

/** The Scheduler calls the master makes (src/master/scheduler.ts), plus the central scheduler's hook. */
const SCHEDULER_CALLS: ReadonlySet<PropertyKey> = new Set(['start', 'onOffers', 'onRescind', 'onTaskUpdate', 'onTimer', 'onInverseOffers', 'onInverseOfferRescinded', 'onAgentLost', 'pendingWork', 'useCentralScheduler']);

/** What onOffers may return: nothing (hold every offer), or lists of answers each naming an offer. */
function checkedReply(file: string, name: string, reply: unknown): OfferReply | void {
  if (reply === undefined || reply === null) return undefined;
  const bad = (why: string) => shapeError(file, 'framework model', name, `onOffers() returned ${why}; it returns nothing or { accept?: [{ offerId, launch: [...] }], decline?: [{ offerId }] } (src/master/scheduler.ts)`);
  if (typeof reply !== 'object') throw bad(`a ${typeof reply}`);
  const r = reply as { accept?: unknown; decline?: unknown };
  const seconds = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v));
  for (const [key, list] of [['accept', r.accept], ['decline', r.decline]] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw bad(`${key} that is not a list`);
    for (const a of list as { offerId?: unknown; launch?: unknown; refuseSeconds?: unknown; operations?: unknown }[]) {
      if (a === null || typeof a !== 'object' || typeof a.offerId !== 'string') throw bad(`an entry of ${key} without an offerId`);
      if (!seconds(a.refuseSeconds)) throw bad(`refuseSeconds ${String(a.refuseSeconds)} (a finite number of seconds, or none)`);
      if (key === 'decline') continue;
      if (!Array.isArray(a.launch)) throw bad('an accept entry whose launch is not a list');
      for (const l of a.launch as { resources?: unknown; durationMs?: unknown }[]) {
        if (l === null || typeof l !== 'object' || !Array.isArray(l.resources)) throw bad('a launch without resources (a list of resources: api.resources.parse("cpus:1;mem:512"))');
        if (!(l.durationMs === null || (typeof l.durationMs === 'number' && Number.isFinite(l.durationMs) && l.durationMs >= 0))) throw bad(`a launch with durationMs ${String(l.durationMs)} (a finite number ≥ 0, or null to run until killed)`);
      }
      if (a.operations !== undefined && (!Array.isArray(a.operations) || a.operations.some((o: unknown) => o === null || typeof o !== 'object' || !Array.isArray((o as { resources?: unknown }).resources)))) {
        throw bad('operations that are not a list of { kind, resources: [...] }');
      }
    }
  }
  return reply as OfferReply;
}

/** Quantities a plugin returned (a Map or a plain object of non-negative integer milli-units). */
function toQuantities(file: string, name: string, v: unknown): Map<string, number> {
  const entries = v instanceof Map ? [...v.entries()] : v !== null && typeof v === 'object' ? Object.entries(v) : null;
  if (entries === null) throw shapeError(file, 'resource estimator', name, `revocableCapacity() must return a Map or an object of milli-units, or null; got ${typeof v}`);
  const out = new Map<string, number>();
  for (const [k, n] of entries) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw shapeError(file, 'resource estimator', name, `revocableCapacity() returned ${String(k)}: ${String(n)}; quantities are non-negative integer milli-units (cpus:2 = 2000)`);
    out.set(String(k), n);
  }
  return out;
}

function checkedEstimator(file: string, name: string, factory: EstimatorFactory): EstimatorFactory {
  return (config) => {
    const e = factory(config) as Partial<ResourceEstimator> | null | undefined;
    if (!e || typeof e.revocableCapacity !== 'function') throw shapeError(file, 'resource estimator', name, 'lacks revocableCapacity(input) (see src/master/oversubscription/types.ts)');
    if (e.sample !== undefined && typeof e.sample !== 'function') throw shapeError(file, 'resource estimator', name, 'has a sample that is not a function');
    return {
      name,
      ...(e.sample ? { sample: (input: EstimatorInput) => pluginCall(file, 'resource estimator', name, 'sample', () => e.sample!.call(e, frozenCopy(input))) } : {}),
      revocableCapacity: (input: EstimatorInput) => {
        const r = pluginCall(file, 'resource estimator', name, 'revocableCapacity', () => e.revocableCapacity!.call(e, frozenCopy(input)));
        return r === null ? null : toQuantities(file, name, r);
      },
    };
  };
}

function checkedQos(file: string, name: string, factory: QosFactory): QosFactory {
  return (config) => {
    const q = factory(config) as Partial<QosController> | null | undefined;
    if (!q || typeof q.corrections !== 'function') throw shapeError(file, 'QoS controller', name, 'lacks corrections(input) (see src/master/oversubscription/types.ts)');
    if (q.sample !== undefined && typeof q.sample !== 'function') throw shapeError(file, 'QoS controller', name, 'has a sample that is not a function');
    return {
      name,
      ...(q.sample ? { sample: (input: QosInput) => pluginCall(file, 'QoS controller', name, 'sample', () => q.sample!.call(q, frozenCopy(input))) } : {}),
      corrections: (input: QosInput): QosCorrection | null => {
        const c = pluginCall(file, 'QoS controller', name, 'corrections', () => q.corrections!.call(q, frozenCopy(input))) as QosCorrection | null | undefined;
        if (c === null || c === undefined) return null;
        if (!Array.isArray(c.kill) || c.kill.some((t) => typeof t !== 'string')) throw shapeError(file, 'QoS controller', name, 'corrections() must return null or { kill: [taskId, ...], reason }');
        return { kill: c.kill, reason: typeof c.reason === 'string' ? c.reason : name };
      },
    };
  };
}

function checkedModel(file: string, name: string, factory: PluginModelFactory, central = false): PluginModelFactory {
  return (options, ctx) => {
    const s = factory(options, ctx) as Partial<Scheduler> | null | undefined;
    if (!s || typeof s.onOffers !== 'function') throw shapeError(file, 'framework model', name, 'must return a Scheduler with onOffers(offers, driver) (see src/master/scheduler.ts)');
    if (central && typeof (s as { useCentralScheduler?: unknown }).useCentralScheduler !== 'function') {
      throw shapeError(file, 'framework model', name, 'is registered with { centralScheduler: true } but its Scheduler has no useCentralScheduler(central) (see src/master/monolithic/pending-work.ts)');
    }
    // The reply is checked here: a malformed one failed deep in the master as a TypeError.
    return guarded(file, 'framework model', name, s as Scheduler, SCHEDULER_CALLS, schedulerAdapters((reply) => checkedReply(file, name, reply)));
  };
}

function checkedOfferPolicy(file: string, name: string, factory: OfferPolicyFactory): OfferPolicyFactory {
  return (options, ctx) => {
    const p = factory(options, ctx) as Partial<OfferPolicy> | null | undefined;
    if (!p || typeof p.allows !== 'function') throw shapeError(file, 'offer policy', name, 'lacks allows(frameworkId, role, agent)');
    const allows = p.allows;
    return {
      allows(frameworkId, role, agent) {
        const r = pluginCall(file, 'offer policy', name, 'allows', () => allows.call(p, frameworkId, role, frozenCopy(agent)));
        if (typeof r !== 'boolean') throw shapeError(file, 'offer policy', name, `allows() must return true or false, got ${r === null ? 'null' : typeof r}`);
        return r;
      },
    };
  };
}

function pluginResources(file: string): PluginResources {
  return {
    parse(text) {
      const r = parseResources(text);
      if (typeof r === 'string') throw new PluginError(`plugin ${file}: resources "${text}": ${r}`);
      return r;
    },
    format: formatResources,
    add, subtract, contains,
    scalar: (r, name) => scalarOf(r, name) / 1000,
    fit: (offered, shape, options) => fit(offered, shapeOf(shape, options?.revocable === true)),
  };
}

/**
 * Load the plugins a scenario file names (`plugins:`, relative to the file) and those given on the
 * command line (relative to the working directory), before the scenario is validated. Problems
 * come back as diagnostics (the CLI prints them and exits 2).
 */
export async function loadScenarioPlugins(file: string, cliPlugins: readonly string[] = [], overrides: readonly Override[] = []): Promise<Diagnostic[]> {
  const cli = await loadPlugins(cliPlugins);
  if (typeof cli === 'string') return [{ code: 'CS8001', severity: 'error', message: cli }];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return []; // the scenario loader reports an unreadable file
  }
  const { source, value, diagnostics } = parseSource(file, text);
  if (diagnostics.length > 0) return [];
  const overridden = applyOverrides(value ?? {}, overrides);
  if (typeof overridden === 'string') return []; // reported by the scenario loader
  const raw = overridden as Record<string, unknown>;
  const listed = Array.isArray(raw.plugins) ? raw.plugins.filter((p): p is string => typeof p === 'string') : [];
  const r = await loadPlugins(listed, dirname(file));
  return typeof r === 'string' ? [diagnosticAt(source, ['plugins'], 'CS8001', r)] : [];
}

/** Is this error a plugin's fault (bad shape at first use), i.e. invalid input rather than a simulator bug? */
export function isPluginError(e: unknown): boolean {
  return e instanceof Error && e.name === 'PluginError';
}

/** Load every plugin; returns an error message instead of throwing. */
export async function loadPlugins(files: readonly string[], baseDir?: string): Promise<LoadedPlugin[] | string> {
  const out: LoadedPlugin[] = [];
  for (const f of files) {
    try {
      out.push(await loadPlugin(f, baseDir));
    } catch (e) {
      return errorMessage(e);
    }
  }
  return out;
}
