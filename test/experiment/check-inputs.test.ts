/**
 * `check` and `validate` refuse what they cannot judge (found by fuzzing the experiment CLI, session 20).
 * Before: `check --update` of two runs with one name wrote one golden over the other (exit 0, and the
 * next check failed the first); a golden file holding an array was a regression of every metric; a
 * plugin sorter that throws was exit 3 under `check` (exit 2 under `run`); `validate -` checked nothing
 * and exited 0.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, tempDir } from './helpers.ts';

const SCENARIO = join(FIXTURES, 'drf-assert.yaml');

describe('check', () => {
  it('refuses two runs that would share a golden file, before running anything', () => {
    const dir = tempDir();
    const twin = join(dir, 'twin.yaml');
    writeFileSync(twin, readFileSync(SCENARIO, 'utf8'));
    const r = cli(['check', SCENARIO, twin, '--golden', join(dir, 'g'), '--update']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/are both named "[^"]+": their golden summaries would be one file, .*; give them different names/);
    expect(r.stdout).toBe('');
  });

  it('says a golden file that is not a summary cannot be read (exit 2), not that every metric regressed', () => {
    const dir = tempDir();
    expect(cli(['check', SCENARIO, '--golden', dir, '--update']).status).toBe(0);
    const [golden] = readdirSync(dir);
    writeFileSync(join(dir, golden), '[1, 2]\n');
    const r = cli(['check', SCENARIO, '--golden', dir]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/cannot read .*: not a summary \(a JSON object\), but an array/);
  });

  it('reports a plugin sorter that throws as the plugin\'s error (exit 2), as run does', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'throw-sort.mjs'), 'export function register(api) { const d = api.sorter("drf"); api.registerSorter("throws", (o) => { const s = d(o); return new Proxy(s, { get(t, k) { if (k === "sort" || k === "forEach") return () => { throw new TypeError("boom"); }; const v = t[k]; return typeof v === "function" ? v.bind(t) : v; } }); }); }\n');
    writeFileSync(join(dir, 's.yaml'), 'name: s\nplugins: [./throw-sort.mjs]\nmaster: { roleSorter: throws, frameworkSorter: throws }\nuntil: 5s\nagents: [{ id: a, resources: "cpus:4;mem:4GiB" }]\nframeworks: [{ id: f, role: r, scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:1;mem:1GiB" } } }]\n');
    const r = cli(['check', join(dir, 's.yaml')]);
    expect(r.stdout).toContain('plugin error: plugin ./throw-sort.mjs: sorter "throws"');
    expect(r.status).toBe(2);
  });
});

describe('validate', () => {
  it('with "-" (standard input) or nothing to read is a usage error, not an empty success', () => {
    const r = cli(['validate', '-']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('name the scenario files to check');
  });
});
