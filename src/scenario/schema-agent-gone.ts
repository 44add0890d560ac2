/**
 * The `markAgentGone` timeline action: the operator API call MARK_AGENT_GONE (mesos-semantics §5.3,
 * §6.2; src/master/failover/agent-gone.ts), its schema piece (listed in schema-failures.ts
 * FailureActions) and the checks normalize can make before the run (docs/failures.md).
 *
 * Mesos marks gone an agent it has registered (connected or not), recovered from its registry, or
 * unreachable, and answers 404 Not Found for any other (http.cpp `_markAgentGone`). What can be told
 * from the file alone is an error here (CS2011, exit 2): an agent that is not registered yet at that
 * time (its `at`, or the timeline's `addAgent`, comes later; `at: manual` is not checked), one the
 * timeline removed before (`removeAgent`), or one on a machine the timeline took DOWN (`machineDown`,
 * no `machineUp` since). What depends on the run (a machine taken down by a rolling upgrade, an agent
 * a drain marked gone) is decided then: `agent.gone.refused` in the event log.
 */
import { z } from 'zod';
import { parseDuration } from '../core/units.ts';
import type { DomainLevel } from '../cluster/topology.ts';
import type { AgentSpec } from './run-spec.ts';

type Path = (string | number)[];
type Fail = (p: Path, message: string, code?: string) => void;

const Duration = z.union([z.string(), z.number().nonnegative()]).describe('Duration: a number of seconds or a string with units, e.g. 500ms, 30s, 5m, 1h30m, 2d');

/** Built with the failure actions' target fields (agents, machines, level + domain). */
export function markAgentGoneAction<T extends z.ZodRawShape>(targets: T) {
  return z.strictObject({ at: Duration, do: z.literal('markAgentGone'), ...targets })
    .describe('MARK_AGENT_GONE: remove registered or unreachable agents for good; their tasks TASK_GONE_BY_OPERATOR (PARTITION_AWARE) or TASK_LOST; an agent marked gone that comes back is shut down');
}

interface RawAction {
  readonly at?: unknown;
  readonly do?: unknown;
  readonly agent?: unknown;
  readonly agents?: unknown;
  readonly machines?: unknown;
  readonly level?: unknown;
  readonly domain?: unknown;
}

type Change = 'registered' | 'removed' | 'schedule' | 'unschedule' | 'down' | 'up' | 'gone';

/**
 * CS2011 diagnostics for markAgentGone actions naming an agent that, by the file alone, is not
 * registered or unreachable at that time. `timeline` is the file's raw timeline (indices are paths);
 * `agents` every agent spec (declared and timeline-added); `domainValue` resolves a fault domain.
 */
