/**
 * The allocator conformance suite: every scenario under scenarios/conformance/ that carries
 * `expect.offers` is run and its offer events are compared with them (offers of one instant in
 * any order — Mesos leaves callback order within a run undefined). Each scenario's comment names
 * the Mesos test (hierarchical_allocator_tests.cpp = HAT, sorter_tests.cpp = ST) it is derived from.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkInverseOffers, inverseOfferEvents } from '../../src/experiment/inverse-offers-expectation.ts';
import { checkOffers, offerEvents } from '../../src/experiment/offers-expectation.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';

const DIR = join(import.meta.dirname, '../../scenarios/conformance');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

describe('allocator conformance scenarios (expect.offers)', () => {
  it('has at least 40 cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  for (const file of files) {
    it(file, () => {
      const { spec, diagnostics } = loadScenarioFile(join(DIR, file));
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      if (spec!.expect.offers === null) return; // checked by a dedicated test (foundation.test.ts)
      const events = runScenario(spec!, { keepEvents: true }).events ?? [];
      expect(checkOffers(spec!.expect.offers, spec!.expect.offersExact, offerEvents(events))).toBeNull();
      const inverse = spec!.expect.inverseOffers ?? null;
      if (inverse !== null) expect(checkInverseOffers(inverse, inverseOfferEvents(events))).toBeNull();
    });
  }
});
