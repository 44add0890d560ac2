/**
 * jsonMembers (src/core/json-members.ts) writes a record's members byte for byte as JSON.stringify
 * does: every kind of string (escapes, control characters, lone and paired surrogates, U+2028),
 * every kind of number (-0, NaN, ±Infinity, fractions, exponents), values JSON.stringify drops, and
 * values it handles itself (nested arrays and objects, booleans, null, toJSON).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonMembers } from '../../src/core/json-members.ts';

/** What jsonMembers must return: JSON.stringify's members, each after a comma. */
function expected(record: Record<string, unknown>): string {
  const text = JSON.stringify(record);
  return text === '{}' ? '' : `,${text.slice(1, -1)}`;
}

describe('jsonMembers', () => {
  it('matches JSON.stringify on hand-picked values', () => {
    const records: Record<string, unknown>[] = [
      {},
      { t: 'plain', n: 12, f: 0.1 + 0.2, big: 1e21, small: 5e-7, neg: -0, nan: Number.NaN, inf: Infinity, minf: -Infinity },
      { q: 'say "hi"', b: 'back\\slash', c: 'tab\tnew\nline\u0000\u001f', s: '\u2028\u2029', e: '€µ😀' },
      { lone: '\ud800', low: 'x\udc00y', pair: '\ud83d\ude00', reversed: '\ude00\ud83d' },
      { u: undefined, fn: () => 1, sym: Symbol('s'), kept: 'yes' },
      { arr: [1, 'two', null, undefined, { a: 1 }], obj: { z: 1, a: [true] }, t: true, f: false, nul: null },
      { date: new Date(0), boxed: new String('x'), json: { toJSON: () => 'custom' } },
      { 'quote"key': 1, 'ü-key': 'v', '\n': 2, 10: 'integer keys first', 2: 'in ascending order' },
    ];
    for (const r of records) expect(jsonMembers(r)).toBe(expected(r));
  });

  it('leaves out inherited properties, as JSON.stringify does', () => {
    const record = Object.create({ inherited: 'no' }) as Record<string, unknown>;
    record.own = 'yes';
    expect(jsonMembers(record)).toBe(',"own":"yes"');
  });

  it('matches JSON.stringify on random records', () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string(),
      fc.double(), fc.integer(), fc.constantFrom(-0, Number.NaN, Infinity, -Infinity),
      fc.boolean(), fc.constant(null), fc.constant(undefined),
      fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.double(), fc.constant(undefined)), { maxLength: 4 }),
      fc.dictionary(fc.string(), fc.oneof(fc.string({ unit: 'binary' }), fc.integer()), { maxKeys: 3 }),
    );
    fc.assert(fc.property(fc.dictionary(fc.string({ unit: 'binary' }), value, { maxKeys: 8 }), (record) => {
      expect(jsonMembers(record)).toBe(expected(record));
    }), { seed: 20261122, numRuns: 3000 });
  });
});