export function markAgentGoneDiagnostics(
  timeline: readonly RawAction[], agents: readonly AgentSpec[], fail: Fail,
  domainValue: (a: AgentSpec, level: DomainLevel) => string | null,
): void {
  if (!timeline.some((a) => a.do === 'markAgentGone')) return;
  const at = (v: unknown): number | null => {
    if (typeof v !== 'string' && typeof v !== 'number') return null;
    const r = parseDuration(v);
    return typeof r === 'string' ? null : r;
  };
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const targets = (a: RawAction): AgentSpec[] => {
    const ids = new Set(strings(a.agents));
    const hosts = new Set(strings(a.machines));
    const level = typeof a.level === 'string' ? (a.level as DomainLevel) : null;
    const domain = typeof a.domain === 'string' ? a.domain : null;
    return agents.filter((x) => ids.has(x.id) || hosts.has(x.hostname) || (level !== null && domain !== null && domainValue(x, level) === domain));
  };
  // What the timeline does to each agent, in the order it happens: (time, index); declared agents
  // register before the timeline's actions of their instant (docs/scenarios.md, ordering rules).
  const changes = new Map<string, { t: number; i: number; what: Change }[]>();
  const note = (id: string, t: number, i: number, what: Change) => {
    let l = changes.get(id);
    if (!l) changes.set(id, (l = []));
    l.push({ t, i, what });
  };
  const addedByTimeline = new Set<string>();
  timeline.forEach((a, i) => {
    const t = at(a.at);
    if (t === null) return;
    if (a.do === 'addAgent' && typeof a.agent === 'object' && a.agent !== null && typeof (a.agent as { id?: unknown }).id === 'string') {
      const id = (a.agent as { id: string }).id;
      addedByTimeline.add(id);
      note(id, t, i, 'registered');
    } else if (a.do === 'removeAgent' && typeof a.agent === 'string') note(a.agent, t, i, 'removed');
    else if (a.do === 'machineDown' || a.do === 'machineUp' || a.do === 'markAgentGone' || a.do === 'scheduleMaintenance' || a.do === 'unscheduleMaintenance') {
      const what: Change = a.do === 'machineDown' ? 'down' : a.do === 'machineUp' ? 'up' : a.do === 'markAgentGone' ? 'gone' : a.do === 'scheduleMaintenance' ? 'schedule' : 'unschedule';
      for (const x of targets(a)) note(x.id, t, i, what);
    }
  });
  for (const x of agents) if (!addedByTimeline.has(x.id) && x.atMs !== null) note(x.id, x.atMs, -1, 'registered');
  timeline.forEach((a, i) => {
    if (a.do !== 'markAgentGone') return;
    const t = at(a.at);
    if (t === null) return;
    for (const x of targets(a)) {
      if (x.atMs === null && !addedByTimeline.has(x.id)) continue; // at: manual: not checked
      const before = takenEffect((changes.get(x.id) ?? []).filter((c) => c.t < t || (c.t === t && c.i < i)).sort((p, q) => p.t - q.t || p.i - q.i));
      const last = [...before].reverse().find((c) => c.what !== 'gone');
      const why = last === undefined ? notYet(changes.get(x.id) ?? [], t)
        : last.what === 'removed' ? `it was removed at ${fmt(last.t)} (removeAgent)`
          : last.what === 'down' ? `its machine ${x.hostname} was taken DOWN at ${fmt(last.t)} (machineDown) and is not up again`
            : null;
      if (why !== null) {
        fail(['timeline', i], `cannot mark agent "${x.id}" gone at ${fmt(t)}: ${why}; MARK_AGENT_GONE needs an agent the master has registered or marked unreachable (Mesos answers 404 Not Found)`, 'CS2011');
      }
    }
  });
}

/**
 * The changes that take effect, in order: a `machineDown` of a machine the file has not put DRAINING
 * (`scheduleMaintenance`) is refused at run time (§5.1: DOWN only from DRAINING; `maintenance.refused`),
 * so the agent stays registered. A machine another action may put DRAINING during the run (a rolling
 * upgrade) is then not flagged here: the run decides (`agent.gone.refused`).
 */
function takenEffect<C extends { what: Change }>(changes: readonly C[]): C[] {
  let mode: 'UP' | 'DRAINING' | 'DOWN' = 'UP';
  const out: C[] = [];
  for (const c of changes) {
    if (c.what === 'schedule') { if (mode === 'UP') mode = 'DRAINING'; continue; }
    if (c.what === 'unschedule') { if (mode === 'DRAINING') mode = 'UP'; continue; }
    if (c.what === 'down') { if (mode !== 'DRAINING') continue; mode = 'DOWN'; }
    if (c.what === 'up') { if (mode !== 'DOWN') continue; mode = 'UP'; }
    out.push(c);
  }
  return out;
}

function notYet(changes: readonly { t: number; what: Change }[], t: number): string {
  const next = changes.filter((c) => c.what === 'registered' && c.t >= t).map((c) => c.t).sort((p, q) => p - q)[0];
  return next === undefined ? 'it is never registered' : `it is not registered until ${fmt(next)}`;
}

function fmt(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
