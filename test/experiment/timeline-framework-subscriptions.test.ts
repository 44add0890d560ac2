/**
 * Timeline actions on a framework's subscription that stopped a run (exit 3; found by fuzzing
 * timelines, session 19):
 * - `addFramework` of a framework already at the master registered it twice ("framework fw0 already
 *   added"): now skipped and logged `timeline.skipped`, as actions on a framework not at the master are;
 * - `updateFramework` back to a role the framework dropped while it still held resources there: the
 *   role was still tracked (HA updateFramework keeps it), and tracking it again failed ("sorter:
 *   client fw0 already added").
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml } from '../failures/helpers.ts';

const scenario = (timeline: string) => `
name: subscriptions
until: 10s
agents: [{ id: ag0, resources: "cpus:2;mem:1GiB" }]
frameworks:
  - { id: fw0, role: a, scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:1;mem:256", duration: 60s } } }
timeline:
${timeline}`;

describe('timeline actions on a framework\'s subscription', () => {
  it('skips an addFramework of a framework already at the master', () => {
    const { events } = runYaml(scenario('  - { at: 1s, do: addFramework, framework: fw0 }\n'));
    expect(of(events, 'timeline.skipped')).toEqual([{ t: 1000, type: 'timeline.skipped', action: 'addFramework', framework: 'fw0', reason: 'framework already at the master' }]);
    expect(of(events, 'framework.added')).toHaveLength(1);
  });

  it('subscribes again to a role it dropped while holding resources there, and is offered for it again', () => {
    const { events } = runYaml(scenario(`  - { at: 1s, do: updateFramework, framework: fw0, roles: [b] }
  - { at: 2s, do: updateFramework, framework: fw0, roles: [a] }
`));
    // Offers for role a stop while fw0 is subscribed to b only, and resume once it is back.
    const forA = of(events, 'offer', (e) => e.role === 'a').map((e) => e.t);
    expect(forA.some((t) => t < 1000)).toBe(true);
    expect(forA.some((t) => t > 1000 && t < 2000)).toBe(false);
    expect(forA.some((t) => t >= 2000)).toBe(true);
  });
});
