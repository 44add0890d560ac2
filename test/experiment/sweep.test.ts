import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meanCi } from '../../src/experiment/sweep-merge.ts';
import { formatPlanLines, planSweep } from '../../src/experiment/sweep-plan.ts';
import { indexFromEnv, selectIndices } from '../../src/experiment/sweep-run.ts';
import { cli, FIXTURES, tempDir } from './helpers.ts';

const SWEEP = join(FIXTURES, 'small-sweep.yaml');
const MERGED = ['points.csv', 'report.md', 'runs.csv'];

function merged(dir: string): Record<string, string> {
  return Object.fromEntries(MERGED.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('sweep plan / run / merge', () => {
  it('sharded runs in separate processes merge byte for byte like the unsharded run; re-runs resume; missing runs fail the merge', async () => {
    const dir = tempDir();
    const plan = join(dir, 'plan.jsonl');
    const p = cli(['sweep', 'plan', SWEEP, '--out', plan]);
    expect(p.status, p.stderr).toBe(0);
    const lines = readFileSync(plan, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(8); // 2 variants × 2 intervals × 2 seeds
    // Re-planning gives the same bytes (content-addressed ids).
    const replanned = await planSweep(SWEEP);
    expect(formatPlanLines(replanned.lines!)).toBe(readFileSync(plan, 'utf8'));

    // Unsharded, in this process's child, one worker.
    const one = join(dir, 'runs-one');
    expect(cli(['sweep', 'run', plan, '--out', one, '--workers', '1']).status).toBe(0);
    expect(cli(['sweep', 'merge', plan, '--runs', one, '--out', join(dir, 'merged-one')]).status).toBe(0);

    // Sharded: three separate processes, one per shard, then a job-array style index from the env.
    const sharded = join(dir, 'runs-sharded');
    for (const s of ['1/3', '2/3']) expect(cli(['sweep', 'run', plan, '--out', sharded, '--shard', s, '--workers', '1']).status).toBe(0);
    // Merging before the last shard ran: missing runs are listed and the exit is non-zero.
    const early = cli(['sweep', 'merge', plan, '--runs', sharded, '--out', join(dir, 'merged-early')]);
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(/2 of 8 runs are missing/);
    expect(existsSync(join(dir, 'merged-early'))).toBe(false);
    expect(cli(['sweep', 'run', plan, '--out', sharded, '--shard', '3/3', '--workers', '1']).status).toBe(0);
    // A rerun of a shard resumes: everything is already done.
    const rerun = cli(['sweep', 'run', plan, '--out', sharded, '--shard', '3/3', '--workers', '1']);
    expect(rerun.stderr).toMatch(/0 ran, 2 already done, 0 failed/);
    expect(cli(['sweep', 'merge', plan, '--runs', sharded, '--out', join(dir, 'merged-sharded')]).status).toBe(0);
    expect(merged(join(dir, 'merged-sharded'))).toEqual(merged(join(dir, 'merged-one')));

    // Kubernetes Indexed Job style: one process per index from JOB_COMPLETION_INDEX, chunks of 4.
    const indexed = join(dir, 'runs-indexed');
    for (const k of ['0', '1']) {
      const r = cli(['sweep', 'run', plan, '--out', indexed, '--index-from-env', '--chunk', '4', '--workers', '1'], { JOB_COMPLETION_INDEX: k });
      expect(r.status, r.stderr).toBe(0);
    }
    expect(cli(['sweep', 'run', plan, '--out', indexed, '--index-from-env', '--chunk', '4'], { JOB_COMPLETION_INDEX: '2' }).status).toBe(2);
    // A half-written leftover (no summary.json) is redone, not trusted.
    const victim = readdirSync(indexed).find((d) => !d.startsWith('.'))!;
    rmSync(join(indexed, victim, 'summary.json'));
    expect(cli(['sweep', 'run', plan, '--out', indexed, '--workers', '2']).status).toBe(0);
    expect(cli(['sweep', 'merge', plan, '--runs', indexed, '--out', join(dir, 'merged-indexed')]).status).toBe(0);
    expect(merged(join(dir, 'merged-indexed'))).toEqual(merged(join(dir, 'merged-one')));

    const report = readFileSync(join(dir, 'merged-one', 'report.md'), 'utf8');
    expect(report).toMatch(/8 runs, 4 points, 2 seeds per point/);
    expect(report).toMatch(/\| 1s \| static \| 2 \| [0-9.]+ ± [0-9.]+ \|/);
  }, 600_000); // ~15 CLI processes on a shared 2-core machine: a generous budget, not a timing assertion

  it('one seed per point: sd and CI left empty; typo metrics and existing outputs refused (exit 2) unless --force; workers print a total', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tiny.yaml'), `name: tiny
seed: 1
until: 2m
agents:
  - { id: n, count: 2, resources: "cpus:4;mem:16GiB" }
frameworks:
  - { id: etl, role: etl, scheduler: { type: batch, jobs: { count: 4, interarrival: 10s, tasks: 2, resources: "cpus:1;mem:1GiB", duration: { exponential: 1m } } } }
`);
    writeFileSync(join(dir, 'sweep.yaml'), 'base: tiny.yaml\naxes:\n  master.allocationInterval: [1s, 2s]\nseeds: [1]\n');
    const plan = join(dir, 'plan.jsonl');
    expect(cli(['sweep', 'plan', join(dir, 'sweep.yaml'), '--out', plan]).status).toBe(0);
    const planned = readFileSync(plan, 'utf8');
    const again = cli(['sweep', 'plan', join(dir, 'sweep.yaml'), '--out', plan]);
    expect([again.status, again.stderr]).toEqual([2, `error: output file ${plan} already exists (use --force to overwrite)\n`]);
    expect(cli(['sweep', 'plan', join(dir, 'sweep.yaml'), '--out', plan, '--force']).status).toBe(0);
    expect(readFileSync(plan, 'utf8')).toBe(planned);

    const runs = join(dir, 'runs');
    const r = cli(['sweep', 'run', plan, '--out', runs, '--workers', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^total: 2 ran, 0 already done, 0 failed$/m);
    // Re-running the same sweep into the same --out resumes (not refused like the outputs below).
    const resumed = cli(['sweep', 'run', plan, '--out', runs, '--workers', '2']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/^total: 0 ran, 2 already done, 0 failed$/m);

    const out = join(dir, 'merged');
    const typo = cli(['sweep', 'merge', plan, '--runs', runs, '--out', out, '--metric', 'tasks.finished', '--metric', 'tasks.nosuch']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/^error: --metric tasks\.nosuch: no run's summary\.json has it \(nearest: tasks\.[a-z]/);
    const group = cli(['sweep', 'merge', plan, '--runs', runs, '--out', out, '--metric', 'waitMs']);
    expect(group.status).toBe(2);
    expect(group.stderr).toMatch(/^error: --metric waitMs: a group of metrics, not one number; name one of them: waitMs\.[a-z0-9]+/);
    expect(existsSync(out)).toBe(false);
    expect(cli(['sweep', 'merge', plan, '--runs', runs, '--out', out, '--metric', 'tasks.finished']).status).toBe(0);
    // summary.json's own seed was a second `seed` column (session 21)
    const runsHeader = readFileSync(join(out, 'runs.csv'), 'utf8').split('\n')[0].split(',');
    expect(runsHeader.slice(0, 4)).toEqual(['index', 'runId', 'seed', 'master.allocationInterval']);
    expect(runsHeader.filter((c) => c === 'seed')).toHaveLength(1);
    const points = readFileSync(join(out, 'points.csv'), 'utf8').trim().split('\n');
    expect(points[0]).toBe('master.allocationInterval,metric,n,mean,sd,ci95Low,ci95High');
    expect(points.slice(1).map((l) => l.replace(/,tasks\.finished,1,[0-9.]+,/, ',tasks.finished,1,MEAN,'))).toEqual(['1s,tasks.finished,1,MEAN,,,', '2s,tasks.finished,1,MEAN,,,']);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/^\| 1s \| 1 \| [0-9.]+ \| – \|$/m);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    const refused = cli(['sweep', 'merge', plan, '--runs', runs, '--out', out]);
    expect([refused.status, refused.stderr]).toEqual([2, `error: output directory ${out} already exists (use --force to overwrite)\n`]);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(report);
    expect(cli(['sweep', 'merge', plan, '--runs', runs, '--out', out, '--force']).status).toBe(0);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/## waitMs\.p95/);
    // --force never replaces a directory that is not a merge output.
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    const kept = cli(['sweep', 'merge', plan, '--runs', runs, '--out', foreign, '--force']);
    expect(kept.status).toBe(2);
    expect(kept.stderr).toMatch(/has no report\.md: not replaced/);
    expect(readdirSync(foreign)).toEqual(['notes.txt']);
    // --force never replaces a merge output that holds the runs being merged (it deleted them, exit 0).
    const inside = join(out, 'runs');
    cpSync(runs, inside, { recursive: true });
    const holds = cli(['sweep', 'merge', plan, '--runs', inside, '--out', out, '--force']);
    expect(holds.status).toBe(2);
    expect(holds.stderr).toContain(`holds ${inside}, an input of this command`);
    expect(existsSync(join(inside, readdirSync(runs).sort()[0], 'summary.json'))).toBe(true);
    // A damaged summary.json stops the merge, named (before: a parse error with no file, exit 3; or,
    // for `[]` or `null`, a row of empty cells left out of the means, exit 0).
    const summary = join(runs, readdirSync(runs).sort()[0], 'summary.json');
    const good = readFileSync(summary, 'utf8');
    for (const damaged of ['{"truncated', '[]', 'null']) {
      writeFileSync(summary, damaged);
      const bad = cli(['sweep', 'merge', plan, '--runs', runs, '--out', join(dir, 'merged-bad')]);
      expect(bad.status, bad.stderr).toBe(2);
      expect(bad.stderr).toContain('1 of 2 runs have an unreadable summary.json');
      expect(bad.stderr).toContain(`${summary}: `);
      expect(existsSync(join(dir, 'merged-bad'))).toBe(false);
    }
    writeFileSync(summary, good);
  }, 300_000); // ~12 CLI processes on a shared machine: a budget, not a timing assertion

  it('never merges or runs over what is not the plan\'s: a foreign run, a repeated or misnumbered line, the base scenario as --out', () => {
    // Found by fuzzing the experiment CLI (session 20): another scenario's run in a planned run's
    // directory was skipped as done and merged as that line; a plan line repeated merged a point with
    // more seeds; a misnumbered line was exit 3; `sweep plan --out <base> --force` overwrote the base.
    const dir = tempDir();
    const plan = join(dir, 'plan.jsonl');
    expect(cli(['sweep', 'plan', SWEEP, '--out', plan]).status).toBe(0);
    const text = readFileSync(plan, 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { runId: string; index: number });
    const runs = join(dir, 'runs');
    expect(cli(['sweep', 'run', plan, '--out', runs, '--workers', '1']).status).toBe(0);
    // line 1's directory now holds line 0's run
    rmSync(join(runs, lines[1].runId), { recursive: true });
    cpSync(join(runs, lines[0].runId), join(runs, lines[1].runId), { recursive: true });
    const rerun = cli(['sweep', 'run', plan, '--out', runs, '--workers', '1']);
    expect(rerun.status).not.toBe(0);
    expect(rerun.stderr).toContain(`holds another run (${lines[0].runId}), not this line's ${lines[1].runId}`);
    const merge = cli(['sweep', 'merge', plan, '--runs', runs, '--out', join(dir, 'merged')]);
    expect(merge.status).toBe(2);
    expect(merge.stderr).toContain(`#1 ${join(runs, lines[1].runId)}: holds another run (${lines[0].runId})`);
    expect(existsSync(join(dir, 'merged'))).toBe(false);

    const dup = join(dir, 'dup.jsonl');
    writeFileSync(dup, text + JSON.stringify({ ...JSON.parse(text.split('\n')[1]), index: lines.length }) + '\n');
    expect(cli(['sweep', 'merge', dup, '--runs', runs, '--out', join(dir, 'm2')]).stderr).toContain('line 9 is the same run as line 2');
    const misnumbered = join(dir, 'misnumbered.jsonl');
    writeFileSync(misnumbered, text.split('\n').slice(1).join('\n'));
    const r = cli(['sweep', 'run', misnumbered, '--out', runs]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('line 1 has index 1, not 0');
    expect(cli(['sweep', 'run', plan, '--out', plan]).stderr).toContain('is not a directory');

    expect(cli(['sweep', 'run', plan, '--out', runs, '--chunk', '3']).stderr).toContain('--chunk needs --index or --index-from-env');
    expect(cli(['sweep', 'merge', plan, '--runs', join(dir, 'nowhere'), '--out', join(dir, 'm3')]).stderr).toContain('no such directory');

    const base = join(dir, 'base.yaml');
    writeFileSync(base, readFileSync(join(FIXTURES, 'small-batch.yaml'), 'utf8'));
    writeFileSync(join(dir, 'huge.yaml'), 'base: base.yaml\naxes:\n  master.allocationInterval: [1s, 2s]\nseeds: { count: 100000000 }\n');
    const huge = cli(['sweep', 'plan', join(dir, 'huge.yaml')]);
    expect(huge.status).toBe(2);
    expect(huge.stderr).toContain('2 points × 100000000 seeds is 200000000 runs, above the 100000 a plan may hold');
    writeFileSync(join(dir, 'sweep.yaml'), 'base: base.yaml\naxes:\n  master.allocationInterval: [1s]\nseeds: [1]\n');
    const over = cli(['sweep', 'plan', join(dir, 'sweep.yaml'), '--out', base, '--force']);
    expect(over.status).toBe(2);
    expect(over.stderr).toContain('is the input');
    expect(readFileSync(base, 'utf8')).toBe(readFileSync(join(FIXTURES, 'small-batch.yaml'), 'utf8'));
  }, 300_000);

  it('selects lines by shard, chunked index and the batch engines\' index variables', () => {
    expect(selectIndices({ kind: 'shard', i: 2, n: 3 }, 8)).toEqual([1, 4, 7]);
    expect(selectIndices({ kind: 'index', k: 1, chunk: 3 }, 8)).toEqual([3, 4, 5]);
    expect(selectIndices({ kind: 'index', k: 2, chunk: 3 }, 8)).toEqual([6, 7]);
    expect(selectIndices({ kind: 'index', k: 3, chunk: 3 }, 8)).toMatch(/past the end/);
    expect(indexFromEnv({ SLURM_ARRAY_TASK_ID: '4' })).toEqual({ k: 4, from: 'SLURM_ARRAY_TASK_ID' });
    expect(indexFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '2' })).toEqual({ k: 2, from: 'AWS_BATCH_JOB_ARRAY_INDEX' });
    expect(indexFromEnv({ JOB_COMPLETION_INDEX: 'x' })).toMatch(/not a non-negative integer/);
    expect(indexFromEnv({})).toMatch(/none of/);
  });

  it('computes Student-t confidence intervals', () => {
    const c = meanCi([1, 2, 3]);
    expect(c.mean).toBe(2);
    expect(c.sd).toBe(1);
    expect(c.hi! - c.mean).toBeCloseTo(4.303 / Math.sqrt(3), 6);
    // One value: no spread to estimate, so sd and the interval are undefined, not 0.
    expect(meanCi([5])).toEqual({ n: 1, mean: 5, sd: null, lo: null, hi: null });
  });
});

describe('sweep plan diagnostics', () => {
  it('lists each diagnostic of the base scenario once, in file order; one only some points have names them and the axis value behind it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'base.yaml'), `name: base
seed: 1
until: 1m
untill: 2m
master:
  allocationInterval: 1s
  weights: { a: 1 }
agents: [{ id: a, resources: "cpus:4;mem:4096" }]
frameworks:
  - { id: f1, role: a, scheduler: { type: batch, refuseSeconds: 5x, jobs: { count: 1, interarrival: 1s, tasks: 1, resources: "cpus:1;mem:10", duration: 1s } } }
  - { id: f2, role: a, scheduler: { type: batch, refuseSeconds: 5x, jobs: { count: 1, interarrival: 1s, tasks: 1, resources: "cpus:1;mem:10", duration: 1s } } }
`);
    const sweep = join(dir, 'sweep.yaml');
    writeFileSync(sweep, `base: ./base.yaml
axes:
  master.allocationInterval: [1s, 5parsecs]
  master.weights.a: [1, -1]
seeds: [1, 2]
`);
    const r = await planSweep(sweep);
    expect(r.lines).toBeUndefined();
    const base = join(dir, 'base.yaml');
    // Before: 24 lines, point by point and seed by seed ('point {…}, seed 1: unknown field "untill"' eight
    // times), the second refuseSeconds (same message, line 11) dropped, the axis values located only in base.yaml.
    expect(r.diagnostics.map((d) => `${d.file === base ? 'base' : d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      'base:4:1 CS1003 unknown field "untill" (check the spelling; see scenarios/scenario.schema.json)',
      `base:6:23 CS1004 points with master.allocationInterval="5parsecs" (2 of 4): cannot read duration "5parsecs": use a number of seconds or units ms, s, m, h, d, w (e.g. 30s, 1h30m) [the value comes from sweep axis master.allocationInterval="5parsecs" at ${sweep}:3:35]`,
      `base:7:17 CS1002 points with master.weights.a=-1 (2 of 4): Too small: expected number to be >0 [the value comes from sweep axis master.weights.a=-1 at ${sweep}:4:25]`,
      'base:10:65 CS1002 Invalid input: expected number, received string',
      'base:11:65 CS1002 Invalid input: expected number, received string',
    ]);
  });
});
