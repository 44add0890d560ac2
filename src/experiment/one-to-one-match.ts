/**
 * Matching expected items to actual ones one to one, where an expectation may leave fields open
 * (a wildcard) and so fit several actual items. A greedy pass can let a wildcard take the item a
 * more specific expectation needed and then report a false failure; this finds a largest matching
 * (augmenting paths, Kuhn's algorithm: small inputs, one instant's offers), so a failure means no
 * assignment exists at all.
 */

/** For each expected item, the index of the actual item it is matched to, or -1 (none is left for it). */
export function matchOneToOne<W, G>(want: readonly W[], got: readonly G[], fits: (w: W, g: G) => boolean): number[] {
  const ownerOf = new Array<number>(got.length).fill(-1); // actual item → expected item holding it
  const matchOf = new Array<number>(want.length).fill(-1);
  const tryAssign = (w: number, seen: boolean[]): boolean => {
    for (let g = 0; g < got.length; g++) {
      if (seen[g] || !fits(want[w], got[g])) continue;
      seen[g] = true;
      if (ownerOf[g] < 0 || tryAssign(ownerOf[g], seen)) { ownerOf[g] = w; matchOf[w] = g; return true; }
    }
    return false;
  };
  for (let w = 0; w < want.length; w++) tryAssign(w, new Array<boolean>(got.length).fill(false));
  return matchOf;
}
