import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../../src/experiment/conformance.ts';
import { loadPlugin, loadPlugins } from '../../src/experiment/plugins.ts';
import { sorterFactory } from '../../src/master/sorter/registry.ts';
import { cli, ROOT, tempDir } from './helpers.ts';
import { writeFileSync } from 'node:fs';

const NOT_DRF = join(ROOT, 'test/fixtures/plugins/not-drf-sorter.js');

describe('policy plugins', () => {
  it('a plugin registers a sorter that scenarios can name; the built-in DRF passes its own conformance cases', async () => {
    const p = await loadPlugin(NOT_DRF);
    expect(p.sorters).toEqual(['alphabetical']);
    expect(sorterFactory('alphabetical')).toBeDefined();
    expect((await loadPlugin(NOT_DRF)).sorters).toEqual(['alphabetical']); // loaded once per process
    // The reference of a case without expect.offers is the built-in DRF run, so DRF trivially matches
    // those; drf-paper carries its own expect.offers (the paper's numbers), which DRF must meet too.
    const drf = runConformance('drf');
    expect(drf.cases.length).toBeGreaterThanOrEqual(7);
    const byName = new Map(drf.cases.map((c) => [c.name, c]));
    for (const name of ['c1-unreserved-drf', 'c5-same-share-fairness', 'drf-paper']) expect(byName.get(name)?.pass, name).toBe(true);
    expect(byName.get('drf-paper')?.reference).toBe('expect.offers');
  });

  it('reports bad plugins clearly', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'none.js'), 'export const x = 1;\n');
    writeFileSync(join(dir, 'dup.js'), 'export function register(api) { api.registerSorter("drf", () => ({})); }\n');
    writeFileSync(join(dir, 'broken.js'), 'export function register(api) { api.registerSorter("broken-one", () => ({ sort() { return []; } })); }\n');
    expect(await loadPlugins([join(dir, 'none.js')])).toMatch(/exports no register\(api\) function/);
    expect(await loadPlugins([join(dir, 'dup.js')])).toMatch(/a sorter named "drf" already exists/);
    expect(await loadPlugins([join(dir, 'missing.js')])).toMatch(/no such file/);
    await loadPlugins([join(dir, 'broken.js')]);
    expect(() => sorterFactory('broken-one')!({})).toThrow(/sorter "broken-one" lacks add, remove/);
  });

  it('clustersim check --plugin loads the not-DRF sorter and fails DRF conformance with a clear report (exit 1)', () => {
    const junit = join(tempDir(), 'junit.xml');
    const r = cli(['check', '--plugin', 'test/fixtures/plugins/not-drf-sorter.js', '--junit', junit]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/conformance of sorter "alphabetical"/);
    // UnreservedDRF: agent2 must go to the lower-share role2, the name order gives it to role1.
    expect(r.stdout).toMatch(/FAIL c1-unreserved-drf[^\n]*\n\s+at t=0ms: expected (t=0ms )?framework2\(role2\) on agent2 cpus:1;mem:512, not made/);
    expect(r.stdout).toMatch(/FAIL drf-paper/);
    expect(r.stdout).toMatch(/"alphabetical" departs from Mesos DRF allocation in \d+ of \d+ cases/);
  });

  it('a scenario can name its plugins; a plan or check then resolves the sorter', () => {
    const dir = tempDir();
    const file = join(dir, 's.yaml');
    writeFileSync(file, `name: with-plugin
until: 5s
plugins: [${JSON.stringify(NOT_DRF)}]
master: { roleSorter: alphabetical, frameworkSorter: alphabetical }
frameworks:
  - { id: b, role: b, scheduler: { type: scripted, onOffer: hold } }
  - { id: a, role: a, scheduler: { type: scripted, onOffer: hold } }
agents:
  - { id: agent1, resources: "cpus:1;mem:1GiB" }
expect:
  offers:
    - { at: 0s, framework: a, agent: agent1 }
`);
    const r = cli(['check', file]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const unknown = cli(['check', file, '--set', 'plugins=[]']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown sorter "alphabetical"/);
  });
});
