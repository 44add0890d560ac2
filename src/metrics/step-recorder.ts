/**
 * A bounded, exact record of piecewise-constant time series that share their breakpoints
 * (e.g. the five utilization states of every resource, or the dominant shares of every role).
 *
 * The probe sets channel values as state changes and calls `advance(from, to)` for every interval on
 * which the state is constant (the kernel's onAdvance hook). Segments with equal values coalesce.
 * When more than `maxSegments` segments exist, the recorder switches to (or coarsens) an aligned
 * time grid of width G = 2^k ms: intervals inside one grid cell are merged into their **exact
 * time-weighted mean** (Σ value·dt / Σ dt), and constant stretches still span many cells as one
 * segment. Nothing is ever dropped, so every output row's integral is exact: Σ over rows of
 * value × (t1 − t0) equals the true integral over any union of rows.
 *
 * A channel may be absent (value NaN) on part of a segment; its mean is then over the time it was
 * present, and `presentMs` says how long that was.
 */

export interface Segment {
  t0: number;
  t1: number;
  /** Mean of differing values (a merged grid cell) rather than one constant state. */
  mixed: boolean;
  /** Per channel Σ value·dt over the time present. */
  sum: Float64Array;
  /** Per channel ms present. */
  present: Float64Array;
}

export interface SegmentRow {
  t0: number;
  t1: number;
  channel: number;
  value: number;
  /** ms the channel was present within [t0, t1) */
  presentMs: number;
}

export class StepRecorder {
  readonly channels: string[] = [];
  private readonly index = new Map<string, number>();
  private cur: number[] = [];
  private segs: Segment[] = [];
  /** Some value changed since the last advance (else a constant last segment just grows). */
  private changed = true;
  /** Grid width in ms; 0 = exact (no merging of differing values yet). */
  gridMs = 0;
  readonly maxSegments: number;

  constructor(maxSegments = 1500) {
    if (maxSegments < 4) throw new Error('maxSegments must be at least 4');
    this.maxSegments = maxSegments;
  }

  channel(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.channels.length;
      this.channels.push(name);
      this.index.set(name, i);
      this.cur.push(Number.NaN);
      this.changed = true;
    }
    return i;
  }

  /** Set a channel's current value (NaN = absent) by index. */
  set(i: number, value: number): void {
    const old = this.cur[i];
    if (old === value || (old !== old && value !== value)) return;
    this.cur[i] = value;
    this.changed = true;
  }

  get(i: number): number {
    return this.cur[i];
  }

  get segmentCount(): number {
    return this.segs.length;
  }

  /** The current state holds on [from, to). */
  advance(from: number, to: number): void {
    if (!(to > from)) return;
    const n = this.cur.length;
    const last = this.segs[this.segs.length - 1];
    if (!this.changed && last !== undefined && !last.mixed && last.t1 === from && last.sum.length === n) {
      const dt = to - from;
      for (let i = 0; i < n; i++) {
        const v = this.cur[i];
        if (v === v) { last.sum[i] += v * dt; last.present[i] += dt; }
      }
      last.t1 = to;
      return;
    }
    this.changed = false;
    const sum = new Float64Array(n);
    const present = new Float64Array(n);
    const dt = to - from;
    for (let i = 0; i < n; i++) {
      const v = this.cur[i];
      if (v === v) { sum[i] = v * dt; present[i] = dt; }
    }
    const seg: Segment = { t0: from, t1: to, mixed: false, sum, present };
    if (this.gridMs > 0) for (const [a, b] of cellPieces(from, to, this.gridMs)) this.append(a === from && b === to ? seg : slice(seg, a, b));
    else this.append(seg);
    if (this.segs.length > this.maxSegments) this.coarsen();
  }

  /** Rows per (segment, channel present); in segment order, then channel order. */
  rows(): SegmentRow[] {
    const out: SegmentRow[] = [];
    for (const s of this.segs) {
      for (let c = 0; c < s.sum.length; c++) {
        if (s.present[c] > 0) out.push({ t0: s.t0, t1: s.t1, channel: c, value: s.sum[c] / s.present[c], presentMs: s.present[c] });
      }
    }
    return out;
  }

  /** One channel's rows (those of `rows()` for it), in time order, without building the others'. */
  forEachRowOf(c: number, visit: (t0: number, t1: number, value: number) => void): void {
    for (const s of this.segs) {
      if (c < s.sum.length && s.present[c] > 0) visit(s.t0, s.t1, s.sum[c] / s.present[c]);
    }
  }

  segments(): readonly Segment[] {
    return this.segs;
  }

  private append(p: Segment): void {
    const last = this.segs[this.segs.length - 1];
    if (last && last.t1 === p.t0) {
      if (!last.mixed && !p.mixed && sameConstant(last, p)) { extend(last, p); return; }
      const G = this.gridMs;
      if (G > 0) {
        const cell = Math.floor(p.t0 / G) * G;
        // p starts inside the cell that `last` ends in (p never crosses a cell boundary here)
        if (last.t1 > cell) {
          let target = last;
          if (last.t0 < cell) {
            // a constant segment spanning earlier cells: split off its part inside this cell
            const head = slice(last, last.t0, cell);
            const tail = slice(last, cell, last.t1);
            this.segs[this.segs.length - 1] = head;
            this.segs.push(tail);
            target = tail;
          }
          merge(target, p);
          return;
        }
      }
    }
    this.segs.push(p);
  }

  /** Double the grid (at least) and re-bucket every segment; integrals are unchanged. */
  private coarsen(): void {
    const first = this.segs[0].t0;
    const last = this.segs[this.segs.length - 1].t1;
    const target = Math.max(1, Math.floor(this.maxSegments / 2));
    let G = Math.max(1, this.gridMs * 2);
    while ((last - first) / G > target) G *= 2;
    this.gridMs = G;
    const old = this.segs;
    this.segs = [];
    for (const s of old) {
      if (s.mixed) { this.append(s); continue; } // a mixed segment lies inside one old cell, so inside one new cell
      for (const [a, b] of cellPieces(s.t0, s.t1, G)) this.append(a === s.t0 && b === s.t1 ? s : slice(s, a, b));
    }
    if (this.segs.length > this.maxSegments) this.coarsen();
  }
}

