import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partitionOwners } from '../../src/experiment/partitioning.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { loadScenarioSet } from '../../src/experiment/scenario-set.ts';
import { StaticPartition } from '../../src/master/allocator/static-partition.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { FIXTURES } from './helpers.ts';

const base = (partitioning: string, agents = 'count: 10') => `
name: p
until: 1m
agents:
  - { id: a, ${agents}, resources: "cpus:4;mem:8GiB" }
frameworks:
  - { id: web, role: web, scheduler: { type: scripted, onOffer: hold } }
  - { id: cache, role: cache, scheduler: { type: scripted, onOffer: hold } }
  - { id: batch, role: batch, scheduler: { type: scripted, onOffer: hold } }
master:
  partitioning: ${partitioning}
`;

describe('static partitioning', () => {
  it('turns fractions into agent counts by largest remainder, in declaration order', () => {
    const r = loadScenarioText('p.yaml', base('{ static: { web: 0.3334, cache: 0.3333, batch: 0.3333 } }'));
    expect(r.diagnostics).toEqual([]);
    expect(r.spec!.master.partitioning).toEqual({ static: [{ framework: 'web', agents: 4, fraction: 0.3334 }, { framework: 'cache', agents: 3, fraction: 0.3333 }, { framework: 'batch', agents: 3, fraction: 0.3333 }] });
    const owners = partitionOwners(r.spec!)!;
    expect([...owners.entries()].slice(0, 5)).toEqual([['a-00001', 'web'], ['a-00002', 'web'], ['a-00003', 'web'], ['a-00004', 'web'], ['a-00005', 'cache']]);
    expect(owners.get('a-00010')).toBe('batch');
    // Counts and partial coverage: the rest stays shared.
    const c = loadScenarioText('p.yaml', base('{ static: { web: { count: 2 }, batch: 0.5 } }'));
    expect(c.spec!.master.partitioning!.static).toEqual([{ framework: 'web', agents: 2 }, { framework: 'batch', agents: 5, fraction: 0.5 }]);
    expect(partitionOwners(c.spec!)!.size).toBe(7);
    // Shared (and absent) leave the RunSpec, and so the run id, untouched.
    expect(loadScenarioText('p.yaml', base('shared')).spec!.master.partitioning).toBeUndefined();
  });

  it('reports unknown frameworks and oversized partitions with file:line:column', () => {
    const r = loadScenarioText('p.yaml', base('{ static: { web: 0.7, nope: 0.5 } }'));
    const msgs = r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(msgs.some((m) => /^\d+:\d+ unknown framework "nope"/.test(m))).toBe(true);
    expect(msgs.some((m) => /fractions add up to 1\.2000/.test(m))).toBe(true);
    const big = loadScenarioText('p.yaml', base('{ static: { web: { count: 11 } } }'));
    expect(big.diagnostics[0].message).toMatch(/need 11 agents but the scenario declares 10/);
  });

  it('offers each owned agent only to its owner; unowned agents stay shared', () => {
    const restriction = new StaticPartition(new Map([['a1', 'web']]));
    expect(restriction.allows('web', 'a1')).toBe(true);
    expect(restriction.allows('batch', 'a1')).toBe(false);
    expect(restriction.allows('batch', 'a2')).toBe(true);
    const r = loadScenarioText('p.yaml', base('{ static: { web: { count: 4 }, cache: { count: 3 } } }'));
    const owners = partitionOwners(r.spec!)!;
    const events = runScenario(r.spec!, { keepEvents: true }).events!.map((l) => JSON.parse(l) as { type: string; framework: string; agent: string });
    const offers = events.filter((e) => e.type === 'offer');
    expect(offers.length).toBe(10); // every agent offered once, all held
    for (const o of offers) {
      const owner = owners.get(o.agent);
      if (owner) expect(o.framework).toBe(owner);
    }
    expect(offers.filter((o) => o.framework === 'batch').map((o) => o.agent).sort()).toEqual(['a-00008', 'a-00009', 'a-00010']);
  });

  it('runs both variants of one file: static thirds cost utilization and waits against one shared cluster', async () => {
    const set = await loadScenarioSet(join(FIXTURES, 'small-batch.yaml'));
    expect(set.runs.map((r) => [r.variant, r.spec.name])).toEqual([['shared', 'small-batch.shared'], ['static', 'small-batch.static']]);
    const [shared, stat] = set.runs.map((r) => runScenario(r.spec).summary as { waitMs: { mean: number }; cluster: { meanAllocated: { cpus: number } } });
    expect(stat.waitMs.mean).toBeGreaterThan(shared.waitMs.mean);
    expect(stat.cluster.meanAllocated.cpus).toBeLessThan(shared.cluster.meanAllocated.cpus);
  });
});
