/**
 * The charts' time axis spans the run (metrics.json endMs), not only the times a series changed: in a
 * run where nothing was ever allocated the dominant-shares chart had the domain [0, 0] and the
 * fairness sentence read "for 4.25 min of the 0 ms run" (found by fuzzing reports, session 21).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { reportDataFromMetrics } from '../../src/report/from-metrics.ts';
import { writeReport } from '../../src/report/write-report.ts';
import { specFromText } from '../frameworks/helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'cs-run-end-axis-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a run where nothing was allocated', () => {
  it('has charts over the whole run', async () => {
    const { metrics } = runScenario(specFromText(`name: no-agents
until: 5m
agents: []
frameworks:
  - { id: fa, role: ra, scheduler: { type: batch, jobs: { count: 5, interarrival: 30s, tasks: [1, 4], resources: "cpus:1;mem:1GiB", duration: 1m } } }
`), { outDir: null });
    await writeReport(root, reportDataFromMetrics(metrics), { png: false });
    const spec = JSON.parse(readFileSync(join(root, 'charts', 'dominant-shares.vl.json'), 'utf8'));
    expect(spec.vconcat[0].encoding.x.scale.domain).toEqual([0, 5]);
    const html = readFileSync(join(root, 'report.html'), 'utf8');
    expect(html).toContain('of the 5 min run');
    expect(html).not.toContain('of the 0 ms run');
  });
});
