/** Applying issue 5's timeline actions (failures, failover, maintenance) to the installed runtime. */
import type { Topology } from '../cluster/topology.ts';
import type { FailureRuntime } from '../master/failover/runtime.ts';
import type { FailureTimelineAction, TargetSpec } from '../scenario/run-spec-failures.ts';
import type { TimelineAction } from '../scenario/run-spec.ts';

const NAMES = new Set(['fail', 'repair', 'failMaster', 'disconnectFramework', 'reconnectFramework', 'scheduleMaintenance',
  'unscheduleMaintenance', 'machineDown', 'machineUp', 'drainAgent', 'deactivateAgent', 'reactivateAgent', 'markAgentGone']);

export function isFailureTimelineAction(a: TimelineAction): a is FailureTimelineAction {
  return NAMES.has(a.do);
}

/**
 * Timeline actions that need a leading master: an operator call (MARK_AGENT_GONE, DRAIN_AGENT,
 * DEACTIVATE/REACTIVATE_AGENT, the maintenance schedule and /machine/down, /machine/up, RESERVE,
 * UNRESERVE, CREATE/DESTROY_VOLUMES, quota, weights) or an agent registering, leaving or changing.
 * While no master leads (between `failMaster` and the election) Mesos answers operator calls 503 and
 * agents wait for a leader, so each is held and applied right after the next election (logged
 * `timeline.held`), as if the operator retried until a master answered. (Framework calls are held by
 * the master failover itself, master-failover.ts `intercept`.)
 */
export const NEEDS_LEADING_MASTER: ReadonlySet<string> = new Set(['addAgent', 'removeAgent', 'updateAgent', 'markAgentGone',
  'drainAgent', 'deactivateAgent', 'reactivateAgent', 'scheduleMaintenance', 'unscheduleMaintenance', 'machineDown', 'machineUp',
  'operator', 'setQuota', 'removeQuota', 'setWeight']); // 'operator': reserve, unreserve, createVolume, destroyVolume in the run spec

/** Agents named by the target, sorted (ids ∪ agents on the machines ∪ agents in the domain). */
export function resolveTargets(t: TargetSpec, rt: FailureRuntime, topology: Topology): string[] {
  const out = new Set<string>(t.agents ?? []);
  for (const h of t.machines ?? []) for (const a of rt.maintenance.agentsOn(h)) out.add(a);
  if (t.level !== null && t.domain !== null) for (const a of topology.agentsIn(t.level, t.domain)) out.add(a);
  return [...out].sort();
}

function hostsOf(agents: readonly string[], rt: FailureRuntime): string[] {
  return [...new Set(agents.map((a) => rt.agents.info(a)?.hostname ?? a))].sort();
}

export function applyFailureAction(rt: FailureRuntime, topology: Topology, a: FailureTimelineAction, now: number): void {
  const sim = { now };
  switch (a.do) {
    case 'fail':
      for (const id of resolveTargets(a.target, rt, topology)) {
        if (a.kind === 'crash') rt.agents.failMachine(id, a.durationMs);
        else if (a.kind === 'partition') rt.agents.partition(id, a.durationMs);
        else if (a.durationMs === null) rt.agents.stopProcess(id);
        else rt.agents.restartProcess(id, a.durationMs);
      }
      return;
    case 'repair':
      for (const id of resolveTargets(a.target, rt, topology)) { rt.agents.repairMachine(id); rt.agents.healNetwork(id); rt.agents.startProcess(id); }
      return;
    case 'failMaster': rt.masterFailover.fail(a.electionDelayMs); return;
    case 'disconnectFramework': rt.frameworks.disconnect(a.framework, a.durationMs); return;
    case 'reconnectFramework': rt.frameworks.reconnect(a.framework); return;
    case 'scheduleMaintenance':
      rt.maintenance.schedule(hostsOf(resolveTargets(a.target, rt, topology), rt), { startMs: sim.now + a.startMs, durationMs: a.durationMs });
      return;
    case 'unscheduleMaintenance': rt.maintenance.unschedule(hostsOf(resolveTargets(a.target, rt, topology), rt)); return;
    case 'machineDown': rt.maintenance.down(hostsOf(resolveTargets(a.target, rt, topology), rt)); return;
    case 'machineUp': rt.maintenance.up(hostsOf(resolveTargets(a.target, rt, topology), rt)); return;
    case 'drainAgent': for (const id of resolveTargets(a.target, rt, topology)) rt.maintenance.drainAgent(id, a.maxGracePeriodMs, a.markGone); return;
    case 'deactivateAgent': for (const id of resolveTargets(a.target, rt, topology)) rt.maintenance.deactivateAgent(id); return;
    case 'reactivateAgent': for (const id of resolveTargets(a.target, rt, topology)) rt.maintenance.reactivateAgent(id); return;
    case 'markAgentGone': for (const id of resolveTargets(a.target, rt, topology)) rt.agents.markGone(id); return; // MARK_AGENT_GONE (agent-gone.ts)
  }
}

/** The timeline's entry point: a failure action of a run (installFailures ran when it has any). */
export function applyIssue5Action(installed: { runtime: FailureRuntime; topology: Topology } | null, a: TimelineAction, now: number): void {
  if (!installed || !isFailureTimelineAction(a)) throw new Error(`internal: timeline action ${a.do} without failure runtime`);
  applyFailureAction(installed.runtime, installed.topology, a, now);
}
