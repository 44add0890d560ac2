/**
 * Small usability fixes from acceptance testing: bad input is a one-line error, exit 2, no stack
 * trace, and nothing is run or printed after it (check --golden missing dir, run --variant typo,
 * check --junit to an unwritable place, trace inspect of an unrecognized file).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

describe('trace inspect of a file that is not a trace', () => {
  it('prints the error only: no empty statistics block, exit 2', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cs-ux-')), 'x.bin');
    writeFileSync(file, 'garbage\n');
    const r = cli('trace', 'inspect', file);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/CS6008 trace format not recognized/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

const SCENARIO = 'test/experiment/fixtures/drf-assert.yaml';

describe('check --golden DIR that does not exist', () => {
  it('is a usage error naming the directory (exit 2), not a regression, and runs nothing', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'cs-ux-')), 'goldens');
    const r = cli('check', SCENARIO, '--golden', missing);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: --golden ${missing}: no such directory (record the goldens with --update)\n`);
    expect(r.stdout).toBe('');
  });

  it('with --update it is created and the goldens recorded', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'cs-ux-')), 'new', 'goldens');
    const r = cli('check', SCENARIO, '--golden', missing, '--update');
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(missing)).toEqual(['drf-assert.summary.json']);
  });

  it('a regular file is not a golden directory (exit 2)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cs-ux-')), 'a-file');
    writeFileSync(file, 'x');
    const r = cli('check', SCENARIO, '--golden', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: --golden ${file}: not a directory\n`);
  });
});

describe('check --junit to a place that cannot be written', () => {
  it('/proc/x.xml: exit 2 before any scenario runs', () => {
    const r = cli('check', SCENARIO, '--junit', '/proc/clustersim-x.xml');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(''); // no scenario was checked
    expect(r.stderr).toMatch(/^error: cannot write \/proc\/clustersim-x\.xml: cannot create files in \/proc \(\w+\)\n$/);
  });

  it('under a regular file, or onto a directory: exit 2 before any scenario runs', () => {
    const base = mkdtempSync(join(tmpdir(), 'cs-ux-'));
    const file = join(base, 'a-file');
    writeFileSync(file, 'x');
    const under = cli('check', SCENARIO, '--junit', join(file, 'sub', 'junit.xml'));
    expect(under.status).toBe(2);
    expect(under.stdout).toBe('');
    expect(under.stderr).toBe(`error: cannot write ${join(file, 'sub', 'junit.xml')}: ${file} is not a directory\n`);
    const onto = cli('check', SCENARIO, '--junit', base);
    expect(onto.status).toBe(2);
    expect(onto.stdout).toBe('');
    expect(onto.stderr).toBe(`error: cannot write ${base}: it exists and is not a file\n`);
    expect(readdirSync(base)).toEqual(['a-file']); // the probe left nothing behind
  });

  it('a directory that does not exist yet is created (as before), the checks run', () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'cs-ux-')), 'reports', 'junit.xml');
    const r = cli('check', SCENARIO, '--junit', junit);
    expect(r.stdout).toMatch(/checks:/);
    expect(existsSync(junit)).toBe(true);
  });
});

describe('run --variant with a typo', () => {
  it('names the closest variants and lists all of them, one line, exit 2', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cs-ux-')), 'run');
    const r = cli('run', 'scenarios/drf-sharing-incentive.yaml', '--variant', 'weigthed', '--out', out, '--no-report');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('scenarios/drf-sharing-incentive.yaml:1:1: error CS8002 unknown variant "weigthed" (known: static, shared, weighted); did you mean weighted?\n');
    expect(existsSync(out)).toBe(false);
    const far = cli('run', 'scenarios/drf-sharing-incentive.yaml', '--variant', 'xyz', '--out', out, '--no-report');
    expect(far.status).toBe(2);
    expect(far.stderr).toBe('scenarios/drf-sharing-incentive.yaml:1:1: error CS8002 unknown variant "xyz" (known: static, shared, weighted)\n');
  });
});
