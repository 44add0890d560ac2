/**
 * `check --golden --tolerance-path` with a mistyped path (session 10 tour). The pattern matched no
 * metric, banded nothing, and nothing said so: `--tolerance-path 'ofers.**=abs=5'` passed silently
 * (exit 0), and when the metric it meant moved, the failure named only `a count: exact`. Now each
 * failing golden case says which patterns covered none of its metrics (with the close paths), and a
 * pattern that covered nothing in any comparison is a warning on stderr; the exit code is the
 * outcome's (a typo only makes the check stricter).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioFile, unmatchedEverywhere } from '../../src/experiment/check.ts';
import { parsePathTolerance, unmatchedPaths, type PathTolerance } from '../../src/experiment/golden.ts';
import { cli, FIXTURES, parseXml, tempDir } from './helpers.ts';

const P = (s: string) => parsePathTolerance(s) as PathTolerance;

describe('--tolerance-path that matches no metric', () => {
  const golden = { waitMs: { p50: 1, p95: 2, p99: 3 }, offers: { made: 4 }, replay: null };
  it('names the pattern and the close paths', () => {
    expect(unmatchedPaths(golden, golden, [P('waitMs.p95=0.1'), P('offers.**=abs=5'), P('*.made=1'), P('replay=1')])).toEqual([]);
    expect(unmatchedPaths(golden, golden, [P('waitMs.p59=0.1'), P('ofers.**=abs=5'), P('**.nothing=1')])).toEqual([
      { pattern: 'waitMs.p59', suggestions: ['waitMs.p50', 'waitMs.p99', 'waitMs.p95'] },
      { pattern: 'ofers.**', suggestions: ['offers.**'] },
      { pattern: '**.nothing', suggestions: [] },
    ]);
  });

  it('a failing golden case says so, the CLI warns once, JUnit carries it', async () => {
    const dir = tempDir();
    const goldenDir = join(dir, 'golden');
    mkdirSync(goldenDir);
    const file = join(FIXTURES, 'drf-assert.yaml');
    const g = (await checkScenarioFile(file, { goldenDir, update: true })).cases.find((c) => c.name === 'golden')!;
    const path = g.message.replace(/^wrote /, '');
    const summary = JSON.parse(readFileSync(path, 'utf8'));
    summary.offers.made += 2;
    writeFileSync(path, JSON.stringify(summary));

    const checked = await checkScenarioFile(file, { goldenDir, tolerancePaths: [P('ofers.**=abs=5')] });
    const c = checked.cases.find((x) => x.name === 'golden')!;
    expect(c.status).toBe('fail');
    expect(c.details).toContain('  (--tolerance-path ofers.** matched no metric of this run (did you mean offers.**?); it banded nothing)');
    expect(unmatchedEverywhere([checked], [P('ofers.**=abs=5')])).toEqual(['--tolerance-path ofers.** matched no metric in the golden comparison (did you mean offers.**?); it banded nothing']);
    // the right path: passes, nothing said
    const right = await checkScenarioFile(file, { goldenDir, tolerancePaths: [P('offers.**=abs=5')] });
    expect(right.cases.find((x) => x.name === 'golden')!.status).toBe('pass');
    expect(unmatchedEverywhere([right], [P('offers.**=abs=5')])).toEqual([]);

    const junit = join(dir, 'j.xml');
    const other = join(FIXTURES, 'small-batch.yaml');
    expect(cli(['check', other, '--golden', goldenDir, '--update']).status).toBe(0);
    const r = cli(['check', file, other, '--workers', '2', '--golden', goldenDir, '--junit', junit, '--tolerance-path', 'ofers.**=abs=5', '--tolerance-path', 'waitMs.p95=0.5']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/warning: --tolerance-path ofers\.\*\* matched no metric in any of the \d+ golden comparisons \(did you mean offers\.\*\*\?\); it banded nothing/);
    expect(r.stderr).not.toContain('waitMs.p95 matched');
    const cases = parseXml(readFileSync(junit, 'utf8')).children.flatMap((s) => s.children);
    const failed = cases.find((x) => x.attrs.classname === 'drf-assert' && x.attrs.name === 'golden')!;
    expect(failed.children[0].text).toContain('--tolerance-path ofers.** matched no metric of this run (did you mean offers.**?)');
  });
});

describe('a failing golden case under a loosened band', () => {
  it('its header counts the numbers that moved within the band, listed beside the failures (≈)', async () => {
    const goldenDir = join(tempDir(), 'golden');
    mkdirSync(goldenDir);
    const file = join(FIXTURES, 'drf-assert.yaml');
    const g = (await checkScenarioFile(file, { goldenDir, update: true })).cases.find((c) => c.name === 'golden')!;
    const path = g.message.replace(/^wrote /, '');
    const summary = JSON.parse(readFileSync(path, 'utf8'));
    summary.offers.made += 2;                    // a count: exact
    summary.roles.a.mean.dominantShare *= 1.1;   // inside rel=0.5
    writeFileSync(path, JSON.stringify(summary));
    const c = (await checkScenarioFile(file, { goldenDir, tolerance: { rel: 0.5, abs: 0 } })).cases.find((x) => x.name === 'golden')!;
    expect(c.status).toBe('fail');
    expect(c.message).toBe(`1 metric differs from ${path} (1 more moved within the tolerance: the ≈ lines)`);
    expect(c.details.filter((d) => d.startsWith('  ≈')).length).toBe(1);
  });
});
