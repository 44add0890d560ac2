import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachDashValues, checkDurationOption } from '../../src/cli/duration-options.ts';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

describe('duration options on the command line', () => {
  it('attaches a dash-leading value to its duration option, and nothing else', () => {
    expect(attachDashValues(['run', 'a.yaml', '--until', '-5m', '--seed', '3'])).toEqual(['run', 'a.yaml', '--until=-5m', '--seed', '3']);
    expect(attachDashValues(['run', 'a.yaml', '--until', '5m'])).toEqual(['run', 'a.yaml', '--until', '5m']);
    expect(attachDashValues(['run', 'a.yaml', '--until', '--force'])).toEqual(['run', 'a.yaml', '--until', '--force']);
    expect(attachDashValues(['run', '--', '--until', '-5m'])).toEqual(['run', '--', '--until', '-5m']);
    expect(attachDashValues(['run', '--out', '-5m'])).toEqual(['run', '--out', '-5m']);
  });

  it('names the option and the value of a negative, malformed or missing duration', () => {
    expect(checkDurationOption('until', '-5m')).toBe('--until: -5m must not be negative (expected e.g. 90s, 5m, 2h)');
    expect(checkDurationOption('until', '5x')).toBe('--until: 5x is not a duration (expected e.g. 90s, 5m, 2h)');
    expect(checkDurationOption('until', '-abc')).toBe('--until: -abc is not a duration (expected e.g. 90s, 5m, 2h)');
    expect(checkDurationOption('until', '')).toBe('--until: needs a duration (expected e.g. 90s, 5m, 2h)');
    expect(checkDurationOption('until', '1h30m')).toBeUndefined();
    expect(checkDurationOption('until', '90')).toBeUndefined();
  });

  it('run --until -5m / --until=-5m / --until 5x: one line naming --until, exit 2, no stack, nothing written', () => {
    const base = mkdtempSync(join(tmpdir(), 'cs-'));
    for (const [args, text] of [
      [['--until', '-5m'], '--until: -5m must not be negative'],
      [['--until=-5m'], '--until: -5m must not be negative'],
      [['--until', '5x'], '--until: 5x is not a duration'],
    ] as const) {
      const r = cli('run', 'scenarios/drf-paper.yaml', ...args, '--no-report', '--out', join(base, 'run'));
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim()).toBe(`error: ${text} (expected e.g. 90s, 5m, 2h)`);
      expect(r.stderr).not.toMatch(/Unknown arguments/);
      expect(r.stdout).toBe('');
    }
    const ok = cli('run', 'scenarios/drf-paper.yaml', '--until=1m', '--no-report', '--out', join(base, 'ok'));
    expect(ok.status, ok.stderr).toBe(0);
  });
});
