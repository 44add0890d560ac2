/**
 * Stage 2 cuts an offer to a role's quota limits entry by entry (quota-stage.ts cutToLimits) rather
 * than through the general chop. For any offer, limits and consumption it must give what the
 * general rule gives (mesos-semantics §3.4: the unreserved non-revocable scalars chopped to
 * limit − consumed, indivisible entries all or nothing, everything else kept), and hand over to
 * the general rule exactly when two such entries share a name (then the chop shuffles).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseResources } from '../../src/cluster/resource-text.ts';
import { add, equals, filter, type Resources } from '../../src/cluster/resources.ts';
import { createRng } from '../../src/kernel/rng.ts';
import { chop, hasRepeatedName } from '../../src/master/allocator/chop.ts';
import { QuotaLedger } from '../../src/master/allocator/quota.ts';
import { cutToLimits } from '../../src/master/allocator/quota-stage.ts';

const res = (t: string) => parseResources(t) as Resources;
const ENTRIES = ['cpus:4', 'cpus(eng):2', 'cpus{revocable}:1', 'mem:1000', 'mem(eng):500', 'disk:2000', 'disk{mount}:3000', 'gpus:2', 'ports:[31000-31010]'];
const NAMES = ['cpus', 'mem', 'disk', 'gpus'];
const eligible = (r: Resources[number]) => r.reservations.length === 0 && !r.revocable && r.ranges === null;

describe('stage 2 limit cut', () => {
  it('equals the general chop to limit - consumed, and defers to it when names repeat', () => {
    fc.assert(fc.property(
      fc.subarray(ENTRIES, { minLength: 1 }),
      fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.nat(6000)), { minLength: 1, maxLength: 4 }),
      fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.nat(5000)), { maxLength: 4 }),
      (picked, limitList, usedList) => {
        const ledger = new QuotaLedger();
        ledger.agentTotal(res('cpus:64;mem:64000;disk:64000;gpus:8;cpus(eng):8;mem(eng):1000'), 1);
        const limits = new Map(limitList.map(([n, v]) => [n, v * 1000] as const));
        ledger.set('eng', { guarantees: new Map(), limits });
        for (const [n, v] of usedList) if (v > 0) ledger.allocation('eng', res(`${n}:${v}`), 1);
        const account = ledger.accountOf('eng');
        const offer = res(picked.join(';'));
        const cut = cutToLimits(ledger, account, offer);
        const eligiblePart = filter(offer, eligible);
        if (hasRepeatedName(eligiblePart)) { expect(cut).toBeNull(); return; }
        const kept = chop(eligiblePart, ledger.limitRoomOf(account)!, 'limits', createRng('unused'));
        const expected = kept === eligiblePart ? offer : add(kept, filter(offer, (r) => !eligible(r)));
        expect(cut).not.toBeNull();
        expect(equals(cut!, expected)).toBe(true);
      },
    ), { seed: 13, numRuns: 400 });
  });
});
