/**
 * Think time: how long a scheduler deliberates before its reply to an offer batch takes effect.
 * The delay is `perOfferMs` × offers answered + `perTaskMs` × tasks launched, and a scheduler
 * thinks about one batch at a time (a batch that arrives while it is busy waits its turn), so a
 * slow scheduler holds its offers longer and launches later — the effect the Omega paper measures
 * as scheduler busy time. The master's `offerLatency` (delivery delay) is separate and adds to it.
 *
 * While thinking, the scheduler holds its offers. An offer rescinded meanwhile (timeout, agent
 * removed) cannot be accepted any more: its planned launches are handed back through `onLost`
 * so the framework re-queues them.
 */
import type { OfferReply, SchedulerDriver, TaskLaunch } from '../master/scheduler.ts';

export interface ThinkTime {
  readonly perOfferMs: number;
  readonly perTaskMs: number;
}

export const NO_THINK: ThinkTime = { perOfferMs: 0, perTaskMs: 0 };

interface Pending {
  readonly reply: OfferReply;
  readonly onLost: (launch: readonly TaskLaunch[]) => void;
  /** Launches the framework changed its mind about while thinking (e.g. killed meanwhile) are dropped. */
  readonly keep?: (l: TaskLaunch) => boolean;
}

export interface ThinkToken { readonly think: number }

export class Deliberation {
  private readonly think: ThinkTime;
  private busyUntil = 0;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly pendingTasks = new Set<string>();
  /** Total simulated time spent deliberating (ms). */
  busyMs = 0;

  constructor(think: ThinkTime) {
    this.think = think;
  }

  /**
   * The reply to return from onOffers right now (no think time and not busy), or undefined when it
   * was deferred: the offers stay held and the reply is applied after the think time.
   */
  submit(driver: SchedulerDriver, reply: OfferReply, onLost: Pending['onLost'], keep?: (l: TaskLaunch) => boolean): OfferReply | undefined {
    const offers = (reply.accept?.length ?? 0) + (reply.decline?.length ?? 0);
    const tasks = (reply.accept ?? []).reduce((n, a) => n + a.launch.length, 0);
    const delay = this.think.perOfferMs * offers + this.think.perTaskMs * tasks;
    this.busyMs += delay;
    if (delay === 0 && this.busyUntil <= driver.now) return reply;
    const at = Math.max(driver.now, this.busyUntil) + delay;
    this.busyUntil = at;
    const id = ++this.seq;
    this.pending.set(id, { reply, onLost, keep });
    for (const a of reply.accept ?? []) for (const l of a.launch) if (l.taskId !== undefined) this.pendingTasks.add(l.taskId);
    driver.setTimer(at - driver.now, { think: id } satisfies ThinkToken);
    return undefined;
  }

  /** When the last deferred reply takes effect (the end of the current deliberation). */
  get readyAtMs(): number {
    return this.busyUntil;
  }

  /** A launch decided but still being thought about (not yet sent to the master). */
  isPending(taskId: string): boolean {
    return this.pendingTasks.has(taskId);
  }

  handles(token: unknown): token is ThinkToken {
    return typeof token === 'object' && token !== null && typeof (token as ThinkToken).think === 'number';
  }

  /** The think time is over: apply the reply to the offers still held. */
  fire(token: ThinkToken, driver: SchedulerDriver): void {
    const p = this.pending.get(token.think);
    if (!p) return;
    this.pending.delete(token.think);
    for (const a of p.reply.accept ?? []) for (const l of a.launch) if (l.taskId !== undefined) this.pendingTasks.delete(l.taskId);
    const held = new Set(driver.heldOffers().map((o) => o.id));
    for (const a of p.reply.accept ?? []) {
      const launch = p.keep ? a.launch.filter(p.keep) : a.launch;
      if (held.has(a.offerId)) {
        if (launch.length > 0) driver.accept(a.offerId, launch, a.refuseSeconds);
        else driver.decline(a.offerId, a.refuseSeconds);
      }
      else if (launch.length > 0) p.onLost(launch);
    }
    for (const d of p.reply.decline ?? []) if (held.has(d.offerId)) driver.decline(d.offerId, d.refuseSeconds);
  }
}
