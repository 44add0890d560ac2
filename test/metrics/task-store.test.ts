import { describe, expect, it } from 'vitest';
import { Interner, TaskStore, float64Column, int32Column } from '../../src/metrics/task-store.ts';

describe('GrowableColumn', () => {
  it('keeps every value exactly and in push order across doublings', () => {
    const c = float64Column(2);
    const xs = [0, 1, -3, 2 ** 40 + 1, 0.1, 123456789.5, Number.NaN];
    for (let round = 0; round < 50; round++) for (const x of xs) c.push(x + round);
    expect(c.length).toBe(50 * xs.length);
    expect(c.capacity).toBe(512); // 2 → 4 → … → 512: doubled, never more than twice the length
    const v = c.view();
    expect(v.length).toBe(c.length);
    for (let round = 0; round < 50; round++) for (let k = 0; k < xs.length; k++) expect(Object.is(v[round * xs.length + k], xs[k] + round)).toBe(true);
  });

  it('set overwrites in place; int32 columns hold -1 for null', () => {
    const c = int32Column(1);
    c.push(5); c.push(-1); c.push(7);
    c.set(1, 9);
    expect([...c.view()]).toEqual([5, 9, 7]);
  });
});

describe('Interner', () => {
  it('gives first-seen indices and -1 for null', () => {
    const i = new Interner();
    expect([i.of('b'), i.of('a'), i.of('b'), i.of(null)]).toEqual([0, 1, 0, -1]);
    expect([i.name(0), i.name(1), i.name(-1)]).toEqual(['b', 'a', null]);
  });
});

describe('TaskStore', () => {
  const row = (id: string, over: Partial<Parameters<TaskStore['put']>[0]> = {}) => ({
    id, job: 'j1', framework: 'fw', role: 'r', agent: 'a1', state: 'TASK_RUNNING', revocable: false,
    submitMs: 10, launchMs: 20, endMs: null, shape: 0, ...over,
  });

  it('round-trips rows exactly, nulls included, and grows past its first capacity', () => {
    const s = new TaskStore();
    for (let k = 0; k < 1000; k++) s.put(row(`t${k}`, { submitMs: k * 1000 + 7, launchMs: k % 3 === 0 ? null : 2 ** 35 + k, job: k % 2 ? null : `job${k % 10}`, shape: k % 4, revocable: k % 5 === 0 }));
    expect(s.size).toBe(1000);
    expect(s.row(998)).toEqual({ id: 't998', job: 'job8', framework: 'fw', role: 'r', agent: 'a1', state: 'TASK_RUNNING', revocable: false, submitMs: 998007, launchMs: 2 ** 35 + 998, endMs: null, shape: 2 });
    expect(s.row(999)).toMatchObject({ job: null, launchMs: null, shape: 3 });
    expect(s.row(0)).toMatchObject({ job: 'job0', launchMs: null, revocable: true });
    expect(s.row(10)).toMatchObject({ job: 'job0', launchMs: 2 ** 35 + 10 });
  });

  it('writing a task again keeps its first place (as a Map would); state and end update in place', () => {
    const s = new TaskStore();
    s.put(row('b'));
    s.put(row('a'));
    const i = s.put(row('b', { agent: 'a2', submitMs: null }));
    expect(i).toBe(0);
    expect(s.ids).toEqual(['b', 'a']);
    expect(s.row(0)).toMatchObject({ agent: 'a2', submitMs: null });
    s.setState(1, 'TASK_FINISHED');
    s.setEnd(1, 99);
    expect(s.row(1)).toMatchObject({ state: 'TASK_FINISHED', endMs: 99 });
    expect(s.indexOf('a')).toBe(1);
    expect(s.indexOf('zz')).toBe(-1);
  });

  it('byId orders row indices by id in code-unit order', () => {
    const s = new TaskStore();
    for (const id of ['t10', 'T2', 't2', 'a', 't1']) s.put(row(id));
    expect([...s.byId()].map((i) => s.id(i))).toEqual(['T2', 'a', 't1', 't10', 't2']);
  });
});
