/** `expect.inverseOffers` is exact: a missing, an unexpected or a mistimed inverse offer each fail. */
import { describe, expect, it } from 'vitest';
import { checkInverseOffers, inverseOfferEvents } from '../../src/experiment/inverse-offers-expectation.ts';

const made = inverseOfferEvents([
  '{"t":1000,"type":"offer","framework":"f1","agent":"a1"}',
  '{"t":1000,"type":"inverseOffer","inverseOffer":"io-1","framework":"f1","agent":"a1","start":61000}',
  '{"t":1000,"type":"inverseOffer","inverseOffer":"io-2","framework":"f2","agent":"a2","start":61000}',
]);
const want = (framework: string, agent: string, atMs = 1000, startMs: number | null = 61000) => ({ atMs, framework, agent, startMs });

describe('checkInverseOffers', () => {
  it('reads only inverseOffer events and accepts the same instant in any order', () => {
    expect(made.map((e) => e.framework)).toEqual(['f1', 'f2']);
    expect(checkInverseOffers([want('f2', 'a2'), want('f1', 'a1', 1000, null)], made)).toBeNull();
  });

  it('fails on a missing, an unexpected, a mistimed inverse offer and a wrong start', () => {
    expect(checkInverseOffers([want('f1', 'a1'), want('f2', 'a2'), want('f3', 'a3')], made)).toMatch(/expected inverse offer t=1000ms f3 for a3 .*, not made/);
    expect(checkInverseOffers([want('f1', 'a1')], made)).toMatch(/unexpected inverse offer t=1000ms f2 for a2/);
    expect(checkInverseOffers([want('f1', 'a1', 2000), want('f2', 'a2')], made)).toMatch(/at t=1000ms: unexpected inverse offer t=1000ms f1/);
    expect(checkInverseOffers([want('f1', 'a1', 1000, 60000), want('f2', 'a2')], made)).toMatch(/not made/);
  });
});
