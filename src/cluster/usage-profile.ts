/**
 * Usage profiles: what a task actually uses over time, separate from what it asked for.
 *
 * A task requests resources (its limit, e.g. cpus:8;mem:8GiB) and uses some fraction of them that
 * changes over time. Profiles are evaluated on the usage sampling tick only, so usage is piecewise
 * constant and every integral over it is exact (see src/master/usage/usage-monitor.ts).
 *
 *   constant   a fixed fraction of the request
 *   diurnal    mean + amplitude·sin(2π(t − phase)/period), t = simulated time (a daily cycle)
 *   steps      fractions that change at given instants, measured from the task's launch or from the
 *              start of the run (`clock: sim`), e.g. an owner's usage spike at 2h
 *   noisy      another profile plus seeded Gaussian noise (one draw per resource per sample)
 *   series     a replayed usage series in the shape of Google 2011 `task_usage`: samples that each
 *              hold from their start until the next one (values as fractions of the request, or
 *              absolute in natural units: cpus, MiB), optionally repeating with a period
 *   perResource one profile per resource name (cpus, mem, ...) and a default for the others
 *
 * The result is a fraction of the request (≥ 0). Clamping to the request (no bursting) is the
 * caller's decision (usage never exceeds the limit unless the scenario allows bursting).
 */
import type { Rng } from '../kernel/rng.ts';

export type UsageClock = 'task' | 'sim';

export interface UsageStep {
  readonly atMs: number;
  readonly fraction: number;
}

export interface UsageSample {
  /** Start of the sample, relative to its clock; it holds until the next sample's start. */
  readonly atMs: number;
  /** Resource name → fraction of the request (or natural units when `absolute`). */
  readonly values: Readonly<Record<string, number>>;
}

export type UsageProfile =
  | { readonly kind: 'constant'; readonly fraction: number }
  | { readonly kind: 'diurnal'; readonly mean: number; readonly amplitude: number; readonly periodMs: number; readonly phaseMs: number }
  | { readonly kind: 'steps'; readonly clock: UsageClock; readonly steps: readonly UsageStep[] }
  | { readonly kind: 'noisy'; readonly base: UsageProfile; readonly sigma: number }
  | {
    readonly kind: 'series'; readonly clock: UsageClock; readonly absolute: boolean;
    /** Repeat the series with this period (ms); null = hold the last sample forever. */
    readonly repeatMs: number | null;
    readonly samples: readonly UsageSample[];
  }
  | { readonly kind: 'perResource'; readonly resources: Readonly<Record<string, UsageProfile>>; readonly default: UsageProfile | null };

/** The instant a profile is evaluated at. */
export interface UsageInstant {
  readonly nowMs: number;
  readonly launchedAtMs: number;
  /** The task's own noise stream (only drawn from by `noisy`). */
  readonly rng: () => Rng;
}

/** Fraction of `requestMilli` of resource `name` used at `at` (≥ 0, not clamped above). */
export function usageFraction(p: UsageProfile, name: string, requestMilli: number, at: UsageInstant): number {
  switch (p.kind) {
    case 'constant': return Math.max(0, p.fraction);
    case 'diurnal': {
      const x = p.mean + p.amplitude * Math.sin((2 * Math.PI * (at.nowMs - p.phaseMs)) / p.periodMs);
      return Math.max(0, x);
    }
    case 'steps': {
      const t = clockTime(p.clock, at);
      let f = p.steps.length > 0 ? p.steps[0].fraction : 1;
      for (const s of p.steps) { if (s.atMs <= t) f = s.fraction; else break; }
      return Math.max(0, f);
    }
    case 'noisy': {
      const base = usageFraction(p.base, name, requestMilli, at);
      return Math.max(0, base + p.sigma * gaussian(at.rng()));
    }
    case 'series': {
      if (p.samples.length === 0) return 1;
      let t = clockTime(p.clock, at);
      if (p.repeatMs !== null && p.repeatMs > 0) t = ((t % p.repeatMs) + p.repeatMs) % p.repeatMs;
      let s = p.samples[0];
      for (const x of p.samples) { if (x.atMs <= t) s = x; else break; }
      const v = s.values[name];
      if (v === undefined) return 1; // a resource the series does not sample is used fully (conservative)
      if (!p.absolute) return Math.max(0, v);
      return requestMilli > 0 ? Math.max(0, (v * 1000) / requestMilli) : 0;
    }
    case 'perResource': {
      const q = p.resources[name] ?? p.default;
      return q === null ? 1 : usageFraction(q, name, requestMilli, at);
    }
  }
}

/** True when evaluating the profile draws from the task's noise stream. */
export function isNoisy(p: UsageProfile): boolean {
  if (p.kind === 'noisy') return true;
  if (p.kind === 'perResource') return Object.values(p.resources).some(isNoisy) || (p.default !== null && isNoisy(p.default));
  return false;
}

function clockTime(clock: UsageClock, at: UsageInstant): number {
  return clock === 'sim' ? at.nowMs : at.nowMs - at.launchedAtMs;
}

/** Standard normal draw (Box–Muller, one value per call; two uniforms from the seeded stream). */
function gaussian(rng: Rng): number {
  const u1 = 1 - rng.next(); // (0, 1]
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Used milli-units of one resource: floor(request × fraction), capped at the request unless bursting
 * is allowed (then capped at `burstCap` × request).
 */
export function usedMilli(requestMilli: number, fraction: number, allowBurst: boolean, burstCap = Infinity): number {
  const cap = allowBurst ? burstCap : 1;
  const f = Math.min(fraction, cap);
  return Math.max(0, Math.floor(requestMilli * f));
}
