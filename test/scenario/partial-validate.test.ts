/**
 * A file the schema rejects still gets its unit and reference diagnostics (partial-validate.ts),
 * located in the original file, and never one that is about a part the schema rejected.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.ts';

const ROOT = join(import.meta.dirname, '../..');
const SCHEMA_CODES = new Set(['CS1002', 'CS1003']);

describe('validate reports schema and later-stage problems in one pass', () => {
  it('typos.yaml: the misspelt key, the bad unit, the bad duration and the unknown framework', () => {
    const lines = loadScenarioFile('test/fixtures/invalid/typos.yaml').diagnostics.map(formatDiagnostic);
    // in file order (line, column), not schema first and later stages after
    expect(lines).toEqual([
      expect.stringMatching(/^test\/fixtures\/invalid\/typos\.yaml:2:8: error CS1004 cannot read duration "10 parsecs"/),
      expect.stringMatching(/^test\/fixtures\/invalid\/typos\.yaml:4:3: error CS1003 unknown field "allocationIntervall"/),
      expect.stringMatching(/^test\/fixtures\/invalid\/typos\.yaml:6:30: error CS1004 not a number: "two" in "cpus:two"/),
      expect.stringMatching(/^test\/fixtures\/invalid\/typos\.yaml:12:39: error CS1004 unknown framework "ghost"/),
    ]);
  });

  it('locates later diagnostics in the original file and leaves out those about rejected parts', () => {
    const text = `name: mixed
agents:
  - { id: bad, count: -1, rack: r9, resources: "cpus:1;mem:1GiB" }
  - { id: a, count: 2, rack: r1, resources: "cpus:4;mem:8GiB;disk:10XB" }
frameworks:
  - { id: broken, role: r1, schedular: { type: scripted } }
  - { id: fw1, role: r1, scheduler: { type: scripted, task: { resources: "cpus:1", duration: 5 parsecs } } }
timeline:
  - { at: 1s, do: explode, framework: fw1 }
  - { at: 2s, do: removeAgent, agent: nosuch }
  - { at: 3s, do: decline, framework: broken }
  - { at: 4s, do: removeAgent, agent: bad-00001 }
  - { at: 5m, do: fail, level: rack, domain: r9, kind: crash }
  - { at: 6m, do: fail, level: rack, domain: r7, kind: crash }
`;
    const { spec, diagnostics } = loadScenarioText('m.yaml', text);
    expect(spec).toBeUndefined();
    const later = diagnostics.filter((d) => !SCHEMA_CODES.has(d.code)).map(formatDiagnostic).sort();
    expect(later).toEqual([
      'm.yaml:10:39: error CS1004 unknown agent "nosuch" (at timeline.1.agent)',
      'm.yaml:14:46: error CS1004 no agent is in rack "r7" (at timeline.5.domain)',
      'm.yaml:4:45: error CS1004 unknown size unit "XB" in "10XB" (use KiB, MiB, GiB, TiB) in "disk:10XB" (at agents.1.resources)',
      'm.yaml:7:94: error CS1004 cannot read duration "5 parsecs": use a number of seconds or units ms, s, m, h, d, w (e.g. 30s, 1h30m) (at frameworks.1.scheduler.task.duration)',
    ]);
  });

  it('an unknown key sets aside its element only: a reference to it is not reported, a reference to nothing is', () => {
    const text = `name: x
agents: [{ id: a, resources: "cpus:1;mem:1GiB", zz: 1 }]
frameworks: [{ id: f, scheduler: { type: scripted } }]
timeline: [{ at: 1s, do: explode }, { at: 2s, do: removeAgent, agent: nope }]
`;
    const lines = loadScenarioText('r.yaml', text).diagnostics.map(formatDiagnostic);
    expect(lines).toContain('r.yaml:4:71: error CS1004 unknown agent "nope" (at timeline.1.agent)');
    expect(lines.some((l) => /unknown agent "a"/.test(l))).toBe(false);
  });

  it('a root that is not a map: only the schema diagnostic', () => {
    const { diagnostics } = loadScenarioText('l.yaml', '- 1\n- 2\n');
    expect(diagnostics.every((d) => SCHEMA_CODES.has(d.code))).toBe(true);
  });

  // No false reports: every built-in scenario is valid, so after one schema error is put into one of
  // its parts, fixing that error gives a valid file again — any later-stage diagnostic would be wrong.
  it('a schema error in any one part of a valid built-in scenario yields schema diagnostics only', () => {
    const files = [
      ...readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f)),
      ...readdirSync(join(ROOT, 'scenarios/conformance')).filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios/conformance', f)),
    ].sort();
    let mutations = 0;
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      if (loadScenarioText(file, text).diagnostics.length > 0) continue; // e.g. a trace under ../shared that is absent
      const value = parseDocument(text).toJS() as Record<string, unknown>;
      const edits: ((d: ReturnType<typeof parseDocument>) => void)[] = [];
      for (const arr of [['agents'], ['frameworks'], ['timeline'], ['expect', 'offers'], ['expect', 'inverseOffers']]) {
        const items = arr.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], value);
        if (Array.isArray(items)) items.forEach((_, i) => edits.push((d) => d.setIn([...arr, i, 'zzTypo'], 1)));
      }
      for (const k of Object.keys((value.master ?? {}) as object)) edits.push((d) => d.setIn(['master', k], [{ zzTypo: true }]));
      for (const k of Object.keys(value)) {
        if (!['agents', 'frameworks', 'timeline', '$schema'].includes(k)) edits.push((d) => d.setIn([k], [{ zzTypo: true }]));
        if (k !== 'name') edits.push((d) => { const v = d.get(k, true); d.delete(k); d.set(`${k}Z`, v); }); // a misspelt section
      }
      edits.push((d) => d.set('zzTypo', 1));
      for (const [n, edit] of edits.entries()) {
        const doc = parseDocument(text);
        edit(doc);
        const { spec, diagnostics } = loadScenarioText(file, String(doc));
        const where = `${file} edit ${n}`;
        expect(spec, where).toBeUndefined();
        const later = diagnostics.filter((d) => !SCHEMA_CODES.has(d.code)).map(formatDiagnostic);
        expect(later, where).toEqual([]);
        mutations++;
      }
    }
    expect(mutations).toBeGreaterThan(500);
  }, 120_000);
});
