import { describe, expect, it } from 'vitest';
import { parseResources } from '../../src/cluster/resource-text.ts';
import type { Resources } from '../../src/cluster/resources.ts';

describe('parsed resource entries are shared', () => {
  it('gives two agents parsed from equal text the same entry objects (one copy in memory, hot in cache)', () => {
    const a = parseResources('cpus:16;cpus(web):8;mem:4096;ports:[31000-32000]') as Resources;
    const b = parseResources('mem:4096; cpus(web):8;ports:[31000-32000];cpus:16') as Resources;
    expect(b).toHaveLength(4);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBe(a[i]);
  });

  it('does not share entries that differ in anything but spelling of the list', () => {
    const a = parseResources('cpus(web):8') as Resources;
    const b = parseResources('cpus(web){dynamic}:8') as Resources;
    expect(b[0]).not.toBe(a[0]);
    expect(b[0].reservations[0].dynamic).toBe(true);
    expect(a[0].reservations[0].dynamic).toBe(false);
  });

  it('still reports a bad entry every time it is read', () => {
    expect(parseResources('cpus:x')).toMatch(/not a number/);
    expect(parseResources('mem:1;cpus:x')).toMatch(/not a number/);
  });
});
