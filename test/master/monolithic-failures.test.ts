/**
 * The monolithic baseline (`master.offerModel: monolithic`) when agents fail or are drained
 * (mesos-semantics §6.2, §5.3): lost work is handed to the central scheduler again and placed on
 * the agents that are left, never on an agent being drained; a lost task that comes back before
 * its re-run was placed takes the re-run back, so the work runs once.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

type Ev = { t: number; type: string; state?: string; reason?: string; task?: string; agent?: string; framework?: string; job?: string };

function run(agents: number, frameworks: string, timeline: string, until = '1h'): Ev[] {
  const { spec, diagnostics } = loadScenarioText('mono-failures.yaml', `
name: mono-failures
until: ${until}
master: { offerModel: { type: monolithic, decision: { perJob: 100ms, perTask: 5ms } } }
agents: [{ id: agent, count: ${agents}, resources: "cpus:4;mem:4GiB" }]
frameworks:
${frameworks}
timeline:
${timeline}
`);
  expect(diagnostics).toEqual([]);
  return runScenario(spec!, { keepEvents: true }).events!.map((l) => JSON.parse(l) as Ev);
}

/** One batch job of `tasks` 1-cpu tasks of 30 min. */
const batch = (tasks: number) => `  - { id: f, role: r, scheduler: { type: batch, jobs: { count: 1, tasks: ${tasks}, resources: "cpus:1;mem:512", duration: 30m } } }`;

const launched = (events: Ev[]) => events.filter((e) => e.type === 'task.launched');
const withState = (events: Ev[], state: string) => events.filter((e) => e.type === 'task.status' && e.state === state);

describe('monolithic baseline: agent failures', () => {
  it('batch tasks lost with a crashed agent are decided again and run on the agent that is left', () => {
    // 3 agents × 4 cpus, 8 tasks: first fit fills agent-00001 and agent-00002. agent-00001 crashes at
    // 1 min; its 4 tasks are TASK_LOST at 2m15s (75 s of missed pings). After the 1 s retry delay each
    // re-run is a one-task job: 100 + 5 ms apiece, one after the other, all on agent-00003.
    const events = run(3, batch(8), '  - { at: 1m, do: fail, agents: [agent-00001], kind: crash, duration: 10m }');
    expect(withState(events, 'TASK_LOST').map((e) => `${e.t} ${e.agent}`)).toEqual(Array(4).fill('135000 agent-00001'));
    const reruns = launched(events).slice(8);
    expect(reruns.map((e) => `${e.t} ${e.agent}`)).toEqual(['136105 agent-00003', '136210 agent-00003', '136315 agent-00003', '136420 agent-00003']);
    expect(withState(events, 'TASK_FINISHED')).toHaveLength(8); // the work of all 8 tasks is done once
    expect(events.filter((e) => e.type === 'offer')).toEqual([]);
  });

  it('a lost task that comes back before its re-run was placed takes the re-run back', () => {
    // 2 agents, 8 tasks: the cluster is full, so the re-runs wait in the central queue until
    // agent-00002, cut off for 3 min from 1 min, reregisters with its tasks still running (§6.2).
    const events = run(2, batch(8), '  - { at: 1m, do: fail, agents: [agent-00002], kind: partition, duration: 3m }');
    expect(withState(events, 'TASK_LOST')).toHaveLength(4);
    expect(events.filter((e) => e.type === 'task.status' && e.state === 'TASK_RUNNING' && e.reason === 'agent reregistered')).toHaveLength(4);
    expect(events.filter((e) => e.type === 'central.queued')).toHaveLength(5); // the job, then each re-run
    expect(launched(events)).toHaveLength(8); // no re-run was placed
    expect(withState(events, 'TASK_KILLED')).toHaveLength(0);
    expect(withState(events, 'TASK_FINISHED')).toHaveLength(8);
  });

  it('lost service instances are restarted on the agents that are left; cron runs go on', () => {
    const events = run(3, `  - { id: s, role: s, scheduler: { type: service, apps: [{ id: web, instances: 6, resources: "cpus:1;mem:512" }] } }
  - { id: c, role: c, scheduler: { type: cron, jobs: [{ id: etl, every: 5m, tasks: 2, resources: "cpus:1;mem:512", duration: 4m }] } }`,
    '  - { at: 1m, do: fail, agents: [agent-00001], kind: crash, duration: 10m }', '15m');
    const web = (e: Ev) => e.framework === 's';
    expect(withState(events, 'TASK_LOST').filter(web).map((e) => e.agent)).toEqual(Array(4).fill('agent-00001'));
    const restarted = launched(events).filter((e) => web(e) && e.t > 135_000);
    expect(restarted.map((e) => e.agent)).toEqual(Array(4).fill('agent-00003'));
    expect(restarted.every((e) => e.t < 140_000)).toBe(true);
    // cron: a run every 5 min, each of 2 tasks, none on agent-00001 while it is down (1 to 11 min)
    const etl = launched(events).filter((e) => e.framework === 'c');
    expect(etl.map((e) => e.job)).toEqual(['etl#1', 'etl#1', 'etl#2', 'etl#2', 'etl#3', 'etl#3']);
    expect(etl.filter((e) => e.t > 60_000 && e.t < 660_000).every((e) => e.agent !== 'agent-00001')).toBe(true);
  });
});

describe('monolithic baseline: draining', () => {
  it('nothing is placed on a draining agent; its killed instances are restarted elsewhere', () => {
    // web fills agent-00001 (4) and agent-00002 (2); cron's runs start on agent-00002. At 20 min
    // agent-00002 is drained: no new run goes there, and its 2 web instances restart on agent-00003.
    const events = run(3, `  - { id: s, role: s, scheduler: { type: service, apps: [{ id: web, instances: 6, resources: "cpus:1;mem:512" }] } }
  - { id: c, role: c, scheduler: { type: cron, jobs: [{ id: etl, every: 5m, tasks: 2, resources: "cpus:1;mem:512", duration: 4m }] } }`,
    '  - { at: 20m, do: drainAgent, agents: [agent-00002], maxGracePeriod: 5s }', '30m');
    const drainedAt = events.find((e) => e.type === 'agent.draining')!.t;
    expect(drainedAt).toBe(1_200_000);
    const after = launched(events).filter((e) => e.t >= drainedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((e) => e.agent !== 'agent-00002')).toBe(true);
    const killed = withState(events, 'TASK_KILLED').filter((e) => e.framework === 's');
    expect(killed.map((e) => e.agent)).toEqual(['agent-00002', 'agent-00002']);
    expect(after.filter((e) => e.framework === 's')).toHaveLength(2);
  });
});
