/**
 * `usage`: revocable capacity = (allocated − used) of the agent's non-revocable tasks, averaged over a
 * sliding window of usage samples, reduced by a safety margin, and never above the current slack
 * (a spike is honoured at once; a dip only after it has lasted a window).
 *
 *   slack_k(r)    = allocatedNonRevocable(r) − usedNonRevocable(r)    at sample k
 *   smoothed(r)   = mean of slack_k(r) over the samples taken in (now − window, now]
 *   capacity(r)   = floor(min(smoothed(r), slack_now(r)) × (1 − margin))
 *
 * Not a Mesos built-in (Mesos ships noop and fixed only); it models the usage-based estimators the
 * oversubscription design describes (docs/oversubscription.md:137-169).
 */
import type { Quantities } from '../../usage/usage-monitor.ts';
import type { EstimatorInput, ResourceEstimator } from '../types.ts';

export interface UsageEstimatorConfig {
  readonly windowMs: number;
  readonly margin: number;
  /** Resource names to oversubscribe (default cpus and mem). */
  readonly resources: readonly string[];
}

export function usageEstimator(config: Readonly<Record<string, unknown>>): ResourceEstimator {
  const windowMs = typeof config.windowMs === 'number' ? config.windowMs : 300_000;
  const margin = typeof config.margin === 'number' ? config.margin : 0.1;
  const names = Array.isArray(config.resources) ? (config.resources as string[]) : ['cpus', 'mem'];
  const samples: { t: number; slack: Quantities }[] = [];
  return {
    name: 'usage',
    sample(input) {
      samples.push({ t: input.nowMs, slack: slackOf(input, names) });
      while (samples.length > 0 && samples[0].t <= input.nowMs - windowMs) samples.shift();
    },
    revocableCapacity(input) {
      const now = slackOf(input, names);
      const out: Quantities = new Map();
      const recent = samples.filter((s) => s.t > input.nowMs - windowMs);
      for (const n of names) {
        const current = now.get(n) ?? 0;
        let mean = current;
        if (recent.length > 0) {
          let sum = 0;
          for (const s of recent) sum += s.slack.get(n) ?? 0;
          mean = sum / recent.length;
        }
        const v = Math.floor(Math.min(mean, current) * (1 - margin));
        if (v > 0) out.set(n, v);
      }
      return out;
    },
  };
}

function slackOf(input: EstimatorInput, names: readonly string[]): Quantities {
  const q: Quantities = new Map();
  for (const n of names) {
    const s = (input.usage.allocatedNonRevocable.get(n) ?? 0) - (input.usage.usedNonRevocable.get(n) ?? 0);
    q.set(n, Math.max(0, s));
  }
  return q;
}
