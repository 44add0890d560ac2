/**
 * Master rate limiting of framework calls (Mesos `--rate_limits`, docs/framework-rate-limiting.md):
 * calls from the frameworks of one principal are processed at most `qps` per second, in arrival
 * order; a call that would find `capacity` calls already waiting is dropped (Mesos answers it with
 * a FrameworkErrorMessage). Principals without a limit of their own share the aggregate default
 * limit when one is set, and are otherwise unlimited.
 *
 * Deterministic: a call admitted at time t runs at max(t, next free slot); slots are 1000/qps ms
 * apart, kept as a double and rounded up to whole milliseconds when scheduled.
 */
export interface RateLimit {
  readonly principal: string;
  readonly qps: number;
  /** Calls allowed to wait; null = unbounded. */
  readonly capacity: number | null;
}

export interface RateLimitsConfig {
  readonly limits: readonly RateLimit[];
  readonly aggregateDefaultQps: number | null;
  readonly aggregateDefaultCapacity: number | null;
}

interface Bucket {
  readonly intervalMs: number;
  readonly capacity: number | null;
  nextFreeMs: number;
  waiting: number;
}

/** `epoch`: the limiter's generation (a new leading master starts a fresh one, `reset`). */
export type Admission = { readonly delayMs: number; readonly bucket: string; readonly epoch: number } | 'drop' | 'unlimited';

const AGGREGATE = '\u0000aggregate-default';

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly principals = new Map<string, string>();
  private readonly config: RateLimitsConfig;
  /** Bumped by `reset`: calls admitted before it waited in a master that is gone. */
  epoch = 0;

  constructor(config: RateLimitsConfig) {
    this.config = config;
    this.reset();
    this.epoch = 0;
  }

  /**
   * A new leading master (§6.4): the limiter lives in the master process, so the new one starts
   * with empty queues. Calls still waiting in the old one are lost with it (`isCurrent` says so).
   */
  reset(): void {
    this.epoch++;
    this.buckets.clear();
    for (const l of this.config.limits) this.buckets.set(l.principal, bucket(l.qps, l.capacity));
    if (this.config.aggregateDefaultQps !== null) this.buckets.set(AGGREGATE, bucket(this.config.aggregateDefaultQps, this.config.aggregateDefaultCapacity));
  }

  /** Whether a call admitted in `epoch` still waits in this master's queue. */
  isCurrent(epoch: number): boolean {
    return epoch === this.epoch;
  }

  /** The principal a framework authenticates as (default: its id). */
  setPrincipal(frameworkId: string, principal: string): void {
    this.principals.set(frameworkId, principal);
  }

  /** Admit a call made at `nowMs`: run it after `delayMs`, drop it, or run it at once (no limit). */
  admit(frameworkId: string, nowMs: number): Admission {
    const principal = this.principals.get(frameworkId) ?? frameworkId;
    const key = this.buckets.has(principal) ? principal : AGGREGATE;
    const b = this.buckets.get(key);
    if (!b) return 'unlimited';
    const at = Math.max(nowMs, b.nextFreeMs);
    if (at > nowMs && b.capacity !== null && b.waiting >= b.capacity) return 'drop';
    b.nextFreeMs = at + b.intervalMs;
    if (at > nowMs) b.waiting++;
    return { delayMs: Math.ceil(at - nowMs), bucket: key, epoch: this.epoch };
  }

  /** A delayed call of `bucket` has run. */
  release(bucketKey: string): void {
    const b = this.buckets.get(bucketKey);
    if (b && b.waiting > 0) b.waiting--;
  }
}

function bucket(qps: number, capacity: number | null): Bucket {
  return { intervalMs: 1000 / qps, capacity, nextFreeMs: -Infinity, waiting: 0 };
}
