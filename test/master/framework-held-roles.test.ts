/**
 * AllocatorFramework counts, per role, the agents it holds resources on (holdOn / releaseOn): the
 * allocator stops tracking the framework under a role it left once that count is 0 (§3.1). The first
 * role's count is kept in the framework itself and its place is reused by the next role once it
 * falls to 0; any order of holds and releases must read like a plain map of counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AllocatorFramework } from '../../src/master/allocator/allocator-framework.ts';

const ROLES = ['a', 'b', 'c', 'd/e'];

describe('framework held roles', () => {
  it('reads like a map of counts under any order of holds and releases', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(ROLES.length - 1)), { maxLength: 60 }), (ops) => {
      const fw = new AllocatorFramework({ id: 'f', roles: ROLES, capabilities: [] }, true);
      const counts = new Map<string, number>();
      for (const [hold, r] of ops) {
        const role = ROLES[r];
        if (hold) { fw.holdOn(role); counts.set(role, (counts.get(role) ?? 0) + 1); }
        else if ((counts.get(role) ?? 0) > 0) { fw.releaseOn(role); counts.set(role, counts.get(role)! - 1); }
        for (const x of ROLES) expect(fw.holdsRole(x)).toBe((counts.get(x) ?? 0) > 0);
      }
    }), { seed: 11, numRuns: 300 });
  });

  it('a role released to 0 and held again after another took the first place', () => {
    const fw = new AllocatorFramework({ id: 'f', roles: ['a', 'b'], capabilities: [] }, true);
    fw.holdOn('a'); fw.releaseOn('a'); // a keeps the first place at 0
    fw.holdOn('b'); // b takes it
    fw.holdOn('a'); // a goes to the list
    fw.releaseOn('b');
    expect([fw.holdsRole('a'), fw.holdsRole('b')]).toEqual([true, false]);
    fw.releaseOn('a');
    expect([fw.holdsRole('a'), fw.holdsRole('b')]).toEqual([false, false]);
  });
});
