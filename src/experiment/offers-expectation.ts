/**
 * `expect.offers`: the offers a scenario must make, compared with the run's `offer` events.
 * offersExact (default) → the expected list is every offer, in order; otherwise it must appear as
 * an in-order subsequence. Omitted fields (agent, role, resources) match anything.
 */
import type { ExpectedOffer } from '../scenario/run-spec.ts';
import { matchOneToOne } from './one-to-one-match.ts';

export interface OfferEvent { readonly t: number; readonly framework: string; readonly role: string; readonly agent: string; readonly resources: string }

export function offerEvents(lines: readonly string[]): OfferEvent[] {
  const out: OfferEvent[] = [];
  for (const line of lines) {
    if (!line.includes('"type":"offer"')) continue;
    const e = JSON.parse(line) as { type: string } & OfferEvent;
    if (e.type === 'offer') out.push({ t: e.t, framework: e.framework, role: e.role, agent: e.agent, resources: e.resources });
  }
  return out;
}

export function matchesOffer(want: ExpectedOffer, got: OfferEvent): boolean {
  return want.atMs === got.t && want.framework === got.framework && (want.agent === null || want.agent === got.agent)
    && (want.role === null || want.role === got.role) && (want.resources === null || want.resources === got.resources);
}

export function describeExpected(o: ExpectedOffer): string {
  return `t=${o.atMs}ms ${o.framework}${o.role !== null ? `(${o.role})` : ''}${o.agent !== null ? ` on ${o.agent}` : ''}${o.resources !== null ? ` ${o.resources}` : ''}`;
}

export function describeOffer(o: OfferEvent): string {
  return `t=${o.t}ms ${o.framework}(${o.role}) on ${o.agent} ${o.resources}`;
}

/**
 * null when the expectation holds, else a readable explanation of the first departure.
 * Offers made at the same instant match in any order: Mesos leaves the order of offer callbacks
 * within a run undefined (conformance conventions), and ours follows the seeded agent shuffle.
 */
export function checkOffers(expected: readonly ExpectedOffer[], exact: boolean, actual: readonly OfferEvent[]): string | null {
  if (exact) {
    const times = [...new Set([...expected.map((o) => o.atMs), ...actual.map((o) => o.t)])].sort((a, b) => a - b);
    for (const t of times) {
      const want = expected.filter((o) => o.atMs === t);
      const got = actual.filter((o) => o.t === t);
      // One to one (a wildcard never takes the offer a specific expectation needs, when another fits it).
      const matched = matchOneToOne(want, got, matchesOffer);
      const missing = matched.indexOf(-1);
      if (missing >= 0) {
        return [`at t=${t}ms: expected ${describeExpected(want[missing])}, not made`,
          `offers made at t=${t}ms: ${got.length > 0 ? got.map(describeOffer).join('; ') : 'none'}`,
          `(${expected.length} offers expected, ${actual.length} made)`].join('\n');
      }
      const pending = got.filter((_, i) => !matched.includes(i));
      if (pending.length > 0) {
        return [`at t=${t}ms: unexpected offer ${describeOffer(pending[0])}`,
          `(${want.length} expected at t=${t}ms, ${got.length} made; ${expected.length} expected in all, ${actual.length} made)`].join('\n');
      }
    }
    return null;
  }
  let j = 0;
  for (let i = 0; i < expected.length; i++) {
    const w = expected[i];
    while (j < actual.length && !matchesOffer(w, actual[j])) j++;
    if (j === actual.length) {
      const near = actual.filter((o) => o.t === w.atMs);
      return `expected offer #${i + 1} ${describeExpected(w)} was not made (in order)` +
        (near.length > 0 ? `; offers at t=${w.atMs}ms: ${near.map(describeOffer).join('; ')}` : `; no offer at t=${w.atMs}ms`);
    }
    j++;
  }
  return null;
}
