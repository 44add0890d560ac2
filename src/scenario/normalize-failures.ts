/** normalize for the failure pieces of a scenario (issue 5): units → integers, references checked. */
import type { Distribution } from '../cluster/failure-distribution.ts';
import { parseDuration } from '../core/units.ts';
import type { DomainLevel } from '../cluster/topology.ts';
import type { AgentSpec } from './run-spec.ts';
import type { FailureTimelineAction, FailuresSpec, FrameworkFailureSpec, ServiceSchedulerSpec, TargetSpec } from './run-spec-failures.ts';
import { FAILURE_ACTION_NAMES, type FailureActionInput, type FailuresInput, type FrameworkFailureInput, type ServiceSchedulerInput } from './schema-failures.ts';

type Path = (string | number)[];
type Ms = (v: string | number, p: Path) => number;
type Fail = (p: Path, message: string) => void;

export function isFailureAction(a: { do: string }): a is FailureActionInput {
  return FAILURE_ACTION_NAMES.includes(a.do);
}

function dist(d: FailuresInput['models'][number]['failure'], p: Path, ms: Ms): Distribution {
  if (typeof d === 'string' || typeof d === 'number') return { kind: 'fixed', ms: ms(d, p) };
  if ('exponential' in d) return { kind: 'exponential', meanMs: ms(d.exponential, [...p, 'exponential']) };
  return { kind: 'weibull', shape: d.weibull.shape, scaleMs: ms(d.weibull.scale, [...p, 'weibull', 'scale']) };
}

/** Bounds the Mesos master enforces on its flags at startup (§6.2, §8); it refuses to start outside them. */
const MIN_REREGISTER_TIMEOUT_MS = 600_000;
const PING_TIMEOUT_RANGE_MS = [1_000, 900_000] as const;

export function normalizeFailures(f: FailuresInput | undefined, ms: Ms, fail: Fail = () => {}): { failures?: FailuresSpec } {
  if (f === undefined) return {};
  const p: Path = ['failures'];
  const u = f.upgrade;
  const pingTimeoutMs = ms(f.agentPingTimeout, [...p, 'agentPingTimeout']);
  const reregisterTimeoutMs = ms(f.agentReregisterTimeout, [...p, 'agentReregisterTimeout']);
  // (A value that does not parse has its diagnostic already.)
  if (typeof parseDuration(f.agentPingTimeout) === 'number' && (pingTimeoutMs < PING_TIMEOUT_RANGE_MS[0] || pingTimeoutMs > PING_TIMEOUT_RANGE_MS[1])) {
    fail([...p, 'agentPingTimeout'], `agentPingTimeout must be between 1s and 15m (Mesos --agent_ping_timeout; got ${pingTimeoutMs} ms)`);
  }
  if (typeof parseDuration(f.agentReregisterTimeout) === 'number' && reregisterTimeoutMs < MIN_REREGISTER_TIMEOUT_MS) {
    fail([...p, 'agentReregisterTimeout'], `agentReregisterTimeout must be at least 10m (Mesos --agent_reregister_timeout; got ${reregisterTimeoutMs} ms)`);
  }
  return {
    failures: {
      pingTimeoutMs,
      maxPingTimeouts: f.maxAgentPingTimeouts,
      reregisterTimeoutMs,
      ...(f.agentRemovalRateLimit !== undefined ? { agentRemovalRateLimit: removalRateLimit(f.agentRemovalRateLimit, [...p, 'agentRemovalRateLimit'], ms) } : {}),
      recoveryAgentFactor: f.recoveryAgentFactor,
      ...(f.recoveryAgentRemovalLimit !== undefined ? { recoveryAgentRemovalLimit: f.recoveryAgentRemovalLimit } : {}),
      recoveryTimeoutMs: ms(f.recoveryTimeout, [...p, 'recoveryTimeout']),
      killGracePeriodMs: ms(f.killGracePeriod, [...p, 'killGracePeriod']),
      models: f.models.map((m, i) => ({
        level: m.level, kind: m.kind,
        failure: dist(m.failure, [...p, 'models', i, 'failure'], ms), repair: dist(m.repair, [...p, 'models', i, 'repair'], ms),
        fromMs: ms(m.from, [...p, 'models', i, 'from']), untilMs: m.until === undefined ? null : ms(m.until, [...p, 'models', i, 'until']),
        domains: m.domains ?? null,
      })),
      upgrade: u === undefined ? null : {
        strategy: u.strategy, startMs: ms(u.start, [...p, 'upgrade', 'start']), batch: u.batch,
        windowMs: ms(u.window, [...p, 'upgrade', 'window']), drainDeadlineMs: ms(u.drainDeadline, [...p, 'upgrade', 'drainDeadline']),
        upgradeDurationMs: ms(u.upgradeDuration, [...p, 'upgrade', 'upgradeDuration']), restartDurationMs: ms(u.restartDuration, [...p, 'upgrade', 'restartDuration']),
        maxGracePeriodMs: u.maxGracePeriod === undefined ? null : ms(u.maxGracePeriod, [...p, 'upgrade', 'maxGracePeriod']),
        machines: u.machines ?? null,
      },
    },
  };
}

