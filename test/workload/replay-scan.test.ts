/**
 * The trace-replay framework's queue scan per offer (`maxScan`, src/frameworks/trace-replay.ts): a
 * job of many identical tasks that does not fit costs one step of the scan, not one per task, so it
 * cannot hide the work queued behind it; a scan that does stop at `maxScan` is counted
 * (summary.json `replay.frameworks.<id>.scanCutShort`). Hand-written native CSV.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { specFromText } from '../frameworks/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(name: string, rows: string[], maxScan: number): { launched: string[]; scanCutShort: number } {
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, `atMs,kind,jobId,taskCount,cpus,memMiB,durationMs,priority\n${rows.join('\n')}\n`);
  const spec = specFromText(`name: scan
seed: 1
until: 2m
agents: [{ id: m, count: 4, resources: "cpus:4;mem:16GiB" }]
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay, maxScan: ${maxScan} } }
workload:
  sources: [{ trace: ${file} }]
  map: [{ framework: batch }]
`);
  const r = runScenario(spec, { outDir: null, keepEvents: true });
  const launched = r.events!.map((l) => JSON.parse(l) as { t: number; type: string; job?: string })
    .filter((e) => e.type === 'task.launched').map((e) => `${e.t} ${e.job}`);
  const replay = r.summary.replay as { frameworks: Record<string, { scanCutShort: number }> };
  return { launched, scanCutShort: replay.frameworks.batch.scanCutShort };
}

describe('trace replay: the queue scan per offer', () => {
  it('a job of 2,500 tasks that can never fit does not hide the job behind it', () => {
    // big (priority 5) needs 8 cpus per task on 4-cpu machines; small (priority 1) arrives at 1 s.
    // Before: the 2,500 big tasks used up the 2,000 steps of every scan and small never ran.
    const r = run('big', ['0,job.submitted,big,2500,8,1024,60000,5', '1000,job.submitted,small,10,1,512,60000,1'], 2000);
    expect(r.launched.filter((l) => l.endsWith(' small'))).toHaveLength(10);
    expect(r.launched[0]).toBe('5000 small'); // once the 5 s decline filters of 0 s end
    expect(r.scanCutShort).toBe(0);
  });

  it('a scan stopped at maxScan is counted, and the work past it waits', () => {
    // Three one-task jobs of different shapes too big for any machine, then a small one: with
    // maxScan 2 the small job is never reached.
    const rows = ['0,job.submitted,x,1,5,1024,60000,5', '0,job.submitted,y,1,6,1024,60000,5', '0,job.submitted,z,1,7,1024,60000,5', '1000,job.submitted,small,1,1,512,60000,1'];
    const cut = run('cut', rows, 2);
    expect(cut.launched).toEqual([]);
    expect(cut.scanCutShort).toBeGreaterThan(0);
    expect(run('uncut', rows, 4).launched).toEqual(['5000 small']);
  });
});
