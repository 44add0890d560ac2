/**
 * Timeline actions by or on a framework that is no longer at the master (src/experiment/timeline.ts):
 * removed by `removeFramework`, or by its failover timeout after a disconnect. They are skipped and
 * logged `timeline.skipped`; before, activating or deactivating such a framework stopped the run
 * ("unknown framework", a simulation error), and a suppress or revive was logged as if it happened.
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from './helpers.ts';

function run(timeline: string[]) {
  return runYaml(`
name: removed-framework
until: 10m
agents: [{ id: a, count: 2, resources: "cpus:4;mem:8GiB" }]
frameworks:
  - id: batch
    scheduler: { type: batch, jobs: { count: 4, interarrival: 1m, tasks: 1, resources: "cpus:1;mem:1GiB", duration: 2m } }
  - id: other
    scheduler: { type: batch, jobs: { count: 4, interarrival: 1m, tasks: 1, resources: "cpus:1;mem:1GiB", duration: 2m } }
timeline: [${timeline.join(', ')}]
`);
}

describe('timeline actions for a framework no longer at the master', () => {
  it('are skipped and logged, whatever removed it; the run goes on', () => {
    const { events, result } = run([
      '{ at: 1m, do: removeFramework, framework: batch }',
      '{ at: 2m, do: activateFramework, framework: batch }',
      '{ at: 3m, do: deactivateFramework, framework: batch }',
      '{ at: 4m, do: suppress, framework: batch }',
      '{ at: 5m, do: removeFramework, framework: batch }',
      // failoverTimeout 0 (the default): removed at once when its scheduler disconnects
      '{ at: 6m, do: disconnectFramework, framework: other, duration: 1m }',
      '{ at: 7m, do: revive, framework: other }',
    ]);
    expect(of(events, 'timeline.skipped').map((e) => [e.t, e.action, e.framework, e.reason])).toEqual([
      [120_000, 'activateFramework', 'batch', 'framework not at the master'],
      [180_000, 'deactivateFramework', 'batch', 'framework not at the master'],
      [240_000, 'suppress', 'batch', 'framework not at the master'],
      [300_000, 'removeFramework', 'batch', 'framework not at the master'],
      [420_000, 'revive', 'other', 'framework not at the master'],
    ]);
    expect(of(events, 'framework.removed').map((e) => [e.t, e.framework])).toEqual([[60_000, 'batch'], [360_000, 'other']]);
    expect(of(events, 'framework.suppressed', (e) => e.t >= 240_000 && e.framework === 'batch')).toEqual([]);
    expect((result.summary as { tasks: { launched: number } }).tasks.launched).toBeGreaterThan(0);
  });
});
