/**
 * Story 14: the allocator's offer hook (the one static partitioning and plugin offer policies use,
 * `canOfferFromAgent` in allocator/fair-share-stage.ts) closed while the allocator runs, so in
 * optimistic mode the hierarchical allocator keeps its trigger bookkeeping (coalesced runs, the
 * batch tick, run counts) but makes no offer of its own; opened while the optimistic snapshot is
 * taken, when it answers as the restriction it wraps (static partition, plugin policy or none).
 */
import type { OfferRestriction } from '../allocator/static-partition.ts';
import type { AllocatorAgentInfo } from '../allocator/types.ts';

export class OfferGate implements OfferRestriction {
  open = false;
  readonly inner: OfferRestriction | null;

  constructor(inner: OfferRestriction | null) {
    this.inner = inner;
  }

  allows(frameworkId: string, agentId: string, role: string, agent: AllocatorAgentInfo): boolean {
    return this.open && (this.inner === null || this.inner.allows(frameworkId, agentId, role, agent));
  }
}
