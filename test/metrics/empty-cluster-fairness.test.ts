/**
 * A static partition of an empty cluster gives nothing, so no role falls short of its static share
 * while the cluster has no capacity: with no agents, the sole role with demand was reported as
 * violating the sharing incentive for the whole run (found by fuzzing reports, session 21).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { specFromText } from '../frameworks/helpers.ts';

type SharingIncentive = { byRole: Record<string, { belowFairShareMs: number; demandMs: number; violations: number }>; rolesViolating: string[] };

const sharing = (agents: string, timeline = '') => (runScenario(specFromText(`name: empty
until: 5m
agents: ${agents}
frameworks:
  - { id: fa, role: ra, scheduler: { type: batch, jobs: { count: 5, interarrival: 30s, tasks: [1, 4], resources: "cpus:1;mem:1GiB", duration: 1m } } }
${timeline}`), { outDir: null }).summary as { sharingIncentive: SharingIncentive }).sharingIncentive;

describe('sharing incentive on an empty cluster', () => {
  it('has no shortfall while there is no capacity', () => {
    const s = sharing('[]');
    expect(s.byRole.ra.demandMs).toBeGreaterThan(0);
    expect(s.byRole.ra).toMatchObject({ belowFairShareMs: 0, violations: 0 });
    expect(s.rolesViolating).toEqual([]);
  });

  it('counts one once capacity arrives and the role stays without it', () => {
    // an agent too small for any task arrives at 1 min: from then on the role is short of its share
    const s = sharing('[]', 'timeline:\n  - { at: 1m, do: addAgent, agent: { id: small, resources: "cpus:0.5;mem:512" } }\n');
    expect(s.byRole.ra.belowFairShareMs).toBeGreaterThan(0);
  });
});
