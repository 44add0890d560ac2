/**
 * A metric path in `expect.metrics` that is not in the run's summary: a typo is bad input (a
 * diagnostic at the assertion's file:line:column with a did-you-mean, a JUnit <error>, exit 2), not a
 * failed check (exit 1, which CI reads as a regression); a key the run legitimately lacks (another
 * variant has it; a framework or role of the scenario that measured nothing) still fails as "nothing
 * was measured". The rule: src/experiment/unknown-metric.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAssertion } from '../../src/experiment/assertions.ts';
import { judgeUnknownMetric, type MetricContext } from '../../src/experiment/unknown-metric.ts';
import { parseAssertion, type Assertion } from '../../src/scenario/metric-assertion.ts';
import { cli, FIXTURES, parseXml, tempDir } from './helpers.ts';

const SCENARIO = join(FIXTURES, 'drf-assert.yaml');
const A = (s: string) => parseAssertion(s) as Assertion;

describe('judging a metric a run does not have', () => {
  const text = 'name: x\nexpect:\n  metrics:\n    - "tasks.finished >= 1"\n    - "waitMs.p59 <= 1s"\n';
  const base = { tasks: { finished: 3 }, waitMs: { p50: 0, p95: 10, p99: 20, byFramework: { web: { p95: 10 } } }, frameworks: { web: {} }, roles: { web: {} } };
  const ctx = (summaries: [string, unknown][], names: string[] = ['web', 'batch']): MetricContext =>
    ({ file: 's.yaml', text, summaries: new Map(summaries), names: new Set(names) });
  const judge = (s: string, c: MetricContext, variant = '') => {
    const a = A(s);
    return judgeUnknownMetric(a, evaluateAssertion(a, c.summaries, variant), c);
  };

  it('a typo is invalid, at the assertion (line, column of the metric), with the close keys', () => {
    const v = judge('waitMs.p59 <= 1s', ctx([['', base]]));
    expect(v).toMatchObject({ kind: 'invalid', diagnostic: { code: 'CS8004', file: 's.yaml', line: 5, column: 8 } });
    expect(v!.kind === 'invalid' && v!.diagnostic.message).toBe('unknown metric in "waitMs.p59 <= 1s": no metric "waitMs.p59" in summary.json: '
      + 'waitMs has keys byFramework, p50, p95, p99; did you mean waitMs.p50 or waitMs.p99 or waitMs.p95?');
    expect(judge('tasks.lanched == 5', ctx([['', base]]))).toMatchObject({ kind: 'invalid' });
    expect(judge('nosuch.thing > 0', ctx([['', base]]))).toMatchObject({ kind: 'invalid' });
  });

  it('a section instead of a number is invalid', () => {
    const v = judge('waitMs.byFramework.web <= 1s', ctx([['', base]]));
    expect(v!.kind === 'invalid' && v!.diagnostic.message).toMatch(/"waitMs\.byFramework\.web" is not a number \(it is a section with keys p95\)/);
  });

  it('a framework or role the scenario declares that measured nothing is absent (a failed check), a misspelt one is invalid', () => {
    expect(judge('waitMs.byFramework.batch.p95 <= 1s', ctx([['', base]]))).toEqual({ kind: 'absent',
      detail: 'waitMs.byFramework.batch.p95: no value, waitMs.byFramework has nothing for "batch" in this run (a framework or role of this scenario): nothing was measured' });
    const typo = judge('waitMs.byFramework.bacth.p95 <= 1s', ctx([['', base]]));
    expect(typo!.kind === 'invalid' && typo!.diagnostic.message).toMatch(/did you mean "batch"\?\)$/);
  });

  it('a path another run of the file has is absent in this one (a section only some variants produce)', () => {
    const withQuota = { ...base, quota: { web: { guarantee: { cpus: 2 } } } };
    const c = ctx([['none', base], ['quota', withQuota]]);
    expect(judge('quota.web.guarantee.cpus == 2', c, 'none')).toEqual({ kind: 'absent',
      detail: 'quota.web.guarantee.cpus: no value, not in this run\'s summary (@quota has it): nothing was measured' });
    expect(judge('quota.web.guarantee.cpus == 2', c, 'quota')).toBeNull(); // found: nothing to judge
  });

  it('an assertion from --set is not in the file: the diagnostic names the file without a position', () => {
    const v = judge('tasks.lanched == 5', ctx([['', base]]));
    expect(v!.kind === 'invalid' && v!.diagnostic).toMatchObject({ message: expect.stringMatching(/^s\.yaml: expect\.metrics \(--set\): unknown metric/) });
    expect(v!.kind === 'invalid' && v!.diagnostic.line).toBeUndefined();
  });
});

describe('clustersim check with a mistyped metric path', () => {
  it('exit 2, diagnostic at file:line:column with did-you-mean, JUnit <error> not <failure>', () => {
    const dir = tempDir();
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, readFileSync(SCENARIO, 'utf8').replace('"tasks.launched == 5"', '"tasks.lanched == 5"').replace('"waitMs.p95 <= 1s"', '"waitMs.p59 <= 1s"'));
    const junit = join(dir, 'junit.xml');
    const r = cli(['check', file, '--junit', junit]);
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain(`${file}:20:8: error CS8004 unknown metric in "tasks.lanched == 5": no metric "tasks.lanched" in summary.json: `
      + 'tasks has keys failed, finished, launched, running, waitingAtEnd; did you mean tasks.launched? (at expect.metrics.0)\n');
    expect(r.stderr).toContain(`${file}:23:8: error CS8004 unknown metric in "waitMs.p59 <= 1s"`);
    expect(r.stdout).toContain('  ERROR   drf-assert — expect: tasks.lanched == 5\n          unknown metric\n');
    expect(r.stdout).toContain('5 checks: 3 passed, 0 failed, 2 errors\n');
    const root = parseXml(readFileSync(junit, 'utf8'));
    expect(root.attrs).toMatchObject({ tests: '5', failures: '0', errors: '2' });
    const bad = root.children[0].children.filter((c) => c.children.length > 0);
    expect(bad.map((c) => [c.attrs.name, c.children[0].name])).toEqual([['expect: tasks.lanched == 5', 'error'], ['expect: waitMs.p59 <= 1s', 'error']]);
    expect(bad[0].children[0].attrs.message).toMatch(/^unknown metric: .*typo\.yaml:20:8: error CS8004 .*did you mean tasks\.launched\?/);
  });

  it('a declared framework that launched nothing: the check fails (exit 1), saying nothing was measured', () => {
    const dir = tempDir();
    const file = join(dir, 'idle.yaml');
    writeFileSync(file, readFileSync(SCENARIO, 'utf8')
      .replace('agents:\n', '  - { id: C, role: c, scheduler: { type: scripted, onOffer: hold } }\nagents:\n')
      .replace('"waitMs.p95 <= 1s"', '"waitMs.byFramework.C.p95 <= 1s"'));
    const r = cli(['check', file]);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('FAIL    drf-assert — expect: waitMs.byFramework.C.p95 <= 1s\n'
      + '          waitMs.byFramework.C.p95: no value, waitMs.byFramework has nothing for "C" in this run (a framework or role of this scenario): nothing was measured\n');
    expect(r.stderr).not.toContain('CS8004');
  });
});
