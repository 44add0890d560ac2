/**
 * Minimum allocatable resources (mesos-semantics §2.4): an offer is made only if its scalar
 * quantities satisfy at least one AND-set of the OR-list (default `cpus:0.01|mem:32`).
 * An empty list means anything is allocatable.
 */
import type { Resources } from '../../cluster/resources.ts';
import { toMilli } from '../../core/units.ts';
import type { MinAllocatable } from './types.ts';

export const DEFAULT_MIN_ALLOCATABLE: MinAllocatable = [new Map([['cpus', 10]]), new Map([['mem', 32_000]])];

export function isAllocatable(resources: Resources, min: MinAllocatable): boolean {
  if (resources.length === 0) return false;
  if (min.length === 0) return true;
  // Hot path of every allocation run (once per candidate offer): the OR-list is read as flat
  // arrays compiled once per list, and the (short) resource list is scanned per name.
  const sets = compiled(min);
  for (const set of sets) {
    let ok = true;
    for (let k = 0; k < set.names.length; k++) if (!holdsAtLeast(resources, set.names[k], set.needs[k])) { ok = false; break; }
    if (ok) return true;
  }
  return false;
}

/** The scalar entries named `name` add up to at least `need` (stops at the first entry that gets there). */
function holdsAtLeast(resources: Resources, name: string, need: number): boolean {
  let n = 0;
  for (const r of resources) {
    if (r.name === name && r.ranges === null && (n += r.amount) >= need) return true;
  }
  return n >= need;
}

interface CompiledSet { readonly names: readonly string[]; readonly needs: readonly number[] }

/** The last list compiled (nearly every call passes the master's global list). */
let lastList: MinAllocatable | null = null;
let lastCompiled: readonly CompiledSet[] = [];

function compiled(min: MinAllocatable): readonly CompiledSet[] {
  if (min !== lastList) {
    lastCompiled = min.map((set) => ({ names: [...set.keys()], needs: [...set.values()] }));
    lastList = min;
  }
  return lastCompiled;
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
