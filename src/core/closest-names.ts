/**
 * "Did you mean …?" for a mistyped name: the known names a few edits away (Levenshtein distance),
 * closest first. Used for `@variant` names in assertions (scenario/assertion-variants.ts),
 * `--variant` (experiment/scenario-set.ts) and metric paths (`sweep merge --metric`,
 * experiment/sweep-merge.ts).
 */

/** Levenshtein distance: single-character insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The known names at most `maxDistance` edits from `name` (default 2, or a third of its length for
 * long names), closest first, ties in their order in `known`.
 */
export function closestNames(name: string, known: readonly string[], maxDistance = Math.max(2, Math.floor(name.length / 3))): string[] {
  return known
    .map((k, i) => ({ k, i, d: editDistance(name, k) }))
    .filter((x) => x.d <= maxDistance)
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .map((x) => x.k);
}
