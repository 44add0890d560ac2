import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../src/kernel/rng.ts';

describe('RngStreams', () => {
  it('is reproducible per (seed, stream name)', () => {
    const a = new RngStreams(7).stream('allocator.shuffle');
    const b = new RngStreams(7).stream('allocator.shuffle');
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('keeps streams independent: using another stream never shifts this one', () => {
    const plain = new RngStreams(7);
    const busy = new RngStreams(7);
    for (let i = 0; i < 1000; i++) busy.stream('workload/new-component').next();
    const x = Array.from({ length: 5 }, () => plain.stream('allocator.shuffle').next());
    const y = Array.from({ length: 5 }, () => busy.stream('allocator.shuffle').next());
    expect(y).toEqual(x);
  });

  it('differs across seeds and names, and shuffles deterministically', () => {
    const s = new RngStreams(1);
    expect(s.stream('a').next()).not.toBe(s.stream('b').next());
    expect(new RngStreams(1).stream('a').next()).not.toBe(new RngStreams(2).stream('a').next());
    const xs = new RngStreams(3).stream('s').shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new RngStreams(3).stream('s').shuffle([1, 2, 3, 4, 5, 6, 7, 8])).toEqual(xs);
    expect([...xs].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
