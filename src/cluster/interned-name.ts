/**
 * One string object per resource name and role, whatever text or caller it came from. The allocator
 * looks names and roles up in maps on every offer: a key that is the very object stored matches at
 * once, an equal copy is compared character by character (about 5% of an allocation cycle's
 * instructions, counted with bench/count-allocation.sh). Bounded: forgotten wholesale past
 * INTERNED_MAX strings (later copies are then simply not shared).
 */
const interned = new Map<string, string>();
const INTERNED_MAX = 50_000;

export function internedName(s: string): string {
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size >= INTERNED_MAX) interned.clear();
  interned.set(s, s);
  return s;
}
