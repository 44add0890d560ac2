/**
 * `check --golden` bands (session 10). Until then `--tolerance` applied to fractional numbers only:
 * integers — counts and whole-ms durations alike — compared exactly, so no band could cover a wait
 * percentile or the makespan, which is what a CI user bands (session 9 only added a hint saying so).
 * Now durations (metric-kind.ts) take `--tolerance` like fractional numbers, counts stay exact unless
 * `--tolerance-counts` or a `--tolerance-path` covers them, and the diff says which band applied.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioFile } from '../../src/experiment/check.ts';
import { compareWithGolden, formatGoldenDiff, goldenTolerances, parsePathTolerance, parseTolerance, pathMatches, type Tolerance } from '../../src/experiment/golden.ts';
import { metricKind } from '../../src/experiment/metric-kind.ts';
import { cli, FIXTURES, parseXml, tempDir } from './helpers.ts';

const T = (s: string) => parseTolerance(s) as Tolerance;

describe('metric kinds', () => {
  it.each([
    ['waitMs.p95', 'duration'], ['makespanMs', 'duration'], ['jobs.completionMs.p99', 'duration'],
    ['waitMs.byFramework.web.mean', 'duration'], ['sharingIncentive.byRole.a.belowFairShareMs', 'duration'],
    ['tasks.launched', 'count'], ['offers.made', 'count'], ['events', 'count'], ['waitMs.count', 'count'],
    ['oversubscription.timeToReclaimMs.count', 'count'],
    ['roles.a.max.cpus', 'quantity'], ['roles.a.mean.cpus', 'quantity'], ['cluster.meanAllocated.cpus', 'quantity'],
    ['fairness.jainMean', 'quantity'], ['oversubscription.revocations.taskSecondsLost', 'quantity'],
  ])('%s (integers on both sides) is a %s', (path, kind) => {
    expect(metricKind(path.split('.'), 100, 120)).toBe(kind);
  });
  it('an undeclared integer metric (a plugin\'s) is a count, a fractional one a quantity', () => {
    // calls.throttled, the example until session 11, is declared a count now (src/metrics/summary-kinds.ts)
    expect(metricKind(['myPlugin', 'retries'], 4522, 4523)).toBe('count');
    expect(metricKind(['myPlugin', 'retries'], 4522, 4522.5)).toBe('quantity');
    expect(metricKind(['calls', 'throttled'], 4522, 4522.5)).toBe('count');
  });
});

describe('golden bands', () => {
  const golden = { waitMs: { p95: 100_000, count: 50 }, makespanMs: 3_600_000, tasks: { launched: 50 }, roles: { a: { max: { cpus: 10 } } }, share: 0.5 };
  const actual = { waitMs: { p95: 118_000, count: 50 }, makespanMs: 3_700_000, tasks: { launched: 51 }, roles: { a: { max: { cpus: 11 } } }, share: 0.5 };
  const failing = (t: Parameters<typeof compareWithGolden>[2]) => compareWithGolden(golden, actual, t).filter((d) => d.regression).map((d) => d.path);

  it('by default everything that moved fails (durations exact, as before)', () => {
    expect(failing(goldenTolerances())).toEqual(['makespanMs', 'roles.a.max.cpus', 'tasks.launched', 'waitMs.p95']);
  });
  it('--tolerance covers durations and whole quantities, not counts', () => {
    const d = compareWithGolden(golden, actual, goldenTolerances({ tolerance: T('rel=0.2') }));
    expect(d.filter((x) => x.regression).map((x) => x.path)).toEqual(['tasks.launched']);
    expect(d.filter((x) => x.kind === 'within').map((x) => x.path)).toEqual(['makespanMs', 'roles.a.max.cpus', 'waitMs.p95']);
    expect(formatGoldenDiff(d)).toEqual([
      '  ≈ makespanMs: 3600000 → 3700000 (+100000, +2.78%; within ±720000 ms (--tolerance))',
      '  ≈ roles.a.max.cpus: 10 → 11 (+1, +10.00%; within ±2 (--tolerance))',
      '  ~ tasks.launched: 50 → 51 (+1, +2.00%; a count: exact)',
      '  ≈ waitMs.p95: 100000 → 118000 (+18000, +18.00%; within ±20000 ms (--tolerance))',
    ]);
    // a narrower band: the wait p95 fails and says by how much it was allowed to move
    const narrow = compareWithGolden(golden, actual, goldenTolerances({ tolerance: T('0.1') }));
    expect(formatGoldenDiff(narrow.filter((x) => x.path === 'waitMs.p95'))).toEqual(['  ~ waitMs.p95: 100000 → 118000 (+18000, +18.00%; outside ±10000 ms (--tolerance))']);
    // a plain Tolerance (the programmatic form) means the same
    expect(failing(T('rel=0.2'))).toEqual(['tasks.launched']);
  });
  it('--tolerance-counts opts counts in; --tolerance-path sets chosen metrics, first match wins', () => {
    expect(failing(goldenTolerances({ tolerance: T('rel=0.2'), counts: T('abs=1') }))).toEqual([]);
    const paths = [parsePathTolerance('waitMs.p95=rel=0.1'), parsePathTolerance('waitMs=rel=0.5'), parsePathTolerance('tasks.*=abs=1')];
    if (paths.some((p) => typeof p === 'string')) throw new Error(String(paths));
    const d = compareWithGolden(golden, actual, goldenTolerances({ paths: paths as never }));
    expect(d.filter((x) => x.regression).map((x) => x.path)).toEqual(['makespanMs', 'roles.a.max.cpus', 'waitMs.p95']);
    expect(formatGoldenDiff(d.filter((x) => x.path === 'tasks.launched'))).toEqual(['  ≈ tasks.launched: 50 → 51 (+1, +2.00%; within ±1 (--tolerance-path tasks.*))']);
  });
  it('an abs given as a duration bands durations only: a share or a whole quantity keeps its own band', () => {
    // Before, abs=30s let every quantity move by 30000 (a dominant share 0.1 → 0.67 passed).
    const share = { ...golden, share: 0.1 }, moved = { ...actual, share: 0.67 };
    const d = compareWithGolden(share, moved, goldenTolerances({ tolerance: T('rel=0.05,abs=30s') }));
    expect(d.filter((x) => x.regression).map((x) => x.path)).toEqual(['roles.a.max.cpus', 'share', 'tasks.launched']);
    expect(d.find((x) => x.path === 'waitMs.p95')!.kind).toBe('within'); // 18 s inside ±30 s
    const path = parsePathTolerance('**=abs=30s');
    if (typeof path === 'string') throw new Error(path);
    expect(compareWithGolden(share, moved, goldenTolerances({ paths: [path] })).filter((x) => x.regression).map((x) => x.path)).toEqual(['makespanMs', 'roles.a.max.cpus', 'share', 'tasks.launched']);
    // a plain number stays a band for everything it covers
    expect(compareWithGolden(share, moved, goldenTolerances({ tolerance: T('abs=30000') })).filter((x) => x.regression).map((x) => x.path)).toEqual(['makespanMs', 'tasks.launched']);
  });
  it('a list that grows is a regression, as one that shrinks is; a new section is a new metric', () => {
    const g = { sharingIncentive: { rolesViolating: ['a'] }, tasks: { launched: 3 } };
    const a = { sharingIncentive: { rolesViolating: ['a', 'b'] }, tasks: { launched: 3, lost: 0 } };
    const d = compareWithGolden(g, a);
    expect(d.map((x) => [x.path, x.regression])).toEqual([['sharingIncentive.rolesViolating.1', true], ['tasks.lost', false]]);
    expect(formatGoldenDiff(d)).toEqual([
      '  + sharingIncentive.rolesViolating.1: "b" (a new entry of a list in golden)',
      '  + tasks.lost: 0 (new metric, not in golden)',
    ]);
    expect(compareWithGolden(a, g).filter((x) => x.regression).map((x) => x.path)).toEqual(['sharingIncentive.rolesViolating.1', 'tasks.lost']);
  });
  it('parses bands and path patterns', () => {
    expect(parseTolerance('abs=30s')).toEqual({ rel: 1e-9, abs: 30_000, absIsDuration: true });
    expect(parseTolerance('rel=0.1,abs=2')).toEqual({ rel: 0.1, abs: 2 });
    expect(parseTolerance('rel=x', '--tolerance-counts')).toBe('--tolerance-counts expects a number or rel=<x>,abs=<y>, got "rel=x"');
    expect(parsePathTolerance('waitMs.p95')).toMatch(/expects <metric path>=<tolerance>/);
    expect(parsePathTolerance('rel=0.1')).toMatch(/expects <metric path>=<tolerance>/);
    expect(parsePathTolerance('waitMs..p95=0.1')).toMatch(/bad metric path pattern/);
    expect(parsePathTolerance('waitMs.p95=rel=x')).toMatch(/--tolerance-path expects .* after "waitMs\.p95="/);
    expect(pathMatches('waitMs', 'waitMs.byFramework.web.p95')).toBe(true);
    expect(pathMatches('waitMs.*', 'waitMs.byFramework.web.p95')).toBe(true); // the section waitMs.byFramework
    expect(pathMatches('waitMs.p9*', 'waitMs.p95')).toBe(true);
    expect(pathMatches('waitMs.p9*', 'waitMs.p50')).toBe(false);
    expect(pathMatches('**.p95', 'jobs.completionMs.p95')).toBe(true);
    expect(pathMatches('wait', 'waitMs.p95')).toBe(false);
  });
});

describe('check --golden with bands', () => {
  function recorded() {
    const dir = tempDir();
    const golden = join(dir, 'golden');
    mkdirSync(golden);
    return { dir, golden };
  }
  async function edited(golden: string, edit: (s: any) => void) { // eslint-disable-line @typescript-eslint/no-explicit-any
    const file = join(FIXTURES, 'drf-assert.yaml');
    const g = (await checkScenarioFile(file, { goldenDir: golden, update: true })).cases.find((c) => c.name === 'golden')!;
    const path = g.message.replace(/^wrote /, '');
    const summary = JSON.parse(readFileSync(path, 'utf8'));
    edit(summary);
    writeFileSync(path, JSON.stringify(summary));
    return file;
  }

  it('says that counts compare exactly when a loosened tolerance did not cover them', async () => {
    const { golden } = recorded();
    const file = await edited(golden, (s) => {
      s.tasks.launched += 1;                         // a count: exact under --tolerance
      s.roles.a.mean.dominantShare *= 1.1;           // a fraction: inside a 50% band
      s.waitMs.p95 = 1000;                           // a duration (0 ms in the run): inside abs=1s
    });
    const loose = (await checkScenarioFile(file, { goldenDir: golden, tolerance: { rel: 0.5, abs: 1000 } })).cases.find((c) => c.name === 'golden')!;
    expect(loose.status).toBe('fail');
    expect(loose.message).toMatch(/^1 metric differs from /);
    expect(loose.details.filter((d) => d.startsWith('  ~'))).toEqual(['  ~ tasks.launched: 6 → 5 (-1, -16.67%; a count: exact)']);
    expect(loose.details.at(-1)).toBe('  (1 of these is a count: counts (tasks, offers, events) must match exactly under --tolerance; loosen them with --tolerance-counts T, or one metric with --tolerance-path PATH=T)');
    // counts opted in: passes, and says what moved inside the bands
    const opted = (await checkScenarioFile(file, { goldenDir: golden, tolerance: { rel: 0.5, abs: 1000 }, toleranceCounts: { rel: 0.2, abs: 0 } })).cases.find((c) => c.name === 'golden')!;
    expect(opted.status).toBe('pass');
    expect(opted.note).toBe('3 metrics moved within the tolerance: roles.a.mean.dominantShare -9.09%, tasks.launched -16.7%, waitMs.p95 -100%');
    // the default tolerance: all three fail, no hint
    const strict = (await checkScenarioFile(file, { goldenDir: golden })).cases.find((c) => c.name === 'golden')!;
    expect(strict.message).toMatch(/^3 metrics differ/);
    expect(strict.details.some((d) => d.includes('--tolerance'))).toBe(false);
  });

  it('CLI: flags reach the comparison (also through --workers), JUnit carries the drift, misuse is exit 2', async () => {
    const { dir, golden } = recorded();
    const file = await edited(golden, (s) => { s.waitMs.p95 = 800; s.offers.made += 2; });
    const other = join(FIXTURES, 'small-batch.yaml');
    expect(cli(['check', other, '--golden', golden, '--update']).status).toBe(0);
    const junit = join(dir, 'j.xml');
    const ok = cli(['check', file, other, '--workers', '2', '--golden', golden, '--junit', junit, '--tolerance', 'abs=1s', '--tolerance-path', 'offers.made=rel=0.2']);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/PASS +drf-assert — golden \(2 metrics moved within the tolerance: offers\.made -15\.4%, waitMs\.p95 -100%\)/);
    expect(ok.stdout).toContain('≈ offers.made: 13 → 11 (-2, -15.38%; within ±2.6 (--tolerance-path offers.made))');
    const cases = parseXml(readFileSync(junit, 'utf8')).children.flatMap((s) => s.children);
    const g = cases.find((c) => c.attrs.classname === 'drf-assert' && c.attrs.name === 'golden')!;
    expect(g.children[0].name).toBe('system-out');
    expect(g.children[0].text).toContain('≈ waitMs.p95: 800 → 0 (-800, -100.00%; within ±1000 ms (--tolerance))');
    const bad = cli(['check', file, '--golden', golden, '--tolerance', 'abs=1s']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('~ offers.made: 13 → 11 (-2, -15.38%; a count: exact)');
    expect(bad.stdout).toContain('(1 of these is a count:');
    const counts = cli(['check', file, '--golden', golden, '--tolerance', 'abs=1s', '--tolerance-counts', '0.2']);
    expect(counts.status, counts.stdout).toBe(0);
    expect(cli(['check', file, '--tolerance-counts', '0.2']).stderr).toMatch(/give --golden DIR/);
    expect(cli(['check', file, '--tolerance-counts', '0.2']).status).toBe(2);
    const typo = cli(['check', file, '--golden', golden, '--tolerance-path', 'offers.made:0.2']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/^error: --tolerance-path expects <metric path>=<tolerance>/);
  });
});
