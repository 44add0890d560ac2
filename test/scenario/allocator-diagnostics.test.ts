/**
 * Invalid quota, operations and offer constraints are reported with file:line:column, all at once.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const BAD = `name: bad
master:
  quota: { eng/ml: { guarantee: "cpus:2" }, ads: { limit: "cpus(ads):2" } }
frameworks:
  - id: f
    role: eng
    offerConstraints: { eng: [{ attribute: rack, matches: "(" }, { attribute: zone }] }
    scheduler: { type: scripted }
agents: [{ id: a, resources: "cpus:1;mem:1" }]
timeline:
  - { at: 1s, do: accept, framework: f, operations: [{ reserve: "cpus:1" }] }
  - { at: 1s, do: reserve, agent: nope, resources: "cpus(eng){dynamic}:1" }
  - { at: 2s, do: setQuota, role: a/b, limit: "cpus:1" }
`;

describe('allocator scenario diagnostics', () => {
  it('reports every problem with its position', () => {
    const { spec, diagnostics } = loadScenarioText('bad.yaml', BAD);
    expect(spec).toBeUndefined();
    const lines = diagnostics.map(formatDiagnostic).sort();
    expect(lines).toEqual([
      expect.stringMatching(/^bad\.yaml:11:\d+: error CS1004 reserve needs dynamically reserved resources/),
      expect.stringMatching(/^bad\.yaml:12:\d+: error CS1004 unknown agent "nope"/),
      expect.stringMatching(/^bad\.yaml:13:\d+: error CS2010 quota can only be set on top-level roles, not "a\/b"/),
      expect.stringMatching(/^bad\.yaml:3:20: error CS2010 quota can only be set on top-level roles, not "eng\/ml"/),
      expect.stringMatching(/^bad\.yaml:3:59: error CS1004 quota is a set of plain scalar quantities/),
      expect.stringMatching(/^bad\.yaml:7:59: error CS1004 invalid regular expression/),
      expect.stringMatching(/^bad\.yaml:7:66: error CS1004 give exactly one of equals, notEquals, exists, matches/),
    ]);
  });

  it('refuses a guarantee beyond its limit, as Mesos does (master/quota.cpp: guarantees within limits)', () => {
    const { spec, diagnostics } = loadScenarioText('q.yaml', `name: q
master:
  quota:
    eng: { guarantee: "cpus:4;mem:1GiB", limit: "cpus:2" }
    ok: { guarantee: "cpus:4;mem:8GiB", limit: "mem:8GiB" }
frameworks: [{ id: f, role: eng, scheduler: { type: scripted } }]
agents: [{ id: a, resources: "cpus:1;mem:1" }]
timeline:
  - { at: 1s, do: setQuota, role: ok, guarantee: "mem:2GiB", limit: "mem:1GiB" }
`);
    expect(spec).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic).sort()).toEqual([
      expect.stringMatching(/^q\.yaml:4:\d+: error CS2010 the guarantee "cpus:4;mem:1024" is not within the limit "cpus:2" \(cpus\); Mesos refuses such a quota/),
      expect.stringMatching(/^q\.yaml:9:\d+: error CS2010 the guarantee "mem:2048" is not within the limit "mem:1024" \(mem\)/),
    ]);
  });
});
