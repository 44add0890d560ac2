/**
 * The discrete-event loop. It knows nothing about clusters: it is handed a table of handlers
 * (one per event kind) and runs them in (time, priority, sequence) order.
 *
 *   schedule() → EventQueue.push      step() → pop, advance `now`, call handler(payload)
 *
 * Time is an integer number of milliseconds. Payloads live in a slot table reused through a free
 * list, so the steady state allocates nothing per event. Cancellation is lazy: a cancelled slot is
 * skipped when popped.
 */
import { EventQueue, MAX_PRIORITY } from './event-queue.ts';

/** Same-time ordering classes: lower runs first. */
export const Priority = {
  urgent: 0,
  normal: 4,
  /** Operator/timeline actions run after everything else at their instant (see docs/scenarios.md). */
  late: 6,
  /** After the timeline's actions at the instant too: an operator's script that acts on what they set up (a rolling upgrade's start). */
  afterTimeline: 7,
} as const;

export type Handler = (payload: any) => void;
export type EventHandle = number;

export interface RunStats {
  readonly events: number;
  readonly endMs: number;
  readonly stoppedEarly: boolean;
}

const SLOT_BITS = 2 ** 24;

export class Simulation {
  private readonly queue = new EventQueue();
  private readonly kindIds = new Map<string, number>();
  private readonly handlers: Handler[] = [];
  private slotKind = new Int32Array(1024);
  private slotGen = new Int32Array(1024);
  private slotPayload: unknown[] = [];
  private readonly freeSlots: number[] = [];
  private slotCount = 0;
  private nowMs = 0;
  private dispatched = 0;
  private stopRequested = false;
  /**
   * Called when time is about to advance from `fromMs` to `toMs`: the state is constant on that
   * interval, which is what lets probes integrate exactly instead of sampling. Observers only.
   */
  onAdvance: ((fromMs: number, toMs: number) => void) | null = null;

  get now(): number {
    return this.nowMs;
  }

  get pending(): number {
    return this.queue.size;
  }

  get eventsDispatched(): number {
    return this.dispatched;
  }

  /** Register a handler for an event kind; returns the numeric kind id used by schedule(). */
  on(kind: string, handler: Handler): number {
    if (this.kindIds.has(kind)) throw new Error(`handler for ${kind} registered twice`);
    const id = this.handlers.length;
    this.kindIds.set(kind, id);
    this.handlers.push(handler);
    return id;
  }

  kind(name: string): number {
    const id = this.kindIds.get(name);
    if (id === undefined) throw new Error(`no handler registered for event kind ${name}`);
    return id;
  }

  /** Schedule `kind` at absolute time `atMs` (>= now). */
  at(atMs: number, kind: number, payload?: unknown, priority: number = Priority.normal): EventHandle {
    if (!(atMs >= this.nowMs) || !Number.isInteger(atMs)) {
      throw new Error(`cannot schedule at ${atMs} ms (now ${this.nowMs} ms): times are integers and never in the past`);
    }
    if (priority < 0 || priority > MAX_PRIORITY) throw new Error(`priority ${priority} out of range`);
    const slot = this.allocSlot();
    this.slotKind[slot] = kind;
    this.slotPayload[slot] = payload;
    this.queue.push(atMs, priority, slot);
    return slot + this.slotGen[slot] * SLOT_BITS;
  }

  /** Schedule `kind` after `delayMs`. */
  after(delayMs: number, kind: number, payload?: unknown, priority: number = Priority.normal): EventHandle {
    return this.at(this.nowMs + delayMs, kind, payload, priority);
  }

  /** Lazily cancel a scheduled event; cancelling a fired or cancelled event does nothing. */
  cancel(handle: EventHandle): void {
    const slot = handle % SLOT_BITS;
    const gen = Math.floor(handle / SLOT_BITS);
    if (slot < this.slotCount && this.slotGen[slot] === gen && this.slotKind[slot] >= 0) {
      this.slotKind[slot] = -1;
      this.slotPayload[slot] = undefined;
    }
  }

  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Run until the queue is empty, `untilMs` is passed (events at exactly untilMs still run), or
   * stop() is called. `onProgress` is called every `progressEvery` events (for throttled progress
   * reporting; it must not touch simulation state).
   */
  run(untilMs = Infinity, onProgress?: (nowMs: number) => void, progressEvery = 65536): RunStats {
    this.stopRequested = false;
    const q = this.queue;
    let countdown = progressEvery;
    let sameInstant = 0;
    while (q.size > 0 && !this.stopRequested) {
      const t = q.peekTime();
      if (t > untilMs) {
        if (this.onAdvance !== null && untilMs > this.nowMs) this.onAdvance(this.nowMs, untilMs);
        this.nowMs = untilMs;
        return { events: this.dispatched, endMs: untilMs, stoppedEarly: false };
      }
      const slot = q.pop();
      const kind = this.slotKind[slot];
      const payload = this.slotPayload[slot];
      this.releaseSlot(slot);
      if (kind < 0) continue; // cancelled
      if (t !== this.nowMs) {
        if (this.onAdvance !== null) this.onAdvance(this.nowMs, t);
        sameInstant = 0;
      } else if (++sameInstant > this.maxEventsPerInstant) throw this.noProgress(t, kind);
      this.nowMs = t;
      this.dispatched++;
      this.handlers[kind](payload);
      if (onProgress && --countdown === 0) {
        countdown = progressEvery;
        onProgress(this.nowMs);
      }
    }
    if (!this.stopRequested && untilMs !== Infinity && this.nowMs < untilMs) {
      this.onAdvance?.(this.nowMs, untilMs);
      this.nowMs = untilMs;
    }
    return { events: this.dispatched, endMs: this.nowMs, stoppedEarly: this.stopRequested };
  }

  /**
   * A zero-time loop (models that answer each other at once, forever) would hang the run: after
   * this many events at one instant the run fails with a clear error instead.
   */
  maxEventsPerInstant = 10_000_000;

  private noProgress(t: number, kind: number): Error {
    const name = [...this.kindIds].find(([, id]) => id === kind)?.[0] ?? String(kind);
    return new Error(`no progress: more than ${this.maxEventsPerInstant} events at t=${t} ms (last: ${name}); ` +
      'some models answer each other at once in a loop (give one a delay, e.g. a think time, backoff or retry delay)');
  }

  private allocSlot(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    const slot = this.slotCount++;
    if (slot >= SLOT_BITS) throw new Error('too many pending events');
    if (slot === this.slotKind.length) {
      const k = new Int32Array(slot * 2); k.set(this.slotKind); this.slotKind = k;
      const g = new Int32Array(slot * 2); g.set(this.slotGen); this.slotGen = g;
    }
    return slot;
  }

  private releaseSlot(slot: number): void {
    this.slotPayload[slot] = undefined;
    this.slotGen[slot] = (this.slotGen[slot] + 1) & 0x3fffff;
    this.freeSlots.push(slot);
  }
}
