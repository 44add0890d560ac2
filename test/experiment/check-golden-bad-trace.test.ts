/**
 * `check --golden DIR --update` on a replay whose trace had invalid lines: the run is an error
 * (invalid input), and its summary was still recorded as the baseline ("UPDATED … golden"), so a
 * broken input became the reference. Now nothing is written and the golden case is an error too.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioFile } from '../../src/experiment/check.ts';

function scenario(rows: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cs-golden-badtrace-'));
  writeFileSync(join(dir, 'jobs.csv'), ['atMs,kind,jobId,taskCount,cpus,memMiB,durationMs', ...rows].join('\n') + '\n');
  const file = join(dir, 'bt.yaml');
  writeFileSync(file, [
    'name: bt', 'seed: 1', 'until: 5m',
    'agents: [{ id: node, count: 2, resources: "cpus:4;mem:16GiB" }]',
    'frameworks:', '  - { id: batch, role: batch, scheduler: { type: trace-replay } }',
    'workload:', '  sources: [{ trace: jobs.csv }]', '  window: { start: 0s }', '  map: [{ framework: batch }]',
  ].join('\n') + '\n');
  return file;
}

describe('check --update with invalid trace lines', () => {
  it('records no golden from the run and says why', async () => {
    const file = scenario(['0,job.submitted,a1,2,1,1024,60000', '1000,job.submitted,a2,two,1,1024,60000']);
    const golden = join(mkdtempSync(join(tmpdir(), 'cs-golden-dir-')), 'g');
    const r = await checkScenarioFile(file, { goldenDir: golden, update: true });
    expect(r.cases.map((c) => [c.name, c.status])).toEqual([['trace', 'error'], ['golden', 'error']]);
    expect(r.cases[1].message).toBe('not recorded: 1 invalid trace line(s) skipped (summary.json replay.feed.invalidLines); fix the trace, then --update');
    expect(existsSync(golden) ? readdirSync(golden) : []).toEqual([]);
  });

  it('records it once the trace is clean', async () => {
    const file = scenario(['0,job.submitted,a1,2,1,1024,60000']);
    const golden = join(mkdtempSync(join(tmpdir(), 'cs-golden-dir-')), 'g');
    const r = await checkScenarioFile(file, { goldenDir: golden, update: true });
    expect(r.cases.map((c) => [c.name, c.status])).toEqual([['golden', 'updated']]);
    expect(readdirSync(golden)).toEqual(['bt.summary.json']);
  });
});