/**
 * Split [a, b) at grid boundaries into at most three pieces: the part in a's cell, the whole cells
 * in between (one piece: a constant stretch may span many cells), and the part in b's cell.
 */
function cellPieces(a: number, b: number, G: number): [number, number][] {
  const first = (Math.floor(a / G) + 1) * G;
  if (first >= b) return [[a, b]];
  const lastB = Math.floor(b / G) * G;
  const out: [number, number][] = [[a, first]];
  if (lastB > first) out.push([first, lastB]);
  if (b > lastB) out.push([lastB, b]);
  return out;
}

/** Piece [a, b) of a constant segment (exact: the value is the same everywhere). */
function slice(s: Segment, a: number, b: number): Segment {
  const f = (b - a) / (s.t1 - s.t0);
  const sum = new Float64Array(s.sum.length);
  const present = new Float64Array(s.sum.length);
  for (let i = 0; i < sum.length; i++) {
    if (s.present[i] > 0) { sum[i] = s.sum[i] * f; present[i] = b - a; }
  }
  return { t0: a, t1: b, mixed: false, sum, present };
}

function sameConstant(a: Segment, b: Segment): boolean {
  const n = Math.max(a.sum.length, b.sum.length);
  const da = a.t1 - a.t0, db = b.t1 - b.t0;
  for (let i = 0; i < n; i++) {
    const pa = (a.present[i] ?? 0) > 0, pb = (b.present[i] ?? 0) > 0;
    if (pa !== pb) return false;
    if (pa && a.sum[i] / da !== b.sum[i] / db) return false;
  }
  return true;
}

function widen(s: Segment, n: number): void {
  if (s.sum.length >= n) return;
  const sum = new Float64Array(n); sum.set(s.sum); s.sum = sum;
  const present = new Float64Array(n); present.set(s.present); s.present = present;
}

function extend(into: Segment, p: Segment): void {
  widen(into, p.sum.length);
  for (let i = 0; i < p.sum.length; i++) { into.sum[i] += p.sum[i]; into.present[i] += p.present[i]; }
  into.t1 = p.t1;
}

function merge(into: Segment, p: Segment): void {
  const wasConstant = !into.mixed && !p.mixed && sameConstant(into, p);
  extend(into, p);
  if (!wasConstant) into.mixed = true;
}
