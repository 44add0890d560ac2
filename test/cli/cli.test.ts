import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

describe('clustersim CLI', () => {
  it('runs a scenario into a fresh run directory and refuses to overwrite it', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cs-')), 'run');
    const r = cli('run', 'scenarios/drf-paper.yaml', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['manifest.json', 'summary.json', 'events.jsonl', 'timing.json']) expect(existsSync(join(out, f))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.eventLog.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.scenario.name).toBe('drf-paper');
    const again = cli('run', 'scenarios/drf-paper.yaml', '--out', out);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect(cli('run', 'scenarios/drf-paper.yaml', '--out', out, '--force').status).toBe(0);
  });

  it('--force replaces only an empty directory or a run directory, never a directory of other files', () => {
    const base = mkdtempSync(join(tmpdir(), 'cs-'));
    const precious = join(base, 'precious');
    mkdirSync(join(precious, 'sub'), { recursive: true });
    writeFileSync(join(precious, 'notes.txt'), 'data');
    const r = cli('run', 'scenarios/drf-paper.yaml', '--no-report', '--out', precious, '--force');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/already exists and has no manifest\.json: not replaced, even with --force/);
    expect(readFileSync(join(precious, 'notes.txt'), 'utf8')).toBe('data');
    const empty = join(base, 'empty');
    mkdirSync(empty);
    expect(cli('run', 'scenarios/drf-paper.yaml', '--no-report', '--out', empty, '--force').status).toBe(0);
    expect(existsSync(join(empty, 'manifest.json'))).toBe(true);
  });

  it('exits 2 with file:line:column diagnostics and no stack trace on invalid scenarios', () => {
    const r = cli('validate', 'test/fixtures/invalid/typos.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/typos\.yaml:4:3: error CS1003/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('treats --seed abc and unknown commands as usage errors (exit 2)', () => {
    expect(cli('run', 'scenarios/drf-paper.yaml', '--seed', 'abc').status).toBe(2);
    expect(cli('frobnicate').status).toBe(2);
  });

  it('runs one named variant of a scenario, as check does (and says which variants exist)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cs-')), 'run');
    const r = cli('run', 'scenarios/hoarder-vs-guarantees.yaml', '--variant', 'weighted', '--no-report', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^hoarder-vs-guarantees\.weighted: /);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const golden = JSON.parse(readFileSync('goldens/hoarder-vs-guarantees.weighted.summary.json', 'utf8'));
    expect(summary.roles).toEqual(golden.roles);
    const bad = cli('run', 'scenarios/hoarder-vs-guarantees.yaml', '--variant', 'nope');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown variant "nope" \(known: fair, weighted, quota, reserved\)/);
  });

  it('check --workers 2 reports exactly what one process does (output, JUnit, exit code)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-'));
    const files = ['scenarios/drf-paper.yaml', 'test/fixtures/invalid/typos.yaml', 'scenarios/hoarder-vs-guarantees.yaml'];
    const one = cli('check', ...files, '--golden', 'goldens', '--junit', join(dir, 'one.xml'));
    const two = cli('check', ...files, '--golden', 'goldens', '--junit', join(dir, 'two.xml'), '--workers', '2');
    expect(one.status).toBe(2); // the invalid file
    expect(two.status).toBe(2);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr.replace(/JUnit XML: \S+/, '')).toBe(one.stderr.replace(/JUnit XML: \S+/, ''));
    expect(readFileSync(join(dir, 'two.xml'), 'utf8')).toBe(readFileSync(join(dir, 'one.xml'), 'utf8'));
    expect(one.stdout).toMatch(/PASS    hoarder-vs-guarantees\.quota — golden/);
  }, 120_000);

  it('rejects a mistyped option without running anything (exit 2)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cs-')), 'run');
    const r = cli('run', 'scenarios/drf-paper.yaml', '--sed', '7', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument: sed/);
    expect(existsSync(out)).toBe(false); // the run did not happen with the default seed
  });
});
