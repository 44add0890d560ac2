/**
 * The issue-5 scenarios and the assertions they carry under `expect.metrics` (run through the same
 * path as `clustersim check`: every variant, then the cross-variant assertions).
 */
import { describe, expect, it } from 'vitest';
import { checkScenarioFile } from '../../src/experiment/check.ts';

const FILES = [
  'scheduler-failover-timeout', 'tor-switch-maintenance', 'maintenance-rolling-upgrade', 'agent-upgrade', 'master-failover', 'rack-failure',
];

describe('failure scenarios (expect.metrics)', () => {
  for (const name of FILES) {
    it(`${name}.yaml: every assertion holds`, async () => {
      const r = await checkScenarioFile(`scenarios/${name}.yaml`);
      const bad = r.cases.filter((c) => c.status !== 'pass').map((c) => `${c.run}: ${c.name}: ${c.message}`);
      expect(bad).toEqual([]);
      expect(r.cases.filter((c) => c.name.startsWith('expect:')).length).toBeGreaterThanOrEqual(6);
    }, 120_000);
  }
});
