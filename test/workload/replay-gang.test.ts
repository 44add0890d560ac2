/**
 * Rigid jobs (`gang: true` in the workload map; src/frameworks/trace-replay.ts): a job.submitted
 * record's tasks start together or not at all, across the offers of one batch. Hand-written native
 * CSV; two machines of 4 cpus.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { specFromText } from '../frameworks/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'gang-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function launches(name: string, rows: string[], gang: boolean, master = '', machines = 2): string[] {
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, `atMs,kind,jobId,taskCount,cpus,memMiB,durationMs\n${rows.join('\n')}\n`);
  const spec = specFromText(`name: gang
seed: 1
until: 5m
${master}agents: [{ id: m, count: ${machines}, resources: "cpus:4;mem:8GiB" }]
frameworks:
  - { id: hpc, role: hpc, scheduler: { type: trace-replay } }
workload:
  sources: [{ trace: ${file} }]
  map: [{ framework: hpc, gang: ${gang} }]
`);
  const r = runScenario(spec, { outDir: null, keepEvents: true });
  return r.events!.map((l) => JSON.parse(l) as { t: number; type: string; job?: string; agent?: string })
    .filter((e) => e.type === 'task.launched').map((e) => `${e.t / 1000} ${e.job} ${e.agent}`);
}

// Job a: 3 one-cpu tasks for 60 s at 0 s. Job b: 6 one-cpu tasks at 10 s (only 5 cpus are free until
// a ends). Job c: 1 task at 20 s.
const ROWS = ['0,job.submitted,a,3,1,128,60000', '10000,job.submitted,b,6,1,128,60000', '20000,job.submitted,c,1,1,128,60000'];

describe('rigid jobs (gang)', () => {
  it('a gang starts all its tasks in one batch, across machines, once there is room for all', () => {
    const l = launches('gang', ROWS, true);
    const b = l.filter((x) => x.includes(' b '));
    expect(b).toHaveLength(6);
    expect(new Set(b.map((x) => x.split(' ')[0]))).toEqual(new Set(['60'])); // all at once, when a ended
    expect(new Set(b.map((x) => x.split(' ')[2])).size).toBe(2); // over both machines
    // c, behind b in the queue, went first: backfilling (no reservation for the waiting gang)
    expect(Number(l.find((x) => x.includes(' c '))!.split(' ')[0])).toBeLessThan(60);
  });

  it('without gang the same job starts the tasks that fit at once', () => {
    const b = launches('plain', ROWS, false).filter((x) => x.includes(' b '));
    expect(b.filter((x) => x.startsWith('10 '))).toHaveLength(5);
  });

  it('under the monolithic baseline a gang is placed whole or not at all', () => {
    const mono = 'master: { offerModel: { type: monolithic, decision: { perJob: 0s, perTask: 0s } } }\n';
    const b = launches('mono', ROWS, true, mono).filter((x) => x.includes(' b '));
    expect(b).toHaveLength(6);
    expect(new Set(b.map((x) => x.split(' ')[0])).size).toBe(1);
  });

  it('a gang that started does not stop the scan of its offer for the work behind it', () => {
    // One machine: gang g (2 × 1 cpu) starts; job a (8 cpus) never fits; job b (1 cpu) fits in the same offer.
    const l = launches('scan', ['0,job.submitted,g,2,1,128,60000', '0,job.submitted,a,1,8,128,60000', '0,job.submitted,b,1,1,128,60000'], true, '', 1);
    expect(l.map((x) => x.split(' ').slice(0, 2).join(' '))).toEqual(['0 g', '0 g', '0 b']);
  });

  it('gangHold keeps the offers a waiting gang could use until enough have come (hoarding)', () => {
    // One machine at first, a second at 30 s; a gang of 6 one-cpu tasks at 0 s needs both.
    const file = join(dir, 'hold.csv');
    writeFileSync(file, 'atMs,kind,jobId,taskCount,cpus,memMiB,durationMs\n0,job.submitted,g,6,1,128,60000\n');
    const run = (hold: string) => {
      const spec = specFromText(`name: hold
seed: 1
until: 2m
agents:
  - { id: a, resources: "cpus:4;mem:8GiB" }
  - { id: b, at: 30s, resources: "cpus:4;mem:8GiB" }
frameworks:
  - { id: hpc, role: hpc, scheduler: { type: trace-replay, gangHold: ${hold} } }
workload:
  sources: [{ trace: ${file} }]
  map: [{ framework: hpc, gang: true }]
`);
      const events = runScenario(spec, { outDir: null, keepEvents: true }).events!.map((l) => JSON.parse(l) as { t: number; type: string; agent?: string });
      return {
        launched: events.filter((e) => e.type === 'task.launched').map((e) => `${e.t / 1000} ${e.agent}`),
        declinedBefore30: events.filter((e) => e.type === 'offer.declined' && e.t < 30_000).length,
      };
    };
    const held = run('60s');
    expect(held.launched).toEqual(['30 a', '30 a', '30 a', '30 a', '30 b', '30 b']); // a's offer was kept since 0 s
    expect(held.declinedBefore30).toBe(0);
    const plain = run('0s');
    expect(plain.declinedBefore30).toBeGreaterThan(0); // declined, and back only when its filter ends
  });
});

