/** Fault-domain tree and seeded failure/repair distributions. */
import { describe, expect, it } from 'vitest';
import { meanOf, sample } from '../../src/cluster/failure-distribution.ts';
import { Topology } from '../../src/cluster/topology.ts';
import { RngStreams } from '../../src/kernel/rng.ts';

const agent = (id: string, rack: string, pdu: string, zone = 'z1', hostname = `h-${id}`) => ({ id, hostname, region: 'us', attributes: { rack, switch: `sw-${rack}`, pdu, zone } });

describe('Topology', () => {
  const t = new Topology([agent('a3', 'r2', 'p1'), agent('a1', 'r1', 'p1'), agent('a2', 'r1', 'p1'), agent('a4', 'r3', 'p2', 'z2')]);
  it('groups agents under every level; a PDU feeding two racks takes both', () => {
    expect(t.agentsIn('rack', 'r1')).toEqual(['a1', 'a2']);
    expect(t.agentsIn('switch', 'sw-r2')).toEqual(['a3']);
    expect(t.agentsIn('pdu', 'p1')).toEqual(['a1', 'a2', 'a3']);
    expect(t.agentsIn('zone', 'z2')).toEqual(['a4']);
    expect(t.agentsIn('region', 'us')).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(t.agentsIn('machine', 'h-a4')).toEqual(['a4']); // machines are hostnames, as maintenance names them
    expect(t.domains('rack').map((d) => d.name)).toEqual(['r1', 'r2', 'r3']);
    expect(t.domainOf('a3', 'pdu')).toBe('p1');
    expect(t.agentsIn('rack', 'nope')).toEqual([]);
  });

  it('puts the agents of one host in one machine domain (a machine crash takes them all)', () => {
    const shared = new Topology([agent('b2', 'r1', 'p1', 'z1', 'host-1'), agent('b1', 'r1', 'p1', 'z1', 'host-1'), agent('b3', 'r1', 'p1', 'z1', 'host-2')]);
    expect(shared.agentsIn('machine', 'host-1')).toEqual(['b1', 'b2']);
    expect(shared.domains('machine').map((d) => d.name)).toEqual(['host-1', 'host-2']);
  });
});

describe('failure distributions', () => {
  it('are deterministic per named stream and have the right means', () => {
    const draw = (name: string) => { const r = new RngStreams(7).stream(name); return Array.from({ length: 20000 }, () => sample({ kind: 'weibull', shape: 0.7, scaleMs: 3_600_000 }, r)); };
    expect(draw('faults/0/rack/r1')).toEqual(draw('faults/0/rack/r1'));
    expect(draw('faults/0/rack/r1')).not.toEqual(draw('faults/0/rack/r2'));
    const xs = draw('x');
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const expected = meanOf({ kind: 'weibull', shape: 0.7, scaleMs: 3_600_000 }); // λΓ(1+1/k) ≈ 1.2658 λ
    expect(expected / 3_600_000).toBeCloseTo(1.2658, 3);
    expect(Math.abs(mean / expected - 1)).toBeLessThan(0.05);
    const r = new RngStreams(1).stream('e');
    const ex = Array.from({ length: 20000 }, () => sample({ kind: 'exponential', meanMs: 60_000 }, r));
    expect(Math.abs(ex.reduce((s, x) => s + x, 0) / ex.length / 60_000 - 1)).toBeLessThan(0.03);
    expect(ex.every((x) => Number.isInteger(x) && x >= 1)).toBe(true);
  });
});
