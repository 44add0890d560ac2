/**
 * One string object per resource name, role, framework id and agent id, whatever text or caller it
 * came from. The allocator looks them up in maps on every offer: a key that is the very object
 * stored matches at once, an equal copy is compared character by character (about 5% of an
 * allocation cycle's instructions, counted with bench/count-allocation.sh). Bounded: forgotten
 * wholesale past INTERNED_MAX strings (later copies are then simply not shared).
 *
 * The object kept is V8's internalized copy (the one it uses for property names). A map lookup
 * compares the key with every entry of its hash bucket, and two different strings of the same
 * length ("role-00017", "role-00342") are compared character by character unless both are
 * internalized, which V8 reads as "different objects, so different strings" at once.
 */
const interned = new Map<string, string>();
const INTERNED_MAX = 50_000;

export function internedName(s: string): string {
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size >= INTERNED_MAX) interned.clear();
  const canonical = internalized(s);
  interned.set(canonical, canonical);
  return canonical;
}

/**
 * V8's internalized copy of `s`: property names are internalized, and Object.keys returns them. (A
 * name that reads as an array index comes back as a fresh copy instead: equal, just not faster.)
 */
function internalized(s: string): string {
  return Object.keys({ [s]: 0 })[0];
}
