/**
 * The versions manifest.json records (docs/outputs.md): clustersim's own, and the installed version
 * of each runtime dependency (package.json `dependencies`; the lockfile pins them, but vega and
 * vega-lite are given as ranges, and a report rendered by another vega may differ), so a run
 * directory says what produced it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../core/package-root.ts';

interface Versions {
  readonly tool: string;
  readonly dependencies: Readonly<Record<string, string>>;
}

let cached: Versions | null = null;

export function toolVersions(): Versions {
  if (cached !== null) return cached;
  let root: string;
  try {
    root = packageRoot(fileURLToPath(import.meta.url));
  } catch {
    return (cached = { tool: '0.0.0', dependencies: {} });
  }
  const pkg = readJson(join(root, 'package.json')) ?? {};
  const dependencies: Record<string, string> = {};
  for (const name of Object.keys((pkg.dependencies ?? {}) as Record<string, string>).sort()) {
    dependencies[name] = String(readJson(join(root, 'node_modules', name, 'package.json'))?.version ?? 'not installed');
  }
  return (cached = { tool: String(pkg.version ?? '0.0.0'), dependencies });
}

function readJson(path: string): Record<string, unknown> | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}
