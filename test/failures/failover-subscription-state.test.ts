/**
 * What a framework's subscription carries across a master failover (found by fuzzing framework
 * models, session 20). Before: every model suppressed when idle lost its suppression at the new
 * master and was offered everything every second for the rest of the run (an idle batch framework
 * declined 237 offers in 4 minutes); and a framework inactive when the master failed was activated at
 * the election and launched tasks.
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from './helpers.ts';

const cluster = (frameworks: string, timeline: string) => runYaml(`
name: failover-subscription
until: 5m
agents:
  - { id: a, count: 2, resources: "cpus:4;mem:8GiB" }
frameworks:
${frameworks}
timeline:
${timeline}  - { at: 1m, do: failMaster, electionDelay: 5s }
`);

describe('a master failover', () => {
  it('keeps a framework suppressed: it subscribes again with its suppressed roles (§2.2)', () => {
    const { events } = cluster('  - { id: b, role: r, scheduler: { type: batch, jobs: { count: 1, tasks: 1, resources: "cpus:1;mem:1GiB", duration: 10s } } }', '');
    expect(of(events, 'framework.reregistered').map((e) => e.t)).toEqual([65_000]);
    expect(of(events, 'offer', (e) => e.t >= 60_000)).toEqual([]);
  });

  it('a revive after the failover still brings offers (the suppression is the framework\'s, not stuck)', () => {
    const { events } = cluster('  - { id: b, role: r, scheduler: { type: batch, jobs: { count: 1, tasks: 1, resources: "cpus:1;mem:1GiB", duration: 10s } } }',
      '  - { at: 2m, do: revive, framework: b }\n');
    expect(of(events, 'offer', (e) => e.t >= 120_000).length).toBeGreaterThan(0);
  });

  it('does not activate a framework that was inactive (declared so, or deactivated by the timeline)', () => {
    const { events } = cluster([
      '  - { id: h, role: r, active: false, scheduler: { type: hoarder, mode: long-tasks, task: "cpus:1;mem:1GiB" } }',
      '  - { id: s, role: q, scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:1;mem:1GiB" }, maxTasks: 1 } }',
    ].join('\n'), '  - { at: 10s, do: deactivateFramework, framework: s }\n');
    expect(of(events, 'framework.reregistered').map((e) => e.framework)).toEqual(['h', 's']);
    expect(of(events, 'framework.activated')).toEqual([]);
    expect(of(events, 'offer', (e) => e.t >= 60_000)).toEqual([]);
    expect(of(events, 'task.launched', (e) => e.framework === 'h')).toEqual([]);
  });
});
