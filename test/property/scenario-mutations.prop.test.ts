/**
 * Whatever a scenario file says, loading it gives a run spec or diagnostics with file:line:column,
 * never an exception (fast-check, fixed seed, bounded runs): the built-in scenarios mutated line by
 * line (lines deleted or repeated, values replaced or prefixed by odd YAML: aliases, anchors, tags,
 * huge or negative numbers, empty values). This found the unresolved alias that threw from the YAML
 * library (source-map.ts).
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';

const weird = fc.constantFrom('', '-1', '0', '1e309', 'null', '~', '[]', '{}', '"x"', 'true', '1h2', '-5m', 'NaN', '"cpus:-1"', '"cpus:1;mem:"',
  '[a, b]', '{ a: 1 }', '!!binary x', '&a x', '*a', '"\\u0000"', '9999999999999999999999', '0.0000001', '"a/b/c/d/e/f"', '"*"');

/** Apply one mutation to the lines: 0 delete, 1 replace the value, 2 repeat the line, 3 prefix the value. */
function mutate(lines: string[], at: number, kind: number, w: string): void {
  const i = at % lines.length;
  const line = lines[i];
  if (kind === 0) lines.splice(i, 1);
  else if (kind === 1) { const m = /^(\s*-?\s*[\w.$@-]+:)\s*(.*)$/.exec(line); if (m) lines[i] = `${m[1]} ${w}`; }
  else if (kind === 2) lines.splice(i, 0, line);
  else { const c = line.indexOf(':'); if (c > 0) lines[i] = `${line.slice(0, c + 1)} ${w} ${line.slice(c + 1)}`; }
}

describe('mutated scenario files', () => {
  it('load to a spec or to positioned diagnostics, never an exception', () => {
    const texts = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(`scenarios/${f}`, 'utf8')] as const);
    let refused = 0;
    fc.assert(fc.property(fc.nat(texts.length - 1), fc.array(fc.tuple(fc.nat(400), fc.nat(3), weird), { minLength: 1, maxLength: 4 }), (fi, muts) => {
      const [file, text] = texts[fi];
      const lines = text.split('\n');
      for (const [at, kind, w] of muts) mutate(lines, at, kind, w);
      const r = loadScenarioText(`scenarios/${file}`, lines.join('\n'));
      if (r.spec) return;
      refused++;
      expect(r.diagnostics.length).toBeGreaterThan(0);
      for (const d of r.diagnostics) {
        expect(d.message).not.toBe('');
        // Overrides aside (none here), every diagnostic of a file points into it.
        expect([d.file, (d.line ?? 0) >= 1, (d.column ?? 0) >= 1], JSON.stringify(d)).toEqual([`scenarios/${file}`, true, true]);
      }
    }), { seed: 1, numRuns: 300 });
    expect(refused).toBeGreaterThan(100); // most mutations break something: the property is not vacuous
  }, 120_000);
});
