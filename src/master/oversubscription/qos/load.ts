/**
 * `load`: Mesos' load-threshold controller (src/slave/qos_controllers/load.cpp:72-120). When the
 * 5-minute load average exceeds `threshold5min` or the 15-minute one exceeds `threshold15min`, kill
 * *all* executors that use any revocable resource.
 *
 * The simulated host's load is the number of cores in use (non-revocable + revocable cpu usage), and
 * its load averages are the kernel's exponentially damped moving averages over 5 and 15 minutes,
 * updated on every usage sample: L ← L·e^(−Δt/τ) + load·(1 − e^(−Δt/τ)) (usage is constant on Δt).
 */
import type { QosController, QosInput } from '../types.ts';

const FIVE_MIN = 300_000;
const FIFTEEN_MIN = 900_000;

export interface LoadAverages { load5: number; load15: number }

export function loadQos(config: Readonly<Record<string, unknown>>): QosController & { averages(): LoadAverages } {
  const t5 = typeof config.threshold5min === 'number' ? config.threshold5min : null;
  const t15 = typeof config.threshold15min === 'number' ? config.threshold15min : null;
  if (t5 === null && t15 === null) throw new Error('load QoS controller: give threshold5min and/or threshold15min');
  let load5 = 0, load15 = 0, lastT: number | null = null, current = 0;
  const advance = (now: number) => {
    if (lastT !== null && now > lastT) {
      const dt = now - lastT;
      const a5 = Math.exp(-dt / FIVE_MIN), a15 = Math.exp(-dt / FIFTEEN_MIN);
      load5 = load5 * a5 + current * (1 - a5);
      load15 = load15 * a15 + current * (1 - a15);
    }
    lastT = now;
  };
  return {
    name: 'load',
    averages: () => ({ load5, load15 }),
    sample(input: QosInput) {
      advance(input.nowMs);
      current = ((input.usage.usedNonRevocable.get('cpus') ?? 0) + (input.usage.usedRevocable.get('cpus') ?? 0)) / 1000;
    },
    corrections(input: QosInput) {
      if (input.revocableTasks.length === 0) return null;
      const over5 = t5 !== null && load5 > t5;
      const over15 = t15 !== null && load15 > t15;
      if (!over5 && !over15) return null;
      const reason = over5 ? `5-minute load ${load5.toFixed(2)} > ${t5}` : `15-minute load ${load15.toFixed(2)} > ${t15}`;
      return { kill: input.revocableTasks.map((t) => t.taskId), reason };
    },
  };
}
