import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatEvaluation, formatPlan, planCluster, PlanInputError, type PlanOptions } from '../../src/experiment/plan.ts';
import { parseAssertion, type Assertion } from '../../src/scenario/metric-assertion.ts';
import { cli, tempDir } from './helpers.ts';

// Four machines in two racks; the timeline crashes rack-02, which a cluster of 2 machines lacks.
const RACKS = `name: racks
seed: 1
until: 20m
agents:
  - { id: n, count: 4, perRack: 2, resources: "cpus:8;mem:32GiB" }
frameworks:
  - id: etl
    role: etl
    scheduler:
      type: batch
      jobs: { count: 10, interarrival: 30s, tasks: [1, 2], resources: "cpus:1;mem:1GiB", duration: { exponential: 2m } }
timeline:
  - { at: 5m, do: fail, level: rack, domain: rack-02, kind: crash, duration: 5m }
`;
// Tasks of 8 cpus on machines of 4: nothing ever launches, so waitMs.p95 is null at every size.
const NOFIT = `name: nofit
seed: 1
until: 10m
agents:
  - { id: n, count: 2, resources: "cpus:4;mem:16GiB" }
frameworks:
  - id: big
    role: big
    scheduler:
      type: batch
      jobs: { count: 3, interarrival: 1m, tasks: 1, resources: "cpus:8;mem:1GiB", duration: { exponential: 2m } }
`;

function scenario(text: string): string {
  const file = join(tempDir(), 's.yaml');
  writeFileSync(file, text);
  return file;
}
const slo = (t: string) => parseAssertion(t) as Assertion;
function plan(file: string, slos: string[], extra: Partial<PlanOptions> = {}) {
  const evaluated: [number, boolean, string | undefined][] = [];
  const opts: PlanOptions = {
    slos: slos.map(slo), vary: ['agents', '0', 'count'], seeds: [1],
    onEvaluate: (_v, n, ok, why) => evaluated.push([n, ok, why]), ...extra,
  };
  return { run: () => planCluster(file, opts), evaluated };
}

// Two teams, shared vs static thirds; the file's assertions compare the two variants.
const TEAMS = `name: teams
seed: 1
until: 10m
agents:
  - { id: n, count: 4, resources: "cpus:4;mem:16GiB" }
frameworks:
  - { id: a, role: a, scheduler: { type: batch, jobs: { count: 4, interarrival: 1m, tasks: 2, resources: "cpus:1;mem:1GiB", duration: 2m } } }
  - { id: b, role: b, scheduler: { type: batch, jobs: { count: 4, interarrival: 1m, tasks: 2, resources: "cpus:1;mem:1GiB", duration: 2m } } }
variants:
  shared: {}
  static: { master.partitioning: { static: { a: 0.5, b: 0.5 } } }
expect:
  metrics:
    - "@shared.waitMs.p95 <= @static.waitMs.p95"
`;

// A service team and a batch team, shared vs static halves.
const MIXED = `name: mixed
seed: 1
until: 10m
agents:
  - { id: n, count: 4, resources: "cpus:4;mem:16GiB" }
frameworks:
  - { id: web, role: web, scheduler: { type: service, apps: [{ id: web, instances: 2, resources: "cpus:1;mem:1GiB" }] } }
  - { id: etl, role: etl, scheduler: { type: batch, jobs: { count: 4, interarrival: 1m, tasks: 2, resources: "cpus:1;mem:1GiB", duration: 2m } } }
variants:
  shared: {}
  static: { master.partitioning: { static: { web: 0.5, etl: 0.5 } } }
`;