/** `<agents>/<duration>` (the schema checked the shape): permits per period. */
function removalRateLimit(text: string, p: Path, ms: Ms): { permits: number; perMs: number } {
  const [n, d] = text.split('/');
  return { permits: Number(n.trim()), perMs: ms(d.trim(), p) };
}

/** Framework fields; returns {} when none is given so existing run ids do not change. */
export function normalizeFrameworkFailure(f: FrameworkFailureInput, p: Path, ms: Ms): { failure?: FrameworkFailureSpec } {
  if (f.checkpoint === undefined && f.failoverTimeout === undefined && f.inverseOffers === undefined && f.restartAfterError === undefined) return {};
  const io = f.inverseOffers;
  return {
    failure: {
      checkpoint: f.checkpoint ?? false,
      failoverTimeoutMs: f.failoverTimeout === undefined ? 0 : ms(f.failoverTimeout, [...p, 'failoverTimeout']),
      inverseOffers: io === undefined ? { policy: 'ignore' } : typeof io === 'string' ? { policy: io } : { policy: io.policy, ...(io.refuseSeconds !== undefined ? { refuseSeconds: io.refuseSeconds } : {}) },
      // Only when given, so the normalized scenarios (and run ids) of existing files do not change.
      ...(f.restartAfterError !== undefined ? { restartAfterErrorMs: ms(f.restartAfterError, [...p, 'restartAfterError']) } : {}),
    },
  };
}

export function normalizeServiceScheduler(s: ServiceSchedulerInput, p: Path, res: (v: string | Record<string, unknown>, p: Path) => string): ServiceSchedulerSpec {
  return {
    type: 'replicated-service', instances: s.instances, resources: res(s.resources, [...p, 'resources']), spread: s.spread,
    maxPerDomain: s.maxPerDomain ?? null, onInverseOffer: s.onInverseOffer, avoidDraining: s.avoidDraining, refuseSeconds: s.refuseSeconds,
    slo: s.slo ?? (s.instances - 1) / s.instances,
  };
}

