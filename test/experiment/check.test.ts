import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAssertion } from '../../src/experiment/assertions.ts';
import { formatCheck, type CheckCase } from '../../src/experiment/check.ts';
import { compareWithGolden, parseTolerance } from '../../src/experiment/golden.ts';
import { junitXml } from '../../src/experiment/junit.ts';
import { parseAssertion, type Assertion } from '../../src/scenario/metric-assertion.ts';
import { cli, FIXTURES, parseXml, tempDir } from './helpers.ts';

const A = (s: string) => parseAssertion(s) as Assertion;
const SCENARIO = join(FIXTURES, 'drf-assert.yaml');

describe('metric assertions', () => {
  const summary = { tasks: { finished: 7 }, waitMs: { p95: 45_000 }, roles: { a: { mean: { dominantShare: 0.66 } } }, gone: null };
  const runs = new Map<string, unknown>([['', summary]]);
  it.each([
    ['tasks.finished >= 7', true], ['tasks.finished > 7', false], ['tasks.finished == 7', true], ['tasks.finished != 7', false],
    ['wait.p95 <= 60s', true], ['waitMs.p95 < 45s', false], ['roles.a.mean.dominantShare ~= 0.667 ± 0.01', true],
    ['roles.a.mean.dominantShare ~= 0.7 +- 1%', false], ['10 <= tasks.finished', false], ['gone >= 0', false],
  ])('%s → %s', (text, want) => {
    expect(evaluateAssertion(A(text), runs, '').pass).toBe(want);
  });

  it('says durations in a human unit too (they are compared in ms); counts and shares stay plain', () => {
    const s = new Map<string, unknown>([['', { waitMs: { p95: 317_396, count: 12, byFramework: { f: { p50: 0 } } }, failures: { upgrade: { fleetMs: 5_400_000 } }, tasks: { finished: 7 } }]]);
    expect(evaluateAssertion(A('wait.p95 <= 5m'), s, '').detail).toBe('wait.p95 = 317396 (5.29 min); expected wait.p95 <= 300000 (5 min)');
    expect(evaluateAssertion(A('failures.upgrade.fleetMs < 1h'), s, '').detail).toBe('failures.upgrade.fleetMs = 5400000 (1.5 h); expected failures.upgrade.fleetMs < 3600000 (1 h)');
    expect(evaluateAssertion(A('waitMs.byFramework.f.p50 <= waitMs.p95'), s, '').detail).toMatch(/^waitMs\.byFramework\.f\.p50 = 0 \(0 ms\), waitMs\.p95 = 317396 \(5\.29 min\);/);
    expect(evaluateAssertion(A('waitMs.count >= 20'), s, '').detail).toBe('waitMs.count = 12; expected waitMs.count >= 20');
    expect(evaluateAssertion(A('tasks.finished >= 10'), s, '').detail).toBe('tasks.finished = 7; expected tasks.finished >= 10');
  });

  it('compares two runs by @variant and explains unknown variants and paths', () => {
    const two = new Map<string, unknown>([['static', { waitMs: { p95: 90 } }], ['shared', { waitMs: { p95: 30 } }]]);
    expect(evaluateAssertion(A('@shared.waitMs.p95 < @static.waitMs.p95'), two, 'shared').pass).toBe(true);
    expect(evaluateAssertion(A('@shared.waitMs.p95 < @nope.waitMs.p95'), two, 'shared').detail).toMatch(/unknown variant "@nope".*@static, @shared/);
    expect(evaluateAssertion(A('waitMs.p96 < 1'), two, 'shared').detail).toMatch(/waitMs has keys p95/);
  });

  it('rejects malformed assertions with a message', () => {
    expect(parseAssertion('tasks.finished')).toMatch(/no comparison/);
    expect(parseAssertion('a ~= 1')).toMatch(/needs a tolerance/);
    expect(parseAssertion('a >= 1 ± 2')).toMatch(/only goes with "~="/);
    expect(parseAssertion('1 < 2')).toMatch(/two constants/);
  });
});

describe('golden comparison', () => {
  it('counts exact, floats within the relative tolerance, missing metrics regress, new ones do not', () => {
    const golden = { tasks: { launched: 5 }, share: 0.5, gone: 1, name: 'x' };
    const tol = parseTolerance('rel=1e-3,abs=0');
    if (typeof tol === 'string') throw new Error(tol);
    const d = compareWithGolden(golden, { tasks: { launched: 6 }, share: 0.50001, extra: 2, name: 'x' }, tol);
    expect(d.map((x) => [x.path, x.kind, x.regression])).toEqual([
      ['extra', 'added', false], ['gone', 'missing', true], ['share', 'within', false], ['tasks.launched', 'changed', true],
    ]); // share moved inside the loosened band: reported, not a regression
    expect(compareWithGolden(golden, { ...golden, share: 0.51 }, tol).map((x) => x.path)).toEqual(['share']);
    expect(parseTolerance('bogus')).toMatch(/--tolerance expects/);
  });
});

