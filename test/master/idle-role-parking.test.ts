/**
 * A role none of whose frameworks is active for it is parked in the DRF role sorter
 * (hierarchical.ts syncRoleActivity): walks skip it. The differential property test
 * (test/property/allocator.prop.test.ts) shows the offers are the same; this shows the parking.
 */
import { describe, expect, it } from 'vitest';
import { parseResources } from '../../src/cluster/resource-text.ts';
import type { Resources } from '../../src/cluster/resources.ts';
import { createRng } from '../../src/kernel/rng.ts';
import { HierarchicalAllocator } from '../../src/master/allocator/hierarchical.ts';
import { DEFAULT_MIN_ALLOCATABLE } from '../../src/master/allocator/min-allocatable.ts';
import { AGENT_CAPABILITIES } from '../../src/master/allocator/types.ts';

function allocator(sorter: string): HierarchicalAllocator {
  const alloc = new HierarchicalAllocator({
    allocationIntervalMs: 1000, minAllocatable: DEFAULT_MIN_ALLOCATABLE, filterGpuResources: true,
    fairnessExcludedResourceNames: [], masterRegion: null, roleSorter: sorter, frameworkSorter: sorter, whitelist: null,
  }, { now: () => 0, scheduleRun: () => {}, scheduleFilterExpiry: () => {} }, createRng('t'), () => 0.5);
  alloc.addAgent({ id: 'a1', hostname: 'a1', total: parseResources('cpus:4;mem:400') as Resources, attributes: {}, capabilities: [...AGENT_CAPABILITIES], region: null }, new Map());
  alloc.addFramework({ id: 'f1', roles: ['web'], capabilities: ['MULTI_ROLE'] }, new Map(), true);
  alloc.addFramework({ id: 'f2', roles: ['web'], capabilities: ['MULTI_ROLE'] }, new Map(), true);
  alloc.addFramework({ id: 'g1', roles: ['batch'], capabilities: ['MULTI_ROLE'] }, new Map(), true);
  return alloc;
}

describe('idle roles in the DRF role sorter', () => {
  it('a role is parked once every framework of it is suppressed or deactivated, and back on revive or activation', () => {
    const alloc = allocator('drf');
    alloc.suppress('f1', []);
    expect(alloc.roleSorter.isActive('web')).toBe(true); // f2 still wants offers
    alloc.deactivateFramework('f2');
    expect(alloc.roleSorter.isActive('web')).toBe(false);
    expect(alloc.roleSorter.sort()).toEqual(['batch']);
    alloc.requestAllocation();
    expect(alloc.allocate().map((o) => o.frameworkId)).toEqual(['g1']);
    alloc.activateFramework('f2');
    expect(alloc.roleSorter.isActive('web')).toBe(true);
    alloc.suppress('f2', []);
    expect(alloc.roleSorter.isActive('web')).toBe(false);
    alloc.revive('f1', ['web']);
    expect(alloc.roleSorter.isActive('web')).toBe(true);
  });

  it('a framework leaving an idle role keeps it parked; a new active framework wakes it', () => {
    const alloc = allocator('drf');
    alloc.suppress('f1', []);
    alloc.suppress('f2', []);
    alloc.removeFramework('f2');
    expect(alloc.roleSorter.isActive('web')).toBe(false);
    alloc.addFramework({ id: 'f3', roles: ['web'], capabilities: ['MULTI_ROLE'] }, new Map(), true);
    expect(alloc.roleSorter.isActive('web')).toBe(true);
  });

  it('not with the random sorter, which draws per active client', () => {
    const alloc = allocator('random');
    alloc.suppress('f1', []);
    alloc.suppress('f2', []);
    expect(alloc.roleSorter.isActive('web')).toBe(true);
  });
});
