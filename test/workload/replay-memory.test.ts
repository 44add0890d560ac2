/**
 * Memory of a trace replay (docs/workloads.md "Memory"): a trace job's N instances waiting for
 * offers are held as one queue entry (and one dependency-gate batch), not N task objects, so what
 * the replay holds follows the jobs queued and the tasks running, not the tasks submitted. Counted
 * through the feed's footprint() at a point in a run, never timed or measured in bytes.
 * The Alibaba 2017 sample (../shared/traces-real) is used when present; the test skips without it.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { specFromText } from '../frameworks/helpers.ts';

const SAMPLE = resolve(__dirname, '../../../shared/traces-real/alibaba-2017/batch_task.csv.gz');

function replay(trace: string, agents: string, until: string) {
  const spec = specFromText(`name: replay-memory
seed: 3
until: ${until}
agents: [${agents}]
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
workload:
  sources: [{ trace: ${trace}, format: alibaba-2017 }]
  map: [{ framework: batch }]
`);
  const launched: string[] = [];
  const b = buildSimulation(spec, [{ emit(_t, type, f) { if (type === 'task.launched') launched.push(String(f.task)); } }]);
  b.sim.run(spec.untilMs);
  return { feed: b.workload!.feed!, launched };
}

describe('trace replay memory', () => {
  it('holds a job of many queued instances as one entry', () => {
    // 30 jobs (task rows) of 400 one-core instances each, all submitted in the first minute, on 16 cores.
    const dir = mkdtempSync(join(tmpdir(), 'replay-memory-'));
    const rows = Array.from({ length: 30 }, (_, i) => `${10 + i},${7200 + i},${1 + (i % 3)},${i + 1},400,Terminated,100,0.001`);
    writeFileSync(join(dir, 'batch_task.csv'), rows.join('\n') + '\n');
    const { feed, launched } = replay(join(dir, 'batch_task.csv'), '{ id: m, count: 2, resources: "cpus:8;mem:64GiB" }', '10m');
    const fp = feed.footprint();
    expect(feed.stats.tasksSubmitted).toBe(12_000);
    // 16 launched (one core each, nothing ends within the hour), the other 11,984 queued ...
    expect(launched).toHaveLength(16);
    expect(fp.queues.batch.tasks).toBe(12_000 - 16);
    // ... in at most one entry per job: an entry per task would be ~12,000.
    expect(fp.queues.batch.entries).toBeLessThanOrEqual(30);
    // The gate notes them in batches too (no key per task), the launched ones included (not done).
    expect(fp.gate).toEqual({ keys: 0, batches: 30, batchTasks: 12_000 });
    expect(fp.liveTasks).toBe(0);
  });

  it.skipIf(!existsSync(SAMPLE))('Alibaba 2017 sample: queue entries follow the jobs queued, not the tasks', () => {
    const { feed } = replay(SAMPLE, '{ id: m, count: 20, resources: "cpus:64;mem:256GiB" }', '20m');
    const fp = feed.footprint();
    const q = fp.queues.batch;
    expect(q.tasks).toBeGreaterThan(10_000);
    // Measured: 178,298 instances queued at 20 min in 1,369 entries; a task object each would be q.tasks.
    expect(q.entries).toBeLessThan(q.tasks / 100);
    expect(fp.gate!.keys).toBe(0);
  });
});
