/**
 * Task wait times (submit → launch) from the event stream, with nearest-rank percentiles, overall and per
 * framework. Waits are kept exactly, in growable Float64 columns (task-store.ts), not number arrays of a
 * boxed value per task.
 */
import type { EventFields, EventSink } from '../core/event-sink.ts';
import { float64Column, type GrowableColumn } from './task-store.ts';

export interface WaitPercentiles { count: number; p50: number | null; p95: number | null; p99: number | null; mean: number | null }

export class WaitProbe implements EventSink {
  private readonly all = float64Column(1024);
  /** framework id → its tasks' waits */
  private readonly frameworks = new Map<string, GrowableColumn<Float64Array>>();

  /** Every wait in launch order (a view, valid until the next launch). */
  get waitsMs(): Float64Array {
    return this.all.view();
  }

  /** framework id → its tasks' waits in launch order (views, as waitsMs). */
  get byFramework(): Map<string, Float64Array> {
    return new Map([...this.frameworks].map(([id, c]) => [id, c.view()]));
  }

  wants(type: string): boolean {
    return type === 'task.launched';
  }

  emit(t: number, type: string, fields: EventFields): void {
    if (type !== 'task.launched' || typeof fields.submitted !== 'number') return;
    const wait = t - fields.submitted;
    this.all.push(wait);
    if (typeof fields.framework === 'string') {
      let list = this.frameworks.get(fields.framework);
      if (!list) this.frameworks.set(fields.framework, (list = float64Column()));
      list.push(wait);
    }
  }

  percentiles(): WaitPercentiles {
    return percentilesOf(this.waitsMs);
  }

  /** Per framework, by id. */
  frameworkPercentiles(): Record<string, WaitPercentiles> {
    const ids = [...this.frameworks.keys()].sort();
    return Object.fromEntries(ids.map((id) => [id, percentilesOf(this.frameworks.get(id)!.view())]));
  }
}

function percentilesOf(waits: Float64Array): WaitPercentiles {
  const xs = waits.slice().sort(); // numeric order (a typed array sorts by value)
  const q = (p: number) => (xs.length === 0 ? null : xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)]);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]; // in sorted order, as before: the same float sum
  const mean = xs.length === 0 ? null : sum / xs.length;
  return { count: xs.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), mean };
}
