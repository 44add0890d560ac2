/**
 * A report that cannot be written does not take the run with it (session 22: a scenario with a
 * thousand roles overflowed the chart compiler after 22 s of simulation, and no run directory was
 * left). The run directory is committed with everything but the report, and the error says how to
 * write the report again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportFailedError, runScenarioWithOutputs } from '../../src/experiment/run.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { ROOT, tempDir } from './helpers.ts';

describe('a report that fails', () => {
  it('leaves the run directory, without the report, and names the cause', async () => {
    const { spec } = loadScenarioFile(join(ROOT, 'scenarios/drf-paper.yaml'));
    const out = join(tempDir(), 'run');
    const failed = await runScenarioWithOutputs(spec!, { outDir: out }, async () => { throw new Error('chart compiler overflow'); }).catch((e) => e);
    expect(failed).toBeInstanceOf(ReportFailedError);
    expect((failed as ReportFailedError).message).toBe('the report could not be written: chart compiler overflow');
    for (const f of ['events.jsonl', 'summary.json', 'metrics.json', 'manifest.json', 'timing.json']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).outputs).toEqual(['events.jsonl', 'manifest.json', 'metrics.json', 'summary.json', 'timing.json']);
    expect((failed as ReportFailedError).result.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