describe('clustersim check (CLI)', () => {
  it('passes (exit 0) when every assertion and the expected offers hold', () => {
    const r = cli(['check', SCENARIO]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS +drf-assert — expect: roles\.a\.end\.dominantShare ~= 0\.667 ± 0\.001/);
    expect(r.stdout).toMatch(/5 checks: 5 passed, 0 failed, 0 errors/);
  });

  it('fails (exit 1) on a broken assertion, saying what was measured', () => {
    const r = cli(['check', SCENARIO, '--set', 'expect.metrics=["tasks.launched >= 6"]']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL +drf-assert — expect: tasks\.launched >= 6\n +tasks\.launched = 5; expected tasks\.launched >= 6/);
  });

  it('exits 2 with file:line:column for an unreadable assertion', () => {
    const r = cli(['check', SCENARIO, '--set', 'expect.metrics=["tasks.launched >> 6"]']);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/drf-assert\.yaml:\d+:\d+: error CS1002 bad metric path/);
  });

  it('records goldens with --update, passes against them, and fails with a readable diff on a regression', () => {
    const dir = tempDir();
    expect(cli(['check', SCENARIO, '--golden', dir]).status).toBe(1); // no golden yet
    const up = cli(['check', SCENARIO, '--golden', dir, '--update']);
    expect(up.status, up.stdout + up.stderr).toBe(0);
    const file = join(dir, 'drf-assert.summary.json');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).tasks.launched).toBe(5);
    expect(cli(['check', SCENARIO, '--golden', dir]).status).toBe(0);
    // A regression: the run is longer than the golden one.
    const junit = join(dir, 'junit.xml');
    const r = cli(['check', SCENARIO, '--golden', dir, '--set', 'until=12s', '--junit', junit]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/~ offers\.made: 11 → 13 \(\+2, \+18\.18%\)/);
    expect(r.stdout).toMatch(/~ simulatedMs: 10000 → 12000/);
    // JUnit shape: testsuites > testsuite > testcase (> failure), counts consistent.
    const root = parseXml(readFileSync(junit, 'utf8'));
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '6', failures: '1', errors: '0' });
    const [suite] = root.children;
    expect(suite.name).toBe('testsuite');
    expect(suite.attrs).toMatchObject({ name: SCENARIO, tests: '6', failures: '1' });
    expect(suite.children.every((c) => c.name === 'testcase' && c.attrs.classname === 'drf-assert' && c.attrs.name)).toBe(true);
    const failed = suite.children.filter((c) => c.children.length > 0);
    expect(failed.map((c) => c.attrs.name)).toEqual(['golden']);
    expect(failed[0].children[0].name).toBe('failure');
    expect(failed[0].children[0].attrs.message).toMatch(/metrics differ/);
    expect(failed[0].children[0].text).toMatch(/offers\.made: 11 → 13/);
    // A golden edited by hand to a different float fails within the default tolerance.
    const g = JSON.parse(readFileSync(file, 'utf8'));
    g.roles.a.mean.dominantShare = 0.5333334;
    writeFileSync(file, JSON.stringify(g));
    expect(cli(['check', SCENARIO, '--golden', dir]).status).toBe(1);
    expect(cli(['check', SCENARIO, '--golden', dir, '--tolerance', '1e-6']).status).toBe(0);
  });

  it('escapes XML and marks load problems as errors', () => {
    const xml = junitXml('s', [{ name: 'a<b', cases: [{ classname: 'c"', name: 'x & y', error: { message: '<bad>', details: 'line\u0001' } }] }]);
    const root = parseXml(xml);
    expect(root.attrs.errors).toBe('1');
    expect(root.children[0].attrs.name).toBe('a<b');
    expect(root.children[0].children[0].children[0].name).toBe('error');
    expect(root.children[0].children[0].children[0].attrs.message).toBe('<bad>');
  });

  it('totals line says 1 check / 1 error in the singular (it read "1 checks … 1 errors")', () => {
    const c = (status: CheckCase['status']): CheckCase => ({ run: 'r', name: 'n', status, message: 'm', details: [] });
    const total = (...s: CheckCase['status'][]) => formatCheck([{ file: 'f', diagnostics: [], cases: s.map(c) }]).at(-1);
    expect(total('error')).toBe('1 check: 0 passed, 0 failed, 1 error');
    expect(total('pass', 'error', 'error')).toBe('3 checks: 1 passed, 0 failed, 2 errors');
    expect(total()).toBe('0 checks: 0 passed, 0 failed, 0 errors');
    expect(total('updated')).toBe('1 check: 0 passed, 0 failed, 0 errors, 1 golden updated');
    expect(total('updated', 'updated')).toBe('2 checks: 0 passed, 0 failed, 0 errors, 2 goldens updated');
  });
});
