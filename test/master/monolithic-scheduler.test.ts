/**
 * The monolithic scheduler baseline (`master.offerModel: monolithic`, src/master/monolithic/): one
 * central scheduler, one FIFO queue, decision time perJob + perTask × tasks. The small cases are
 * worked out by hand; the default mode must not change.
 */
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PlacementGroup } from '../../src/frameworks/placement.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioSet } from '../../src/experiment/scenario-set.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const ROOT = join(import.meta.dirname, '../..');

const scripted = (id: string, n: number, resources: string, duration?: string) =>
  `  - { id: ${id}, role: ${id}, scheduler: { type: scripted, onOffer: launch, maxTasks: ${n}, task: { resources: "${resources}"${duration ? `, duration: ${duration}` : ''} } } }`;

/** a1 has 2 cpus, a2 4 (first fit in agent-id order); frameworks are added at t = 0 in file order. */
const scenario = (decision: string, frameworks: string[], until = '5s') => `
name: mono
until: ${until}
master: { offerModel: { type: monolithic, decision: ${decision} } }
agents:
  - { id: a1, resources: "cpus:2;mem:4GiB" }
  - { id: a2, resources: "cpus:4;mem:4GiB" }
frameworks:
${frameworks.join('\n')}
`;

function run(text: string) {
  const r = loadScenarioText('mono.yaml', text);
  expect(r.diagnostics).toEqual([]);
  const res = runScenario(r.spec!, { keepEvents: true });
  const events = res.events!.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { ...res, events, spec: r.spec! };
}

const launches = (events: Record<string, unknown>[]) =>
  events.filter((e) => e.type === 'task.launched').map((e) => `${e.t} ${e.framework} ${e.agent}`);

const central = (summary: Record<string, unknown>) => (summary.offerModel as any).central;

