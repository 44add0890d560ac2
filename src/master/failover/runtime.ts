/**
 * Wires the failure, failover and maintenance machinery to one master (issue 5). Installed by the
 * composition root only when a scenario uses any of it; otherwise the master runs untouched.
 *
 *   ServingTracker   physical truth: which tasks run and serve (availability metrics)
 *   AgentFailures    machines, networks, agent processes; health checks; unreachable; reregistration
 *   FrameworkFailover  scheduler disconnects and failover_timeout
 *   MasterFailover   leader loss, election, allocator reset, recovery pause with quota
 *   Maintenance      schedules, machine modes, inverse offers, DRAIN_AGENT
 *   ReregistrationReconciliation  frameworks asking after their tasks when they reregister
 */
import type { FanOutSink } from '../../core/event-sink.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import type { Master } from '../master.ts';
import { Maintenance, type InverseOfferPolicy } from '../maintenance/maintenance.ts';
import { AgentFailures, DEFAULT_AGENT_FAILURE_OPTIONS, type AgentFailureOptions } from './agent-failures.ts';
import { FrameworkFailover } from './framework-failover.ts';
import { DEFAULT_MASTER_FAILOVER_OPTIONS, MasterFailover, masterHasQuota, type MasterFailoverOptions } from './master-failover.ts';
import { ReregistrationReconciliation } from './reregistration-reconciliation.ts';
import { ServingTracker } from './serving-tracker.ts';

export interface FrameworkFailureSettings {
  /** FrameworkInfo.checkpoint: tasks survive an agent process restart. */
  readonly checkpoint: boolean;
  /** FrameworkInfo.failover_timeout (default 0: removed as soon as it disconnects). */
  readonly failoverTimeoutMs: number;
  readonly inverseOffers: { readonly policy: InverseOfferPolicy; readonly refuseSeconds?: number };
  /** After a FrameworkErrorMessage aborts its driver, the scheduler fails over after this long. */
  readonly restartAfterErrorMs?: number;
}

/** A supervised scheduler process restarting after its driver aborted (our default, not Mesos'). */
export const DEFAULT_RESTART_AFTER_ERROR_MS = 30_000;

export const DEFAULT_FRAMEWORK_FAILURE_SETTINGS: FrameworkFailureSettings = {
  checkpoint: false, failoverTimeoutMs: 0, inverseOffers: { policy: 'ignore' },
};

export interface FailureRuntimeOptions {
  readonly agents?: AgentFailureOptions;
  readonly masterFailover?: MasterFailoverOptions;
  readonly weights?: Readonly<Record<string, number>>;
  readonly offerTimeoutMs?: number | null;
  readonly killGracePeriodMs?: number;
  readonly frameworks?: (frameworkId: string) => FrameworkFailureSettings;
  /** Override quota detection (tests); default: whatever quota the master has. */
  readonly quotaConfigured?: () => boolean;
}

export class FailureRuntime {
  readonly tracker = new ServingTracker();
  readonly agents: AgentFailures;
  readonly frameworks: FrameworkFailover;
  readonly masterFailover: MasterFailover;
  readonly maintenance: Maintenance;
  readonly reconciliation: ReregistrationReconciliation;
  readonly master: Master;

  constructor(sim: Simulation, master: Master, sink: FanOutSink, o: FailureRuntimeOptions = {}) {
    this.master = master;
    const settings = o.frameworks ?? (() => DEFAULT_FRAMEWORK_FAILURE_SETTINGS);
    sink.add(this.tracker);
    let mf: MasterFailover | null = null;
    let maint: Maintenance | null = null;
    this.agents = new AgentFailures(sim, master, sink, this.tracker, {
      checkpointing: (fw) => settings(fw).checkpoint,
      masterDown: () => mf?.isDown ?? false,
      maintenanceDown: (a) => maint?.isDown(a) ?? false,
      operatorDeactivated: (a) => maint?.isDeactivated(a) ?? false,
      // --recovery_agent_removal_limit exceeded: the master aborts; elected again as long as last time.
      recoveryLimitExceeded: () => mf?.fail(mf.lastElectionDelayMs),
      agentDeactivated: (a, reason) => maint?.agentDeactivated(a, reason),
      agentReregistered: (a) => maint?.agentReregistered(a),
    }, o.agents ?? DEFAULT_AGENT_FAILURE_OPTIONS);
    sink.add(this.agents);
    this.frameworks = new FrameworkFailover(sim, master, sink, (fw) => settings(fw).failoverTimeoutMs, () => !(mf?.isDown ?? false));
    this.maintenance = maint = new Maintenance(sim, master, sink, this.agents, {
      offerTimeoutMs: o.offerTimeoutMs ?? null,
      killGracePeriodMs: o.killGracePeriodMs ?? 5_000,
      policy: (fw) => settings(fw).inverseOffers,
    });
    sink.add(this.maintenance);
    this.frameworks.onDeactivated = (fw) => this.maintenance.frameworkDeactivated(fw);
    this.masterFailover = mf = new MasterFailover(sim, master, sink, this.agents, {
      weights: o.weights ?? {},
      quotaConfigured: o.quotaConfigured ?? (() => masterHasQuota(master)),
      schedulerConnected: (fw) => this.frameworks.state(fw) === 'connected',
      schedulersReturned: () => this.frameworks.takeReturned(),
      holdForDisconnected: (fw, calls) => this.frameworks.holdBefore(fw, calls),
      onFailed: () => { this.frameworks.masterFailed(); master.rateLimiter?.reset(); this.maintenance.onMasterFailed(); master.monolithic?.masterFailed(); },
      onRecovered: () => { this.maintenance.onMasterRecovered(); master.monolithic?.masterRecovered(); },
    }, o.masterFailover ?? DEFAULT_MASTER_FAILOVER_OPTIONS);
    sink.add(this.masterFailover);
    this.reconciliation = new ReregistrationReconciliation(sim, master, sink, {
      canCall: (fw) => !this.masterFailover.isDown && this.frameworks.state(fw) === 'connected',
      agentStatus: (agentId) => this.agents.statusAtMaster(agentId, sim.now),
    });
    sink.add(this.reconciliation);
    master.ext.frameworkError = (fw) => this.frameworks.disconnect(fw, settings(fw).restartAfterErrorMs ?? DEFAULT_RESTART_AFTER_ERROR_MS);
    master.ext.holdTaskEnd = (taskId, state, reason) => this.agents.holdTaskEnd(taskId, state, reason);
    master.ext.holdKill = (taskId) => this.agents.holdKill(taskId);
    master.ext.lostTask = (taskId) => this.agents.lostTasks.whereabouts(taskId, sim.now);
    master.ext.agentsRecovering = () => this.agents.anyRecovering();
    master.ext.agentReachesMaster = (agentId) => this.agents.isAnswering(agentId) && !this.masterFailover.isDown;
    master.ext.agentStatus = (agentId) => this.agents.statusAtMaster(agentId, sim.now);
    master.ext.interceptScheduler = (fw, call) => this.frameworks.intercept(fw, call) || this.masterFailover.intercept(fw, call);
    master.ext.schedulerConnected = (fw) => this.frameworks.state(fw) === 'connected' && !this.masterFailover.awaitsReregistration(fw);
  }
}
