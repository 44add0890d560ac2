/**
 * A value no branch of a schema union accepts (session 10 tour): `units: Absolute` on a trace source
 * read `Invalid input (at workload.sources.0)` at the source's first column, `format: google2019`
 * the same, `seed: 1.5` `Invalid input (at seed)`. Now the branch the value meant speaks, at its field.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSweep } from '../../src/experiment/sweep-plan.ts';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const load = (yaml: string) => loadScenarioText('s.yaml', yaml).diagnostics.map(formatDiagnostic);

const scenario = (source: string, seed = '1') => [
  'name: u', `seed: ${seed}`, 'until: 10m',
  'agents: [{ id: a, count: 1, resources: "cpus:4;mem:8GiB" }]',
  'frameworks:', '  - { id: batch, role: batch, scheduler: { type: trace-replay } }',
  'workload:', '  sources:', `    - ${source}`, '  map: [{ framework: batch }]', '',
].join('\n');

describe('invalid_union diagnostics', () => {
  it('a trace source with a bad units or format value: the field, with the allowed values', () => {
    expect(load(scenario('{ trace: t.csv, units: Absolute }'))).toEqual([
      's.yaml:9:30: error CS1002 Invalid option: expected one of "normalized"|"absolute" (at workload.sources.0.units)',
    ]);
    expect(load(scenario('{ trace: t.csv, format: google2019 }'))).toEqual([
      expect.stringMatching(/^s\.yaml:9:31: error CS1002 Invalid option: expected one of "google-2011"\|"google-2019"\|.* \(at workload\.sources\.0\.format\)$/),
    ]);
  });
  it('a seed that is neither an integer nor a string names both', () => {
    expect(load(scenario('{ trace: t.csv }', '1.5')).filter((m) => m.includes('(at seed)'))).toEqual([
      's.yaml:2:7: error CS1002 Invalid input: expected int or string, received number (at seed)',
    ]);
  });
  it('a missing field of a union type is "missing required field", like one of a single type', () => {
    expect(loadScenarioText('m.yaml', 'name: m\nagents: [{ id: a }]\ntimeline:\n  - { do: failMaster }\n').diagnostics.map(formatDiagnostic).sort()).toEqual([
      'm.yaml:2:10: error CS1002 missing required field "resources" (at agents.0.resources)',
      'm.yaml:4:5: error CS1002 missing required field "at" (at timeline.0.at)',
    ]);
  });
  it('a value no branch could mean stays one diagnostic at the value', () => {
    const d = load(scenario('{ trace: t.csv, generate: { type: jobs } }'));
    expect(d.length).toBeGreaterThan(0);
    expect(d.every((m) => m.startsWith('s.yaml:9:'))).toBe(true);
  });
});

describe('invalid_union diagnostics in a sweep file', () => {
  const plan = async (seeds: string) => {
    const f = join(mkdtempSync(join(tmpdir(), 'cs-union-')), 'sw.yaml');
    writeFileSync(f, `base: ${join(process.cwd(), 'scenarios', 'drf-paper.yaml')}\naxes:\n  master.allocationInterval: [1s]\nseeds: ${seeds}\n`);
    return (await planSweep(f)).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
  };
  it('seeds as a list with a fraction, or a range with a typo: the item or the keys', async () => {
    expect(await plan('[1, 2.5]')).toEqual(['4:12 Invalid input: expected int, received number']);
    expect(await plan('{ from: 1, cont: 3 }')).toEqual([
      '4:8 Invalid input: expected number, received undefined',
      '4:8 Unrecognized key: "cont"',
    ]);
  });
});
