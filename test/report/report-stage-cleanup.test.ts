/**
 * `report` stopped by Ctrl-C (no handler: the process ends at once) left its `.tmp-report-<pid>` stage
 * in the run directory, and later reports never removed it (found by fuzzing, session 21). The next
 * report removes the stages of processes that are gone, never a live one's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRunReport } from '../../src/cli/commands/report.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { specFromText } from '../frameworks/helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'cs-report-stage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('report stages left by a stopped report', () => {
  it('are removed by the next report when their process is gone', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a process that has ended
    const abandoned = join(root, `.tmp-report-${dead}`);
    const live = join(root, `.tmp-report-${process.ppid}`); // the test runner's parent: alive
    mkdirSync(abandoned);
    mkdirSync(live);
    const { metrics } = runScenario(specFromText('name: tiny\nuntil: 1m\nagents: [{ id: a, resources: "cpus:1;mem:1GiB" }]\nframeworks: []\n'), { outDir: null });
    await writeRunReport(root, metrics);
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(join(root, 'report.html'))).toBe(true);
  });
});
