/**
 * Reports of real runs: the DRF paper scenario's report shows both dominant shares at 2/3, the same
 * run gives the same bytes, and `clustersim report` / `compare` regenerate from a run directory
 * (exit 2 with a clear message for a missing or invalid one).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { reportDataFromMetrics } from '../../src/report/from-metrics.ts';
import { writeReport } from '../../src/report/write-report.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';

const root = mkdtempSync(join(tmpdir(), 'cs-run-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

function drfPaper() {
  const r = loadScenarioFile('scenarios/drf-paper.yaml');
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return runScenario(r.spec, { outDir: null });
}

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p); else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

describe('report of a real run', () => {
  it('DRF paper: the report shows both dominant shares at 2/3', async () => {
    const { metrics } = drfPaper();
    const end = (role: string) => metrics.headline.find((h) => h.key === `dominantShare.role.${role}.end`)?.value;
    expect(end('a')).toBe(0.666666667);
    expect(end('b')).toBe(0.666666667);
    const dir = join(root, 'drf');
    await writeReport(dir, reportDataFromMetrics(metrics));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.match(/dominant share of [ab] at end<\/div><div class="value">66\.7%/g)).toHaveLength(2);
    const roles = readFileSync(join(dir, 'tables', 'roles.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const col = roles[0].indexOf('dominant_share_end');
    expect(roles.slice(1).map((r) => [r[0], r[col]])).toEqual([['a', '0.666666667'], ['b', '0.666666667']]);
  });

  it('is deterministic: the same run gives the same bytes (metrics.json and every report file)', async () => {
    const a = drfPaper(), b = drfPaper();
    expect(JSON.stringify(b.metrics)).toBe(JSON.stringify(a.metrics));
    await writeReport(join(root, 'det-a'), reportDataFromMetrics(a.metrics));
    await writeReport(join(root, 'det-b'), reportDataFromMetrics(b.metrics));
    const fa = files(join(root, 'det-a')), fb = files(join(root, 'det-b'));
    expect([...fb.keys()]).toEqual([...fa.keys()]);
    expect(fa.size).toBeGreaterThan(10);
    for (const [k, v] of fa) expect(fb.get(k)!.equals(v), k).toBe(true);
  });
});

// CLI tests spawn node several times; generous caps for a loaded machine (not timed assertions)
describe('clustersim run / report / compare (CLI)', { timeout: 240_000 }, () => {
  it('run writes the report; report regenerates the same bytes; compare writes html + md with deltas', () => {
    const a = join(root, 'cli-a');
    const r = cli('run', 'scenarios/drf-paper.yaml', '--out', a);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['metrics.json', 'report.html', 'charts/utilization.svg', 'tables/tasks.csv', 'tables/tasks.arrow', 'tables/timeseries.csv']) {
      expect(existsSync(join(a, f)), f).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
    expect(manifest.outputs).toContain('report.html');
    expect(manifest.outputs).toContain('metrics.json');
    const before = files(a);
    const rep = cli('report', a);
    expect(rep.status, rep.stderr).toBe(0);
    const after = files(a);
    for (const [k, v] of before) if (k !== 'timing.json') expect(after.get(k)?.equals(v), k).toBe(true);
    expect([...after.keys()].filter((k) => k.includes('.tmp'))).toEqual([]);

    const b = join(root, 'cli-b');
    expect(cli('run', 'scenarios/drf-paper.yaml', '--out', b, '--seed', '2', '--until', '5s').status).toBe(0);
    const out = join(root, 'cmp');
    const c = cli('compare', a, b, '--out', out);
    expect(c.status, c.stderr).toBe(0);
    const md = readFileSync(join(out, 'compare.md'), 'utf8');
    expect(md).toMatch(/\| metric \| drf-paper \(seed 1\) \(baseline\) \| drf-paper \(seed 2\) \| Δ drf-paper \(seed 2\) \|/);
    expect(md).toMatch(/\| offers made \| 11 \| \d+ \| [−+±]/);
    expect(existsSync(join(out, 'compare.html'))).toBe(true);
    expect(cli('compare', a, b, '--out', out).status).toBe(2); // exists, no --force
  });

  it('report on a --no-report run lists the files it wrote in the manifest', () => {
    const d = join(root, 'cli-noreport');
    expect(cli('run', 'scenarios/drf-paper.yaml', '--no-report', '--out', d).status).toBe(0);
    const outputs = () => JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')).outputs as string[];
    expect(outputs()).not.toContain('report.html');
    expect(cli('report', d).status).toBe(0);
    expect(outputs()).toContain('report.html');
    expect(outputs()).toContain('tables/tasks.csv');
    expect(outputs()).toEqual([...outputs()].sort());
  });

  it('report without --png after report --png drops the PNGs it removed from the manifest', () => {
    const d = join(root, 'cli-png-then-not');
    expect(cli('run', 'scenarios/drf-paper.yaml', '--no-report', '--out', d).status).toBe(0);
    const outputs = () => JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')).outputs as string[];
    expect(cli('report', d, '--png').status).toBe(0);
    expect(outputs().filter((f) => f.endsWith('.png')).length).toBeGreaterThan(0);
    expect(cli('report', d).status).toBe(0);
    // before: charts/*.png were deleted with the old charts/ but stayed listed as outputs
    expect(outputs().filter((f) => f.endsWith('.png'))).toEqual([]);
    for (const f of outputs()) expect(existsSync(join(d, f)), f).toBe(true);
    expect(outputs()).toContain('events.jsonl');
  });

  it('exits 2 with a clear message for a missing or invalid run directory', () => {
    const missing = cli('report', join(root, 'nope'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no such run directory/);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const notRun = cli('report', empty);
    expect(notRun.status).toBe(2);
    expect(notRun.stderr).toMatch(/not a run directory/);
    const bad = join(root, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'metrics.json'), '{"format":"something-else"}');
    const badRun = cli('compare', bad, bad);
    expect(badRun.status).toBe(2);
    expect(badRun.stderr).toMatch(/unknown format/);
    expect(badRun.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('exits 2 naming the member of a damaged metrics.json, for report and compare (not a TypeError, exit 3)', () => {
    const good = join(root, 'good-metrics');
    expect(cli('run', 'scenarios/drf-paper.yaml', '--out', good, '--no-report').status).toBe(0);
    const damage: [string, (m: Record<string, any>) => void, RegExp][] = [
      ['waits', (m) => { m.waits[0] = {}; }, /waits\[0\]: .*expected tuple/],
      ['row', (m) => { m.tables.tasks.rows[0].pop(); }, /tables\.tasks\.rows\[0\]: has \d+ cells, the table \d+ columns/],
      ['grid', (m) => { delete m.gridMs; }, /gridMs: .*expected object/],
      ['cell', (m) => { m.utilization[0][2] = true; }, /utilization\[0\]\[2\]: .*expected number/],
      // found by fuzzing (session 21): these passed the check and stopped the rendering (exit 3)
      ['columns', (m) => { m.tables.roles.columns[1] = m.tables.roles.columns[0]; }, /tables\.roles\.columns: column "role" is named twice/],
      ['member', (m) => { m.tables.constructor = { columns: ['a'], rows: [['x']] }; }, /tables\.constructor: not a table name/],
      ['path', (m) => { m.tables['../../x'] = { columns: ['a'], rows: [['x']] }; }, /tables\.\.\.\/\.\.\/x: not a table name/],
    ];
    for (const [name, edit, message] of damage) {
      const d = join(root, `damaged-${name}`);
      mkdirSync(d);
      const m = JSON.parse(readFileSync(join(good, 'metrics.json'), 'utf8'));
      edit(m);
      writeFileSync(join(d, 'metrics.json'), JSON.stringify(m));
      for (const r of [cli('report', d), cli('compare', good, d, '--out', join(root, `cmp-${name}`))]) {
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toContain(`${join(d, 'metrics.json')}: not a metrics file this version can read: `);
        expect(r.stderr).toMatch(message);
      }
    }
  });

  it('report re-runs from the manifest when metrics.json is missing, checking the digest', () => {
    const d = join(root, 'old');
    expect(cli('run', 'scenarios/drf-paper.yaml', '--out', d, '--no-report').status).toBe(0);
    expect(existsSync(join(d, 'report.html'))).toBe(false);
    rmSync(join(d, 'metrics.json'));
    const r = cli('report', d);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/re-running drf-paper/);
    expect(existsSync(join(d, 'report.html'))).toBe(true);
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8'));
    m.eventLog.sha256 = '0'.repeat(64);
    writeFileSync(join(d, 'manifest.json'), JSON.stringify(m));
    rmSync(join(d, 'metrics.json'));
    const mismatch = cli('report', d);
    expect(mismatch.status).toBe(3);
    expect(mismatch.stderr).toMatch(/differs from the manifest/);
    // An edited scenario in the manifest: exit 2 naming it, never a TypeError or a run that does not end.
    for (const [edit, message] of [
      [(s: Record<string, unknown>) => { s.untilMs = 'x'; }, /untilMs "x" is not a whole number of ms/],
      [(s: Record<string, unknown>) => { s.master = null; }, /master is not an object/],
      [(s: Record<string, unknown>) => { s.agents = ''; }, /agents is not a list/],
    ] as const) {
      const edited = JSON.parse(JSON.stringify(m));
      edit(edited.scenario);
      writeFileSync(join(d, 'manifest.json'), JSON.stringify(edited));
      const r = cli('report', d);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${join(d, 'manifest.json')}: the scenario recorded there cannot be re-run: `);
      expect(r.stderr).toMatch(message);
    }
  });
});
