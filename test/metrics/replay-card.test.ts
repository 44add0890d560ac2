/**
 * The headline of a run that replayed a workload says what was replayed. report.html and compare.html
 * showed only the scenario's description, so a page read on its own did not tell which trace files,
 * window and sample the run stood for, nor how many tasks reached the frameworks (a different seed
 * draws a different sample; compare now shows the count side by side).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';

function run(workload: readonly string[], rows: readonly string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'cs-replay-card-'));
  writeFileSync(join(dir, 'jobs.csv'), ['atMs,kind,jobId,taskCount,cpus,memMiB,durationMs,framework', ...rows].join('\n') + '\n');
  const file = join(dir, 's.yaml');
  writeFileSync(file, [
    'name: s', 'seed: 1', 'until: 5m',
    'agents: [{ id: node, count: 2, resources: "cpus:4;mem:16GiB" }]',
    'frameworks:',
    '  - { id: batch, role: batch, scheduler: { type: trace-replay } }',
    ...workload,
  ].join('\n') + '\n');
  const { spec, diagnostics } = loadScenarioFile(file);
  expect(diagnostics).toEqual([]);
  return runScenario(spec!);
}

describe('report headline: what a run replayed', () => {
  it('counts the tasks submitted and names the trace file, the window, the sample and the records read', () => {
    const rows = ['60000,job.submitted,a,3,1,1024,60000,', '61000,job.submitted,b,2,1,1024,60000,ignored', '62000,job.submitted,c,1,1,1024,60000,'];
    const r = run(['workload:', '  sources: [{ trace: jobs.csv }]', '  window: { start: 1m }', '  map: [{ match: { framework: [ignored] }, framework: batch }]'], rows);
    const card = r.metrics.headline.find((h) => h.key === 'replay.tasksSubmitted');
    expect(card).toMatchObject({ label: 'workload tasks submitted', value: 2 });
    expect(card!.note).toBe('native-csv jobs.csv; window from trace time 1 min (time 0 here); 3 records read, 2 unmapped (no rule)');
    expect(r.metrics.headline[0].key).toBe('replay.tasksSubmitted');
  });

  it('says what fraction was sampled', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i * 1000},job.submitted,j${i},1,0.1,64,1000,`);
    const r = run(['workload:', '  sources: [{ trace: jobs.csv }]', '  sample: { jobs: 0.5 }', '  map: [{ framework: batch }]'], rows);
    const card = r.metrics.headline.find((h) => h.key === 'replay.tasksSubmitted')!;
    const sampledOut = (r.summary as { replay: { feed: { sampledOut: number } } }).replay.feed.sampledOut;
    expect(sampledOut).toBeGreaterThan(0);
    expect(card.value).toBe(40 - sampledOut);
    expect(card.note).toContain(`; 50% of jobs, 100% of machines kept; 40 records read, ${sampledOut} sampled out`);
  });

  it('is absent from a run without a workload', () => {
    const r = run(['  # no workload']);
    expect(r.metrics.headline.some((h) => h.key === 'replay.tasksSubmitted')).toBe(false);
  });
});
