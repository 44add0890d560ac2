/**
 * Peak memory of a long trace replay (docs/workloads.md "Memory"): the first hour of the genuine
 * Alibaba 2017 batch_task sample (`../shared/traces-real/alibaba-2017/batch_task.csv.gz`, 80,553
 * task rows, ~670 k instances submitted) on 1,300 machines of 64 cores, DRF offers — the run that
 * peaked at 1.2-1.3 GB RSS when every queued instance was an object (session 11). Each run is a
 * child process (`maxRSS` is a process's high-water mark, so it cannot share one with other
 * benchmarks: bench/replay-memory-child.js) through the whole pipeline without writing files; the
 * digest shows it is the same run.
 * Skipped without ../shared.
 *
 * Run alone: `npm run bench -- replay-memory`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = resolve(repoRoot, '../shared/traces-real/alibaba-2017/batch_task.csv.gz');

export const ALIBABA_HOUR = (trace: string): string => `name: alibaba-2017-hour
description: Alibaba 2017 batch_task, first hour, on 1300 machines (bench/replay-memory.ts)
seed: 2017
until: 1h
agents: [{ id: m, count: 1300, resources: "cpus:64;mem:256GiB" }]
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
workload:
  sources: [{ trace: ${JSON.stringify(trace)} }]
  map: [{ framework: batch }]
`;

export function benchReplayMemory(runs = 1): Record<string, unknown> {
  if (!existsSync(SAMPLE)) return { skipped: 'needs ../shared/traces-real/alibaba-2017' };
  const dir = mkdtempSync(join(tmpdir(), 'bench-replay-memory-'));
  const scenario = join(dir, 'alibaba-2017-hour.yaml');
  writeFileSync(scenario, ALIBABA_HOUR(SAMPLE));
  const results = Array.from({ length: runs }, () => {
    const p = spawnSync(process.execPath, [join(repoRoot, 'bench/replay-memory-child.js'), scenario], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 24 });
    if (p.status !== 0) throw new Error(`bench replay-memory: child exited ${p.status}: ${p.stderr}`);
    return JSON.parse(p.stdout.trim().split('\n').pop()!) as { wallMs: number; eventsDispatched: number; digest: string; maxRssKiB: number };
  });
  const peak = results.map((r) => Math.round(r.maxRssKiB / 1024));
  return {
    scenario: 'alibaba-2017 batch_task, first hour, 1300 x 64-cpu machines, DRF',
    peakRssMiB: Math.max(...peak), peakRssMiBRuns: peak,
    wallMs: results.map((r) => Math.round(r.wallMs)), eventsDispatched: results[0].eventsDispatched, digest: results[0].digest,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(benchReplayMemory(Number(process.argv[2] ?? 1)), null, 2));