describe('monolithic scheduler baseline', () => {
  it('hand-worked: two jobs decided one after the other, first fit, exact launch times', () => {
    // f1's job (3 tasks): 100 + 3 × 10 = 130 ms → launched at 130 ms on a1, a1, a2 (first fit).
    // f2's job (1 task) is decided next: 100 + 1 × 10 = 110 ms → launched at 240 ms on a2.
    const r = run(scenario('{ perJob: 100ms, perTask: 10ms }', [scripted('f1', 3, 'cpus:1;mem:1GiB'), scripted('f2', 1, 'cpus:1;mem:1GiB')]));
    expect(launches(r.events)).toEqual(['130 f1 a1', '130 f1 a1', '130 f1 a2', '240 f2 a2']);
    expect(r.events.filter((e) => e.type === 'offer')).toEqual([]); // no offers in monolithic mode
    const c = central(r.summary);
    expect(c.busyMs).toBe(240);
    expect(c.decisions).toBe(2);
    expect(c.queue.maxJobs).toBe(1); // f1's decision had started when f2 (added next) queued its job
    expect(c.frameworks.f1).toEqual({ jobs: 1, tasks: 3, decisions: 1, launched: 3, busyMs: 130 });
    expect((r.summary.offerModel as any).frameworks.f2.busyMs).toBe(110);
    // utilization = 240 ms busy over 5 s
    expect(c.utilization).toBe(0.048);
    // the allocator accounts the launches (as accepted offers): f1 holds 3 cpus, f2 1 cpu
    expect(r.summary.frameworks).toMatchObject({ f1: { end: { cpus: 3 } }, f2: { end: { cpus: 1 } } });
  });

  it('head-of-line blocking: a fast job waits for the slow job ahead of it in the queue', () => {
    const fw = [scripted('slow', 1, 'cpus:1;mem:1GiB'), scripted('fast', 1, 'cpus:1;mem:1GiB')];
    // slow: 1 s + 10 ms; fast: 100 + 10 ms after it → 1120 ms instead of 110 ms on its own.
    const blocked = run(scenario('{ perJob: 100ms, perTask: 10ms, frameworks: { slow: { perJob: 1s } } }', fw));
    expect(launches(blocked.events)).toEqual(['1010 slow a1', '1120 fast a1']);
    const alone = run(scenario('{ perJob: 100ms, perTask: 10ms }', [fw[1]]));
    expect(launches(alone.events)).toEqual(['110 fast a1']);
    expect((blocked.summary.waitMs as any).byFramework.fast.p50).toBe(1120);
  });

  it('a job that does not fit goes back to the queue without blocking the next, and is retried once resources are freed', () => {
    // big (5 cpus) fits on no agent; small (1 cpu for 1 s) goes ahead; when small's task ends
    // at 2.22 s, big is decided again (and still fits nowhere): 3 decisions, big still queued.
    const r = run(scenario('{ perJob: 100ms, perTask: 10ms }', [scripted('big', 1, 'cpus:5;mem:1GiB'), scripted('small', 1, 'cpus:1;mem:1GiB', '1s')]));
    expect(launches(r.events)).toEqual(['220 small a1']);
    const decided = r.events.filter((e) => e.type === 'central.decided').map((e) => `${e.t} ${e.framework} ${e.launched}/${e.unplaced}`);
    expect(decided).toEqual(['110 big 0/1', '220 small 1/0', '1330 big 0/1']);
    const c = central(r.summary);
    expect(c.requeued).toBe(2);
    expect(c.queue.endJobs).toBe(1);
    expect(c.queue.endTasks).toBe(1);
  });

  it('service placement constraints are checked per agent by the central scheduler (UNIQUE hostname)', () => {
    const text = `
name: svc
until: 5s
master: { offerModel: { type: monolithic, decision: { perJob: 0s, perTask: 100ms } } }
agents:
  - { id: a1, resources: "cpus:4;mem:4GiB" }
  - { id: a2, resources: "cpus:4;mem:4GiB" }
frameworks:
  - id: web
    role: web
    scheduler: { type: service, apps: [{ id: web, instances: 3, resources: "cpus:1;mem:1GiB", constraints: [[hostname, UNIQUE]] }] }
`;
    const r = run(text);
    expect(launches(r.events)).toEqual(['300 web a1', '300 web a2']); // the third has no host left
    expect(central(r.summary).queue.endTasks).toBe(1);
  });

  it('first fit resumes after the last agent used when placing only narrows the constraint (UNIQUE hostname)', () => {
    // 60 instances, one per host, on 100 agents with room for several each: first fit puts them on
    // agents 1..60 in id order. An agent refused for one task stays refused for the job's next task,
    // so the scan resumes at the agent it last used: about two placement checks per task, where
    // restarting at the first agent for every task asks 1 + 2 + ... + 60 = 1,830.
    const agents = Array.from({ length: 100 }, (_, i) => `  - { id: a${String(i + 1).padStart(3, '0')}, resources: "cpus:4;mem:4GiB" }`).join('\n');
    const text = `
name: svc
until: 20s
master: { offerModel: { type: monolithic, decision: { perJob: 0s, perTask: 10ms } } }
agents:
${agents}
frameworks:
  - id: web
    role: web
    scheduler: { type: service, apps: [{ id: web, instances: 60, resources: "cpus:1;mem:1GiB", constraints: [[hostname, UNIQUE]] }] }
`;
    const allows = vi.spyOn(PlacementGroup.prototype, 'allows');
    try {
      const r = run(text);
      expect(launches(r.events)).toEqual(Array.from({ length: 60 }, (_, i) => `600 web a${String(i + 1).padStart(3, '0')}`));
      expect(allows.mock.calls.length).toBeLessThan(200);
    } finally {
      allows.mockRestore();
    }
  });

  it('rejects framework models that cannot hand their work over, with a located diagnostic', () => {
    const r = loadScenarioText('bad.yaml', `
name: bad
master: { offerModel: { type: monolithic, decision: { frameworks: { nobody: { perJob: 1s } } } } }
agents: [{ id: a1, resources: "cpus:1;mem:1GiB" }]
frameworks:
  - { id: h, scheduler: { type: batch, revocable: true, jobs: { count: 1, tasks: 1, resources: "cpus:1", duration: 1s } } }
  - { id: s, scheduler: { type: scripted, onOffer: launch, task: { resources: "cpus:1" } } }
`);
    const messages = r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    // (hoarder, stateful, replicated-service and opted-in plugin models are served since session 9: test/master/monolithic-models.test.ts)
    expect(messages.some((m) => /^6:\d+ offerModel monolithic: the central scheduler places no revocable work \(framework "h"\)/.test(m))).toBe(true);
    expect(messages.some((m) => /^7:\d+ offerModel monolithic: the scripted framework "s" needs maxTasks/.test(m))).toBe(true);
    expect(messages.some((m) => /unknown framework "nobody"/.test(m))).toBe(true);
  });

  it('is deterministic: the built-in scenario repeats byte for byte', async () => {
    const set = await loadScenarioSet(join(ROOT, 'scenarios/scheduler-architectures.yaml'), { variants: ['monolithic'] });
    expect(set.diagnostics).toEqual([]);
    const spec = set.runs[0].spec;
    const a = runScenario(spec), b = runScenario(spec);
    expect(a.digest).toBe(b.digest);
    expect(central(a.summary).decisions).toBeGreaterThan(0);
  });

  it('a master failover stops the central scheduler: the decision in flight is lost, the queue waits for the new leader', () => {
    // Decisions take 20 s; the one started at 19m41s would end at 20m01s, after the master died at 20m.
    const text = `
name: mono-failover
seed: 21
until: 40m
master: { offerModel: { type: monolithic, decision: { perJob: 20s } } }
agents:
  - { id: a, count: 8, perRack: 4, resources: "cpus:4;mem:16GiB" }
frameworks:
  - id: web
    checkpoint: true
    failoverTimeout: 1h
    scheduler: { type: service, apps: [{ id: web, instances: 6, resources: "cpus:1;mem:2GiB" }] }
  - id: batch
    scheduler:
      type: batch
      jobs: { count: 300, start: 1m, interarrival: 10s, tasks: [1, 4], resources: "cpus:1;mem:1GiB", duration: { exponential: 1m } }
timeline:
  - { at: 20m, do: failMaster, electionDelay: 30s }
`;
    const a = run(text), b = run(text);
    expect(a.digest).toBe(b.digest);
    const down = (e: Record<string, unknown>) => (e.t as number) >= 1_200_000 && (e.t as number) < 1_230_000;
    const decidedAt = a.events.filter((e) => e.type === 'central.decided').map((e) => e.t as number);
    expect(decidedAt.filter((t) => t > 1_180_000 && t < 1_200_000)).toEqual([1_181_267]); // the last one before the failure
    expect(a.events.filter((e) => down(e) && (e.type === 'central.decided' || e.type === 'task.launched'))).toEqual([]);
    // The lost decision's job is decided first once a master leads again, 20 s after the election.
    const after = a.events.find((e) => e.type === 'central.decided' && (e.t as number) >= 1_230_000)!;
    expect(after.t).toBe(1_230_000 + 20_000 + 5 * ((after.launched as number) + (after.unplaced as number))); // perJob + perTask × tasks
    expect(a.events.some((e) => e.type === 'task.launched' && (e.t as number) >= 1_250_000)).toBe(true);
    // Busy time counts the lost decision only up to the failure.
    const decided = a.events.filter((e) => e.type === 'central.decided');
    const spent = decided.reduce((ms, e) => ms + 20_000 + 5 * ((e.launched as number) + (e.unplaced as number)), 0);
    // ... and the one still running at the end (the queue never empties) up to the end.
    expect(central(a.summary).busyMs).toBe(spent + (1_200_000 - 1_181_267) + (40 * 60_000 - (decided.at(-1)!.t as number)));
    // The frameworks' parts add up to it: the decision running at the end counts up to the end for
    // its framework too (it counted whole there until session 22).
    const parts = Object.values(central(a.summary).frameworks as Record<string, { busyMs: number }>).reduce((ms, f) => ms + f.busyMs, 0);
    expect(parts).toBe(central(a.summary).busyMs);
    const fw = (a.summary.offerModel as { frameworks: Record<string, { busyMs: number }> }).frameworks;
    expect(fw.web.busyMs + fw.batch.busyMs).toBe(central(a.summary).busyMs);
  });

  it('a paused allocator pauses the central scheduler too; it decides again after the resume', () => {
    const text = `
name: mono-pause
until: 3m
master: { allocationInterval: 1s, offerModel: { type: monolithic, decision: { perJob: 100ms } } }
agents: [{ id: a, count: 2, resources: "cpus:8;mem:16GiB" }]
frameworks:
  - id: batch
    scheduler: { type: batch, jobs: { count: 15, interarrival: 10s, tasks: 1, resources: "cpus:1;mem:1GiB", duration: 10s } }
timeline:
  - { at: 30s, do: pauseAllocator }
  - { at: 90s, do: resumeAllocator }
`;
    const r = run(text);
    const decided = r.events.filter((e) => e.type === 'central.decided').map((e) => e.t as number);
    expect(decided.filter((t) => t > 30_000 && t <= 90_000)).toEqual([]);
    const queued = r.events.filter((e) => e.type === 'central.queued' && (e.t as number) > 30_000 && (e.t as number) < 90_000);
    expect(queued.length).toBeGreaterThan(3); // jobs kept arriving while paused
    // At the first allocation run after the resume, the jobs that waited are decided one after another.
    const firstAfter = decided.find((t) => t > 90_000)!;
    expect(firstAfter).toBe(91_000 + 105); // perJob 100 ms + perTask 5 ms
    expect(decided.filter((t) => t > 90_000 && t <= 92_000).length).toBeGreaterThanOrEqual(queued.length);
  });

  it('the default mode is untouched: no offerModel key, and the same scenario with offers launches through offers', () => {
    const fw = [scripted('f1', 3, 'cpus:1;mem:1GiB')];
    const text = scenario('{ perJob: 100ms }', fw).replace(/master: .*\n/, 'master: { allocationInterval: 1s }\n');
    const plain = run(text);
    expect('offerModel' in plain.spec.master).toBe(false);
    expect(plain.summary.offerModel).toBeUndefined();
    expect(plain.events.some((e) => e.type === 'offer')).toBe(true);
    expect(plain.events.some((e) => String(e.type).startsWith('central.'))).toBe(false);
  });
});

describe('monolithic baseline: report headline', () => {
  it('shows offers made at 0 (so a comparison shows 0, not nothing) and the central scheduler cards instead of the other offer cards', () => {
    const { metrics } = run(scenario('{ perJob: 100ms, perTask: 10ms }', [scripted('f', 2, 'cpus:1;mem:1GiB', '1s')]));
    const keys = metrics.headline.map((h) => h.key);
    expect(metrics.headline.find((h) => h.key === 'offers.made')).toMatchObject({ value: 0, note: 'none: a central scheduler places every task' });
    expect(keys).not.toContain('offers.declined');
    expect(keys).toContain('offerModel.central.decisions');
  });
});
