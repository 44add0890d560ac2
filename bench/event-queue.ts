/** Hold model: keep N events pending; each step pops the earliest and pushes one at now + Exp(1). */
import { performance } from 'node:perf_hooks';
import { EventQueue } from '../src/kernel/event-queue.ts';
import { createRng } from '../src/kernel/rng.ts';

export function benchEventQueue(pending = 100_000, steps = 5_000_000): Record<string, number> {
  const rng = createRng('bench-queue');
  const q = new EventQueue(pending * 2);
  const times = new Float64Array(pending * 2);
  for (let i = 0; i < pending; i++) { times[i] = Math.floor(rng.next() * 1e6); q.push(times[i], 4, i); }
  const draws = new Float64Array(1 << 16);
  for (let i = 0; i < draws.length; i++) draws[i] = Math.floor(-Math.log(1 - rng.next()) * 1000);
  const t0 = performance.now();
  let now = 0;
  for (let s = 0; s < steps; s++) {
    now = q.peekTime();
    const slot = q.pop();
    q.push(now + draws[s & 0xffff], 4, slot);
  }
  const ms = performance.now() - t0;
  return { pending, steps, ms, eventsPerSecond: Math.round(steps / (ms / 1000)) };
}
