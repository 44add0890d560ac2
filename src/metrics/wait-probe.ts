/** Task wait times (submit → launch) from the event stream, with nearest-rank percentiles, overall and per framework. */
import type { EventFields, EventSink } from '../core/event-sink.ts';

export interface WaitPercentiles { count: number; p50: number | null; p95: number | null; p99: number | null; mean: number | null }

export class WaitProbe implements EventSink {
  readonly waitsMs: number[] = [];
  /** framework id → its tasks' waits */
  readonly byFramework = new Map<string, number[]>();

  wants(type: string): boolean {
    return type === 'task.launched';
  }

  emit(t: number, type: string, fields: EventFields): void {
    if (type !== 'task.launched' || typeof fields.submitted !== 'number') return;
    const wait = t - fields.submitted;
    this.waitsMs.push(wait);
    if (typeof fields.framework === 'string') {
      const list = this.byFramework.get(fields.framework);
      if (list) list.push(wait); else this.byFramework.set(fields.framework, [wait]);
    }
  }

  percentiles(): WaitPercentiles {
    return percentilesOf(this.waitsMs);
  }

  /** Per framework, by id. */
  frameworkPercentiles(): Record<string, WaitPercentiles> {
    const ids = [...this.byFramework.keys()].sort();
    return Object.fromEntries(ids.map((id) => [id, percentilesOf(this.byFramework.get(id)!)]));
  }
}

function percentilesOf(waits: readonly number[]): WaitPercentiles {
  const xs = [...waits].sort((a, b) => a - b);
  const q = (p: number) => (xs.length === 0 ? null : xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)]);
  const mean = xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
  return { count: xs.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), mean };
}
