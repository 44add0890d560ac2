/**
 * Status updates from an agent cut off from the master (mesos-semantics §6.1, §6.2): a task that
 * ends on a partitioned agent (or one whose process is down) ends there, but its TASK_FINISHED
 * waits with the agent's status update manager and reaches the master, in order, only when the
 * agent reconnects or reregisters; its resources go back to the allocator only then. A task that
 * ends while the agent is marked unreachable is reported terminal when it reregisters.
 */
import { describe, expect, it } from 'vitest';
import { of, runYaml, type Ev } from './helpers.ts';

const scenario = (agent: string, fws: readonly string[], timeline: readonly string[]) => `
name: held-updates
until: 15m
master: { allocationInterval: 1s }
agents:
  - { id: a1, resources: "${agent}" }
frameworks:
${fws.join('\n')}
timeline:
${timeline.map((t) => `  - ${t}`).join('\n')}
`;

/** One framework with one job of one 1-cpu task of `duration`, submitted at `start`. */
const job = (id: string, duration: string, o: { start?: string; checkpoint?: boolean } = {}) =>
  `  - { id: ${id}, checkpoint: ${o.checkpoint ?? true}, scheduler: { type: batch, jobs: { count: 1, start: ${o.start ?? '0s'}, tasks: 1, resources: "cpus:1;mem:256", duration: ${duration} } } }`;

const statuses = (events: Ev[]) => of(events, 'task.status').map((e) => [e.t, e.task, e.state, e.reason ?? null]);

describe('status updates held while the agent is cut off', () => {
  it('a short partition (no ping timeout): the task finished at 70 s is reported at the heal, 90 s, and its cpu is freed only then', () => {
    // 1-cpu agent: f1's task runs from 0 s for 70 s; f2's job arrives at 75 s and needs that cpu.
    const { events } = runYaml(scenario('cpus:1;mem:1024', [job('f1', '70s'), job('f2', '1m', { start: '75s' })],
      ['{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 30s }']));
    expect(of(events, 'agent.state')).toEqual([]); // never noticed: healed 30 s later, within the 75–90 s ping budget
    expect(statuses(events)).toEqual([
      [90_000, 'f1-task-000001', 'TASK_FINISHED', null],
      [150_000, 'f2-task-000001', 'TASK_FINISHED', null],
    ]);
    // the cpu comes back at 90 s without a run; the batch tick of that instant (after the heal) offers it to f2
    expect(of(events, 'task.launched').map((e) => [e.t, e.task])).toEqual([[0, 'f1-task-000001'], [90_000, 'f2-task-000001']]);
    // before that f2 is offered only a1's spare memory (declined), never a cpu
    expect(of(events, 'offer', (e) => e.framework === 'f2' && String(e.resources).includes('cpus')).map((e) => e.t)).toEqual([90_000]);
  });

  it('marked unreachable meanwhile: ends before and during the unreachable time are reported at reregistration, in order', () => {
    // f1 ends at 100 s (agent silent, still registered), f2 at 171 s (agent unreachable since 135 s),
    // f3 (302 s) still runs at the heal (240 s) and comes back RUNNING.
    const { events } = runYaml(scenario('cpus:4;mem:4096', [job('f1', '100s'), job('f2', '170s'), job('f3', '300s')],
      ['{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 3m }']));
    const upTo240 = statuses(events).filter(([t]) => (t as number) <= 240_000);
    expect(upTo240).toEqual([
      [135_000, 'f1-task-000001', 'TASK_LOST', 'health check timed out'],
      [135_000, 'f2-task-000001', 'TASK_LOST', 'health check timed out'],
      [135_000, 'f3-task-000001', 'TASK_LOST', 'health check timed out'],
      [240_000, 'f3-task-000001', 'TASK_RUNNING', 'agent reregistered'],
      [240_000, 'f1-task-000001', 'TASK_FINISHED', 'agent reregistered'],
      [240_000, 'f2-task-000001', 'TASK_FINISHED', 'agent reregistered'],
    ]);
    // only the survivor is re-added as used; it finishes on its own time
    expect(of(events, 'agent.reregistered').map((e) => [e.t, e.tasks])).toEqual([[240_000, 1]]);
    expect(of(events, 'task.status', (e) => e.task === 'f3-task-000001').map((e) => [e.t, e.state])).toEqual([
      [135_000, 'TASK_LOST'], [240_000, 'TASK_RUNNING'], [302_000, 'TASK_FINISHED'],
    ]);
  });

  it('across a master failover: held while the agent is recovering, delivered when it reconnects', () => {
    // partition 60–240 s; master down 70–90 s; a1 silent at the election (recovering); f1 ends at 100 s
    const { events } = runYaml(scenario('cpus:4;mem:4096', [job('f1', '100s')],
      ['{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 3m }', '{ at: 70s, do: failMaster, electionDelay: 20s }']));
    expect(of(events, 'agent.state').map((e) => [e.t, e.to])).toEqual([[90_000, 'recovering'], [240_000, 'registered']]);
    expect(statuses(events)).toEqual([[240_000, 'f1-task-000001', 'TASK_FINISHED', null]]);
    expect(of(events, 'agent.reconnected').map((e) => e.t)).toEqual([240_000]);
  });

  it('healed while no master leads: delivered at the election', () => {
    // partition 60–90 s; master down 70–110 s; f1 ends at 80 s on the cut-off agent
    const { events } = runYaml(scenario('cpus:4;mem:4096', [job('f1', '80s')],
      ['{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 30s }', '{ at: 70s, do: failMaster, electionDelay: 40s }']));
    expect(of(events, 'master.elected').map((e) => e.t)).toEqual([110_000]);
    expect(statuses(events)).toEqual([[110_000, 'f1-task-000001', 'TASK_FINISHED', null]]);
  });

  it('a task on a crashed machine does not finish: it is lost when the master notices', () => {
    const { events } = runYaml(scenario('cpus:4;mem:4096', [job('f1', '100s')], ['{ at: 1m, do: fail, agents: [a1], kind: crash }']));
    expect(statuses(events)).toEqual([[135_000, 'f1-task-000001', 'TASK_LOST', 'health check timed out']]);
  });

  it('an executor that dies with the agent process while the agent is cut off is reported lost when the agent is back', () => {
    // f1 does not checkpoint: its executor dies with the agent process (65 s); the master, cut off
    // since 60 s, saw no socket close and learns it at the heal (90 s) instead of a FINISHED at 10 min
    const { events } = runYaml(scenario('cpus:4;mem:4096', [job('f1', '10m', { checkpoint: false })],
      ['{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 30s }', '{ at: 65s, do: fail, agents: [a1], kind: process, duration: 10s }']));
    expect(statuses(events).filter(([t]) => (t as number) <= 600_000)).toEqual([[90_000, 'f1-task-000001', 'TASK_LOST', 'agent disconnected']]);
  });
});

