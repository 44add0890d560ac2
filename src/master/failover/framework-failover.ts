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
 *
 * Across a master failover (§6.4): the failover timeout is the master's timer, so it dies with the
 * leader, and while no master leads a disconnection goes unnoticed and a scheduler back cannot
 * subscribe (it does at the next election, MasterFailover). The new leader knows a framework whose
 * scheduler has not subscribed again only from its agents' reports (a recovered framework in
 * Mesos) and runs no failover timer for it: the framework and its tasks stay until its scheduler
 * subscribes again (docs/failures.md).
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
  /** `back`: the scheduler came back while no master led; it subscribes at the next election. */
  private readonly links = new Map<string, { state: FrameworkLinkState; removal: number | null; queue: (() => void)[]; since: number; back: boolean }>();
  private readonly masterLeading: () => boolean;
  private readonly kinds: { remove: number; reconnect: number };
  /** Called when a framework is deactivated or removed (inverse offers go with it). */
  onDeactivated: ((frameworkId: string) => void) | null = null;
  readonly removed: { framework: string; atMs: number; tasksKilled: number }[] = [];

  constructor(sim: Simulation, master: Master, sink: EventSink, failoverTimeoutMs: (frameworkId: string) => number, masterLeading: () => boolean = () => true) {
    this.sim = sim;
    this.masterLeading = masterLeading;
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
    const link = { state: 'disconnected' as FrameworkLinkState, removal: null as number | null, queue: [] as (() => void)[], since: this.sim.now, back: false };
    this.links.set(frameworkId, link);
    this.sink.emit(this.sim.now, 'framework.disconnected', { framework: frameworkId, failoverTimeout: timeout });
    // With no master leading, nobody notices (the framework awaits reregistration, inactive, already).
    if (this.masterLeading()) {
      this.master.deactivateFramework(frameworkId);
      this.onDeactivated?.(frameworkId);
      link.removal = this.sim.after(timeout, this.kinds.remove, frameworkId);
    }
    if (durationMs !== null) this.sim.after(durationMs, this.kinds.reconnect, frameworkId);
  }

  reconnect(frameworkId: string): void {
    const link = this.links.get(frameworkId);
    if (!link || link.state !== 'disconnected') return;
    if (!this.masterLeading()) { link.back = true; return; } // it subscribes with the next leader
    if (link.removal !== null) this.sim.cancel(link.removal);
    link.state = 'connected';
    this.sink.emit(this.sim.now, 'framework.reregistered', { framework: frameworkId, disconnectedMs: this.sim.now - link.since });
    this.master.activateFramework(frameworkId);
    const queued = link.queue.splice(0);
    this.links.delete(frameworkId);
    for (const call of queued) call();
  }

  /** The leader dies: the failover timers die with it (see the header). */
  masterFailed(): void {
    for (const link of this.links.values()) {
      if (link.removal !== null) this.sim.cancel(link.removal);
      link.removal = null;
    }
  }

  /**
   * A new leader is elected: schedulers that came back meanwhile subscribe with it now
   * (MasterFailover reregisters them). Returns the calls held for each, in order; their links end.
   */
  takeReturned(): Map<string, (() => void)[]> {
    const out = new Map<string, (() => void)[]>();
    for (const id of [...this.links.keys()].sort()) {
      const link = this.links.get(id)!;
      if (link.state !== 'disconnected' || !link.back) continue;
      out.set(id, link.queue);
      this.links.delete(id);
    }
    return out;
  }

  /**
   * Calls held for a scheduler elsewhere (by the master failover, while no master led) that must
   * now wait for this disconnected scheduler; they came first. False when it is not disconnected.
   */
  holdBefore(frameworkId: string, calls: readonly (() => void)[]): boolean {
    const link = this.links.get(frameworkId);
    if (!link || link.state !== 'disconnected') return false;
    link.queue.unshift(...calls);
    return true;
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
