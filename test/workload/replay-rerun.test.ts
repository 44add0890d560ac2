/**
 * Trace replay when the simulation, not the trace, ends a task (src/frameworks/trace-replay.ts,
 * `rerunLost`): the task is queued again and runs from the start; if the lost task comes back
 * (its agent reregisters, mesos-semantics §6.2), a re-run not started yet is called off, and one
 * already running makes the replay kill the task that came back: the work runs once. The trace
 * (Google 2011 task_events) starts job 1's two tasks at 10 s; the trace ends them at 600 s and 700 s.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import type { TraceReplayScheduler } from '../../src/frameworks/trace-replay.ts';
import { scheduler, specFromText } from '../frameworks/helpers.ts';
import { writeGoogleTrace } from './google-trace-writer.ts';

const trace = writeGoogleTrace([
  [10, 1, 0, 'submit'], [10, 1, 0, 'schedule'], [10, 1, 1, 'submit'], [10, 1, 1, 'schedule'],
  [600, 1, 0, 'finish'], [700, 1, 1, 'finish'],
]);

type Ev = { t: number; type: string; task?: string; agent?: string; state?: string; reason?: string; submitted?: number };

/**
 * Machine `m` (32 cpus), which takes both tasks at 10 s and fails at 60 s as `fail` says; with
 * `spare`, a second machine `spare` joins at 30 s.
 */
function run(spare: boolean, fail: string, extra = '') {
  const spec = specFromText(`name: rerun
seed: 7
until: 20m
${extra}agents:
  - { id: m, resources: "cpus:32;mem:128GiB" }${spare ? '\n  - { id: spare, at: 30s, resources: "cpus:32;mem:128GiB" }' : ''}
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay${extra.includes('rerunLost') ? ', rerunLost: false' : ''} } }
workload:
  sources: [{ trace: ${join(trace, 'task_events')} }]
  map: [{ framework: batch }]
timeline:
  - { at: 60s, do: fail, agents: [m], ${fail} }
`);
  const events: Ev[] = [];
  const b = buildSimulation(spec, [{ emit(t, type, f) { if (type.startsWith('task.')) events.push({ t, type, ...f } as Ev); } }]);
  b.sim.run(spec.untilMs);
  const launches = events.filter((e) => e.type === 'task.launched').map((e) => `${e.t} ${e.agent} ${e.task}`);
  const ends = events.filter((e) => e.type === 'task.status' && e.state !== 'TASK_RUNNING').map((e) => `${e.t} ${e.task} ${e.state}`);
  return { events, launches, ends, stats: scheduler<TraceReplayScheduler>(b, 'batch').stats };
}