describe('an unreachable agent that comes back while no master leads', () => {
  it('reregisters at the election with its tasks (it was not in the registry the new master waits for)', () => {
    // partition 60–240 s: unreachable at 135 s; master down 230–250 s; f1 (400 s) still runs
    const { events } = runYaml(scenario('cpus:4;mem:4096', [job('f1', '400s')],
      ['{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 3m }', '{ at: 230s, do: failMaster, electionDelay: 20s }']));
    expect(of(events, 'agent.reregistered').map((e) => [e.t, e.tasks])).toEqual([[250_000, 1]]);
    expect(statuses(events)).toEqual([
      [135_000, 'f1-task-000001', 'TASK_LOST', 'health check timed out'],
      [250_000, 'f1-task-000001', 'TASK_RUNNING', 'agent reregistered'],
      [400_000, 'f1-task-000001', 'TASK_FINISHED', null],
    ]);
  });
});

describe('an executor-reported terminal update (driver.sendStatusUpdate) on a cut-off agent', () => {
  it('a service task crashing at 90 s on an agent partitioned 60–120 s is TASK_FAILED at 120 s, replaced only then', () => {
    const { events } = runYaml(scenario('cpus:4;mem:4096', [
      '  - { id: web, scheduler: { type: service, apps: [{ id: web, instances: 1, resources: "cpus:1;mem:256", failure: 90s }] } }',
    ], ['{ at: 1m, do: fail, agents: [a1], kind: partition, duration: 1m }']));
    const launchedAt = of(events, 'task.launched')[0].t;
    expect(launchedAt).toBe(0);
    expect(of(events, 'task.status', (e) => e.t <= 120_000).map((e) => [e.t, e.task, e.state, e.reason])).toEqual([
      [120_000, 'web.web.0000001', 'TASK_FAILED', 'application crashed'],
    ]);
    // the replacement follows the update it learns at 120 s: launch backoff 1 s, then the next offer (122 s)
    expect(of(events, 'task.launched').map((e) => e.t).slice(0, 2)).toEqual([0, 122_000]);
  });
});
