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
