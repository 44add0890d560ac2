/**
 * Port ranges (src/cluster/ranges.ts): normalizing sorts and coalesces any list; a list that is
 * already normal is copied as it is (the fast path), with the same result as sorting it would give.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeRanges, subtractRanges } from '../../src/cluster/ranges.ts';
import type { Range } from '../../src/cluster/resource.ts';

/** The definition: drop empty ranges, sort, merge overlapping and adjacent ones. */
function reference(input: readonly Range[]): Range[] {
  const sorted = [...input].filter(([a, b]) => b >= a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const range = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 })) as fc.Arbitrary<Range>;

describe('normalizeRanges', () => {
  it('equals sorting and coalescing, for lists in any order and for lists already normal', () => {
    fc.assert(fc.property(fc.array(range, { maxLength: 8 }), (input) => {
      expect(normalizeRanges(input)).toEqual(reference(input));
      const normal = reference(input);
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
