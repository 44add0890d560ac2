/**
 * AllocatorAgent keeps what each (framework, role) holds on it in one flat list whose slots are
 * reused. Any order of offers and returns over several frameworks and roles must read like a plain
 * ordered map: holdings in the order they began, sums, available.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseResources } from '../../src/cluster/resource-text.ts';
import { add, EMPTY, equals, subtract, type Resources } from '../../src/cluster/resources.ts';
import { AllocatorAgent } from '../../src/master/allocator/allocator-agent.ts';
import { AGENT_CAPABILITIES } from '../../src/master/allocator/types.ts';

const res = (t: string) => parseResources(t) as Resources;
const HOLDERS = [['f1', 'a'], ['f1', 'b'], ['f2', 'a'], ['f3', 'c'], ['f4', 'a']] as const;
const PIECES = [res('cpus:1'), res('mem:100'), res('cpus:2;mem:50')];

describe('agent holdings', () => {
  it('read like an ordered map under any order of offers and returns', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(HOLDERS.length - 1), fc.nat(PIECES.length - 1)), { maxLength: 50 }), (ops) => {
      const total = res('cpus:100;mem:10000');
      const agent = new AllocatorAgent({ id: 'a1', hostname: 'h', total, attributes: {}, capabilities: [...AGENT_CAPABILITIES], region: null });
      const model = new Map<string, { frameworkId: string; role: string; resources: Resources }>();
      for (const [offer, h, p] of ops) {
        const [frameworkId, role] = HOLDERS[h];
        const key = `${frameworkId}/${role}`;
        const before = model.get(key);
        if (offer) {
          const fresh = agent.allocate(frameworkId, role, PIECES[p]);
          expect(fresh).toBe(before === undefined);
          if (before) model.set(key, { ...before, resources: add(before.resources, PIECES[p]) });
          else model.set(key, { frameworkId, role, resources: PIECES[p] });
        } else if (before) {
          const { roleEmptied } = agent.unallocate(frameworkId, role, before.resources); // a whole return
          expect(roleEmptied).toBe(true);
          model.delete(key);
        }
        const expected = [...model.values()];
        expect(agent.holdings.map((x) => `${x.frameworkId}/${x.role}`)).toEqual(expected.map((x) => `${x.frameworkId}/${x.role}`));
        agent.holdings.forEach((x, i) => expect(equals(x.resources, expected[i].resources)).toBe(true));
        const sum = expected.reduce<Resources>((acc, x) => add(acc, x.resources), EMPTY);
        expect(equals(agent.offeredOrAllocated, sum)).toBe(true);
        expect(equals(agent.available, subtract(total, sum))).toBe(true);
        for (const [f, r] of HOLDERS) expect(agent.heldBy(f, r) !== undefined).toBe(model.has(`${f}/${r}`));
        expect(agent.frameworkIds()).toEqual([...new Set(expected.map((x) => x.frameworkId))].sort());
      }
    }), { seed: 7, numRuns: 300 });
  });
});
