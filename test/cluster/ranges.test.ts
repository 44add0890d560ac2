/**
 * Port ranges (src/cluster/ranges.ts): normalizing any list gives the one sorted, coalesced list of the
 * same ports; a list that is already normal is copied as it is (the fast path).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeRanges, subtractRanges } from '../../src/cluster/ranges.ts';
import type { Range } from '../../src/cluster/resource.ts';

/** The ports a list covers (values here are small). */
const covered = (rs: readonly Range[]): number[] => {
  const out = new Set<number>();
  for (const [a, b] of rs) for (let p = a; p <= b; p++) out.add(p);
  return [...out].sort((x, y) => x - y);
};

/** Sorted, non-empty, neither overlapping nor adjacent: the one list for a set of ports. */
const isNormal = (rs: readonly Range[]): boolean => rs.every(([a, b], i) => b >= a && (i === 0 || a > rs[i - 1][1] + 1));

const range = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 })) as fc.Arbitrary<Range>;

describe('normalizeRanges', () => {
  it('gives the one normal list of the same ports, for lists in any order and lists already normal', () => {
    fc.assert(fc.property(fc.array(range, { maxLength: 8 }), (input) => {
      const normal = normalizeRanges(input);
      expect(isNormal(normal)).toBe(true);
      expect(covered(normal)).toEqual(covered(input));
      const again = normalizeRanges(normal);
      expect(again).toEqual(normal);
      expect(again).not.toBe(normal); // a copy: callers may build on it
    }), { seed: 20261122, numRuns: 500 });
  });

  it('keeps adjacent ranges apart only when they are not adjacent', () => {
    expect(normalizeRanges([[1, 2], [3, 4]])).toEqual([[1, 4]]);
    expect(normalizeRanges([[1, 2], [4, 5]])).toEqual([[1, 2], [4, 5]]);
    expect(normalizeRanges([[5, 4]])).toEqual([]);
    expect(subtractRanges([[31000, 32000]], [[31000, 31009]])).toEqual([[31010, 32000]]);
  });
});
