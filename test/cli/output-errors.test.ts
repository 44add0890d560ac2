/**
 * Output problems are the user's to fix, not simulation errors: an output path under a regular file
 * is exit 2 with a message naming it, and a closed stdout (`clustersim … | head`) neither prints a
 * stack trace nor changes the exit code of what the command did.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const env = { ...process.env, CI: 'true' };
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env });

/** Run the CLI with its stdout closed before it writes anything (the reader went away, as `head` does). */
function cliClosedStdout(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return cliClosed(args, ['stdout']).then(({ status, stderr }) => ({ status, stderr }));
}

/** Run the CLI with the named outputs closed before it writes anything (`2>&1 | head -1` closes both). */
function cliClosed(args: readonly string[], closed: readonly ('stdout' | 'stderr')[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/clustersim.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    for (const name of ['stdout', 'stderr'] as const) {
      if (closed.includes(name)) child[name].destroy();
      else child[name].setEncoding('utf8').on('data', (s: string) => { out[name] += s; });
    }
    child.on('close', (status) => done({ status, ...out }));
  });
}

describe('output paths that cannot be written', () => {
  const base = mkdtempSync(join(tmpdir(), 'cs-out-'));
  const file = join(base, 'a-file');
  writeFileSync(file, 'x');

  it('run --out under a regular file: exit 2, says which path is not a directory', () => {
    const r = cli('run', 'scenarios/drf-paper.yaml', '--no-report', '--out', join(file, 'run'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: cannot write output directory ${join(file, 'run')}: ${file} is not a directory\n`);
  });

  it('run --out "": exit 2 (it ran and wrote nothing, exit 0)', () => {
    const r = cli('run', 'scenarios/drf-paper.yaml', '--out', '', '--no-report');
    expect([r.status, r.stderr]).toEqual([2, 'error: --out needs a directory, got ""\n']);
  });

  it('check --junit under a regular file: exit 2, not a simulation error', () => {
    const r = cli('check', 'test/experiment/fixtures/drf-assert.yaml', '--junit', join(file, 'junit.xml'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: cannot write ${join(file, 'junit.xml')}: ${file} is not a directory\n`);
  });
});

describe('a closed stdout', () => {
  it('run: no EPIPE stack trace, exit 0, the run directory is written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cs-pipe-')), 'run');
    const r = await cliClosedStdout(['run', 'scenarios/drf-paper.yaml', '--no-report', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  it('check: the exit code is the outcome (1 for a failed assertion) and --junit is still written', async () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'cs-pipe-')), 'junit.xml');
    const r = await cliClosedStdout(['check', 'test/experiment/fixtures/drf-assert.yaml', '--set', 'expect.metrics=["tasks.launched >= 6"]', '--junit', junit]);
    expect(r.stderr).toBe(`JUnit XML: ${junit}\n`);
    expect(r.status).toBe(1);
    expect(existsSync(junit)).toBe(true);
  });
});

describe('a closed stderr (`… 2>&1 | head -1`, stderr piped into head)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cs-pipe-'));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'name: x\nagents: [}\n');

  it('validate of an invalid scenario: exit 2 (the diagnostic goes to the closed stderr), not 1', async () => {
    const r = await cliClosed(['validate', bad], ['stderr']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('check with stdout and stderr closed (`2>&1 | head -1`): exit 2 for an invalid scenario, --junit still written', async () => {
    const junit = join(dir, 'junit.xml');
    const r = await cliClosed(['check', bad, '--junit', junit], ['stdout', 'stderr']);
    expect(r.status).toBe(2);
    expect(readFileSync(junit, 'utf8')).toContain('errors="1"');
  });

  it('check of an invalid scenario with stderr closed: exit 2, the report still on stdout', async () => {
    const r = await cliClosed(['check', bad], ['stderr']);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('1 check: 0 passed, 0 failed, 1 error');
  });
});

describe('schema --out', () => {
  it('an existing directory is refused (exit 2, no stray staged file), not a raw EISDIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-schema-'));
    const r = cli('schema', '--out', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: cannot write ${dir}: it exists and is not a file\n`);
    expect(existsSync(join(tmpdir(), `.tmp-${dir.split('/').pop()}-${r.pid}`))).toBe(false);
  });
});
