import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/kernel/event-queue.ts';
import { Priority, Simulation } from '../../src/kernel/simulation.ts';
import { createRng } from '../../src/kernel/rng.ts';

describe('EventQueue', () => {
  it('pops by time, then priority, then insertion order', () => {
    const q = new EventQueue(2); // forces growth
    q.push(10, 4, 0); q.push(5, 4, 1); q.push(10, 0, 2); q.push(5, 4, 3); q.push(0, 6, 4); q.push(10, 4, 5);
    const order: number[] = [];
    while (q.size > 0) order.push(q.pop());
    expect(order).toEqual([4, 1, 3, 2, 0, 5]);
  });

  it('matches a reference sort on 20k random entries', () => {
    const rng = createRng('queue-test');
    const q = new EventQueue();
    const ref: [number, number, number, number][] = [];
    for (let i = 0; i < 20_000; i++) {
      const t = rng.int(0, 500), p = rng.int(0, 7);
      q.push(t, p, i);
      ref.push([t, p, i, i]);
    }
    ref.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    for (const [, , , slot] of ref) expect(q.pop()).toBe(slot);
  });
});

describe('Simulation', () => {
  it('runs handlers in (time, priority, sequence) order and logs the time', () => {
    const sim = new Simulation();
    const log: string[] = [];
    const k = sim.on('note', (s: string) => log.push(`${sim.now}:${s}`));
    sim.at(5, k, 'b');
    sim.at(5, k, 'late', Priority.late);
    sim.at(5, k, 'urgent', Priority.urgent);
    sim.at(1, k, 'a');
    sim.run();
    expect(log).toEqual(['1:a', '5:urgent', '5:b', '5:late']);
  });

  it('fails with a clear error instead of hanging in a zero-time loop', () => {
    const sim = new Simulation();
    sim.maxEventsPerInstant = 1000;
    const ping = sim.on('ping', () => sim.after(0, pong));
    const pong = sim.on('pong', () => sim.after(0, ping));
    sim.at(7, ping);
    expect(() => sim.run()).toThrow(/no progress: more than 1000 events at t=7 ms \(last: p[io]ng\)/);
    // Many events at one instant are fine as long as time moves on.
    const ok = new Simulation();
    ok.maxEventsPerInstant = 1000;
    let n = 0;
    const tick = ok.on('tick', () => { if (++n < 5000) ok.after(n % 500 === 0 ? 1 : 0, tick); });
    ok.at(0, tick);
    expect(ok.run().events).toBe(5000);
  });

  it('cancels lazily and never schedules into the past', () => {
    const sim = new Simulation();
    const log: number[] = [];
    const k = sim.on('x', () => log.push(sim.now));
    const h = sim.at(3, k);
    sim.at(4, k);
    sim.cancel(h);
    sim.run();
    expect(log).toEqual([4]);
    expect(() => sim.at(1, k)).toThrow(/past/);
  });

  it('reports time advances for exact integration and stops at until', () => {
    const sim = new Simulation();
    const spans: [number, number][] = [];
    sim.onAdvance = (a, b) => spans.push([a, b]);
    const k = sim.on('tick', () => sim.after(10, k));
    sim.at(0, k);
    const stats = sim.run(25);
    expect(stats.endMs).toBe(25);
    expect(spans).toEqual([[0, 10], [10, 20], [20, 25]]);
  });
});
