import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.ts';
import { applyOverrides, parseOverride, type Override } from '../../src/scenario/overrides.ts';

const set = (t: string) => parseOverride(t) as Override;
const lines = (...flags: string[]) => loadScenarioFile('scenarios/drf-paper.yaml', flags.map(set)).diagnostics.map(formatDiagnostic);

describe('--set into lists and new keys', () => {
  it('a name or an index past the end of a list is an error, not a property dropped or holes', () => {
    // before: agents.x.count=3 set a property on the array that nothing read (the run went on as if
    // the flag were not given); agents.5.count=3 left holes, each "missing required field" at 19:3
    expect(lines('agents.x.count=3')).toEqual(['error CS1005 --set agents.x.count=3: agents is a list of 1 item, so "x" must be an index from 0 to 1 (1 adds an item)']);
    expect(lines('agents.5.count=3')).toEqual(['error CS1005 --set agents.5.count=3: agents is a list of 1 item, so "5" must be an index from 0 to 1 (1 adds an item)']);
    expect(lines('frameworks.-1.role=x')[0]).toContain('frameworks is a list of 2 items, so "-1" must be an index from 0 to 2');
    expect(applyOverrides({ a: [1, 2] }, [set('a.01=3')])).toMatch(/^--set a\.01=3: a is a list of 2 items, so "01" must be an index/);
    // a sweep axis or a variant says so, not "--set"
    expect(applyOverrides({ a: [1] }, [{ path: ['a', 'x'], value: 1, source: 'sweep axis a.x=1 at s.yaml:3:9' }])).toMatch(/^sweep axis a\.x=1 at s\.yaml:3:9: a is a list/);
    expect(applyOverrides({ a: [1] }, [{ path: ['a', 'x'], value: 1 }])).toMatch(/^a\.x: a is a list/);
    // an index in range (or one past the end, adding an item) still works
    expect(applyOverrides({ a: [{ x: 1 }] }, [set('a.0.x=2'), set('a.1.x=3')])).toEqual({ a: [{ x: 2 }, { x: 3 }] });
    expect(loadScenarioFile('scenarios/drf-paper.yaml', [set('agents.0.count=2')]).diagnostics).toEqual([]);
  });

  it('a diagnostic about a key or item only the flag brought into being names the flag', () => {
    expect(lines('master.weigths.a=1').join('\n')).toContain('unknown field "weigths" (check the spelling; see scenarios/scenario.schema.json) [the value comes from --set master.weigths.a=1] (at master.weigths)');
    expect(lines('nosuch.path=1').join('\n')).toContain('unknown field "nosuch" (check the spelling; see scenarios/scenario.schema.json) [the value comes from --set nosuch.path=1] (at nosuch)');
    const added = lines('agents.1.count=3');
    expect(added.length).toBeGreaterThan(0);
    for (const l of added) expect(l).toContain('[the value comes from --set agents.1.count=3]');
    // a problem of the file's own under a key the flag only passes through is not the flag's
    const own = loadScenarioText('s.yaml', 'name: s\nmaster:\n  allocationInterval: 5parsecs\n', [set('master.weights.a=1')]).diagnostics.map(formatDiagnostic);
    expect(own.join('\n')).toContain('5parsecs');
    expect(own.join('\n')).not.toContain('comes from');
  });
});

describe('--set, a variant or a sweep axis naming __proto__, constructor or prototype', () => {
  it('is an unknown field like any other, never a write into the prototypes behind it', () => {
    // before: --set __proto__.x=1 gave every object an `x` (exit 3, "Cannot read properties of
    // undefined (reading 'values')"), --set __proto__=1 was dropped without a word, and
    // master.constructor.x=1 wrote into Object itself
    expect(lines('__proto__.x=1')).toEqual([expect.stringContaining('error CS1003 unknown field "__proto__" (check the spelling; see scenarios/scenario.schema.json) [the value comes from --set __proto__.x=1] (at __proto__)')]);
    expect(lines('__proto__=1')).toEqual([expect.stringContaining('unknown field "__proto__"')]);
    expect(lines('master.constructor.x=1')).toEqual([expect.stringContaining('unknown field "constructor"')]);
    expect(lines('agents.0.prototype=1')).toEqual([expect.stringContaining('unknown field "prototype"')]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>).x).toBeUndefined();
    const out = applyOverrides({}, [{ path: ['__proto__', 'y'], value: 2 }]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
  });
});

describe('a sweep file given where a scenario is expected', () => {
  it('says it looks like a sweep file and how to plan it', () => {
    const d = loadScenarioFile('sweeps/svd-intervals.yaml').diagnostics.map(formatDiagnostic);
    expect(d).toHaveLength(1);
    expect(d[0]).toContain('unknown fields "base", "axes", "seeds" (check the spelling; see scenarios/scenario.schema.json; this looks like a sweep file (base, axes): plan it with `clustersim sweep plan <file> --out plan.jsonl`)');
    // an ordinary unknown top-level field is not called a sweep
    expect(loadScenarioText('s.yaml', 'name: s\nbase: x\n').diagnostics.map(formatDiagnostic).join('\n')).not.toContain('sweep');
  });
});
