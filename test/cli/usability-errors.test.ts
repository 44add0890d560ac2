/**
 * Small usability fixes from acceptance testing: bad input is a one-line error, exit 2, no stack
 * trace, and nothing is run or printed after it (check --golden missing dir, run --variant typo,
 * check --junit to an unwritable place, trace inspect of an unrecognized file).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
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
