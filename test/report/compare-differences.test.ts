/**
 * `clustersim compare` says what the compared runs were made from when it differs: length (until),
 * seed, scenario, settings (variant overrides) — information for variants of one scenario, a caution
 * for different lengths or scenarios — in compare.md, compare.html and on stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparisonHeadlineHtml, comparisonMarkdown } from '../../src/report/compare.ts';
import type { ReportData, RunData } from '../../src/report/report-data.ts';
import { runDifferences, runOrigin, type RunOrigin } from '../../src/report/run-origin.ts';

function data(): ReportData {
  return { title: 't', headline: [{ key: 'util', label: 'CPU allocated', value: 0.5, unit: '%' }], utilization: [], shares: [], fairness: [], waits: [], tables: {} };
}

function origin(name: string, seed: number, untilMs: number, master: Record<string, unknown> = {}): RunOrigin {
  const spec = { name, description: 'd', seed, untilMs, master: { roleSorter: 'drf', weights: {}, ...master }, agents: [{ id: 'a1', resources: 'cpus:4' }] };
  return runOrigin({ scenario: spec, seed }, null);
}

describe('runDifferences', () => {
  it('lists only the settings that differ between variants of one scenario, as information', () => {
    const d = runDifferences([origin('s.shared', 1, 3_600_000), origin('s.weighted', 1, 3_600_000, { weights: { a: 2 }, roleSorter: 'random' })]);
    expect(d.items).toEqual(['variant shared vs weighted', 'master.roleSorter drf vs random', 'master.weights.a (unset) vs 2']);
    expect(d.caution).toBeNull();
  });

  it('cautions about different lengths and different scenarios; lists the seed', () => {
    const len = runDifferences([origin('s', 1, 3_600_000), origin('s', 2, 3 * 3_600_000)]);
    expect(len.items).toEqual(['until 1h vs 3h', 'seed 1 vs 2']);
    expect(len.caution).toMatch(/different lengths/);
    const other = runDifferences([origin('s', 1, 3_600_000), origin('t', 1, 3_600_000, { roleSorter: 'random' })]);
    expect(other.items).toEqual(['scenario s vs t', 'settings in master']);
    expect(other.caution).toMatch(/different scenarios/);
  });

  it('cautions about runs made by different clustersim versions (found by fuzzing, session 20: it said nothing)', () => {
    const made = (version: string) => runOrigin({ scenario: { name: 's', seed: 1, untilMs: 1000 }, seed: 1, tool: { name: 'clustersim', version } }, null);
    const d = runDifferences([made('1.0.0'), made('99.0.0')]);
    expect(d.items).toEqual(['clustersim 1.0.0 vs 99.0.0']);
    expect(d.caution).toMatch(/different versions of clustersim/);
    expect(runDifferences([made('1.0.0'), made('1.0.0')]).items).toEqual([]);
  });

  it('says nothing when the runs were made from the same inputs, or when a run has no record', () => {
    expect(runDifferences([origin('s', 1, 1000), origin('s', 1, 1000)]).items).toEqual([]);
    const noManifest = runOrigin(null, { scenario: 's', seed: 1, simulatedMs: 1000 });
    expect(runDifferences([noManifest, origin('s', 1, 2000)]).items).toEqual(['until 1s vs 2s']);
  });
});

describe('comparison note', () => {
  const runs: RunData[] = [
    { run: 'one hour', data: data(), origin: origin('s', 1, 3_600_000) },
    { run: 'three hours', data: data(), origin: origin('s', 1, 3 * 3_600_000) },
  ];

  it('is at the top of compare.md and the HTML comparison', () => {
    const md = comparisonMarkdown(runs);
    expect(md).toContain('Runs differ in: until 1h vs 3h.');
    expect(md.indexOf('Runs differ in')).toBeLessThan(md.indexOf('| metric'));
    const html = comparisonHeadlineHtml(runs);
    expect(html).toContain('Runs differ in: until 1h vs 3h.');
    expect(html.indexOf('run-differences')).toBeLessThan(html.indexOf('<table'));
  });

  it('is absent when nothing differs', () => {
    const same = [runs[0], { ...runs[0], run: 'again' }];
    expect(comparisonMarkdown(same)).not.toContain('differ');
    expect(comparisonHeadlineHtml(same)).not.toContain('run-differences');
  });
});

const root = mkdtempSync(join(tmpdir(), 'cs-compare-diff-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

describe('clustersim compare of runs of different lengths (CLI)', { timeout: 120_000 }, () => {
  it('warns on stderr and notes it in compare.md and compare.html', () => {
    const a = join(root, 'a');
    const b = join(root, 'b');
    expect(cli('run', 'scenarios/drf-paper.yaml', '--out', a, '--no-report', '--no-progress').status).toBe(0);
    expect(cli('run', 'scenarios/drf-paper.yaml', '--out', b, '--no-report', '--no-progress', '--until', '30s', '--seed', '2').status).toBe(0);
    const out = join(root, 'cmp');
    const c = cli('compare', a, b, '--out', out);
    expect(c.status).toBe(0);
    expect(c.stderr).toMatch(/^warning: Runs differ in: until 10s vs 30s; seed 1 vs 2\. .*different lengths/m);
    expect(readFileSync(join(out, 'compare.md'), 'utf8')).toContain('Runs differ in: until 10s vs 30s; seed 1 vs 2.');
    expect(readFileSync(join(out, 'compare.html'), 'utf8')).toContain('Runs differ in: until 10s vs 30s; seed 1 vs 2.');
    // A comparison refused for its output path says only why (the warning came first before).
    const refused = cli('compare', a, b, '--out', out);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^error: .*already exists/);
    expect(refused.stderr).not.toMatch(/Runs differ/);
  });
});

describe('runDifferences: a section only some runs have', () => {
  const spec = (name: string, extra: Record<string, unknown>) => runOrigin({ scenario: { name, seed: 1, untilMs: 1000, master: { roleSorter: 'drf' }, ...extra } }, null);
  const failures = { pingTimeoutMs: 15000, maxPingTimeouts: 5, recoveryTimeoutMs: 600000, models: [{ type: 'rack' }], upgrade: null };

  it('is one difference, not each of its settings against (unset)', () => {
    // before: google-2011-sample drf vs rack_outage listed 8 failures.* defaults, "failures.upgrade (unset) vs null" among them
    const d = runDifferences([spec('g.drf', {}), spec('g.rack_outage', { failures })]);
    expect(d.items).toEqual(['variant drf vs rack_outage', 'failures (unset) vs set (5 settings)']);
    expect(runDifferences([spec('g.rack_outage', { failures }), spec('g.drf', {})]).items[1]).toBe('failures set (5 settings) vs (unset)');
  });

  it('keeps a few settings, and settings the runs that have the section differ in, one by one', () => {
    expect(runDifferences([spec('s.a', {}), spec('s.b', { master: { roleSorter: 'drf', weights: { prod: 3 } } })]).items)
      .toEqual(['variant a vs b', 'master.weights.prod (unset) vs 3']);
    const three = runDifferences([spec('g.a', {}), spec('g.b', { failures }), spec('g.c', { failures: { ...failures, pingTimeoutMs: 5000 } })]);
    expect(three.items).toContain('failures.pingTimeoutMs (unset) vs 15000 vs 5000');
  });
});
