/**
 * `expect.inverseOffers`: every inverse offer a scenario must make (maintenance, mesos-semantics
 * §5.2), compared with the run's `inverseOffer` events. The list is exact: an inverse offer not
 * expected fails as much as one missing. Inverse offers of one instant match in any order (the
 * allocator visits agents in the seeded shuffle's order).
 */
import type { ExpectedInverseOffer } from '../scenario/run-spec.ts';
import { matchOneToOne } from './one-to-one-match.ts';

export interface InverseOfferEvent { readonly t: number; readonly framework: string; readonly agent: string; readonly start: number }

export function inverseOfferEvents(lines: readonly string[]): InverseOfferEvent[] {
  const out: InverseOfferEvent[] = [];
  for (const line of lines) {
    if (!line.includes('"type":"inverseOffer"')) continue;
    const e = JSON.parse(line) as { type: string } & InverseOfferEvent;
    if (e.type === 'inverseOffer') out.push({ t: e.t, framework: e.framework, agent: e.agent, start: e.start });
  }
  return out;
}

const matches = (w: ExpectedInverseOffer, g: InverseOfferEvent) =>
  w.atMs === g.t && w.framework === g.framework && w.agent === g.agent && (w.startMs === null || w.startMs === g.start);

const describeExpected = (w: ExpectedInverseOffer) => `t=${w.atMs}ms ${w.framework} for ${w.agent}${w.startMs !== null ? ` (unavailable from ${w.startMs}ms)` : ''}`;
const describeEvent = (g: InverseOfferEvent) => `t=${g.t}ms ${g.framework} for ${g.agent} (unavailable from ${g.start}ms)`;

/** null when the inverse offers made are exactly the expected ones, else the first departure. */
export function checkInverseOffers(expected: readonly ExpectedInverseOffer[], actual: readonly InverseOfferEvent[]): string | null {
  const times = [...new Set([...expected.map((w) => w.atMs), ...actual.map((g) => g.t)])].sort((a, b) => a - b);
  for (const t of times) {
    const made = actual.filter((g) => g.t === t);
    const want = expected.filter((x) => x.atMs === t);
    const matched = matchOneToOne(want, made, matches);
    const missing = matched.indexOf(-1);
    if (missing >= 0) {
      return `at t=${t}ms: expected inverse offer ${describeExpected(want[missing])}, not made; made at t=${t}ms: ${made.length > 0 ? made.map(describeEvent).join('; ') : 'none'}`;
    }
    const pending = made.filter((_, i) => !matched.includes(i));
    if (pending.length > 0) return `at t=${t}ms: unexpected inverse offer ${describeEvent(pending[0])} (${expected.length} expected in all, ${actual.length} made)`;
  }
  return null;
}
