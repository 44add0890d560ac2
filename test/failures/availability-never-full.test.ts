import { describe, expect, it } from 'vitest';
import { runYaml } from './helpers.ts';

// Six replicas of 2 cpus on machines of 4 cpus: one machine from the start, one more at 4 min
// (and, with `third`, one more at 7 min, which gives room for all six).
const scenario = (third: boolean) => `
name: never-full
seed: 1
until: 10m
agents:
  - { id: a1, resources: "cpus:4;mem:16GiB" }
frameworks:
  - id: svc
    role: svc
    scheduler: { type: replicated-service, instances: 6, resources: "cpus:2;mem:1GiB" }
timeline:
  - { at: 4m, do: addAgent, agent: { id: a2, resources: "cpus:4;mem:16GiB" } }
${third ? '  - { at: 7m, do: addAgent, agent: { id: a3, resources: "cpus:4;mem:16GiB" } }' : ''}
`;

type Avail = { wanted: number; measuredFromMs: number | null; mean: number | null; min: number | null; belowSloMs: number };
const availability = (third: boolean) => {
  const { result, events } = runYaml(scenario(third));
  return { a: (result.summary.failures as { availability: Record<string, Avail> }).availability.svc, events };
};

describe('failures.availability of a service that never reaches full strength', () => {
  it('is measured over the whole run instead of being null: below its SLO all the time, mean = its time-weighted fraction', () => {
    const { a, events } = availability(false);
    // Two replicas at t=0, two more when the second machine registers at 4 min.
    expect(events.filter((e) => e.type === 'task.launched').map((e) => e.t)).toEqual([0, 0, 240_000, 240_000]);
    // (2/6 · 4 min + 4/6 · 6 min) / 10 min = 32/60
    expect(a).toMatchObject({ wanted: 6, measuredFromMs: null, min: 0.333333333, belowSloMs: 600_000 });
    expect(a.mean).toBeCloseTo(32 / 60, 8);
  });

  // Full strength once the service's 5 s decline filter on the new machine expires (7 min 5 s).
  it('a service that reaches full strength is still measured from that moment', () => {
    const { a } = availability(true);
    expect(a).toMatchObject({ wanted: 6, measuredFromMs: 425_000, mean: 1, min: 1, belowSloMs: 0 });
  });
});
