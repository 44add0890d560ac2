import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../../src/core/canonical-json.ts';
import { canonicalJsonChunks } from '../../src/core/canonical-json-stream.ts';
import { writeChunksAtomic } from '../../src/core/atomic-write.ts';
import { lazyArrayProperty, lazyArraySource } from '../../src/core/lazy-array.ts';

const joined = (v: unknown) => [...canonicalJsonChunks(v)].join('');

describe('canonicalJsonChunks', () => {
  it('joins to exactly canonicalJson, for small and streamed (large) arrays and nested objects', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [`t${i}`, i % 3 ? null : i / 7, i % 5 ? 'yes' : 'no', Number.NaN, undefined, { z: 1, a: [i] }]);
    const value = {
      z: 1, a: { y: undefined, x: [1, Infinity, 'é\u2028"\\'], f: () => 1, m: new Map([['b', 1], ['a', 2]]) },
      tables: { tasks: { columns: ['a', 'b'], rows } }, waits: rows.map((r, i) => [r[0], i]), empty: {}, list: [],
      big: Array.from({ length: 300 }, (_, i) => (i % 2 ? undefined : i)),
    };
    expect(joined(value)).toBe(canonicalJson(value));
    expect([...canonicalJsonChunks(value)].length).toBeGreaterThan(1000); // really in pieces
    for (const v of [null, 1, 'x', [], [undefined], undefined]) expect(joined(v)).toBe(canonicalJson(v) ?? '');
  });

  it('writeChunksAtomic writes the pieces, also ones larger than its buffer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjs-'));
    const big = 'é'.repeat(700_000);
    writeChunksAtomic(join(dir, 'out.json'), ['{"a":', JSON.stringify(big), ',"b":"ü"}', '\n']);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(`{"a":${JSON.stringify(big)},"b":"ü"}\n`);
  });

  it('walks a lazy array property from its source without building it; reading it builds the same array once', () => {
    let calls = 0;
    const table = { columns: ['a', 'b'] } as { columns: string[]; rows: unknown[][] };
    lazyArrayProperty(table, 'rows', 300, (i) => { calls++; return [`r${i}`, i % 2 ? null : i / 3]; });
    const text = joined({ t: table, z: 0 });
    expect(calls).toBe(300);
    expect(lazyArraySource(table, 'rows')).toBeDefined(); // still not built
    const rows = table.rows;
    expect(calls).toBe(600);
    expect(table.rows).toBe(rows); // kept
    expect(lazyArraySource(table, 'rows')).toBeUndefined();
    expect(text).toBe(canonicalJson({ t: { columns: ['a', 'b'], rows: Array.from({ length: 300 }, (_, i) => [`r${i}`, i % 2 ? null : i / 3]) }, z: 0 }));
    expect(joined({ t: table, z: 0 })).toBe(text);
    expect(Object.keys(table)).toEqual(['columns', 'rows']);
  });
});
