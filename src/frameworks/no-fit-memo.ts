/**
 * The trace-replay framework's memory of its last queue scan in which nothing was small enough for
 * the offer (docs/workloads.md "Replay at full size").
 *
 * In such a scan every task looked at was too big by size (`mayFit` false): its shape is stamped,
 * the rest of that shape is passed over, and the scan ends once every queued shape is stamped or at
 * `maxScan` steps. What it does depends on the offer only through those answers. So while the queue
 * is unchanged (its `version`), any other offer that none of the shapes looked at fits takes exactly
 * the same scan: nothing launches, and it is cut short exactly when the first one was. On the full
 * Google 2011 shard 297,543 of the 326,279 offers of ten simulated minutes are answered this way;
 * each of those scans passed hundreds of runs of shapes already stamped.
 *
 * Checking "none of them fits" needs only the Pareto-minimal shapes: one that needs at least as much
 * of every resource as another (and draws on the same resources: revocable or not) cannot fit where
 * the other does not.
 */
import { mayFit, type FitTotals, type TaskShape } from './fit.ts';

/** More shapes than this looked at: not remembered (finding the minimal ones is quadratic). */
const MAX_SHAPES = 256;

export class NoFitMemo {
  private version = -1;
  private minimal: TaskShape[] = [];
  private cutShort = false;
  /** Offers answered from memory so far (tests read it; not a metric of the run). */
  hits = 0;

  /** A scan of the queue at `version` found every shape it looked at too big; it was or was not cut short at maxScan. */
  record(version: number, looked: readonly TaskShape[], cutShort: boolean): void {
    if (looked.length > MAX_SHAPES) { this.version = -1; return; }
    this.version = version;
    this.minimal = paretoMinimal(looked);
    this.cutShort = cutShort;
  }

  /**
   * For an offer with `totals`, the queue at `version`: whether its scan is cut short (true) or ends
   * (false) with nothing launched, as the remembered one; null when it has to scan.
   */
  recall(version: number, totals: FitTotals): boolean | null {
    if (version !== this.version) return null;
    for (const shape of this.minimal) if (mayFit(totals, shape)) return null;
    this.hits++;
    return this.cutShort;
  }
}

/** The shapes no other one of which needs at most as much of everything (the first of equal ones kept). */
function paretoMinimal(shapes: readonly TaskShape[]): TaskShape[] {
  const out: TaskShape[] = [];
  for (let i = 0; i < shapes.length; i++) {
    let redundant = false;
    for (let j = 0; j < shapes.length && !redundant; j++) {
      if (j === i || !needsNoMore(shapes[j], shapes[i])) continue;
      // shapes[j] fits wherever shapes[i] does: i is redundant unless they are equal and i comes first
      redundant = !needsNoMore(shapes[i], shapes[j]) || j < i;
    }
    if (!redundant) out.push(shapes[i]);
  }
  return out;
}

/** `a` needs at most what `b` needs of every resource, from the same pool (so if `a` does not fit, `b` does not). */
function needsNoMore(a: TaskShape, b: TaskShape): boolean {
  if ((a.revocable ?? false) !== (b.revocable ?? false)) return false;
  for (const [name, need] of a.quantities) if (need > 0 && need > (b.quantities.get(name) ?? 0)) return false;
  return true;
}
