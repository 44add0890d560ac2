import { readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
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
    expect(c.hi - c.mean).toBeCloseTo(4.303 / Math.sqrt(3), 6);
    expect(meanCi([5])).toMatchObject({ n: 1, lo: 5, hi: 5 });
  });
});
