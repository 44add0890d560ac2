/**
 * The two issue-4 scenarios run both variants (oversubscription/lending on and off) and every
 * assertion they carry holds: used utilization goes up with oversubscription, revocations and lost
 * work are reported, and the figures quoted in docs/oversubscription.md are the measured ones.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioFile } from '../../src/experiment/check.ts';

const dir = join(import.meta.dirname, '../../scenarios');

describe.each(['oversubscription.yaml', 'reservations-utilization.yaml'])('%s', (file) => {
  it('every expect.metrics assertion passes for both variants', async () => {
    const r = await checkScenarioFile(join(dir, file));
    expect(r.diagnostics).toEqual([]);
    expect(r.cases.length).toBeGreaterThanOrEqual(8);
    for (const c of r.cases) expect({ name: c.name, status: c.status, message: c.message }).toMatchObject({ status: 'pass' });
  });
});
