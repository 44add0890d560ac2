/**
 * `usage`: kill the fewest revocable tasks needed, newest first, when the usage of the agent's
 * non-revocable tasks plus the usage of its revocable tasks exceeds the agent's capacity in any
 * resource. Not a Mesos built-in (Mesos ships noop and load); it is the usage-based controller the
 * oversubscription design calls for (docs/oversubscription.md:201-209).
 *
 * Selection: walk the revocable tasks newest first and take each one that still reduces an
 * outstanding excess, until every excess is covered; then spare (oldest chosen first) every chosen
 * task the others cover without. Only revocable tasks are ever candidates.
 */
import type { Quantities, TaskUsage } from '../../usage/usage-monitor.ts';
import type { QosController, QosInput } from '../types.ts';

export function usageQos(): QosController {
  return {
    name: 'usage',
    corrections(input: QosInput) {
      const excess = excessOf(input);
      if (excess.size === 0 || input.revocableTasks.length === 0) return null;
      const kill = pickVictims(input.revocableTasks, excess);
      if (kill.length === 0) return null;
      const what = [...excess].map(([n, v]) => `${n} +${v / 1000}`).join(', ');
      return { kill: kill.map((t) => t.taskId), reason: `usage over capacity (${what})` };
    },
  };
}

/** Per resource: non-revocable usage + revocable usage − capacity, where positive. */
export function excessOf(input: QosInput): Quantities {
  const out: Quantities = new Map();
  const names = new Set([...input.usage.usedNonRevocable.keys(), ...input.usage.usedRevocable.keys()]);
  for (const n of [...names].sort()) {
    const cap = input.capacity.get(n);
    if (cap === undefined) continue;
    const e = (input.usage.usedNonRevocable.get(n) ?? 0) + (input.usage.usedRevocable.get(n) ?? 0) - cap;
    if (e > 0) out.set(n, e);
  }
  return out;
}

/**
 * Fewest tasks (greedy, newest first, then pruned) whose `amount(task, name)` covers `need` for every
 * name. `tasks` must be newest first. Tasks that cannot cover the need all are all returned.
 */
export function pickVictims(
  tasks: readonly TaskUsage[], need: Quantities,
  amount: (t: TaskUsage, name: string) => number = (t, n) => t.used.get(n) ?? 0,
): TaskUsage[] {
  const left = new Map(need);
  const chosen: TaskUsage[] = [];
  for (const t of tasks) {
    if ([...left.values()].every((v) => v <= 0)) break;
    let helps = false;
    for (const [n, v] of left) if (v > 0 && amount(t, n) > 0) helps = true;
    if (!helps) continue;
    chosen.push(t);
    for (const [n, v] of left) left.set(n, v - amount(t, n));
  }
  // Spare what is not needed, the oldest chosen first (they were picked last).
  for (let i = chosen.length - 1; i >= 0; i--) {
    const t = chosen[i];
    let still = true;
    for (const [n, v] of left) if (v + amount(t, n) > 0 && need.get(n)! > 0) { still = false; break; }
    if (still) {
      chosen.splice(i, 1);
      for (const [n, v] of left) left.set(n, v + amount(t, n));
    }
  }
  return chosen;
}
