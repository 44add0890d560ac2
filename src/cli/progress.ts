/**
 * Progress on stderr for long runs: simulated time / end, events per second, ETA. Silent when
 * stderr is not a terminal or CI is set; throttled on wall time (the kernel calls back only every
 * 65,536 events), so it never slows the event loop. Wall-clock reads here never reach results.
 */
import { performance } from 'node:perf_hooks';
import { formatDuration } from '../core/units.ts';

export interface Progress {
  update(nowMs: number, untilMs: number, events: number): void;
  stop(): void;
}

export function createProgress(enabled: boolean): Progress | undefined {
  if (!enabled || !process.stderr.isTTY || process.env.CI) return undefined;
  const start = performance.now();
  let last = 0;
  let shown = false;
  return {
    update(nowMs, untilMs, events) {
      const wall = performance.now() - start;
      if (wall < 1000 || wall - last < 200) return;
      last = wall;
      shown = true;
      const frac = untilMs > 0 && Number.isFinite(untilMs) ? Math.min(1, nowMs / untilMs) : 0;
      const width = 30;
      const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
      const eta = frac > 0 ? ((wall / frac - wall) / 1000).toFixed(0) : '?';
      const rate = Math.round(events / (wall / 1000));
      process.stderr.write(`\r${bar} ${formatDuration(Math.round(nowMs / 1000) * 1000)} / ${Number.isFinite(untilMs) ? formatDuration(untilMs) : '∞'}  ${rate.toLocaleString('en-US')} ev/s  ETA ${eta}s `);
    },
    stop() {
      if (shown) process.stderr.write('\n');
    },
  };
}
