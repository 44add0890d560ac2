/**
 * Output problems are the user's to fix, not simulation errors: an output path under a regular file
 * is exit 2 with a message naming it, and a closed stdout (`clustersim … | head`) neither prints a
 * stack trace nor changes the exit code of what the command did.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const env = { ...process.env, CI: 'true' };
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env });

/** Run the CLI with its stdout closed before it writes anything (the reader went away, as `head` does). */
function cliClosedStdout(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/clustersim.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('close', (status) => done({ status, stderr }));
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
