/**
 * Why a task ended lost (TASK_LOST, TASK_UNREACHABLE, TASK_GONE, TASK_GONE_BY_OPERATOR), so a planned
 * kernel upgrade does not read as a failure:
 *
 *   maintenance  planned by the operator (mesos-semantics §5): its machine taken DOWN ("machine down
 *                for maintenance", TASK_GONE_BY_OPERATOR / TASK_LOST, §5.1), its agent marked gone
 *                after DRAIN_AGENT ("agent marked gone", §5.3), or its executor gone with an agent
 *                process restarted by an in-place rolling upgrade (agent failover without checkpointing);
 *   failure      lost with its agent otherwise: a crash, a partition, a rack outage, an agent process
 *                that died, an agent removed (§6.1/§6.2: health check / reregistration timeouts,
 *                "agent disconnected", "agent rebooted", "agent removed");
 *   revoked      not lost with its agent: a revocable task killed by a QoS correction (§4);
 *   neverRan     not lost with an agent either: a launch the master never ran (no agent: "invalid
 *                offers", "reconciliation"; accept validation).
 *
 * An agent marked gone while unreachable (MARK_AGENT_GONE on a failed agent) is a failure, not
 * maintenance: the tasks were lost when it failed.
 *
 * An observer of the event stream: `observe` every event (it reads only LOSS_CAUSE_EVENTS), then
 * `cause` for a lost status.
 */
import type { EventFields } from '../core/event-sink.ts';
import { QOS_CORRECTION_REASON } from '../master/oversubscription/types.ts';

export type LossCause = 'failure' | 'maintenance' | 'revoked' | 'neverRan';
export const LOSS_CAUSES: readonly LossCause[] = ['failure', 'maintenance', 'revoked', 'neverRan'];

export const LOST_STATES: ReadonlySet<string> = new Set(['TASK_LOST', 'TASK_UNREACHABLE', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR']);

/** The events `observe` reads (for probes that filter what they are sent). */
export const LOSS_CAUSE_EVENTS: readonly string[] = ['upgrade.batch', 'agent.process', 'agent.unreachable', 'agent.reregistered', 'agent.added'];

const MAINTENANCE_REASONS: ReadonlySet<string> = new Set(['machine down for maintenance', 'agent marked gone']);

export class LossCauses {
  /** agents whose process an in-place upgrade batch is restarting (until it is up again) */
  private readonly restarting = new Set<string>();
  /** the instant an in-place batch started: its agent restarts are emitted at that same instant, right after */
  private inPlaceBatchAt: number | null = null;
  /** agents marked unreachable and not back: marking one gone later is the operator giving up on a failed agent */
  private readonly unreachable = new Set<string>();

  observe(t: number, type: string, f: EventFields): void {
    if (type === 'upgrade.batch') this.inPlaceBatchAt = f.strategy === 'in-place' ? t : null;
    else if (type === 'agent.process') {
      const agent = String(f.agent);
      if (f.up === false && this.inPlaceBatchAt === t) this.restarting.add(agent);
      else if (f.up === true) this.restarting.delete(agent);
    } else if (type === 'agent.unreachable') this.unreachable.add(String(f.agent));
    else if (type === 'agent.reregistered' || type === 'agent.added') this.unreachable.delete(String(f.agent));
  }

  /** The cause of a lost status (`state` in LOST_STATES) of a task on `agent` (undefined: never launched). */
  cause(state: string, reason: string | undefined, agent: string | null | undefined): LossCause {
    if (agent === undefined || agent === null || agent === '') return 'neverRan';
    if (reason !== undefined && reason.startsWith(QOS_CORRECTION_REASON)) return 'revoked';
    // An agent marked gone after it was marked unreachable: the failure was the loss (agent-gone.ts).
    if (reason === 'agent marked gone' && this.unreachable.has(agent)) return 'failure';
    if (state === 'TASK_GONE_BY_OPERATOR' || (reason !== undefined && MAINTENANCE_REASONS.has(reason))) return 'maintenance';
    if (this.restarting.has(agent)) return 'maintenance';
    return 'failure';
  }
}
