/** Applying one operator/scripted timeline action to the master. */
import type { AllocatorAgentInfo } from '../master/allocator/types.ts';
import type { Master } from '../master/master.ts';
import type { TaskLaunch } from '../master/scheduler.ts';
import type { AgentSpec, RunSpec, TimelineAction } from '../scenario/run-spec.ts';
import { quotaOf, res } from './build-simulation.ts';
import { NO_QUOTA } from '../master/allocator/quota.ts';
import { parseMinAllocatable } from '../master/allocator/min-allocatable.ts';
import type { MinAllocatable } from '../master/allocator/types.ts';
import { toOperation } from '../scenario/schema-allocator.ts';
import { restatedTotal } from '../cluster/restated-total.ts';
import type { EventSink } from '../core/event-sink.ts';

/**
 * Actions by or on a framework. When it is no longer at the master (removed by a `removeFramework`,
 * or when its failover timeout ended) there is no one to act for: the action is skipped and logged
 * `timeline.skipped` (before, activating or deactivating a removed framework stopped the run), as is
 * an addFramework of a framework that is there already.
 */
const FRAMEWORK_ACTIONS: ReadonlySet<string> = new Set(['removeFramework', 'activateFramework', 'deactivateFramework', 'suppress', 'revive',
  'decline', 'return', 'accept', 'updateFramework']);

export interface TimelineContext {
  readonly master: Master;
  readonly sink: EventSink;
  now(): number;
  readonly spec: RunSpec;
  addFramework(id: string): void;
  agentInfo(a: AgentSpec): AllocatorAgentInfo;
  /** Failures, failover, maintenance actions (issue 5: failure-actions.ts). */
  applyFailure?(a: TimelineAction): void;
  /** The operator removed an agent: its machine is out of the failure model too (AgentFailures.decommission). */
  agentRemoved?(agentId: string): void;
}

export function applyTimelineAction(ctx: TimelineContext, a: TimelineAction): void {
  const { master } = ctx;
  if (FRAMEWORK_ACTIONS.has(a.do) && 'framework' in a && !master.frameworks.has(a.framework)) {
    ctx.sink.emit(ctx.now(), 'timeline.skipped', { action: a.do, framework: a.framework, reason: 'framework not at the master' });
    return;
  }
  // Subscribing a framework that is at the master already (added at its `at`, or by an earlier
  // addFramework) would register it twice: skipped the same way (it stopped the run, exit 3).
  if (a.do === 'addFramework' && master.frameworks.has(a.framework)) {
    ctx.sink.emit(ctx.now(), 'timeline.skipped', { action: a.do, framework: a.framework, reason: 'framework already at the master' });
    return;
  }
  switch (a.do) {
    case 'addFramework': ctx.addFramework(a.framework); return;
    case 'removeFramework': master.removeFramework(a.framework); return;
    case 'activateFramework': master.activateFramework(a.framework); return;
    case 'deactivateFramework': master.deactivateFramework(a.framework); return;
    case 'addAgent':
      master.addAgent(ctx.agentInfo(a.agent), a.agent.used.map((u) => ({
        frameworkId: u.framework, role: u.role, resources: res(u.resources), durationMs: u.durationMs,
      })));
      return;
    case 'removeAgent': master.removeAgent(a.agent); ctx.agentRemoved?.(a.agent); return;
    case 'updateAgent': {
      const current = master.agents.get(a.agent);
      if (!current) return;
      const total = a.resources !== null ? restatedTotal(current.info.total, res(a.resources), master.resourcesInUse(a.agent)) : current.info.total;
      if (total === null) {
        ctx.sink.emit(ctx.now(), 'timeline.skipped', { action: a.do, agent: a.agent, reason: 'the new resources cannot hold the agent\'s dynamic reservations and volumes, or the reserved resources its tasks use' });
        return;
      }
      master.redeclareAgent({
        ...current.info,
        total,
        attributes: a.attributes ?? current.info.attributes,
        capabilities: a.capabilities ?? current.info.capabilities,
      });
      return;
    }
    case 'setWeight': master.setWeight(a.role, a.weight); return;
    case 'suppress': master.suppress(a.framework, a.roles); return;
    case 'revive': master.revive(a.framework, a.roles); return;
    case 'decline':
      for (const o of heldOffers(master, a)) master.decline(a.framework, o.id, a.refuseSeconds ?? undefined);
      return;
    case 'return':
      for (const o of heldOffers(master, a)) {
        if (a.resources === null) master.decline(a.framework, o.id, a.refuseSeconds);
        else master.returnPart(a.framework, o.id, res(a.resources), a.refuseSeconds);
      }
      return;
    case 'accept':
      for (const o of heldOffers(master, a)) {
        const launch: TaskLaunch[] = [];
        for (const l of a.launch) {
          for (let i = 0; i < l.count; i++) launch.push({ resources: res(l.resources), durationMs: l.durationMs });
        }
        master.accept(a.framework, o.id, launch, a.refuseSeconds ?? undefined, (a.operations ?? []).map(toOperation));
      }
      return;
    // issue 3: quota, operator reservations/volumes, framework updates, allocator pause
    case 'setQuota': master.setQuota(a.role, quotaOf(a.guarantee, a.limit), a.force === true); return;
    case 'removeQuota': master.setQuota(a.role, NO_QUOTA); return;
    case 'operator': master.operatorOperation(a.agent, toOperation({ kind: a.operation, resources: a.resources })); return;
    case 'updateFramework': {
      const fw = master.frameworks.get(a.framework);
      if (!fw) return;
      const info = fw.info;
      const minAllocatable = a.minAllocatable === null ? info.minAllocatable
        : new Map(Object.entries(a.minAllocatable).map(([role, text]) => [role, parseMinAllocatable(text) as MinAllocatable]));
      master.updateFramework({
        ...info, roles: a.roles ?? info.roles, capabilities: a.capabilities ?? info.capabilities,
        suppressedRoles: a.suppressedRoles ?? info.suppressedRoles, minAllocatable,
        offerConstraints: a.offerConstraints ?? info.offerConstraints,
      });
      return;
    }
    case 'pauseAllocator': master.allocator.pause(); return;
    case 'resumeAllocator': master.allocator.resume(); return;
    default: ctx.applyFailure?.(a); return; // issue 5
  }
}

function heldOffers(master: Master, a: { framework: string; agent: string | null; role: string | null }) {
  return master.offersHeldBy(a.framework).filter((o) => (a.agent === null || o.agentId === a.agent) && (a.role === null || o.role === a.role));
}