describe('clustersim plan', () => {
  it('sizes a static variant team by team although the file\'s assertions name the other variant', async () => {
    // Each team's scenario keeps one variant; the cross-variant `expect` is not the plan's business.
    const r = await plan(scenario(TEAMS), ['wait.p95<=1m'], { variants: ['static'], max: 8 }).run();
    const teams = r.plans.find((p) => p.variant === 'static, right-sized per team')!;
    expect(teams.teams!.map((t) => [t.variant, t.size])).toEqual([['static/a', 1], ['static/b', 1]]);
    expect(teams.size).toBe(2);
  });

  it('frameworks without a partition are one more team (they share the unowned machines), and the per-team row needs one agent group', async () => {
    // Before session 22, framework b (no partition) was left out: the static cluster came out too small.
    const oneOwner = TEAMS.replace('static: { a: 0.5, b: 0.5 }', 'static: { a: 0.5 }');
    const r = await plan(scenario(oneOwner), ['wait.p95<=1m'], { variants: ['static'], max: 8 }).run();
    const teams = r.plans.find((p) => p.variant === 'static, right-sized per team')!;
    expect(teams.teams!.map((t) => t.variant)).toEqual(['static/a', 'static/b']);
    expect(teams.size).toBe(teams.teams!.reduce((n, t) => n + t.size!, 0));
    // Two agent groups, the second varied: each team alone would keep the whole first group.
    const groups = TEAMS.replace('  - { id: n, count: 4, resources: "cpus:4;mem:16GiB" }', '  - { id: n, count: 2, resources: "cpus:4;mem:16GiB" }\n  - { id: m, count: 2, resources: "cpus:4;mem:16GiB" }');
    const g = await plan(scenario(groups), ['wait.p95<=1m'], { variants: ['static'], max: 8, vary: ['agents', '1', 'count'] }).run();
    expect(g.plans.map((p) => p.variant)).toEqual(['static']);
    expect(g.notes).toEqual(['static, right-sized per team: not sized: the scenario has 2 agent groups; a team alone would keep every group but the varied one, so the sum of the teams\' sizes would not be the machines bought (size with one agent group)']);
    expect(formatPlan(g, 'agents.1.count')).toContain(g.notes[0]);
  });

  it('a size that misses on several seeds is explained by the seed furthest from the SLO', async () => {
    const slos = ['cluster.meanAllocated.cpus>=0.99'];
    const detail = async (seeds: number[]) => (await plan(scenario(RACKS), slos, { min: 4, max: 4, seeds }).run()).plans[0].evaluated[0].slos[0];
    const each = await Promise.all([1, 2, 3].map((seed) => detail([seed])));
    const value = (d: string) => Number(/= ([\d.]+);/.exec(d)![1]);
    expect(new Set(each.map((e) => value(e.detail))).size).toBe(3); // three different misses
    const worst = each.reduce((a, b) => (value(b.detail) < value(a.detail) ? b : a)).detail;
    const all = await detail([1, 2, 3]);
    expect(all.failedSeeds).toBe(3);
    expect(all.detail).toBe(worst); // it was the first seed's
  });

  it('a team is not held to an SLO about what it does not run (service availability for a batch team, another framework\'s waits)', async () => {
    const r = await plan(scenario(MIXED), ['wait.p95<=5m', 'availability.mean>=0.99', 'waitMs.byFramework.web.p95<=1m'], { variants: ['static'], max: 8 }).run();
    const teams = r.plans.find((p) => p.variant === 'static, right-sized per team')!;
    // before: availability.mean is null for etl alone, so etl (and the static row) was never met
    expect(teams.teams!.map((t) => [t.variant, t.size])).toEqual([['static/web', 1], ['static/etl', 1]]);
    expect(teams.size).toBe(2);
    expect(formatPlan(r, 'agents').slice(-2)).toEqual([
      'static/etl: availability.mean>=0.99 does not apply to this team (no services)',
      'static/etl: waitMs.byFramework.web.p95<=1m does not apply to this team (not in its summary)',
    ]);
  });

  it('a null SLO metric (nothing measured) fails the size, with the reason, like check', async () => {
    const p = plan(scenario(NOFIT), ['wait.p95<=10m'], { max: 4 });
    const r = await p.run();
    expect(r.plans[0].size).toBeNull();
    expect(p.evaluated.map(([n, ok]) => [n, ok])).toEqual([[2, false], [4, false]]);
    expect(p.evaluated[0][2]).toBe('wait.p95<=10m: seed 1: wait.p95 = null (no value: nothing was measured)');
    expect(formatPlan(r, 'agents').at(-1)).toBe('(scenario): no size up to the maximum meets the SLOs; at 4: wait.p95<=10m: seed 1: wait.p95 = null (no value: nothing was measured)');
  });

  it('a size at which the scenario is invalid does not meet the SLOs, and the search goes on above it', async () => {
    const p = plan(scenario(RACKS), ['wait.p95<=10m']);
    const r = await p.run();
    expect(r.plans[0].size).toBe(3);
    expect(p.evaluated).toEqual([
      [4, true, undefined],
      [2, false, 'scenario invalid at size 2 (seed 1): no agent is in rack "rack-02"'],
      [3, true, undefined],
    ]);
    expect(formatPlan(r, 'agents')).toContain('(scenario): 2 misses: scenario invalid at size 2 (seed 1): no agent is in rack "rack-02"');
    // Sizes are machines only when --vary is agents; otherwise the table names the value searched.
    expect(formatPlan(r, 'agents')[2]).toBe('| variant | machines | mean cpu allocated | mean mem allocated | evaluated sizes |');
    expect(formatPlan(r, 'failures.upgrade.batch').slice(0, 3)).toEqual([
      `${r.file}: smallest failures.upgrade.batch meeting the SLOs (searched from ${r.start})`, '',
      '| variant | failures.upgrade.batch | mean cpu allocated | mean mem allocated | evaluated sizes |',
    ]);
  });

  it('evaluates only sizes within [--min, --max], starting from the scenario\'s size clamped into it', async () => {
    const above = plan(scenario(RACKS), ['wait.p95<=10m'], { min: 5, max: 7 });
    expect((await above.run()).plans[0]).toMatchObject({ size: 5 });
    expect(above.evaluated.map(([n]) => n)).toEqual([5]);
    const below = plan(scenario(RACKS), ['wait.p95<=10m'], { max: 3 });
    const r = await below.run();
    expect(r.start).toBe(3);
    expect(below.evaluated.map(([n, ok]) => [n, ok])).toEqual([[3, true], [1, false], [2, false]]);
    await expect(plan(scenario(RACKS), ['wait.p95<=10m'], { min: 10, max: 5 }).run()).rejects.toThrow(new PlanInputError('--min 10 is above --max 5'));
  });

  it('an SLO metric missing at the first evaluated size is an input error, before any other size is simulated', async () => {
    const p = plan(scenario(RACKS), ['wait.p95<=10m', 'nosuch.metric<=5']);
    await expect(p.run()).rejects.toThrow(PlanInputError);
    await expect(p.run()).rejects.toThrow(/^--slo "nosuch\.metric<=5": no metric "nosuch\.metric" in summary\.json: \(top level\) has keys .*\(size 4\)$/);
    expect(p.evaluated).toEqual([]);
  });

  it('a misspelt SLO metric says the close ones; a framework of the scenario that measured nothing is not an input error (the size misses)', async () => {
    await expect(plan(scenario(RACKS), ['waitMs.p59<=10m']).run()).rejects.toThrow(/has keys byFramework, count, mean, p50, p95, p99; did you mean waitMs\.p50 or waitMs\.p99 or waitMs\.p95\? \(size 4\)$/);
    const idle = RACKS.replace('timeline:\n', '  - { id: idle, role: idle, scheduler: { type: scripted, onOffer: hold } }\ntimeline:\n');
    const p = plan(scenario(idle), ['waitMs.byFramework.idle.p95<=10m'], { min: 3, max: 5 });
    expect((await p.run()).plans[0].size).toBeNull();
    expect(p.evaluated.map(([n, ok]) => [n, ok])).toEqual([[4, false], [5, false]]);
    expect(p.evaluated[0][2]).toMatch(/no metric "waitMs\.byFramework\.idle\.p95" in summary\.json: waitMs\.byFramework has keys etl/);
  });

  it('CLI: exit 2 for --min > --max, an unknown metric and an existing --out (kept) unless --force', () => {
    const dir = tempDir();
    const file = join(dir, 'nofit.yaml');
    writeFileSync(file, NOFIT);
    const out = join(dir, 'plan.json');
    writeFileSync(out, 'precious\n');
    const base = ['plan', file, '--slo', 'wait.p95<=10m', '--seeds', '1', '--max', '2'];
    const refused = cli([...base, '--out', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`error: output file ${out} already exists (use --force to overwrite)\n`);
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
    expect(cli([...base, '--out', file, '--force']).stderr).toBe(`error: --out ${file} is the input ${file}; write the result elsewhere\n`);
    // A path that cannot be written is refused before the search (it was found only after every size ran).
    const under = cli([...base, '--out', join(out, 'p.json')]);
    expect([under.status, under.stderr]).toEqual([2, `error: cannot write ${join(out, 'p.json')}: ${out} is not a directory\n`]);
    const minmax = cli(['plan', file, '--slo', 'wait.p95<=10m', '--min', '10', '--max', '5']);
    expect([minmax.status, minmax.stderr]).toEqual([2, 'error: --min 10 is above --max 5\n']);
    // Sizes past the largest count a scenario may hold: refused at once, not evaluated as invalid scenarios.
    const huge = cli(['plan', file, '--slo', 'wait.p95<=10m', '--min', '2000000']);
    expect([huge.status, huge.stderr]).toEqual([2, 'error: --min must be at most 1000000 (the largest count a scenario may hold), got 2000000\n']);
    expect(cli(['plan', file, '--slo', 'wait.p95<=10m', '--max', '99999999999999999999']).stderr).toMatch(/^error: --max must be at most 1000000/);
    // An SLO holds for each variant on its own: @variant is refused on either side; the seed is not a size.
    const right = cli(['plan', file, '--slo', 'wait.p95<=@shared.waitMs.p95']);
    expect([right.status, right.stderr]).toEqual([2, 'error: --slo "wait.p95<=@shared.waitMs.p95": SLOs apply to each variant; drop the @shared\n']);
    const seed = cli(['plan', file, '--slo', 'wait.p95<=10m', '--vary', 'seed']);
    expect([seed.status, seed.stderr]).toEqual([2, 'error: --vary seed: the seed is not a size; plan runs every size with the seeds of --seeds\n']);
    const typo = cli(['plan', file, '--slo', 'nosuch.metric<=5', '--seeds', '1', '--no-progress']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/^error: --slo "nosuch\.metric<=5": no metric "nosuch\.metric"/);
    // --force replaces it; not met at any size → exit 1, but the result is written.
    const forced = cli([...base, '--out', out, '--force']);
    expect(forced.status, forced.stderr).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).plans[0].size).toBeNull();
  }, 120_000); // several CLI processes on a shared machine: a budget, not a timing assertion
});

describe('plan progress lines', () => {
  it('name the --vary value and agree in number', () => {
    expect(formatEvaluation('static/rails', 1, true, undefined, 'agents')).toBe('  static/rails: 1 machine meets the SLOs');
    expect(formatEvaluation('shared', 30, false, 'wait.p95<=5m: seed 3: …', 'agents')).toBe('  shared: 30 machines miss the SLOs (wait.p95<=5m: seed 3: …)');
    expect(formatEvaluation('', 4, false, 'x', 'frameworks.0.scheduler.instances')).toBe('  (scenario): frameworks.0.scheduler.instances = 4 misses the SLOs (x)');
  });
});
