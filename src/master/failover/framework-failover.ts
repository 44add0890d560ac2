/**
 * Scheduler (framework) failover (mesos-semantics §6.3): a scheduler disconnects; the master
 * deactivates the framework (offers rescinded with no filter, all offer and inverse-offer filters
 * dropped) while its tasks keep running and stay charged to it. If it reregisters within its
 * `failover_timeout` (FrameworkInfo, default 0 s = removed at once) it is activated again, which
 * triggers an allocation over all agents; otherwise it is removed and all its tasks are killed,
 * with no allocation triggered.
 *
 * While disconnected, calls into the scheduler (status updates, its timers) are queued and
 * replayed in order when it reconnects (Mesos retries status updates until acknowledged).
 */
import type { EventSink } from '../../core/event-sink.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import type { Master } from '../master.ts';

export type FrameworkLinkState = 'connected' | 'disconnected' | 'removed';

export class FrameworkFailover {
  private readonly sim: Simulation;
  private readonly master: Master;
  private readonly sink: EventSink;
  private readonly failoverTimeoutMs: (frameworkId: string) => number;
  private readonly links = new Map<string, { state: FrameworkLinkState; removal: number | null; queue: (() => void)[]; since: number }>();
  private readonly kinds: { remove: number; reconnect: number };
  /** Called when a framework is deactivated or removed (inverse offers go with it). */
  onDeactivated: ((frameworkId: string) => void) | null = null;
  readonly removed: { framework: string; atMs: number; tasksKilled: number }[] = [];

  constructor(sim: Simulation, master: Master, sink: EventSink, failoverTimeoutMs: (frameworkId: string) => number) {
    this.sim = sim;
    this.master = master;
    this.sink = sink;
    this.failoverTimeoutMs = failoverTimeoutMs;
    this.kinds = {
      remove: sim.on('framework.failoverTimeout', (id: string) => this.onTimeout(id)),
      reconnect: sim.on('framework.reconnect', (id: string) => this.reconnect(id)),
    };
  }

  state(frameworkId: string): FrameworkLinkState {
    return this.links.get(frameworkId)?.state ?? (this.master.frameworks.has(frameworkId) ? 'connected' : 'removed');
  }

  /** The scheduler goes away; it comes back after `durationMs` (null = never). */
  disconnect(frameworkId: string, durationMs: number | null): void {
    if (!this.master.frameworks.has(frameworkId) || this.state(frameworkId) !== 'connected') return;
    const timeout = this.failoverTimeoutMs(frameworkId);
    const link = { state: 'disconnected' as FrameworkLinkState, removal: null as number | null, queue: [] as (() => void)[], since: this.sim.now };
    this.links.set(frameworkId, link);
    this.sink.emit(this.sim.now, 'framework.disconnected', { framework: frameworkId, failoverTimeout: timeout });
    this.master.deactivateFramework(frameworkId);
    this.onDeactivated?.(frameworkId);
    link.removal = this.sim.after(timeout, this.kinds.remove, frameworkId);
    if (durationMs !== null) this.sim.after(durationMs, this.kinds.reconnect, frameworkId);
  }

  reconnect(frameworkId: string): void {
    const link = this.links.get(frameworkId);
    if (!link || link.state !== 'disconnected') return;
    if (link.removal !== null) this.sim.cancel(link.removal);
    link.state = 'connected';
    this.sink.emit(this.sim.now, 'framework.reregistered', { framework: frameworkId, disconnectedMs: this.sim.now - link.since });
    this.master.activateFramework(frameworkId);
    const queued = link.queue.splice(0);
    this.links.delete(frameworkId);
    for (const call of queued) call();
  }

  /** Master hook: hold calls into a disconnected scheduler. */
  intercept(frameworkId: string, call: () => void): boolean {
    const link = this.links.get(frameworkId);
    if (!link) return false;
    if (link.state === 'disconnected') link.queue.push(call);
    return true; // removed: dropped
  }

  private onTimeout(frameworkId: string): void {
    const link = this.links.get(frameworkId);
    if (!link || link.state !== 'disconnected') return;
    link.removal = null;
    link.state = 'removed';
    link.queue = [];
    const tasks = this.master.frameworks.get(frameworkId)?.tasks.size ?? 0;
    this.sink.emit(this.sim.now, 'framework.failoverTimeout', { framework: frameworkId, tasks });
    this.removed.push({ framework: frameworkId, atMs: this.sim.now, tasksKilled: tasks });
    this.onDeactivated?.(frameworkId);
    this.master.removeFramework(frameworkId);
  }
}
