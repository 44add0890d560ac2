/**
 * What plugins are handed (src/experiment/frozen-copy.ts): deep, frozen copies of plain data, Maps
 * and Sets that refuse changes, class instances as they are; and the contract checks' way back to
 * the originals.
 */
import { describe, expect, it } from 'vitest';
import { frozenCopy, handingOriginals, isReadOnlyWrite } from '../../src/experiment/frozen-copy.ts';

describe('frozenCopy', () => {
  const offer = () => ({ id: 'o-1', resources: [{ name: 'cpus', amount: 4000, ranges: null, reservations: [{ role: 'a', dynamic: false }] }], attributes: { rack: 'r1' } });

  it('copies deeply and freezes: a write throws in strict code and the original stays as it was', () => {
    const original = offer();
    const view = frozenCopy(original);
    expect(view).toEqual(original);
    expect(view.resources).not.toBe(original.resources);
    const writes = [
      () => { view.resources[0].amount = 0; },
      () => { view.resources.push(view.resources[0]); },
      () => { (view.resources[0].reservations as { role: string }[])[0].role = 'b'; },
      () => { (view.attributes as Record<string, string>).zone = 'z'; },
      () => { delete (view.attributes as Partial<typeof view.attributes>).rack; },
    ];
    for (const write of writes) {
      let error: unknown;
      try { write(); } catch (e) { error = e; }
      expect(isReadOnlyWrite(error), String(error)).toBe(true);
    }
    expect(original).toEqual(offer());
  });

  it('hands Maps and Sets that refuse changes, and keeps class instances as they are', () => {
    const usage = new Map([['cpus', 1000]]);
    const tasks = new Set(['t-1']);
    class Stream { next() { return 1; } }
    const rng = new Stream();
    const view = frozenCopy({ usage, tasks, rng });
    expect(view.usage.get('cpus')).toBe(1000);
    for (const write of [() => view.usage.set('cpus', 0), () => view.usage.delete('cpus'), () => view.usage.clear(), () => view.tasks.add('t-2'), () => view.tasks.clear()]) {
      expect(write).toThrow(/Cannot change a read-only (Map|Set)/);
    }
    expect([...usage]).toEqual([['cpus', 1000]]);
    expect(view.rng).toBe(rng);
  });

  it('hands the originals inside handingOriginals (the contract checks watch them for writes)', () => {
    const original = offer();
    expect(handingOriginals(() => frozenCopy(original))).toBe(original);
    expect(frozenCopy(original)).not.toBe(original);
  });

  it('a plugin\'s own error is not taken for a read-only write', () => {
    expect(isReadOnlyWrite(new TypeError('x is not a function'))).toBe(false);
    expect(isReadOnlyWrite(new Error('Cannot add property 1, object is not extensible'))).toBe(false);
  });
});
