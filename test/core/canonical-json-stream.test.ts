import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../../src/core/canonical-json.ts';
import { canonicalJsonChunks } from '../../src/core/canonical-json-stream.ts';
import { writeChunksAtomic } from '../../src/core/atomic-write.ts';

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
});
