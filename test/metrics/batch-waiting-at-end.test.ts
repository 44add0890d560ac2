/**
 * summary.json `tasks.waitingAtEnd` (waiting-at-end.test.ts) is work submitted within the run and not launched. The batch model
 * counted its jobs whose arrival time had not come: three jobs an hour apart in a one-minute run
 * "waited" 6 tasks at the end while no job event was ever logged.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { specFromText } from '../frameworks/helpers.ts';

const summaryOf = (text: string) => runScenario(specFromText(text), { outDir: null }).summary as {
  tasks: { waitingAtEnd: number; launched: number };
  waitMs: { byFramework: Record<string, { waitingAtEnd: number }> };
};

describe('tasks.waitingAtEnd', () => {
  it('leaves out batch jobs that have not arrived', () => {
    const s = summaryOf(`name: future-jobs
seed: 3
until: 1m
agents: [{ id: m, resources: "cpus:8;mem:16GiB" }]
frameworks:
  - { id: b, role: b, scheduler: { type: batch, jobs: { count: 3, interarrival: 1h, tasks: 2, resources: "cpus:1;mem:1GiB", duration: 10s } } }
`);
    expect(s.tasks.launched).toBe(0);
    expect(s.tasks.waitingAtEnd).toBe(0);
  });

  it('counts the tasks of an arrived job that could not launch', () => {
    const s = summaryOf(`name: too-big
seed: 3
until: 1m
agents: [{ id: m, resources: "cpus:2;mem:16GiB" }]
frameworks:
  - { id: b, role: b, scheduler: { type: batch, jobs: { count: 1, tasks: 3, resources: "cpus:4;mem:1GiB", duration: 10s } } }
`);
    expect(s.tasks.waitingAtEnd).toBe(3);
    expect(s.waitMs.byFramework.b.waitingAtEnd).toBe(3);
  });
});
