/**
 * The agent state machine as the master sees it (mesos-semantics §6.2, §6.4, §5.1, §5.3):
 *
 *   registered ──socket closed──▶ disconnected ──reregisters──▶ registered
 *   registered | disconnected ──5 missed pings (15 s each)──▶ unreachable
 *   disconnected | recovering ──no reregistration in 10 min──▶ unreachable
 *   unreachable ──reregisters (tasks kept since Mesos 1.5)──▶ registered
 *   (master failover) registered ──silent at election──▶ recovering ──reregisters──▶ registered
 *   registered | disconnected | recovering ──machine DOWN──▶ down ──machine UP──▶ registered (fresh)
 *   unreachable ──machine DOWN──▶ down (the master keeps it unreachable: /machine/down removes only
 *     registered agents, and a DOWN machine's agent may not reregister; it registers afresh at UP)
 *   any ──mark gone (DRAIN_AGENT mark_gone)──▶ gone (final)
 *
 * Physically an agent is *answering* when its machine is up, reachable on the network and the
 * agent process runs; pings only get pongs then.
 */

export type AgentState = 'registered' | 'disconnected' | 'recovering' | 'unreachable' | 'down' | 'gone';

export type AgentEvent = 'socketClosed' | 'pingTimeouts' | 'reregisterTimeout' | 'reregistered' | 'masterElectedSilent' | 'machineDown' | 'machineUp' | 'markGone';

const T: Record<AgentState, Partial<Record<AgentEvent, AgentState>>> = {
  registered: { socketClosed: 'disconnected', pingTimeouts: 'unreachable', masterElectedSilent: 'recovering', machineDown: 'down', markGone: 'gone' },
  disconnected: { reregistered: 'registered', pingTimeouts: 'unreachable', reregisterTimeout: 'unreachable', masterElectedSilent: 'recovering', machineDown: 'down', markGone: 'gone' },
  // Another failover before it reregistered: still in the registry, still waited for.
  recovering: { reregistered: 'registered', reregisterTimeout: 'unreachable', masterElectedSilent: 'recovering', machineDown: 'down', markGone: 'gone' },
  unreachable: { reregistered: 'registered', machineDown: 'down', markGone: 'gone' },
  down: { machineUp: 'registered', markGone: 'gone' },
  gone: {},
};

/** The next state, or null when the event does not apply in this state (it is then ignored). */
export function nextAgentState(s: AgentState, e: AgentEvent): AgentState | null {
  return T[s][e] ?? null;
}

/** Ping timing (§6.2; MK:63-72): pings every `pingTimeoutMs` on the agent's own phase. */
export interface PingOptions {
  readonly pingTimeoutMs: number;
  readonly maxPingTimeouts: number;
}

/**
 * When an agent silent since `silentSinceMs` is marked unreachable: the first ping it misses is
 * the first one sent at or after it fell silent (pings are sent every timeout on the phase of its
 * registration); each unanswered ping counts at the next ping; the `max`-th count marks it.
 * So detection takes between max·timeout and (max+1)·timeout (75–90 s by default).
 */
export function pingDetectionMs(registeredAtMs: number, silentSinceMs: number, o: PingOptions): number {
  const k = Math.max(0, Math.ceil((silentSinceMs - registeredAtMs) / o.pingTimeoutMs));
  return registeredAtMs + (k + o.maxPingTimeouts) * o.pingTimeoutMs;
}
