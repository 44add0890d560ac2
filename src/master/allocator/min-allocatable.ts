/**
 * Minimum allocatable resources (mesos-semantics §2.4): an offer is made only if its scalar
 * quantities satisfy at least one AND-set of the OR-list (default `cpus:0.01|mem:32`).
 * An empty list means anything is allocatable.
 */
import { scalarOf, type Resources } from '../../cluster/resources.ts';
import { toMilli } from '../../core/units.ts';
import type { MinAllocatable } from './types.ts';

export const DEFAULT_MIN_ALLOCATABLE: MinAllocatable = [new Map([['cpus', 10]]), new Map([['mem', 32_000]])];

export function isAllocatable(resources: Resources, min: MinAllocatable): boolean {
  if (resources.length === 0) return false;
  if (min.length === 0) return true;
  // Hot path of every allocation run: scan the (short) resource list per name, allocating nothing.
  for (const set of min) {
    let ok = true;
    for (const [name, need] of set) if (scalarOf(resources, name) < need) { ok = false; break; }
    if (ok) return true;
  }
  return false;
}

/** Parse `cpus:0.01|mem:32` or `cpus:1;mem:64|gpus:1` (mem/disk in MiB). */
export function parseMinAllocatable(text: string): MinAllocatable | string {
  if (text.trim() === '') return [];
  const sets: Map<string, number>[] = [];
  for (const alt of text.split('|')) {
    const set = new Map<string, number>();
    for (const part of alt.split(';')) {
      const m = /^\s*([A-Za-z_][\w.-]*)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
      if (!m) return `cannot read min allocatable "${part}" (expected e.g. cpus:0.01|mem:32)`;
      set.set(m[1], toMilli(Number(m[2])));
    }
    sets.push(set);
  }
  return sets;
}
