/**
 * `run` flags. `--seed N` is an override like --set: a seed the schema rejects (past 2^53 − 1, where Number()
 * would round it onto another seed) is reported at the file's `seed:` line, which before this named
 * only that line (seed: 1 looks right) and not the flag. `--png` with `--no-report` is a usage error.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

describe('clustersim run --seed out of range', () => {
  it('names the flag in the diagnostic, exit 2', () => {
    const r = cli('run', 'scenarios/drf-paper.yaml', '--seed', '12345678901234567890', '--no-report', '--out', '/nonexistent-dir-never-written/x');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^scenarios\/drf-paper\.yaml:9:7: error CS1002 .*\[the value comes from --seed 12345678901234567890\] \(at seed\)$/);
  }, 60_000);
});

describe('clustersim run --no-report --png', () => {
  it('is a usage error (the PNGs were dropped without a word), nothing run', () => {
    const r = cli('run', 'scenarios/drf-paper.yaml', '--no-report', '--png', '--out', '/nonexistent-dir-never-written/x');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('error: --png needs the report; drop --no-report, or render later with clustersim report <runDir> --png');
    expect(r.stdout).toBe('');
  }, 60_000);
});
