/**
 * The prebuilt CLI (bin/cli-bundle.js, scripts/build-cli.js): used only while its sources are
 * unchanged, and it writes the same bytes as the sources run through tsx.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module without declarations (bin/ runs before any TypeScript loader)
import { bundleIsFresh } from '../../bin/cli-bundle.js';

const fresh = bundleIsFresh as (root: string, bundle: string, manifest: string) => boolean;

describe('bundle freshness', () => {
  const root = mkdtempSync(join(tmpdir(), 'cs-bundle-'));
  const bundle = join(root, 'start.js');
  const manifest = join(root, 'sources.json');
  const source = join(root, 'a.ts');

  function build(): void {
    writeFileSync(source, 'export const a = 1;\n');
    utimesSync(source, 1_000, 1_000);
    writeFileSync(bundle, '// bundle\n');
    writeFileSync(manifest, JSON.stringify({ sources: [['a.ts', readFileSync(source).length, 1_000_000]] })); // mtime 1,000 s
  }

  it('is fresh while every recorded source keeps its size and mtime', () => {
    build();
    expect(fresh(root, bundle, manifest)).toBe(true);
  });

  it('is stale after a source is touched, resized or removed', () => {
    build();
    utimesSync(source, 2_000, 2_000);
    expect(fresh(root, bundle, manifest)).toBe(false);
    build();
    writeFileSync(source, 'export const a = 22;\n');
    utimesSync(source, 1_000, 1_000);
    expect(fresh(root, bundle, manifest)).toBe(false);
    build();
    rmSync(source);
    expect(fresh(root, bundle, manifest)).toBe(false);
  });

  it('is stale without a bundle or with a missing, empty or unreadable manifest', () => {
    build();
    rmSync(bundle);
    expect(fresh(root, bundle, manifest)).toBe(false);
    build();
    rmSync(manifest);
    expect(fresh(root, bundle, manifest)).toBe(false);
    for (const text of ['', '{', 'null', '{"sources":[]}', '{"sources":{}}']) {
      build();
      writeFileSync(manifest, text);
      expect(fresh(root, bundle, manifest), text).toBe(false);
    }
  });
});

describe('the bundled CLI', () => {
  // Built here, two levels below the root like dist/cli (the sources' relative paths hold there).
  const dir = '.tmp-bundle-test/cli';
  const runBundle = (...args: string[]) => spawnSync(process.execPath, ['--input-type=module', '-e',
    `globalThis[Symbol.for('clustersim.bundled')] = true; const { start } = await import('./${dir}/start.js'); await start(process.argv.slice(1));`, ...args],
  { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const runSources = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args],
    { encoding: 'utf8', env: { ...process.env, CI: 'true', CLUSTERSIM_FROM_SOURCES: '1' } });
  const out = mkdtempSync(join(tmpdir(), 'cs-bundle-run-'));

  beforeAll(() => {
    const built = spawnSync(process.execPath, ['scripts/build-cli.js', dir], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
  }, 60_000);
  afterAll(() => rmSync('.tmp-bundle-test', { recursive: true, force: true }));

  it('writes the same run directory, report included, as the sources', () => {
    const a = runBundle('run', 'scenarios/drf-paper.yaml', '--out', join(out, 'bundle'));
    expect(a.status, a.stderr).toBe(0);
    const b = runSources('run', 'scenarios/drf-paper.yaml', '--out', join(out, 'sources'));
    expect(b.status, b.stderr).toBe(0);
    const files = (d: string): string[] => readdirSync(d, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(d.length + 1)).sort();
    const listed = files(join(out, 'bundle'));
    expect(listed).toEqual(files(join(out, 'sources')));
    expect(listed).toContain('report.html'); // the report writer is a lazy chunk of the bundle
    for (const f of listed.filter((f) => f !== 'timing.json')) {
      expect(readFileSync(join(out, 'bundle', f)).equals(readFileSync(join(out, 'sources', f))), f).toBe(true);
    }
  }, 120_000);

  it('keeps the report renderers out of its start-up (a lazy chunk, as in the sources)', () => {
    // What start.js loads before running: its static imports, chunks of the bundle followed.
    const loaded = new Set<string>();
    const files = ['start.js'];
    for (const seen = new Set<string>(); files.length > 0;) {
      const file = files.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const [, spec] of readFileSync(join(dir, file), 'utf8').matchAll(/^(?:import|export)\b[^;'"]*?from "([^"]+)";$/gm)) {
        if (spec.startsWith('./')) files.push(spec.slice(2)); else loaded.add(spec);
      }
    }
    expect(loaded).toContain('yargs');
    expect(['vega', 'vega-lite', 'arquero'].filter((p) => loaded.has(p))).toEqual([]);
  });

  it('gives the same diagnostics and exit code for an invalid scenario', () => {
    const a = runBundle('validate', 'test/fixtures/invalid/typos.yaml');
    const b = runSources('validate', 'test/fixtures/invalid/typos.yaml');
    expect(a.status).toBe(2);
    expect([a.status, a.stdout, a.stderr]).toEqual([b.status, b.stdout, b.stderr]);
  }, 60_000);

  it('loads a TypeScript plugin (registering tsx only for it)', () => {
    const plugin = join(out, 'ts-plugin');
    mkdirSync(plugin);
    writeFileSync(join(plugin, 'sorter.mts'), [ // .mts: outside a "type": "module" package a .ts would be CommonJS
      "interface Api { sorter(name: string): (options: object) => unknown; registerSorter(name: string, f: (options: object) => unknown): void }",
      "export function register(api: Api): void { const drf = api.sorter('drf'); api.registerSorter('typed-drf', (options: object) => drf(options)); }",
      '',
    ].join('\n'));
    // drf-paper.yaml with its role sorter taken from the plugin (the same offers, as it delegates to drf)
    const scenario = readFileSync('scenarios/drf-paper.yaml', 'utf8').replace(/^seed: 1$/m, 'seed: 1\nplugins: [./sorter.mts]\nmaster: { roleSorter: typed-drf, frameworkSorter: typed-drf }');
    expect(scenario).toContain('typed-drf');
    writeFileSync(join(plugin, 'scenario.yaml'), scenario);
    const a = runBundle('check', join(plugin, 'scenario.yaml'));
    expect(a.status, a.stdout + a.stderr).toBe(0);
    expect(a.stdout).toMatch(/passed/);
  }, 60_000);
});
