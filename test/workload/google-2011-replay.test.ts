import { beforeAll, describe, expect, it } from 'vitest';
import type { BuiltSimulation } from '../../src/experiment/build-simulation.ts';
import type { RunSpec } from '../../src/scenario/run-spec.ts';
import type { ReplayFeed } from '../../src/workload/replay/feed.ts';
import type { TraceReplayScheduler } from '../../src/frameworks/trace-replay.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { scheduler, simulate, specFromText, specOf } from '../frameworks/helpers.ts';
import { hasShared } from './helpers.ts';

describe.skipIf(!hasShared)('scenarios/google-2011-sample.yaml: the Google 2011 shard through DRF', () => {
  // Built in beforeAll: describe bodies run at collection time even when skipped.
  let spec: RunSpec, b: BuiltSimulation, feed: ReplayFeed, prod: TraceReplayScheduler, batch: TraceReplayScheduler;
  beforeAll(() => {
    spec = specOf('scenarios/google-2011-sample.yaml');
    b = simulate(spec);
    feed = b.workload!.feed!;
    prod = scheduler<TraceReplayScheduler>(b, 'prod');
    batch = scheduler<TraceReplayScheduler>(b, 'batch');
  });

  it('machines come from machine_events (3 % seeded sample, all added at the window start)', () => {
    expect(feed.stats.agentsAdded).toBe(358);
    expect(b.master.agents.size).toBe(358);
    const racks = new Set([...b.master.agents.values()].map((a) => a.info.attributes.rack));
    expect(racks.size).toBe(9); // 40 per rack
  });

  it('tasks are streamed from task_events, sampled by job, mapped by priority band', () => {
    expect(feed.stats.records).toBeGreaterThan(400_000); // the hour's rows were all read ...
    expect(feed.stats.tasksSubmitted).toBe(3694); // ... and 3 % of the jobs kept
    expect(prod.stats.submitted + batch.stats.submitted).toBe(3694);
    expect(prod.stats.submitted).toBeGreaterThan(batch.stats.submitted); // the snapshot at t=0 is mostly production
    // Memory: the feed tracks live incarnations only, far fewer than the rows read.
    expect(feed.stats.peakLiveTasks).toBeLessThan(feed.stats.records / 100);
  });

  it('DRF places nearly everything; trace ends finish tasks with the trace run times', () => {
    expect(batch.stats.launched).toBe(batch.stats.submitted);
    expect(prod.stats.launched / prod.stats.submitted).toBeGreaterThan(0.95);
    expect(batch.stats.finished).toBeGreaterThan(1000);
    expect(b.master.counters.tasksLaunched).toBe(prod.stats.launched + batch.stats.launched);
  });

  it('runs end to end through runScenario with a summary, deterministically', () => {
    const short = { ...spec, untilMs: 10 * 60_000 };
    const r1 = runScenario(short);
    const r2 = runScenario(short);
    expect(r1.digest).toBe(r2.digest);
    expect(r1.eventsDispatched).toBeGreaterThan(10_000);
    expect(JSON.stringify(r1.summary)).toContain('"prod"');
  });
});

describe('workload mapping diagnostics', () => {
  it('a mapping to a framework that is not a trace-replay framework is an error at its line', () => {
    expect(() => specFromText(`name: x
frameworks:
  - { id: web, scheduler: { type: scripted } }
workload:
  sources: [{ generate: { type: jobs, arrivals: { poisson: 10s }, count: 3, cpus: 1, memMiB: 128, duration: 1m } }]
  map: [{ framework: web }]
`)).toThrow(/is not a declared framework with scheduler type trace-replay.*"line":6,"column":22/);
  });
});
