/**
 * Bad input gets a clear error, never a crash: the built-in scenarios with seeded random mutations
 * (a value replaced by one of another kind or an extreme one, a key deleted, an unknown key added)
 * either load with diagnostics that carry a line, or load and run a short while without throwing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parseDocument } from 'yaml';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const ROOT = join(import.meta.dirname, '../..');
const VALUES: unknown[] = [-1, 0, 1e12, 0.5, 'x', '', '-5s', '1h', 'cpus:-1', 'cpus:1;mem:1', null, true, [], {}, ['a'], { a: 1 }, 'NaN', 1e-9, '1/0s'];
// The demo runs long and the trace replays need ../shared; the others are small.
const FILES = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml') && f !== 'demo.yaml' && !readFileSync(join(ROOT, 'scenarios', f), 'utf8').includes('shared/traces-real')).sort();

describe('mutated scenarios', () => {
  it('load with located diagnostics or run, and never throw', () => {
    let seed = 20261121;
    const rnd = () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 2 ** 32; };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    let rejected = 0, ran = 0;
    for (let i = 0; i < 150; i++) {
      const file = pick(FILES);
      const doc = parseDocument(readFileSync(join(ROOT, 'scenarios', file), 'utf8'));
      const paths: (string | number)[][] = [];
      const walk = (n: unknown, p: (string | number)[]): void => {
        if (isMap(n)) for (const it of n.items) { const k = String((it.key as { value?: unknown })?.value ?? it.key); paths.push([...p, k]); walk(it.value, [...p, k]); }
        else if (isSeq(n)) n.items.forEach((v, j) => { paths.push([...p, j]); walk(v, [...p, j]); });
      };
      walk(doc.contents, []);
      for (let m = 1 + Math.floor(rnd() * 3); m > 0; m--) {
        const p = pick(paths);
        const op = rnd();
        try {
          if (op < 0.6) doc.setIn(p, pick(VALUES));
          else if (op < 0.8) doc.deleteIn(p);
          else doc.setIn([...p.slice(0, -1), `zz${Math.floor(rnd() * 10)}`], pick(VALUES));
        } catch { /* the path went away with an earlier mutation */ }
      }
      const text = String(doc).replace(/^until: .*$/m, 'until: 1m');
      const where = `${file} mutation ${i}`;
      const loaded = loadScenarioText(file, text);
      if (!loaded.spec) {
        rejected++;
        expect(loaded.diagnostics.length, where).toBeGreaterThan(0);
        for (const d of loaded.diagnostics) if (d.code !== 'CS1005') expect(d.line ?? 0, `${where}: ${d.message}`).toBeGreaterThan(0);
        continue;
      }
      const spec = loaded.spec;
      expect(() => runScenario({ ...spec, untilMs: Math.min(spec.untilMs, 60_000) }, { outDir: null }), where).not.toThrow();
      ran++;
    }
    expect(rejected).toBeGreaterThan(50); // the mutations do reach the checks ...
    expect(ran).toBeGreaterThan(10); // ... and some still run
  }, 120_000);
});
