/**
 * A scheduler's calls after its framework left the master (removed by the timeline, by its failover
 * timeout, or after a rate-limited call dropped it) have no effect, as Mesos answers them ("framework is
 * not subscribed"). Before: a trace-replay framework revived for a job that arrived after its removal and
 * the run stopped (exit 3, "allocator: unknown framework t"). Found by fuzzing, session 20.
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from '../failures/helpers.ts';

const replay = (timeline: string, extra = '') => runYaml(`
name: removed
until: 2m
agents:
  - { id: a, count: 2, resources: "cpus:8;mem:4GiB" }
frameworks:
  - { id: t, role: r, ${extra}scheduler: { type: trace-replay } }
workload:
  sources:
    - generate: { type: jobs, arrivals: { poisson: 10s }, count: 5, tasks: 2, cpus: 1, memMiB: 100, duration: forever }
  map: [ { framework: t } ]
timeline:
${timeline}`);

describe('calls of a framework no longer at the master', () => {
  it('are dropped: jobs arriving after a removeFramework run nowhere, the run goes on', () => {
    const { events } = replay('  - { at: 1s, do: removeFramework, framework: t }\n');
    expect(of(events, 'framework.removed').map((e) => e.t)).toEqual([1000]);
    expect(of(events, 'task.launched', (e) => e.t > 1000)).toEqual([]);
  });

  it('also after its failover timeout (0 s by default) removed it when it disconnected', () => {
    const { events } = replay('  - { at: 1s, do: disconnectFramework, framework: t }\n');
    expect(of(events, 'framework.failoverTimeout').map((e) => e.t)).toEqual([1000]);
    expect(of(events, 'task.launched', (e) => e.t > 1000)).toEqual([]);
  });
});

describe('the summary of a model whose framework was removed during the run', () => {
  it('keeps its stateful and analytics sections, counted until the removal (they were dropped)', () => {
    const { result } = runYaml(`
name: removed-stats
until: 10m
agents:
  - { id: a, count: 3, resources: "cpus:8;mem:16GiB;disk:200GiB" }
frameworks:
  - { id: db, role: d, scheduler: { type: stateful, instances: 2, resources: "cpus:1;mem:1GiB", dataSize: 1GiB, rebuildRate: 100MiB, failure: 1m } }
  - { id: spark, role: k, scheduler: { type: analytics, jobs: { count: 5, interarrival: 10s, tasksPerStage: 4, taskDuration: 5s }, executor: { resources: "cpus:1;mem:1GiB" } } }
timeline:
  - { at: 5m, do: removeFramework, framework: db }
  - { at: 5m, do: removeFramework, framework: spark }
`);
    const s = result.summary as { stateful?: { byFramework: Record<string, { failures: number; downMs: number }> }; analytics?: Record<string, { jobsCompleted: number }> };
    expect(s.analytics?.spark.jobsCompleted).toBe(5);
    expect(s.stateful?.byFramework.db.failures).toBeGreaterThan(0);
    expect(s.stateful!.byFramework.db.downMs).toBeLessThanOrEqual(2 * 5 * 60_000); // the clock stopped at the removal
  });
});
