/**
 * Tasks still waiting at the end of a run. The wait percentiles count launched tasks only, so a run
 * (a policy) that leaves tasks unplaced read as one with shorter waits: google-2011-sample's prod p50/p95
 * of 0 s cover 2,017 of 2,102 submitted tasks, and nothing but the docs said 85 never started.
 * summary.json now counts them (tasks.waitingAtEnd, waitMs.byFramework.<id>.waitingAtEnd, also for a
 * framework that launched nothing) and the headline says it beside the percentiles.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';

function run(rows: readonly string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'cs-waiting-end-'));
  writeFileSync(join(dir, 'jobs.csv'), ['atMs,kind,jobId,taskCount,cpus,memMiB,durationMs,framework', ...rows].join('\n') + '\n');
  const file = join(dir, 's.yaml');
  writeFileSync(file, [
    'name: s', 'seed: 1', 'until: 5m',
    'agents: [{ id: node, count: 2, resources: "cpus:4;mem:16GiB" }]',
    'frameworks:',
    '  - { id: batch, role: batch, scheduler: { type: trace-replay } }',
    '  - { id: big, role: big, scheduler: { type: trace-replay } }',
    'workload:', '  sources: [{ trace: jobs.csv }]', '  window: { start: 0s }',
    '  map: [{ match: { framework: [big] }, framework: big }, { framework: batch }]',
  ].join('\n') + '\n');
  const { spec, diagnostics } = loadScenarioFile(file);
  expect(diagnostics).toEqual([]);
  return runScenario(spec!);
}

type Summary = { tasks: { launched: number; waitingAtEnd: number }; waitMs: { byFramework: Record<string, { count: number; p50: number | null; waitingAtEnd: number }> } };

describe('tasks still waiting at the end of a run', () => {
  // 8 cpus: 10 one-cpu tasks of 10 min fit 8 at a time; 3 eight-cpu tasks never fit a 4-cpu agent
  const r = run(['0,job.submitted,a,10,1,1024,600000,', '0,job.submitted,b,3,8,1024,600000,big']);
  const s = r.summary as unknown as Summary;

  it('summary.json counts them, in total and per framework (also one that launched nothing)', () => {
    expect(s.tasks.launched).toBe(8);
    expect(s.tasks.waitingAtEnd).toBe(5);
    expect(s.waitMs.byFramework.batch).toMatchObject({ count: 8, waitingAtEnd: 2 });
    expect(s.waitMs.byFramework.big).toMatchObject({ count: 0, p50: null, waitingAtEnd: 3 });
  });

  it('the headline tells them beside the wait percentiles', () => {
    const card = r.metrics.headline.find((h) => h.key === 'tasks.waitingAtEnd');
    expect(card).toMatchObject({ label: 'tasks still waiting at end', value: 5, better: 'lower' });
    expect(card!.note).toContain('not in the wait percentiles');
    const keys = r.metrics.headline.map((h) => h.key);
    expect(keys.indexOf('tasks.waitingAtEnd')).toBe(keys.indexOf('wait.p99') + 1);
  });

  it('is 0 when everything launched', () => {
    const done = run(['0,job.submitted,a,4,1,1024,60000,']);
    expect((done.summary as unknown as Summary).tasks.waitingAtEnd).toBe(0);
    expect(done.metrics.headline.find((h) => h.key === 'tasks.waitingAtEnd')?.value).toBe(0);
    expect(done.metrics.headline.find((h) => h.key === 'wait.p95')?.better).toBe('lower');
  });

  it('with tasks still waiting, the wait percentiles have no direction (compare must not colour shorter censored waits as better)', () => {
    // A run that placed almost nothing showed its waits −100% in green beside 7,544 tasks still waiting.
    const better = (key: string) => r.metrics.headline.find((h) => h.key === key)?.better;
    expect(['wait.p50', 'wait.p95', 'wait.p99'].map(better)).toEqual([undefined, undefined, undefined]);
    expect(better('tasks.waitingAtEnd')).toBe('lower');
  });
});
