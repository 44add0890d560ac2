/**
 * The trace-replay framework's memory of its last scan in which everything looked at was too big
 * (src/frameworks/no-fit-memo.ts): offers answered from it must be answered exactly as a scan would
 * answer them. A run with the memo and one without it must write the same event log and the same
 * summary (launches, declines, `scanCutShort`), on a workload made to leave many small leftovers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { fitTotals, shapeOf } from '../../src/frameworks/fit.ts';
import { NoFitMemo } from '../../src/frameworks/no-fit-memo.ts';
import { parseResources } from '../../src/cluster/resource-text.ts';
import type { Resources } from '../../src/cluster/resources.ts';
import { createRng } from '../../src/kernel/rng.ts';
import { specFromText } from '../frameworks/helpers.ts';

const res = (text: string) => parseResources(text) as Resources;
const shape = (text: string, revocable = false) => shapeOf(res(text), revocable);
const totals = (text: string) => fitTotals(res(text));

describe('NoFitMemo', () => {
  it('answers only for the queue version it saw, and only when none of the shapes may fit', () => {
    const memo = new NoFitMemo();
    memo.record(7, [shape('cpus:2;mem:1024'), shape('cpus:1;mem:2048'), shape('cpus:3;mem:3072')], true);
    expect(memo.recall(7, totals('cpus:1.5;mem:1536'))).toBe(true); // none fits: cut short, as remembered
    expect(memo.recall(7, totals('cpus:2;mem:1024'))).toBeNull(); // the first fits: scan
    expect(memo.recall(7, totals('cpus:1;mem:2048'))).toBeNull(); // the second fits
    expect(memo.recall(8, totals('cpus:1.5;mem:1536'))).toBeNull(); // the queue changed
    memo.record(9, [shape('cpus:3;mem:3072')], false);
    expect(memo.recall(9, totals('cpus:2;mem:8192'))).toBe(false);
    expect(memo.hits).toBe(2);
  });

  it('keeps a shape that needs more than another only when they draw on different resources', () => {
    const memo = new NoFitMemo();
    // The revocable shape needs more than the plain one, but may take revocable cpus: it is kept.
    memo.record(1, [shape('cpus:1;mem:1024'), shape('cpus:2;mem:1024', true)], false);
    const withRevocable = fitTotals([...res('mem:4096'), ...res('cpus:4').map((r) => ({ ...r, revocable: true, key: `${r.key}{revocable}` }))]);
    expect(memo.recall(1, withRevocable)).toBeNull();
    expect(memo.recall(1, totals('cpus:0.5;mem:4096'))).toBe(false);
  });

  it('remembers nothing from a scan that looked at too many shapes', () => {
    const memo = new NoFitMemo();
    memo.record(1, Array.from({ length: 300 }, (_, i) => shape(`cpus:${i + 1};mem:1024`)), false);
    expect(memo.recall(1, totals('cpus:0.5;mem:512'))).toBeNull();
  });
});

const dir = mkdtempSync(join(tmpdir(), 'no-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => { vi.restoreAllMocks(); });

/**
 * Jobs of many shapes on small machines, some only for zone a: most offers are leftovers too small
 * for every queued shape, and some scans meet tasks that fit but cannot be placed there.
 */
function workload(seed: string): string {
  const rng = createRng(seed);
  const rows: string[] = [];
  for (let j = 0; j < 300; j++) {
    const at = Math.floor(rng.next() * 150_000);
    const cpus = [0.5, 1, 1.5, 2, 2.5, 3, 3.5][Math.floor(rng.next() * 7)];
    const mem = 256 * (1 + Math.floor(rng.next() * 40));
    const zone = rng.next() < 0.4 ? 'zone eq a' : ''; // on a machine of zone b such tasks fit but cannot be placed
    rows.push(`${at},job.submitted,j${j},${1 + Math.floor(rng.next() * 12)},${cpus},${mem},${5_000 + Math.floor(rng.next() * 55_000)},${Math.floor(rng.next() * 4)},${zone}`);
  }
  rows.sort((a, b) => Number(a.split(',')[0]) - Number(b.split(',')[0]));
  const file = join(dir, `${seed}.csv`);
  writeFileSync(file, `atMs,kind,jobId,taskCount,cpus,memMiB,durationMs,priority,constraints\n${rows.join('\n')}\n`);
  return file;
}

function run(file: string, maxScan: number): { digest: string; summary: string } {
  const spec = specFromText(`name: no-fit
seed: 3
until: 4m
agents:
  - { id: a, count: 15, resources: "cpus:4;mem:8GiB", attributes: { zone: a } }
  - { id: b, count: 15, resources: "cpus:4;mem:8GiB", attributes: { zone: b } }
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay, maxScan: ${maxScan}, refuseSeconds: 1 } }
workload:
  sources: [{ trace: ${file} }]
  map: [{ framework: batch }]
`);
  const r = runScenario(spec, { outDir: null });
  return { digest: r.digest!, summary: JSON.stringify(r.summary) };
}

describe('trace replay with the no-fit memo', () => {
  for (const [seed, maxScan] of [['a', 2000], ['b', 8], ['c', 3]] as const) {
    it(`decides as a scan of every offer would (workload ${seed}, maxScan ${maxScan})`, () => {
      const file = workload(seed);
      const recall = vi.spyOn(NoFitMemo.prototype, 'recall');
      const withMemo = run(file, maxScan);
      const answered = recall.mock.results.filter((x) => x.value !== null).length;
      recall.mockReturnValue(null); // every offer scanned
      const without = run(file, maxScan);
      expect(answered).toBeGreaterThan(50); // the memo was used, so the comparison says something
      expect(withMemo.digest).toBe(without.digest);
      expect(withMemo.summary).toBe(without.summary);
      if (maxScan < 10) expect(JSON.parse(without.summary).replay.frameworks.batch.scanCutShort).toBeGreaterThan(0);
    });
  }
});
