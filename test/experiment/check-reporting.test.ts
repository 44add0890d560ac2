/**
 * What `clustersim check` tells a CI pipeline: new metrics on a passing golden check, the golden
 * diff's wording and precision, JUnit attributes CI UIs show, and unknown `@variant` names as
 * scenario diagnostics (file:line:column, exit 2, before anything is simulated).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatGoldenDiff, percent } from '../../src/experiment/golden.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { cli, FIXTURES, parseXml, tempDir } from './helpers.ts';

const SCENARIO = join(FIXTURES, 'drf-assert.yaml');

describe('golden diff wording', () => {
  it('shows a small relative change with significant digits, never +0.00%', () => {
    expect(formatGoldenDiff([{ path: 'fairness.jainMean', kind: 'changed', golden: 0.9403, actual: 0.940307692, regression: true }]))
      .toEqual(['  ~ fairness.jainMean: 0.9403 → 0.940307692 (+0.000007692, +0.00082%)']);
    expect(formatGoldenDiff([{ path: 'x', kind: 'changed', golden: 11, actual: 13, regression: true }])).toEqual(['  ~ x: 11 → 13 (+2, +18.18%)']);
    expect(percent(-3e-9)).toBe('-3e-9');
    expect(percent(0.05)).toBe('0.05');
  });
});

describe('clustersim check: golden notes', () => {
  it('a passing golden check lists the new metrics (stdout and JUnit system-out); one changed metric "differs"', () => {
    const dir = tempDir();
    expect(cli(['check', SCENARIO, '--golden', dir, '--update']).status).toBe(0);
    const file = join(dir, 'drf-assert.summary.json');
    const recorded = readFileSync(file, 'utf8');
    const g = JSON.parse(recorded);
    const gone = [g.fairness.jainMean, g.tasks.launched];
    delete g.fairness.jainMean;
    delete g.tasks.launched;
    writeFileSync(file, JSON.stringify(g));
    const junit = join(dir, 'junit.xml');
    const r = cli(['check', SCENARIO, '--golden', dir, '--junit', junit]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('  PASS    drf-assert — golden (2 new metrics not in the golden file: fairness.jainMean, tasks.launched)\n'
      + `          + fairness.jainMean: ${gone[0]} (new metric, not in golden)\n`
      + `          + tasks.launched: ${gone[1]} (new metric, not in golden)\n`);
    expect(r.stdout).toMatch(/\d+ checks: (\d+) passed, 0 failed, 0 errors/);
    const cases = parseXml(readFileSync(junit, 'utf8')).children[0].children;
    const golden = cases.find((c) => c.attrs.name === 'golden')!;
    expect(golden.children.map((c) => c.name)).toEqual(['system-out']);
    expect(golden.children[0].text.split('\n')).toEqual([
      '2 new metrics not in the golden file: fairness.jainMean, tasks.launched',
      `  + fairness.jainMean: ${gone[0]} (new metric, not in golden)`,
      `  + tasks.launched: ${gone[1]} (new metric, not in golden)`,
    ]);
    // no note on the other passing cases
    expect(cases.filter((c) => c.attrs.name !== 'golden').every((c) => c.children.length === 0)).toBe(true);

    // more than three: the first three and how many more
    const g4 = JSON.parse(recorded);
    delete g4.offers;
    writeFileSync(file, JSON.stringify(g4));
    const more = cli(['check', SCENARIO, '--golden', dir]);
    expect(more.status).toBe(0);
    const n = Object.keys(JSON.parse(recorded).offers).length;
    expect(n).toBeGreaterThan(3);
    expect(more.stdout).toMatch(new RegExp(`PASS +drf-assert — golden \\(${n} new metrics not in the golden file: offers\\.\\w+, offers\\.\\w+, offers\\.\\w+, … \\(${n - 3} more\\)\\)\\n`));

    // one changed metric: "1 metric differs"
    const g1 = JSON.parse(recorded);
    g1.tasks.launched += 1;
    writeFileSync(file, JSON.stringify(g1));
    const one = cli(['check', SCENARIO, '--golden', dir]);
    expect(one.status).toBe(1);
    expect(one.stdout).toContain(`          1 metric differs from ${file}\n`);
  });
});

describe('clustersim check: JUnit errors', () => {
  it('puts the first diagnostic (file:line:column) in the <error message> attribute, all of them in the body', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(SCENARIO, 'utf8').replace('until: 10s', 'until: 10 parsecs').replace('cpus:9;mem:18GiB', 'cpus:9;mem:18XB'));
    const junit = join(dir, 'junit.xml');
    const r = cli(['check', bad, '--junit', junit]);
    expect(r.status).toBe(2);
    const [testcase] = parseXml(readFileSync(junit, 'utf8')).children[0].children;
    const error = testcase.children[0];
    expect(error.name).toBe('error');
    // Diagnostics come in file order (docs/scenarios.md): the duration on line 4 before the unit on line 13.
    expect(error.attrs.message).toMatch(new RegExp(`^invalid scenario: ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:8: error CS1004 cannot read duration "10 parsecs".* \\(and 1 more\\)$`));
    const body = error.text.split('\n');
    expect(body[0]).toBe('invalid scenario');
    expect(body.slice(1).map((l) => l.split(': error')[0])).toEqual([`${bad}:4:8`, `${bad}:13:30`]);
  });
});

describe('a problem in a variant\'s override', () => {
  it('validate reports it (it said ok) at the override\'s line, as check does (check pointed at name:)', () => {
    const file = join(tempDir(), 'variant-typo.yaml');
    writeFileSync(file, [
      'name: v', 'until: 10s', // 1-2
      'agents: [{ id: a1, resources: "cpus:4;mem:4GiB" }]', // 3
      'variants:', '  good: {}', '  typo:', '    master.alocationInterval: 2s', '  badval:', '    master.allocationInterval: 5parsecs', '',
    ].join('\n'));
    const v = cli(['validate', file]);
    expect(v.status).toBe(2);
    expect(v.stdout).toBe('');
    expect(v.stderr.trim().split('\n')).toEqual([
      `${file}:7:5: error CS1003 variant "typo": unknown field "alocationInterval" (check the spelling; see scenarios/scenario.schema.json) (at master.alocationInterval)`,
      expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:9:5: error CS1004 variant "badval": cannot read duration "5parsecs"`)),
    ]);
    const c = cli(['check', file]);
    expect(c.status).toBe(2);
    expect(c.stdout).toContain(`${file}:7:5: error CS1003 variant "typo"`);
    expect(c.stdout).toContain(`${file}:9:5: error CS1004 variant "badval"`);
  });
});

describe('unknown @variant in expect.metrics', () => {
  const withVariants = [
    'name: v', 'until: 10s',
    'agents: [{ id: a1, resources: "cpus:4;mem:4GiB" }]',
    'variants:', '  shared: {}', '  static: {}',
    'expect:', '  metrics:',
    '    - "@shared.tasks.launched >= 0"',
    '    - "tasks.launched <= @statc.tasks.launched"',
    '',
  ].join('\n');

  it('is a diagnostic at the @name (file:line:column), with a suggestion', () => {
    const r = loadScenarioText('v.yaml', withVariants);
    expect(r.spec).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([[
      'CS8003', 10, 26,
      'unknown variant "@statc" in "tasks.launched <= @statc.tasks.launched" (this scenario has @shared, @static; did you mean @static?)',
    ]]);
    expect(loadScenarioText('v.yaml', withVariants.replace('@statc', '@static')).diagnostics).toEqual([]);
  });

  it('validate and check exit 2 with file:line:column before simulating (a file without variants too)', () => {
    const dir = tempDir();
    const typo = join(dir, 'typo.yaml');
    writeFileSync(typo, withVariants);
    const plain = join(dir, 'plain.yaml');
    writeFileSync(plain, readFileSync(SCENARIO, 'utf8').replace('- "tasks.launched == 5"', '- "@nosuch.tasks.launched == 5"'));
    const v = cli(['validate', typo, plain]);
    expect(v.status).toBe(2);
    expect(v.stdout).toBe('');
    expect(v.stderr).toContain(`${typo}:10:26: error CS8003 unknown variant "@statc"`);
    expect(v.stderr).toContain(`${plain}:20:8: error CS8003 unknown variant "@nosuch" in "@nosuch.tasks.launched == 5" (this scenario has no variants;`);
    const c = cli(['check', typo]);
    expect(c.status).toBe(2);
    expect(c.stdout).toBe(`${typo}\n  ERROR   ${typo} — load\n          invalid scenario\n`
      + `        ${typo}:10:26: error CS8003 unknown variant "@statc" in "tasks.launched <= @statc.tasks.launched" (this scenario has @shared, @static; did you mean @static?) (at expect.metrics.1)\n`
      + '1 check: 0 passed, 0 failed, 1 error\n');
  });
});
