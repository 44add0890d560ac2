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
 * Extension points wired today: sorters (master.roleSorter / master.frameworkSorter). The API
 * object reports the others it knows about in `available`; a plugin calling an extension point
 * this build does not have gets a clear error instead of silently doing nothing.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerSorter, sorterFactory, sorterNames } from '../master/sorter/registry.ts';
import type { Sorter, SorterFactory, SorterOptions } from '../master/sorter/sorter.ts';

export type { Sorter, SorterFactory, SorterOptions };

export const PLUGIN_API_VERSION = 1;

/** What a plugin's `register(api)` receives. */
export interface PluginApi {
  readonly apiVersion: typeof PLUGIN_API_VERSION;
  /** Extension points this build supports, e.g. ['sorter']. */
  readonly available: readonly string[];
  /** Add a sorter usable as `master.roleSorter`/`frameworkSorter` (both must name the same one). */
  registerSorter(name: string, factory: SorterFactory): void;
  /** A built-in (or earlier registered) sorter factory, to wrap or delegate to. */
  sorter(name: string): SorterFactory | undefined;
}

export interface ClusterSimPlugin {
  register(api: PluginApi): void | Promise<void>;
}

export interface LoadedPlugin {
  readonly path: string;
  readonly sorters: readonly string[];
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
    mod = await import(pathToFileURL(abs).href) as Record<string, unknown>;
  } catch (e) {
    throw new PluginError(`plugin ${file}: cannot load module: ${(e as Error).message.split('\n')[0]}`);
  }
  const register = pickRegister(mod);
  if (!register) throw new PluginError(`plugin ${file}: exports no register(api) function (export function register(api) { ... })`);
  const sorters: string[] = [];
  const api: PluginApi = {
    apiVersion: PLUGIN_API_VERSION,
    available: ['sorter'],
    registerSorter(name, factory) {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new PluginError(`plugin ${file}: sorter name "${name}" must be kebab-case (a-z, 0-9, -)`);
      if (typeof factory !== 'function') throw new PluginError(`plugin ${file}: registerSorter("${name}", factory) needs a factory function`);
      if (sorterFactory(name)) throw new PluginError(`plugin ${file}: a sorter named "${name}" already exists (known: ${sorterNames().join(', ')})`);
      registerSorter(name, checkedFactory(file, name, factory));
      sorters.push(name);
    },
    sorter: (name) => sorterFactory(name),
  };
  try {
    await register(api);
  } catch (e) {
    if (e instanceof PluginError) throw e;
    throw new PluginError(`plugin ${file}: register() failed: ${(e as Error).message}`);
  }
  const result = { path: abs, sorters };
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

/** Fail early, with the plugin's name, when a factory returns something that is not a Sorter. */
function checkedFactory(file: string, name: string, factory: SorterFactory): SorterFactory {
  return (options) => {
    const s = factory(options);
    const missing = SORTER_METHODS.filter((m) => typeof (s as unknown as Record<string, unknown>)?.[m] !== 'function');
    if (missing.length > 0) throw new PluginError(`plugin ${file}: sorter "${name}" lacks ${missing.join(', ')} (see src/master/sorter/sorter.ts)`);
    return s;
  };
}

/** Load every plugin; returns an error message instead of throwing. */
export async function loadPlugins(files: readonly string[], baseDir?: string): Promise<LoadedPlugin[] | string> {
  const out: LoadedPlugin[] = [];
  for (const f of files) {
    try {
      out.push(await loadPlugin(f, baseDir));
    } catch (e) {
      return (e as Error).message;
    }
  }
  return out;
}
