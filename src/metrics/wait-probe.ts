/** Task wait times (submit → launch) from the event stream, with nearest-rank percentiles. */
import type { EventFields, EventSink } from '../core/event-sink.ts';

export class WaitProbe implements EventSink {
  readonly waitsMs: number[] = [];

  wants(type: string): boolean {
    return type === 'task.launched';
  }

  emit(t: number, type: string, fields: EventFields): void {
    if (type === 'task.launched' && typeof fields.submitted === 'number') this.waitsMs.push(t - fields.submitted);
  }

  percentiles(): { count: number; p50: number | null; p95: number | null; p99: number | null; mean: number | null } {
    const xs = [...this.waitsMs].sort((a, b) => a - b);
    const q = (p: number) => (xs.length === 0 ? null : xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)]);
    const mean = xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
    return { count: xs.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), mean };
  }
}
