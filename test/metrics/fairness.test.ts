import { describe, expect, it } from 'vitest';
import { jainIndex, maxMinGap, quantile } from '../../src/metrics/fairness.ts';

describe('fairness measures', () => {
  it("Jain's index: 1 when equal, 1/n when one holds everything, hand-computed in between", () => {
    expect(jainIndex([2 / 3, 2 / 3])).toBe(1);
    expect(jainIndex([1, 0, 0, 0])).toBe(0.25);
    expect(jainIndex([0.5, 0.25])).toBeCloseTo(0.9, 15); // 0.5625 / (2 · 0.3125)
    expect(jainIndex([0, 0])).toBe(1);
    expect(jainIndex([])).toBeNaN();
  });
  it('max–min gap', () => {
    expect(maxMinGap([0.5, 0.25, 0.4])).toBe(0.25);
    expect(maxMinGap([0.3])).toBe(0);
  });
  it('nearest-rank quantiles', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(xs, 0.5)).toBe(5);
    expect(quantile(xs, 0.95)).toBe(10);
    expect(quantile(xs, 0.1)).toBe(1);
    expect(quantile([], 0.5)).toBeNull();
  });
});
