/**
 * Story 1 (shared/docs/product.md): the built-in static-vs-dynamic scenario, run through the same path
 * as `clustersim check` — both variants, then the cross-run assertions (shared waits less and runs at
 * least as much as static thirds).
 */
import { describe, expect, it } from 'vitest';
import { checkScenarioFile } from '../../src/experiment/check.ts';

describe('scenarios/static-vs-dynamic.yaml', () => {
  it('static thirds wait longer and finish less than one shared cluster', async () => {
    const r = await checkScenarioFile('scenarios/static-vs-dynamic.yaml');
    expect(r.cases.map((c) => [c.name, c.status, c.message]).filter(([, s]) => s !== 'pass')).toEqual([]);
    expect(r.cases.filter((c) => c.name.startsWith('expect: @')).length).toBeGreaterThanOrEqual(3);
  }, 300_000);
});
