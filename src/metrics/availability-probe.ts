/**
 * Per-service availability: running instances ÷ wanted instances, for frameworks whose scheduler
 * exposes `wantedInstances()` (scheduler-metrics.ts). Evaluated before every time advance (state is
 * constant on the interval), recorded as a bounded exact step series; absent while nothing is wanted.
 * Availability is capped at 1 (extra instances do not make up for missing ones elsewhere).
 */
import type { EventFields, EventSink } from '../core/event-sink.ts';
import type { Master } from '../master/master.ts';
import { metricsView } from './scheduler-metrics.ts';
import { StepRecorder } from './step-recorder.ts';

export class AvailabilityProbe implements EventSink {
  readonly recorder: StepRecorder;
  /** service → [Σ fraction·dt, ms wanted>0, ms fully available] */
  readonly totals = new Map<string, [number, number, number]>();
  private readonly master: Master;
  private services: string[] = [];
  private scan = true;

  constructor(master: Master, maxSegments?: number) {
    this.master = master;
    this.recorder = new StepRecorder(maxSegments);
  }

  wants(type: string): boolean {
    return type === 'framework.added' || type === 'framework.removed';
  }

  emit(_t: number, type: string, _f: EventFields): void {
    if (type === 'framework.added' || type === 'framework.removed') this.scan = true;
  }

  get hasServices(): boolean {
    return this.recorder.channels.length > 0;
  }

  advance(fromMs: number, toMs: number): void {
    if (this.scan) {
      this.scan = false;
      this.services = [...this.master.frameworks.keys()].filter((id) => typeof metricsView(this.master.frameworks.get(id)!.scheduler).wantedInstances === 'function');
    }
    if (this.services.length === 0 && this.recorder.channels.length === 0) return;
    const seen = new Set<string>();
    for (const id of this.services) {
      const fw = this.master.frameworks.get(id);
      if (!fw) continue;
      const view = metricsView(fw.scheduler);
      const wanted = view.wantedInstances!();
      if (typeof wanted === 'number') {
        this.observe(id, wanted, fw.tasks.size, toMs - fromMs, seen);
      } else {
        const running = view.runningInstances?.() ?? new Map<string, number>();
        for (const [svc, w] of [...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) this.observe(svc, w, running.get(svc) ?? 0, toMs - fromMs, seen);
      }
    }
    for (const name of this.recorder.channels) if (!seen.has(name)) this.recorder.set(this.recorder.channel(name), Number.NaN);
    this.recorder.advance(fromMs, toMs);
  }

  private observe(service: string, wanted: number, running: number, dt: number, seen: Set<string>): void {
    seen.add(service);
    const ch = this.recorder.channel(service);
    if (!(wanted > 0)) { this.recorder.set(ch, Number.NaN); return; }
    const f = Math.min(1, running / wanted);
    this.recorder.set(ch, f);
    let t = this.totals.get(service);
    if (!t) this.totals.set(service, (t = [0, 0, 0]));
    t[0] += f * dt; t[1] += dt;
    if (f >= 1) t[2] += dt;
  }
}
