import { describe, expect, it } from 'vitest';
import { clockTime, createProgress, isCI, progressLine } from '../../src/cli/progress.ts';

function fakeIo(isTTY: boolean, env: Record<string, string | undefined> = {}) {
  let now = 0;
  const out: string[] = [];
  return {
    io: { stream: { isTTY, write: (s: string) => out.push(s) }, env, clock: () => now },
    out,
    tick: (ms: number) => { now += ms; },
  };
}

describe('progress bar', () => {
  it('is silent when stderr is not a terminal or CI is set', () => {
    expect(createProgress(true, fakeIo(false).io)).toBeUndefined();
    expect(createProgress(true, fakeIo(true, { CI: 'true' }).io)).toBeUndefined();
    expect(createProgress(false, fakeIo(true).io)).toBeUndefined();
    expect(createProgress(true, fakeIo(true, { CI: '0' }).io)).toBeDefined();
    expect(isCI({ CI: '' })).toBe(false);
    expect(isCI({ CI: '1' })).toBe(true);
  });

  it('shows nothing in the first second, then at most one line per 200 ms of wall time', () => {
    const f = fakeIo(true);
    const p = createProgress(true, f.io)!;
    p.update(1000, 10_000, 10);
    f.tick(999); p.update(2000, 10_000, 20);
    expect(f.out).toEqual([]);
    f.tick(1); p.update(5_000, 10_000, 500_000);
    expect(f.out).toHaveLength(1);
    f.tick(199); p.update(6_000, 10_000, 600_000);
    expect(f.out).toHaveLength(1);
    f.tick(1); p.update(6_000, 10_000, 600_000);
    expect(f.out).toHaveLength(2);
    p.phase('writing report');
    p.stop();
    expect(f.out.at(-1)).toBe('\n');
    expect(f.out[2]).toContain('writing report');
  });

  it('line: simulated time / end, events per second, ETA', () => {
    // half way after 2 s of wall time: 1,000,000 events → 500,000 ev/s, ETA 2 s
    const line = progressLine(3 * 3_600_000, 6 * 3_600_000, 1_000_000, 2000);
    expect(line).toContain('3:00:00 / 6:00:00');
    expect(line).toContain('500,000 ev/s');
    expect(line).toContain('ETA 2s');
    expect(line.startsWith('█'.repeat(15) + '░'.repeat(15))).toBe(true);
    expect(progressLine(5, Infinity, 10, 1000)).toContain('ETA ?');
    expect(clockTime(3_725_000)).toBe('1:02:05');
    expect(clockTime(2 * 86_400_000 + 3 * 3_600_000)).toBe('2d 03:00:00');
  });
});