export function normalizeFailureAction(
  a: FailureActionInput, atMs: number, p: Path, ms: Ms, fail: Fail, agents: readonly AgentSpec[], frameworkIds: ReadonlySet<string>,
): FailureTimelineAction {
  const target = (): TargetSpec => {
    const t = a as { agents?: string[]; machines?: string[]; level?: DomainLevel; domain?: string };
    const ids = new Set(agents.map((x) => x.id));
    const hosts = new Set(agents.map((x) => x.hostname));
    (t.agents ?? []).forEach((id, i) => { if (!ids.has(id)) fail([...p, 'agents', i], `unknown agent "${id}"`); });
    (t.machines ?? []).forEach((h, i) => { if (!hosts.has(h)) fail([...p, 'machines', i], `unknown machine "${h}"`); });
    if ((t.level === undefined) !== (t.domain === undefined)) fail(p, 'give "level" and "domain" together');
    if (t.level !== undefined && t.domain !== undefined && !agents.some((x) => domainValue(x, t.level!) === t.domain)) {
      fail([...p, 'domain'], `no agent is in ${t.level} "${t.domain}"`);
    }
    if (t.agents === undefined && t.machines === undefined && t.level === undefined) fail(p, 'name the target: agents, machines, or level + domain');
    return { agents: t.agents ?? null, machines: t.machines ?? null, level: t.level ?? null, domain: t.domain ?? null };
  };
  const opt = (v: string | number | undefined, key: string) => (v === undefined ? null : ms(v, [...p, key]));
  switch (a.do) {
    case 'fail': return { atMs, do: 'fail', target: target(), kind: a.kind, durationMs: opt(a.duration, 'duration') };
    case 'failMaster': return { atMs, do: 'failMaster', electionDelayMs: ms(a.electionDelay, [...p, 'electionDelay']) };
    case 'disconnectFramework':
    case 'reconnectFramework':
      if (!frameworkIds.has(a.framework)) fail([...p, 'framework'], `unknown framework "${a.framework}"`);
      return a.do === 'disconnectFramework'
        ? { atMs, do: 'disconnectFramework', framework: a.framework, durationMs: opt(a.duration, 'duration') }
        : { atMs, do: 'reconnectFramework', framework: a.framework };
    case 'scheduleMaintenance': return { atMs, do: 'scheduleMaintenance', target: target(), startMs: ms(a.start, [...p, 'start']), durationMs: opt(a.duration, 'duration') };
    case 'drainAgent': return { atMs, do: 'drainAgent', target: target(), maxGracePeriodMs: opt(a.maxGracePeriod, 'maxGracePeriod'), markGone: a.markGone };
    default: return { atMs, do: a.do, target: target() };
  }
}

/**
 * A failure model's `domains` and the upgrade's `machines` name domains and hostnames some agent has
 * (declared or added by the timeline; the caller skips this when a trace may add agents). Before,
 * a misspelt rack failed nothing, silently: the model found no agent under it.
 */
export function checkFailureTargets(f: FailuresInput, agents: readonly AgentSpec[], fail: Fail): void {
  f.models.forEach((m, i) => {
    if (m.domains === undefined) return;
    const known = [...new Set(agents.map((a) => domainValue(a, m.level)).filter((d): d is string => d !== null))].sort();
    m.domains.forEach((d, j) => {
      if (!known.includes(d)) fail(['failures', 'models', i, 'domains', j], `no agent is in ${m.level} "${d}"${knownList(known)}`);
    });
  });
  const hosts = new Set(agents.map((a) => a.hostname));
  (f.upgrade?.machines ?? []).forEach((h, j) => {
    if (!hosts.has(h)) fail(['failures', 'upgrade', 'machines', j], `unknown machine "${h}" (no agent has this hostname)`);
  });
}

const knownList = (known: readonly string[]) =>
  known.length === 0 ? ' (no agent has one)' : ` (known: ${known.slice(0, 8).join(', ')}${known.length > 8 ? `, … ${known.length - 8} more` : ''})`;

export function domainValue(a: AgentSpec, level: DomainLevel): string | null {
  switch (level) {
    case 'machine': return a.hostname;
    case 'region': return a.region;
    case 'zone': return a.zone ?? (a.attributes.zone === undefined ? null : String(a.attributes.zone));
    case 'rack': return a.rack ?? (a.attributes.rack === undefined ? null : String(a.attributes.rack));
    case 'switch': return a.switch ?? (a.attributes.switch === undefined ? null : String(a.attributes.switch));
    case 'pdu': return a.pdu ?? (a.attributes.pdu === undefined ? null : String(a.attributes.pdu));
  }
}
