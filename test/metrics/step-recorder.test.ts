import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StepRecorder } from '../../src/metrics/step-recorder.ts';

/** Exact integral of a step function given as [t0, t1, value|NaN] pieces over [a, b). */
function exact(pieces: [number, number, number][], a: number, b: number): { sum: number; present: number } {
  let sum = 0, present = 0;
  for (const [t0, t1, v] of pieces) {
    const lo = Math.max(a, t0), hi = Math.min(b, t1);
    if (hi > lo && v === v) { sum += v * (hi - lo); present += hi - lo; }
  }
  return { sum, present };
}

describe('StepRecorder', () => {
  it('keeps exact steps and coalesces equal neighbours while under the bound', () => {
    const r = new StepRecorder(100);
    const c = r.channel('x');
    r.set(c, 1); r.advance(0, 10); r.advance(10, 15);
    r.set(c, 2); r.advance(15, 20);
    r.set(c, 2); r.advance(20, 30);
    expect(r.rows().map((x) => [x.t0, x.t1, x.value])).toEqual([[0, 15, 1], [15, 30, 2]]);
    expect(r.gridMs).toBe(0);
  });

  it('merges into time-weighted means when over the bound, without losing any integral', () => {
    const r = new StepRecorder(8);
    const c = r.channel('x');
    for (let i = 0; i < 100; i++) { r.set(c, i % 2); r.advance(i * 16, i * 16 + 16); }
    expect(r.segmentCount).toBeLessThanOrEqual(8);
    expect(r.gridMs).toBeGreaterThan(0);
    const total = r.rows().reduce((s, x) => s + x.value * (x.t1 - x.t0), 0);
    expect(total).toBeCloseTo(800, 9);
    for (const x of r.rows()) expect(x.value).toBeCloseTo(0.5, 9); // 16 ms steps, power-of-two cells: equal parts of 0 and 1
  });

  it('property: bounded, contiguous, and every row is the exact mean over its own interval', () => {
    fc.assert(fc.property(
      fc.integer({ min: 4, max: 40 }),
      fc.array(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.oneof(fc.constant(Number.NaN), fc.integer({ min: 0, max: 4 })), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 400 }),
      (max, steps) => {
        const r = new StepRecorder(max);
        const a = r.channel('a'), b = r.channel('b');
        const pa: [number, number, number][] = [], pb: [number, number, number][] = [];
        let t = 0;
        for (const [dt, va, vb] of steps) {
          r.set(a, va); r.set(b, vb);
          r.advance(t, t + dt);
          pa.push([t, t + dt, va]); pb.push([t, t + dt, vb]);
          t += dt;
        }
        const segs = r.segments();
        expect(segs.length).toBeLessThanOrEqual(max);
        expect(segs[0].t0).toBe(0);
        expect(segs[segs.length - 1].t1).toBe(t);
        for (let i = 1; i < segs.length; i++) expect(segs[i].t0).toBe(segs[i - 1].t1);
        for (const row of r.rows()) {
          const e = exact(row.channel === a ? pa : pb, row.t0, row.t1);
          expect(row.presentMs).toBe(e.present);
          expect(row.value).toBeCloseTo(e.sum / e.present, 9);
        }
      },
    ), { numRuns: 200 });
  });
});
