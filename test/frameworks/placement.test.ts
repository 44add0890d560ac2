import { describe, expect, it } from 'vitest';
import { PlacementGroup, type PlacementConstraint } from '../../src/frameworks/placement.ts';

const agent = (host: string, rack: string, zone = 'z1') => ({ hostname: host, agentId: host, attributes: { rack, zone } });
const a1 = agent('h1', 'r1'), a2 = agent('h2', 'r1'), a3 = agent('h3', 'r2'), a4 = agent('h4', 'r3', 'z2');

function placeAll(constraints: PlacementConstraint[], offers: ReturnType<typeof agent>[], n: number): string[] {
  const g = new PlacementGroup(constraints);
  const placed: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = offers.find((x) => g.allows(x));
    if (!o) break;
    g.place(o);
    placed.push(o.hostname);
  }
  return placed;
}

describe('Marathon placement constraints', () => {
  it.each([
    ['UNIQUE hostname: one per host', [{ field: 'hostname', op: 'UNIQUE' }], 10, ['h1', 'h2', 'h3', 'h4']],
    ['UNIQUE rack: one per rack', [{ field: 'rack', op: 'UNIQUE' }], 10, ['h1', 'h3', 'h4']],
    ['CLUSTER rack r2: only there', [{ field: 'rack', op: 'CLUSTER', value: 'r2' }], 3, ['h3', 'h3', 'h3']],
    ['CLUSTER rack (no value): all on the first task\'s rack', [{ field: 'rack', op: 'CLUSTER' }], 3, ['h1', 'h1', 'h1']],
    ['GROUP_BY rack 3: spread evenly over three racks', [{ field: 'rack', op: 'GROUP_BY', value: '3' }], 6, ['h1', 'h3', 'h4', 'h1', 'h3', 'h4']],
    ['MAX_PER zone 2', [{ field: 'zone', op: 'MAX_PER', value: '2' }], 10, ['h1', 'h1', 'h4', 'h4']],
    ['LIKE rack r[12]', [{ field: 'rack', op: 'LIKE', value: 'r[12]' }], 2, ['h1', 'h1']],
    ['UNLIKE zone z1', [{ field: 'zone', op: 'UNLIKE', value: 'z1' }], 2, ['h4', 'h4']],
    ['trace operator: rack ne r1', [{ field: 'rack', op: 'ne', value: 'r1' }], 1, ['h3']],
    ['UNIQUE + GROUP_BY', [{ field: 'hostname', op: 'UNIQUE' }, { field: 'rack', op: 'GROUP_BY', value: '3' }], 10, ['h1', 'h3', 'h4', 'h2']],
  ] as [string, PlacementConstraint[], number, string[]][])('%s', (_n, constraints, n, expected) => {
    expect(placeAll(constraints, [a1, a2, a3, a4], n)).toEqual(expected);
  });

  it('removing a task frees its slot', () => {
    const g = new PlacementGroup([{ field: 'hostname', op: 'UNIQUE' }]);
    g.place(a1);
    expect(g.allows(a1)).toBe(false);
    g.place(a1, -1);
    expect(g.allows(a1)).toBe(true);
    expect(g.isEmpty()).toBe(true);
  });
});
