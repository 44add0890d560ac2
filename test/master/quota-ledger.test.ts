/**
 * The quota ledger's tallies (mesos-semantics §3.4) are rows of two shared arrays, one row per
 * top-level role, widened when a role or a resource name arrives. Checked against a plain
 * recomputation: every role's consumption (reservations + offered or allocated unreserved
 * non-revocable scalars) survives the arrays growing in both directions.
 */
import { describe, expect, it } from 'vitest';
import { parseResources } from '../../src/cluster/resource-text.ts';
import type { Resources } from '../../src/cluster/resources.ts';
import { QuotaLedger } from '../../src/master/allocator/quota.ts';

const res = (t: string) => parseResources(t) as Resources;

describe('quota ledger tallies', () => {
  it('keep every role and name while rows and names are added (past 64 roles, past 8 names)', () => {
    const ledger = new QuotaLedger();
    const expected = new Map<string, Map<string, number>>();
    const bump = (role: string, name: string, v: number) => {
      const m = expected.get(role) ?? new Map<string, number>();
      m.set(name, (m.get(name) ?? 0) + v);
      expected.set(role, m);
    };
    for (let k = 0; k < 12; k++) { // a new name every round: the row width doubles past 8
      const name = `r${k}`;
      for (let i = 0; i < 70; i++) { // 70 roles: the rows grow past their first 64
        const role = `role${i}/sub`;
        ledger.agentTotal(res(`${name}(role${i}):${i + 1};${name}:5`), 1);
        bump(`role${i}`, name, (i + 1) * 1000);
        ledger.allocation(role, res(`${name}:${k + 1};${name}(role${i}):1`), 1); // only the unreserved part counts
        bump(`role${i}`, name, (k + 1) * 1000);
      }
    }
    for (const [role, want] of expected) expect(ledger.consumed(role)).toEqual(want);
    expect(ledger.hasReservations('role69')).toBe(true);
    expect(ledger.hasReservations('nobody')).toBe(false);
    // Headroom: 70 × 5 unreserved per name, minus what was allocated.
    expect(ledger.availableHeadroom().get('r11')).toBe(0); // over-allocated: floored
    expect(ledger.availableHeadroom().get('r0')).toBe(70 * 5000 - 70 * 1000);
  });

  it('clearAllocations forgets allocations, keeps reservations', () => {
    const ledger = new QuotaLedger();
    ledger.agentTotal(res('cpus(a):2;cpus:4'), 1);
    ledger.allocation('a', res('cpus:3'), 1);
    expect(ledger.consumed('a')).toEqual(new Map([['cpus', 5000]]));
    ledger.clearAllocations();
    expect(ledger.consumed('a')).toEqual(new Map([['cpus', 2000]]));
  });
});
