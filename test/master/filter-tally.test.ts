/**
 * The allocator-wide filter tally: allocation runs skip every framework's filters while it reads 0,
 * so it must equal the filters actually held after any sequence of installs, expiries and clears.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY } from '../../src/cluster/resources.ts';
import { FilterTally, FrameworkFilters } from '../../src/master/allocator/refusal-filters.ts';

const ROLES = ['a', 'b'], AGENTS = ['s1', 's2', 's3'];
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), fw: fc.nat(2), role: fc.constantFrom(...ROLES), agent: fc.constantFrom(...AGENTS) }),
  fc.record({ kind: fc.constant('remove' as const), fw: fc.nat(2), role: fc.constantFrom(...ROLES), agent: fc.constantFrom(...AGENTS), id: fc.nat(30) }),
  fc.record({ kind: fc.constant('clearRole' as const), fw: fc.nat(2), role: fc.constantFrom(...ROLES) }),
  fc.record({ kind: fc.constant('clearAgent' as const), fw: fc.nat(2), agent: fc.constantFrom(...AGENTS) }),
  fc.record({ kind: fc.constant('clearAll' as const), fw: fc.nat(2) }),
);

describe('filter tally', () => {
  it('equals the filters held by all frameworks after any sequence of changes', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const tally = new FilterTally();
      const fws = [0, 1, 2].map(() => new FrameworkFilters(tally));
      let nextId = 0;
      for (const o of ops) {
        const f = fws[o.fw];
        if (o.kind === 'add') f.add(o.role, o.agent, { id: nextId++, resources: EMPTY, expiresAtMs: 0 });
        else if (o.kind === 'remove') f.remove(o.role, o.agent, o.id);
        else if (o.kind === 'clearRole') f.clearRole(o.role);
        else if (o.kind === 'clearAgent') f.clearAgent(o.agent);
        else f.clearAll();
      }
      const held = fws.reduce((n, f) => n + ROLES.reduce((m, r) => m + f.countForRole(r), 0), 0);
      expect(tally.count).toBe(held);
    }), { seed: 12, numRuns: 300 });
  });
});
