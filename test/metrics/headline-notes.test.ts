/**
 * Headline cards. A replay whose trace had invalid lines ran without them (docs/workloads.md §9): run's stderr and
 * summary.json said so, but report.html (built from metrics.json) did not, so a page read on its own
 * showed the run as if the whole trace had been replayed. The headline now opens with the count.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.ts';

function run(rows: readonly string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'cs-invalid-card-'));
  writeFileSync(join(dir, 'jobs.csv'), ['atMs,kind,jobId,taskCount,cpus,memMiB,durationMs', ...rows].join('\n') + '\n');
  const file = join(dir, 's.yaml');
  writeFileSync(file, [
    'name: s', 'seed: 1', 'until: 5m',
    'agents: [{ id: node, count: 2, resources: "cpus:4;mem:16GiB" }]',
    'frameworks:', '  - { id: batch, role: batch, scheduler: { type: trace-replay } }',
    'workload:', '  sources: [{ trace: jobs.csv }]', '  window: { start: 0s }', '  map: [{ framework: batch }]',
  ].join('\n') + '\n');
  const { spec, diagnostics } = loadScenarioFile(file);
  expect(diagnostics).toEqual([]);
  return runScenario(spec!);
}

describe('report headline: invalid trace lines', () => {
  it('opens the headline with the number of trace lines skipped as invalid', () => {
    const r = run(['0,job.submitted,a1,2,1,1024,60000', '1000,job.submitted,a2,two,1,1024,60000', '2000,job.submited,a3,2,1,1024,60000', '3000,job.submitted,a4,1,1,1024,60000']);
    expect((r.summary as { replay: { feed: { invalidLines: number } } }).replay.feed.invalidLines).toBe(2);
    const card = r.metrics.headline[0];
    expect(card).toMatchObject({ key: 'replay.invalidLines', label: 'invalid trace lines skipped', value: 2, better: 'lower' });
    expect(card.note).toContain('workload.diagnostic');
  });

  it('has no such card when every line was read', () => {
    const r = run(['0,job.submitted,a1,2,1,1024,60000']);
    expect(r.metrics.headline.some((h) => h.key === 'replay.invalidLines')).toBe(false);
  });
});

describe('sharing-incentive card with one role', () => {
  it('says "the one role with demand met it", not "all 1 roles"', () => {
    const { spec } = loadScenarioText('one.yaml', [
      'name: one', 'until: 10m', 'agents: [{ id: a, count: 1, resources: "cpus:2;mem:4GiB" }]',
      'frameworks: [{ id: f, role: r, scheduler: { type: batch, jobs: { count: 1, tasks: 4, resources: "cpus:1;mem:512", duration: 1m } } }]',
    ].join('\n') + '\n');
    const card = runScenario(spec!).metrics.headline.find((h) => h.key === 'sharingIncentive.rolesViolating');
    expect(card?.note).toBe('the one role with demand met it');
  });
});
