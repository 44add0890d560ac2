/**
 * Verdicts of `check` that were wrong until session 22 (a fuzzing round over check, plan and the
 * baselines): an assertion reading a later variant, one-to-one offer matching with wildcards, a
 * mistyped path below a null section, a --junit path that is an input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioFile } from '../../src/experiment/check.ts';
import { checkOffers, type OfferEvent } from '../../src/experiment/offers-expectation.ts';
import { lookupMetric } from '../../src/experiment/metric-path.ts';
import { matchOneToOne } from '../../src/experiment/one-to-one-match.ts';
import { cli, tempDir } from './helpers.ts';

const scenario = (text: string) => { const f = join(tempDir(), 's.yaml'); writeFileSync(f, text); return f; };

const TWO_VARIANTS = `name: mixed
seed: 1
until: 10s
frameworks:
  - id: A
    role: a
    scheduler: { type: scripted, onOffer: launch, tasksPerOffer: 1, refuseSeconds: 0, task: { resources: "cpus:1;mem:4GiB" } }
agents:
  - { id: agent1, resources: "cpus:9;mem:18GiB" }
variants:
  first: {}
  second: {}
expect:
  metrics:
    - "tasks.launched <= @second.tasks.launched"
    - "tasks.launched > @second.tasks.launched"
`;

describe('an assertion on each run that also reads another variant', () => {
  it('is judged once every run is in, so a later variant is known (it was "unknown variant" for the first run)', async () => {
    const r = await checkScenarioFile(scenario(TWO_VARIANTS));
    expect(r.cases.map((c) => `${c.run} ${c.name} ${c.status}`)).toEqual([
      'mixed.first expect: tasks.launched <= @second.tasks.launched pass',
      'mixed.first expect: tasks.launched > @second.tasks.launched fail',
      'mixed.second expect: tasks.launched <= @second.tasks.launched pass',
      'mixed.second expect: tasks.launched > @second.tasks.launched fail',
    ]);
    expect(r.cases[1].message).toMatch(/^tasks\.launched = \d+, @second\.tasks\.launched = \d+; expected tasks\.launched > \d+$/);
  });
});

describe('expect.offers matches one to one', () => {
  const at0 = (agent: string): OfferEvent => ({ t: 0, framework: 'A', role: 'a', agent, resources: 'cpus:1' });
  const want = (o: { role?: string; agent?: string }) => ({ atMs: 0, framework: 'A', role: o.role ?? null, agent: o.agent ?? null, resources: null });

  it('a wildcard does not take the offer an equally specific expectation needs', () => {
    // {role: a} and {agent: agent2} are equally specific; greedily, the first took agent2's offer.
    expect(checkOffers([want({ role: 'a' }), want({ agent: 'agent2' })], true, [at0('agent2'), at0('agent3')])).toBeNull();
    expect(checkOffers([want({ role: 'a' }), want({ agent: 'agent2' })], true, [at0('agent3'), at0('agent4')])).toMatch(/^at t=0ms: expected t=0ms A on agent2, not made/);
    expect(checkOffers([want({ role: 'a' })], true, [at0('agent3'), at0('agent4')])).toMatch(/^at t=0ms: unexpected offer t=0ms A\(a\) on agent4/);
  });

  it('finds a complete matching whenever one exists', () => {
    const fits = (w: number, g: number) => (w === 0 ? g <= 1 : w === 1 ? g === 0 : g === 1);
    expect(matchOneToOne([0, 1], [0, 1], fits)).toEqual([1, 0]);
    expect(matchOneToOne([0, 1, 2], [0, 1], fits)).toContain(-1); // three wants, two items
  });
});

describe('a path below a section that is null in this run', () => {
  const summary = { availability: null, waitMs: { p95: null }, plugin: null };
  it('is a metric not measured when the summary declares it, a typo when it cannot be there', () => {
    expect(lookupMetric(summary, ['availability', 'mean'])).toEqual({ ok: true, value: null });
    expect(lookupMetric(summary, ['availability', 'services', 'web', 'mean'])).toEqual({ ok: true, value: null });
    const typo = lookupMetric(summary, ['availability', 'meen']);
    expect(typo.ok === false && typo.error).toBe('no metric "availability.meen" in summary.json: availability has keys mean, services (null in this run: nothing was measured); did you mean availability.mean?');
    const below = lookupMetric(summary, ['waitMs', 'p95', 'foo']);
    expect(below.ok === false && below.error).toMatch(/waitMs\.p95 is a number, with nothing under it/);
    // a section no metric is declared in (a plugin's own) is taken as it stands
    expect(lookupMetric(summary, ['plugin', 'anything'])).toEqual({ ok: true, value: null });
  });
});

describe('check --junit', () => {
  it('refuses to write over a scenario it checks or into the golden directory (exit 2), and replaces an old report', () => {
    const file = scenario(TWO_VARIANTS.replace(/expect:[\s\S]*$/, ''));
    const text = readFileSync(file, 'utf8');
    const r = cli(['check', file, '--junit', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--junit ${file} is the input ${file}; write the result elsewhere`);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const dir = tempDir();
    expect(cli(['check', file, '--golden', dir, '--update']).status).toBe(0);
    const inGolden = cli(['check', file, '--golden', dir, '--junit', join(dir, 'mixed.first.summary.json')]);
    expect(inGolden.status).toBe(2);
    expect(inGolden.stderr).toMatch(/is a golden summary in /);
    const report = join(tempDir(), 'junit.xml');
    writeFileSync(report, 'old');
    expect(cli(['check', file, '--junit', report]).status).toBe(0);
    expect(readFileSync(report, 'utf8')).toMatch(/^<\?xml/);
  });
});
