import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.ts';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.ts';
import { parseOverride, type Override } from '../../src/scenario/overrides.ts';

describe('scenario loading', () => {
  it('normalizes human units to integers', () => {
    const { spec, diagnostics } = loadScenarioFile('scenarios/drf-paper.yaml');
    expect(diagnostics).toEqual([]);
    expect(spec!.untilMs).toBe(10_000);
    expect(spec!.master.allocationIntervalMs).toBe(1000);
    expect(spec!.agents[0].resources).toBe('cpus:9;mem:18432');
  });

  it('a diagnostic about a value given with --set names the flag (its line:column is where the file has that key)', () => {
    const set = (t: string) => parseOverride(t) as Override;
    const lines = loadScenarioFile('scenarios/drf-paper.yaml', [set('until=5parsecs'), set('agents.0.resources=cpus:x')]).diagnostics.map(formatDiagnostic);
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^scenarios\/drf-paper\.yaml:10:8: error CS1004 cannot read duration "5parsecs".*\[the value comes from --set until=5parsecs\] \(at until\)$/),
      expect.stringMatching(/not a number: "x" in "cpus:x" \[the value comes from --set agents\.0\.resources=cpus:x\]/),
    ]));
    // a schema error under an overridden path, and the later override of the same path wins
    const schema = loadScenarioFile('scenarios/drf-paper.yaml', [set('master.x=1')]).diagnostics.map(formatDiagnostic);
    expect(schema.join('\n')).toContain('unknown field "x" (check the spelling; see scenarios/scenario.schema.json) [the value comes from --set master.x=1]');
    const twice = loadScenarioFile('scenarios/drf-paper.yaml', [set('until=5x'), set('until=7parsecs')]).diagnostics.map(formatDiagnostic);
    expect(twice.join('\n')).toContain('"7parsecs"');
    expect(twice.join('\n')).toContain('[the value comes from --set until=7parsecs]');
    // values from the file are not attributed to a flag
    const own = loadScenarioText('s.yaml', 'name: s\nuntil: 10 parsecs\n', [set('seed=3')]).diagnostics.map(formatDiagnostic);
    expect(own.join('\n')).not.toContain('comes from');
  });

  it('reports a schema error at the offending key with line and column', () => {
    const { spec, diagnostics } = loadScenarioFile('test/fixtures/invalid/typos.yaml');
    expect(spec).toBeUndefined();
    const text = diagnostics.map(formatDiagnostic).join('\n');
    expect(text).toContain('test/fixtures/invalid/typos.yaml:4:3: error CS1003 unknown field "allocationIntervall"');
  });

  it('reports every semantic error at once, each with its location', () => {
    const text = `name: broken
until: 10 parsecs
agents:
  - { id: agent1, resources: "cpus:two;mem:1GiB" }
frameworks:
  - { id: fw1, role: r1, scheduler: { type: scripted } }
timeline:
  - { at: 1s, do: decline, framework: ghost }
`;
    const { diagnostics } = loadScenarioText('s.yaml', text);
    const lines = diagnostics.map(formatDiagnostic);
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^s\.yaml:2:8: error CS1004 cannot read duration "10 parsecs"/),
      expect.stringMatching(/^s\.yaml:4:30: error CS1004 not a number: "two"/),
      expect.stringMatching(/^s\.yaml:8:39: error CS1004 unknown framework "ghost"/),
    ]));
  });

  it('rejects counts that would exhaust memory, at their line and column (a typo, not a crash)', () => {
    const text = `name: big
agents:
  - { id: node, count: 1000000000000, resources: "cpus:16;mem:64GiB" }
frameworks:
  - { id: f, scheduler: { type: batch, jobs: { count: 10, tasks: 5000000, resources: "cpus:1;mem:1GiB", duration: 1m } } }
  - { id: web, scheduler: { type: service, apps: [{ id: a, instances: 2000000, resources: "cpus:1;mem:1GiB" }] } }
`;
    const { spec, diagnostics } = loadScenarioText('big.yaml', text);
    expect(spec).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^big\.yaml:3:24: error CS1002 at most 1000000 /),
      expect.stringMatching(/^big\.yaml:5:66: error CS1002 at most 1000000 /),
      expect.stringMatching(/^big\.yaml:6:71: error CS1002 at most 1000000 /),
    ]));
  });

  it('reports YAML syntax errors with a position', () => {
    const { diagnostics } = loadScenarioText('bad.yaml', 'name: x\nagents: [\n');
    expect(diagnostics[0].code).toBe('CS1001');
    expect(diagnostics[0].line).toBeGreaterThan(0);
  });

  it('reads YAML merge keys (`<<: *anchor`) as users write them to share settings (before: "Invalid discriminator value")', () => {
    const r = loadScenarioText('merge.yaml', `name: merge
agents: [{ id: a, resources: "cpus:9;mem:18GiB" }]
frameworks:
  - { id: A, role: a, scheduler: &s { type: scripted, onOffer: launch, tasksPerOffer: 1, task: { resources: "cpus:1;mem:4GiB" } } }
  - id: B
    role: b
    scheduler:
      <<: *s
      task: { resources: "cpus:3;mem:1GiB" }
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.spec!.frameworks[1].scheduler).toMatchObject({ type: 'scripted', onOffer: 'launch', tasksPerOffer: 1, task: { resources: 'cpus:3;mem:1024' } });
  });

  it('an alias with no anchor before it, or aliases expanding past the limit, are diagnostics, not exceptions', () => {
    // Found by mutating the built-in scenarios: the YAML parser accepts these, and building the value threw.
    const unset = loadScenarioText('alias.yaml', 'name: x\nseed: *a\nuntil: &a 1h\n');
    expect(unset.diagnostics.map(formatDiagnostic)).toEqual(['alias.yaml:2:7: error CS1001 not valid YAML/JSON: alias *a names no anchor set before it']);
    const row = (name: string, of: string) => `${name}: &${name} [${Array(10).fill(of).join(', ')}]`;
    const bomb = ['name: x', row('a', '1'), row('b', '*a'), row('c', '*b'), row('d', '*c'), `x: [${Array(10).fill('*d').join(', ')}]`].join('\n');
    expect(loadScenarioText('bomb.yaml', bomb).diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ['CS1001', 1, 'not valid YAML/JSON: Excessive alias count indicates a resource exhaustion attack'],
    ]);
    const fine = loadScenarioText('fine.yaml', 'name: x\nuntil: &u 1h\nmaster: { allocationInterval: *u }\n');
    expect(fine.diagnostics).toEqual([]);
    expect(fine.spec!.master.allocationIntervalMs).toBe(3_600_000);
  });

  it('keeps scenarios/scenario.schema.json up to date (run `npm run schema`)', () => {
    expect(readFileSync('scenarios/scenario.schema.json', 'utf8')).toBe(scenarioJsonSchema());
  });
});
