/** Inclusive integer interval sets (Mesos `Value::Ranges`), kept sorted and coalesced. */
import type { Range } from './resource.ts';

export function normalizeRanges(input: readonly Range[]): Range[] {
  // Nearly always already sorted and coalesced (every stored list is): then a copy, no sort.
  let normal = true;
  for (let i = 0; i < input.length && normal; i++) normal = input[i][1] >= input[i][0] && (i === 0 || input[i][0] > input[i - 1][1] + 1);
  if (normal) return input.slice();
  const sorted = [...input].filter(([a, b]) => b >= a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function addRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  return normalizeRanges([...a, ...b]);
}

export function subtractRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  let cur: Range[] = normalizeRanges(a);
  for (const [s, e] of b) {
    const next: Range[] = [];
    for (const [x, y] of cur) {
      if (e < x || s > y) { next.push([x, y]); continue; }
      if (s > x) next.push([x, s - 1]);
      if (e < y) next.push([e + 1, y]);
    }
    cur = next;
  }
  return cur;
}

export function containsRanges(a: readonly Range[], b: readonly Range[]): boolean {
  return subtractRanges(b, a).length === 0;
}

export function rangesSize(a: readonly Range[]): number {
  let n = 0;
  for (const [x, y] of a) n += y - x + 1;
  return n;
}
