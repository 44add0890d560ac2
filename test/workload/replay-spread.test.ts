/**
 * Google 2019 collections' spreading limits (`max_per_machine`, `max_per_switch`) become placement
 * constraints of the job's tasks in the replay (src/workload/replay/feed.ts). Hand-written native
 * CSV: job x allows one instance per machine; job y has no limit. Two machines of 8 cpus.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { specFromText } from '../frameworks/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'spread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function launches(rows: string[]): string[] {
  const file = join(dir, `t${rows.length}.csv`);
  writeFileSync(file, `atMs,kind,event,jobId,taskIndex,cpus,memMiB,maxPerMachine\n${rows.join('\n')}\n`);
  const spec = specFromText(`name: spread
seed: 1
until: 1m
agents: [{ id: m, count: 2, resources: "cpus:8;mem:8GiB" }]
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
workload:
  sources: [{ trace: ${file} }]
  map: [{ framework: batch }]
`);
  const r = runScenario(spec, { outDir: null, keepEvents: true });
  return r.events!.map((l) => JSON.parse(l) as { type: string; job?: string; agent?: string }).filter((e) => e.type === 'task.launched').map((e) => `${e.job} ${e.agent}`);
}

const tasks = (job: string) => [0, 1, 2].map((i) => `1000,task.event,submit,${job},${i},1,128,`);

describe('Google 2019 spreading limits in the replay', () => {
  it('max_per_machine 1: one instance per machine, the third waits', () => {
    const l = launches(['0,job.event,submit,x,,,,1', ...tasks('x')]);
    expect(l).toHaveLength(2);
    expect(new Set(l).size).toBe(2); // on two different machines
  });

  it('without a limit all three start, wherever the offers put them', () => {
    expect(launches(['0,job.event,submit,y,,,,', ...tasks('y')])).toHaveLength(3);
  });
});
