/**
 * `compare --label a --label a`: the tables and charts tell runs apart by label, so two runs with one
 * label were drawn as one series ("a vs a", one legend entry). A usage error now, nothing written.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'cs-compare-labels-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

/** Two runs of the DRF paper scenario (seeds 1 and 2) under `root`. */
function twoRuns(prefix: string): [string, string] {
  const a = join(root, `${prefix}a`);
  const b = join(root, `${prefix}b`);
  expect(cli('run', 'scenarios/drf-paper.yaml', '--out', a, '--no-report', '--no-progress').status).toBe(0);
  expect(cli('run', 'scenarios/drf-paper.yaml', '--out', b, '--no-report', '--no-progress', '--seed', '2').status).toBe(0);
  return [a, b];
}

describe('clustersim compare with duplicate labels', { timeout: 120_000 }, () => {
  it('is a usage error naming the label, exit 2, nothing written', () => {
    const [a, b] = twoRuns('');
    const out = join(root, 'cmp');
    const r = cli('compare', a, b, '--label', 'x', '--label', 'x', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: --label "x" is given to more than one run');
    expect(existsSync(out)).toBe(false);
    // U+2028 stopped the chart rendering (exit 3, "Unexpected token ILLEGAL")
    const sep = cli('compare', a, b, '--label', 'x\u2028y', '--label', 'z', '--out', out);
    expect([sep.status, sep.stderr]).toEqual([2, 'error: --label "x\\u2028y" holds a line break or control character; labels name the runs in the tables and charts\n']);
    expect(existsSync(out)).toBe(false);
    expect(cli('compare', a, b, '--label', 'x', '--label', 'y', '--out', out).status).toBe(0);
  });
});

describe('clustersim compare --force over a directory holding the compared runs', { timeout: 120_000 }, () => {
  // An earlier comparison's directory with the runs kept inside it: --force replaced it and deleted
  // the two runs it had just read (exit 0). Refused now, as `run` refuses an --out holding its inputs.
  it('is refused (exit 2), the runs kept', () => {
    const [a, b] = twoRuns('f');
    const out = join(root, 'kept');
    expect(cli('compare', a, b, '--out', out).status).toBe(0);
    cpSync(a, join(out, 'runA'), { recursive: true });
    cpSync(b, join(out, 'runB'), { recursive: true });
    const r = cli('compare', join(out, 'runA'), join(out, 'runB'), '--out', out, '--force');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`output directory ${out} holds ${join(out, 'runA')}, an input of this command: --force would delete it`);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['runA', 'runB', 'compare.md']));
  });
});
