/**
 * docs/distributed-sweeps.md ships a Kubernetes Indexed Job and a Slurm array script: check that
 * they parse, say what the doc says (indexed completion mode, an array), and that the command they
 * run is one the CLI accepts — with the index variable each engine sets.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INDEX_ENV_VARS } from '../../src/experiment/sweep-run.ts';
import { cli, FIXTURES, ROOT, tempDir } from './helpers.ts';

const DOC = readFileSync(join(ROOT, 'docs/distributed-sweeps.md'), 'utf8');
const blocks = (lang: string) => [...DOC.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

describe('docs/distributed-sweeps.md', () => {
  const job = blocks('yaml').map((b) => parse(b) as Record<string, any>).find((d) => d?.kind === 'Job')!;
  const slurm = blocks('bash').find((b) => b.includes('#SBATCH'))!;

  it('has a well-formed Kubernetes Indexed Job', () => {
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(Number.isInteger(job.spec.completions) && job.spec.completions > 0).toBe(true);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const c = job.spec.template.spec.containers[0];
    expect(c.command.slice(0, 4)).toEqual(['node', 'bin/clustersim.js', 'sweep', 'run']);
    expect(c.command).toContain('--index-from-env');
    const mounts = new Set(c.volumeMounts.map((m: { name: string }) => m.name));
    for (const v of job.spec.template.spec.volumes) expect(mounts.has(v.name)).toBe(true);
  });

  it('has a Slurm array script that bash parses', () => {
    expect(slurm.startsWith('#!/bin/bash\n')).toBe(true);
    expect(slurm).toMatch(/^#SBATCH --array=\d+-\d+(%\d+)?$/m);
    const r = spawnSync('bash', ['-n'], { input: slurm, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(slurm).toMatch(/node bin\/clustersim\.js sweep run plan\.jsonl .*--index-from-env/);
  });

  it('runs the documented commands as each engine would start them', () => {
    const dir = tempDir();
    const plan = join(dir, 'plan.jsonl');
    expect(cli(['sweep', 'plan', join(FIXTURES, 'small-sweep.yaml'), '--out', plan]).status).toBe(0);
    const k8s = job.spec.template.spec.containers[0].command.slice(2)
      .map((a: string) => a.replace('/data/plan.jsonl', plan).replace('/data/runs', join(dir, 'runs')));
    const slurmArgs = /node bin\/clustersim\.js (sweep run .*)$/m.exec(slurm)![1].split(/\s+/)
      .map((a) => (a === 'plan.jsonl' ? plan : a === 'runs' ? join(dir, 'runs') : a));
    expect(INDEX_ENV_VARS).toContain('JOB_COMPLETION_INDEX');
    const a = cli(k8s, { JOB_COMPLETION_INDEX: '0' });
    expect(a.status, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/index 0 from JOB_COMPLETION_INDEX/);
    const b = cli(slurmArgs, { SLURM_ARRAY_TASK_ID: '0' });
    expect(b.status, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/index 0 from SLURM_ARRAY_TASK_ID/);
    expect(b.stderr).toMatch(/0 ran, 8 already done/); // chunk 10 covers the whole 8-line plan, already run by the "pod"
  }, 300_000);
});
