import { describe, expect, it } from 'vitest';
import type { StatefulService } from '../../src/frameworks/stateful-service.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { scheduler, simulate, specFromText } from './helpers.ts';

/** 4 agents, 2 instances of cpus:4;mem:16GiB + 100 GiB of data, rebuilt at 100 MiB/s (1024 s). */
const scenario = (opts: { volumes: boolean; failure?: string; timeline?: string; until?: string; extra?: string }) => `name: sv
seed: 5
until: ${opts.until ?? '2h'}
agents:
  - { id: n, count: 4, resources: "cpus:8;mem:32GiB;disk:256GiB" }
frameworks:
  - id: db
    role: cass
    scheduler:
      type: stateful
      instances: 2
      resources: "cpus:4;mem:16GiB"
      dataSize: 100GiB
      rebuildRate: 100MiB
      volumes: ${opts.volumes}
${opts.failure ? `      failure: ${opts.failure}\n` : ''}${opts.extra ?? ''}${opts.timeline ? `timeline:\n${opts.timeline}` : ''}`;

const events = (yaml: string) => runScenario(specFromText(yaml), { keepEvents: true }).events!.map((l) => JSON.parse(l));

describe('stateful (story 16)', () => {
  it('volumes: RESERVE + CREATE once per instance; after a failure it relaunches on the same agent, on its volume, with no rebuild', () => {
    const ev = events(scenario({ volumes: true, failure: '20m' }));
    const ops = ev.filter((e) => e.type === 'offer.operation');
    // two instances, each reserve + create once, all accepted by the master
    expect(ops.map((e) => e.operation)).toEqual(['reserve', 'create', 'reserve', 'create']);
    expect(ops.every((e) => e.ok)).toBe(true);
    expect(ops.filter((e) => e.operation === 'create').map((e) => e.resources)).toEqual([
      'disk(cass){dynamic}[db-vol-0]:102400', 'disk(cass){dynamic}[db-vol-1]:102400',
    ]);
    const launches = ev.filter((e) => e.type === 'task.launched');
    expect(launches.length).toBeGreaterThanOrEqual(2 * 5); // 20 min to failure over 2 h: ≥ 5 incarnations each
    for (const inst of ['db-0', 'db-1']) {
      const mine = launches.filter((e) => e.job === inst);
      expect(new Set(mine.map((e) => e.agent)).size).toBe(1); // always the same agent
      for (const l of mine) expect(l.resources).toContain(`[db-vol-${inst.slice(-1)}]`);
    }
    const b = simulate(specFromText(scenario({ volumes: true, failure: '20m' })));
    const s = scheduler<StatefulService>(b, 'db').statefulStats(b.sim.now);
    expect(s.volumesCreated).toBe(2);
    expect(s.failures).toBeGreaterThan(0);
    expect(s.relaunchesOnVolume).toBe(s.failures);
    expect(s.rebuilds).toBe(0);
    expect(s.rebuildMs).toBe(0);
  });

  it('no volumes: a failed instance relaunches wherever it fits and is unavailable for dataSize / rebuildRate', () => {
    const spec = specFromText(scenario({ volumes: false, failure: '30m' }));
    const b = simulate(spec);
    const svc = scheduler<StatefulService>(b, 'db');
    expect(svc.rebuildMs).toBe(1_024_000); // 100 GiB at 100 MiB/s
    const s = svc.statefulStats(b.sim.now);
    expect(s.volumesCreated).toBe(0);
    expect(s.relaunchesOnVolume).toBe(0);
    expect(s.rebuilds).toBe(s.relaunches);
    expect(s.rebuilds).toBeGreaterThan(0);
    // every completed rebuild took exactly the rebuild time; the instance was down at least that long
    expect(s.rebuildMs).toBeGreaterThanOrEqual(s.rebuildsCompleted * 1_024_000);
    expect(s.downMs).toBeGreaterThanOrEqual(s.rebuildMs);
    const r = runScenario(spec, { keepEvents: false });
    const st = r.summary.stateful as { rebuilds: number; byFramework: Record<string, unknown> };
    expect(st.rebuilds).toBe(s.rebuilds);
    const avail = (r.summary.availability as { services: Record<string, { mean: number }> }).services.db.mean;
    expect(avail).toBeLessThan(1);
    const withVolumes = runScenario(specFromText(scenario({ volumes: true, failure: '30m' })), {});
    expect((withVolumes.summary.availability as { mean: number }).mean).toBeGreaterThan(avail);
  });

  it('maintenance: the instance waits for its machine and comes back on its volume; replaceAfter moves it and destroys the old volume', () => {
    const timeline = `  - { at: 30m, do: scheduleMaintenance, agents: [n-00001], start: 5m, duration: 20m }
  - { at: 35m, do: machineDown, agents: [n-00001] }
  - { at: 55m, do: machineUp, agents: [n-00001] }
`;
    const wait = events(scenario({ volumes: true, timeline }));
    const l0 = wait.filter((e) => e.type === 'task.launched' && e.job === 'db-0');
    expect(l0.map((e) => [e.t, e.agent])).toEqual([[0, 'n-00001'], [55 * 60_000, 'n-00001']]);
    expect(wait.filter((e) => e.type === 'inverseOffer.accepted').length).toBe(1);

    const replace = events(scenario({ volumes: true, timeline, extra: '      replaceAfter: 10m\n' }));
    const r0 = replace.filter((e) => e.type === 'task.launched' && e.job === 'db-0');
    expect(r0.map((e) => e.agent)).toEqual(['n-00001', 'n-00003']); // moved after 10 min (n-00002 holds db-1)
    expect(r0[1].t).toBe(45 * 60_000);
    expect(r0[1].resources).toContain('[db-vol-0-g2]');
    const ops = replace.filter((e) => e.type === 'offer.operation' && e.agent === 'n-00001').map((e) => `${e.operation}@${e.t}`);
    expect(ops).toEqual(['reserve@0', 'create@0', `destroy@${55 * 60_000}`, `unreserve@${55 * 60_000}`]);
  });

  it('is deterministic: same seed, same event log; another seed, other failures', () => {
    const spec = specFromText(scenario({ volumes: false, failure: '{ exponential: 30m }' }));
    const a = runScenario(spec, {});
    const b = runScenario(spec, {});
    expect(a.digest).toBe(b.digest);
    const c = runScenario({ ...spec, seed: 6 }, {});
    expect(c.digest).not.toBe(a.digest);
  });

  it('rejects a zero rebuild rate with a located diagnostic', () => {
    const r = loadScenarioText('scenarios/bad.yaml', scenario({ volumes: false }).replace('rebuildRate: 100MiB', 'rebuildRate: 0'));
    expect(r.spec).toBeFalsy();
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/rebuildRate must be positive/);
    expect(r.diagnostics[0].line).toBe(14); // the rebuildRate line
    expect(r.diagnostics[0].column).toBeGreaterThan(0);
  });
});