describe('trace replay: tasks the simulation ended run again', () => {
  it('lost with a crashed machine, they are re-run where there is room, from the start', () => {
    // m crashes at 60 s; marked unreachable at 135 s (75 s of missed pings): both tasks TASK_LOST.
    const { launches, ends, stats, events } = run(true, 'kind: crash, duration: 30m');
    expect(launches).toEqual([
      '10000 m batch-t0000001', '10000 m batch-t0000002',
      '135000 spare batch-t0000003', '135000 spare batch-t0000004',
    ]);
    // The re-runs wait from their resubmission, and run the trace's full run times (590 s, 690 s)
    // once the trace tells them (at 600 s and 700 s, while they run).
    expect(events.filter((e) => e.type === 'task.launched').slice(2).map((e) => e.submitted)).toEqual([135_000, 135_000]);
    expect(ends).toEqual([
      '135000 batch-t0000001 TASK_LOST', '135000 batch-t0000002 TASK_LOST',
      '725000 batch-t0000003 TASK_FINISHED', '825000 batch-t0000004 TASK_FINISHED',
    ]);
    expect(stats).toMatchObject({ rerun: 2, lost: 2, finished: 2, cameBack: 0 });
  });

  it('with nowhere to run, the re-runs wait; the machine comes back within the trace run time', () => {
    // One machine, back at 11 min: the trace ended both tasks meanwhile (600 s, 700 s), so the
    // re-runs launch knowing their run times and end 590 s and 690 s later.
    const { launches, ends } = run(false, 'kind: crash, duration: 10m');
    expect(launches.slice(2)).toEqual(['660000 m batch-t0000003', '660000 m batch-t0000004']);
    expect(ends.slice(2)).toEqual([]); // 660 + 590 s is past the 20 min end
  });

  it('a lost task that comes back before its re-run started carries on; the re-run is called off', () => {
    // One machine, cut off for 3 min: TASK_LOST at 135 s, back at 240 s with its tasks (§6.2).
    const { launches, ends, stats } = run(false, 'kind: partition, duration: 3m');
    expect(launches).toHaveLength(2); // no re-run
    expect(ends).toEqual([
      '135000 batch-t0000001 TASK_LOST', '135000 batch-t0000002 TASK_LOST',
      '600000 batch-t0000001 TASK_FINISHED', '700000 batch-t0000002 TASK_FINISHED',
    ]);
    expect(stats).toMatchObject({ rerun: 2, cameBack: 2, rerunCalledOff: 2 });
  });

  it('a lost task that comes back after its re-run started is killed: the work runs once', () => {
    const { launches, ends, stats } = run(true, 'kind: partition, duration: 3m');
    expect(launches.slice(2)).toEqual(['135000 spare batch-t0000003', '135000 spare batch-t0000004']);
    expect(ends).toEqual([
      '135000 batch-t0000001 TASK_LOST', '135000 batch-t0000002 TASK_LOST',
      '240000 batch-t0000001 TASK_KILLED', '240000 batch-t0000002 TASK_KILLED',
      '725000 batch-t0000003 TASK_FINISHED', '825000 batch-t0000004 TASK_FINISHED',
    ]);
    expect(stats).toMatchObject({ rerun: 2, cameBack: 2, rerunCalledOff: 0 });
  });

  it('rerunLost: false keeps the old behaviour: the lost work is gone', () => {
    const { launches, stats } = run(true, 'kind: crash, duration: 30m', '# rerunLost\n');
    expect(launches).toHaveLength(2);
    expect(stats).toMatchObject({ rerun: 0, lost: 2 });
  });

  it('under the monolithic baseline the re-run goes to the central scheduler, and is taken back there', () => {
    const mono = 'master: { offerModel: { type: monolithic, decision: { perJob: 100ms, perTask: 0s } } }\n';
    const crashed = run(true, 'kind: crash, duration: 30m', mono);
    // each re-run is a job of its own (the losses are told one by one): 100 ms apiece
    expect(crashed.launches.slice(2)).toEqual(['135100 spare batch-t0000003', '135200 spare batch-t0000004']);
    const back = run(false, 'kind: partition, duration: 3m', mono);
    expect(back.launches).toHaveLength(2);
    expect(back.stats).toMatchObject({ rerun: 2, cameBack: 2, rerunCalledOff: 2 });
  });

  it("a failure model over all racks covers the machines the trace adds (their racks are known only then)", () => {
    const withMachines = writeGoogleTrace([[10, 1, 0, 'submit'], [10, 1, 0, 'schedule'], [10, 1, 1, 'submit'], [10, 1, 1, 'schedule']], 2);
    const spec = specFromText(`name: rack-models
seed: 7
until: 5m
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay } }
workload:
  sources: [{ trace: ${join(withMachines, 'machine_events')} }, { trace: ${join(withMachines, 'task_events')} }]
  agents: { resources: "cpus:32;mem:128GiB", perRack: 1 }
  map: [{ framework: batch }]
failures:
  models:
    - { level: rack, kind: crash, failure: 60s, repair: 1h }
`);
    const events: { t: number; type: string; domain?: string; agents?: number; state?: string }[] = [];
    const b = buildSimulation(spec, [{ emit(t, type, f) { events.push({ t, type, ...f }); } }]);
    b.sim.run(spec.untilMs);
    expect(events.filter((e) => e.type === 'domain.failed').map((e) => `${e.t} ${e.domain} ${e.agents}`)).toEqual(['60000 rack-0001 1', '60000 rack-0002 1']);
    expect(events.filter((e) => e.type === 'task.status' && e.state === 'TASK_LOST')).toHaveLength(2);
  });
});

describe('trace replay: a launch still being thought about when the trace tells its end', () => {
  // Job 1's task: submitted and started by the trace at 10 s, finished at 15 s (a 5 s run).
  const short = writeGoogleTrace([[10, 1, 0, 'submit'], [10, 1, 0, 'schedule'], [15, 1, 0, 'finish']]);
  function lives(think: string, timeline = '', spare = false) {
    const spec = specFromText(`name: think
seed: 7
until: 10m
agents:
  - { id: m, resources: "cpus:32;mem:128GiB" }${spare ? '\n  - { id: spare, at: 30s, resources: "cpus:32;mem:128GiB" }' : ''}
frameworks:
  - { id: batch, role: batch, scheduler: { type: trace-replay, thinkTime: { perTask: ${think} } } }
workload:
  sources: [{ trace: ${join(short, 'task_events')} }]
  map: [{ framework: batch }]
${timeline}`);
    const events: Ev[] = [];
    const b = buildSimulation(spec, [{ emit(t, type, f) { if (type.startsWith('task.')) events.push({ t, type, ...f } as Ev); } }]);
    b.sim.run(spec.untilMs);
    return events.filter((e) => e.type === 'task.launched' || (e.type === 'task.status' && e.state !== 'TASK_RUNNING')).map((e) => `${e.t} ${e.task} ${e.type === 'task.launched' ? `launched ${e.agent}` : e.state}`);
  }

  it('the run counts from the launch, after the think time', () => {
    // Offered at 10 s, launched after 20 s of thinking (30 s); the trace's end at 15 s is told meanwhile.
    expect(lives('20s')).toEqual(['30000 batch-t0000001 launched m', '35000 batch-t0000001 TASK_FINISHED']);
  });

  it('a launch lost while thinking is queued again with the run time told meanwhile', () => {
    // m is cut off at 12 s and removed at 87 s (its offer rescinded) while the scheduler thinks until 110 s:
    // the launch is lost, queued again at 110 s knowing its 5 s run, offered the spare at once and
    // launched after another 100 s.
    expect(lives('100s', 'timeline:\n  - { at: 12s, do: fail, agents: [m], kind: partition, duration: 1h }\n', true))
      .toEqual(['210000 batch-t0000002 launched spare', '215000 batch-t0000002 TASK_FINISHED']);
  });
});

