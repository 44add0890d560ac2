/**
 * What every command pays at start-up: the modules src/cli/main.ts reaches through static imports.
 * The report renderers (vega, vega-lite, arquero, Arrow, resvg: about half a second to load) are
 * imported only when a report is written (src/cli/commands/report.ts, compare.ts), so `check`,
 * `plan`, `validate`, sweep workers and `--version` do not load them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERERS = ['vega', 'vega-lite', 'vega-embed', 'arquero', 'apache-arrow', '@resvg/resvg-js'];

/** Static value imports and re-exports (`import type` and dynamic `import()` left out). */
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm;

/** Packages reached from `entry` through static imports of project files. */
function packagesReachedFrom(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const todo = [resolve(entry)];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (existsSync(target)) todo.push(target);
      } else if (!spec.startsWith('node:')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
  }
  return packages;
}

describe('start-up imports', () => {
  it('the CLI entry does not load the report renderers; the report writer does (the walk finds them)', () => {
    const atStart = packagesReachedFrom(join('src', 'cli', 'main.ts'));
    expect(atStart.has('yargs')).toBe(true);
    expect(RENDERERS.filter((p) => atStart.has(p))).toEqual([]);
    const forReports = packagesReachedFrom(join('src', 'report', 'write-report.ts'));
    expect(RENDERERS.filter((p) => forReports.has(p)).length).toBeGreaterThanOrEqual(3);
  });
});
