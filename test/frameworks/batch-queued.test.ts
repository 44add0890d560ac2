/**
 * A batch job whose first task finished while the others still wait for resources is not
 * complete: the batch scheduler reports its queued tasks (queuedTasksOf), so job completion is
 * measured from the job's last task, not its first.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

function jobsAt(until: string): { completed: number; completionMs: { p50: number | null } } {
  const { spec, diagnostics } = loadScenarioText('queued.yaml', `
name: queued
until: ${until}
agents: [{ id: a, resources: "cpus:1;mem:1024" }]
frameworks:
  - id: f
    role: r
    offerLatency: 5s
    scheduler: { type: batch, jobs: { count: 1, tasks: 3, resources: "cpus:1;mem:512", duration: 10m } }
`);
  expect(diagnostics).toEqual([]);
  return runScenario(spec!).summary.jobs as { completed: number; completionMs: { p50: number | null } };
}

describe('BatchScheduler.queuedTasksOf', () => {
  it('keeps a job open while tasks are queued, and measures completion from its last task', () => {
    // One cpu, 5 s think time: the tasks run one after another; 2 s after the first ends (the next
    // offer not yet answered) nothing runs, yet the job is not done.
    expect(jobsAt('607s').completed).toBe(0);
    const done = jobsAt('1h');
    expect(done.completed).toBe(1);
    expect(done.completionMs.p50).toBeGreaterThanOrEqual(30 * 60_000);
  });
});
