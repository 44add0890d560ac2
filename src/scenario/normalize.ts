/**
 * normalize: validated scenario → RunSpec, the canonical, fully explicit description of one run.
 * Units become integers (ms, milli-units), agent groups expand, defaults are filled in, and every
 * cross-reference is checked (unknown framework in the timeline, duplicate ids, bad quantities).
 * The RunSpec is plain JSON: it is recorded in manifest.json and hashed into the run id.
 */
import type { Diagnostic } from '../core/diagnostic.ts';
import { parseDuration, parseMiB, toMilli } from '../core/units.ts';
import { formatResources, parseResources } from '../cluster/resource-text.ts';
import { parseMinAllocatable } from '../master/allocator/min-allocatable.ts';
import { AGENT_CAPABILITIES } from '../master/allocator/types.ts';
import { sorterFactory, sorterNames } from '../master/sorter/registry.ts';
import type { ScenarioParsed } from './schema.ts';
import type { AgentSpec, FrameworkSpec, RunSpec, SchedulerSpec, TimelineAction } from './run-spec.ts';
import { diagnosticAt, locate, type SourceDoc } from './source-map.ts';
import { normalizeRegistry } from './schema-registry.ts';
import { checkFailureTargets, domainValue, isFailureAction, normalizeFailureAction, normalizeFailures, normalizeFrameworkFailure, normalizeServiceScheduler } from './normalize-failures.ts';
import { markAgentGoneDiagnostics } from './schema-agent-gone.ts';
import { normalizePartitioning } from './normalize-partitioning.ts';
import { assertionVariantDiagnostics } from './assertion-variants.ts';
import { normalizeOfferModel } from './schema-offer-model.ts';
import { normalizeOfferPolicy, normalizePluginScheduler } from './schema-plugins.ts';
import { normalizeOversubscription, normalizeUsage } from './schema-oversubscription.ts';
import { isModelScheduler, normalizeModelScheduler } from './schema-frameworks.ts';
import { normalizeWorkload } from './schema-workload.ts';
import { duplicateRoles, isAllocatorAction, normalizeAllocatorAction, normalizeOfferConstraints, normalizeOperation, normalizeQuotaSection, normalizeRateLimits } from './schema-allocator.ts';

export type { RunSpec } from './run-spec.ts';

type Path = (string | number)[];

export function normalizeScenario(s: ScenarioParsed, source: SourceDoc): { spec?: RunSpec; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const fail = (path: Path, message: string, code = 'CS1004') => { diagnostics.push(diagnosticAt(source, path, code, message)); };
  const ms = (v: string | number, path: Path): number => {
    const r = parseDuration(v);
    if (typeof r === 'string') { fail(path, r); return 0; }
    return r;
  };
  const res = (v: string | Record<string, unknown>, path: Path): string => {
    const text = typeof v === 'string' ? v : objectToResourceText(v);
    if (text.startsWith('!')) { fail(path, text.slice(1)); return ''; }
    const r = parseResources(text);
    if (typeof r === 'string') { fail(path, r); return ''; }
    return formatResources(r);
  };

  const m = s.master;
  for (const [key, name] of [['roleSorter', m.roleSorter], ['frameworkSorter', m.frameworkSorter]] as const) {
    if (!sorterFactory(name)) fail(['master', key], `unknown sorter "${name}" (known: ${sorterNames().join(', ')})`, 'CS2003');
  }
  if (m.roleSorter !== m.frameworkSorter) fail(['master', 'frameworkSorter'], 'Mesos requires the role and framework sorters to be the same', 'CS2004');
  if (typeof parseMinAllocatable(m.minAllocatable) === 'string') fail(['master', 'minAllocatable'], parseMinAllocatable(m.minAllocatable) as string);

  const frameworks: FrameworkSpec[] = [];
  const frameworkIds = new Set<string>();
  s.frameworks.forEach((f, i) => {
    const p: Path = ['frameworks', i];
    if (frameworkIds.has(f.id)) fail([...p, 'id'], `duplicate framework id "${f.id}"`);
    frameworkIds.add(f.id);
    const roles = f.roles ?? (f.role ? [f.role] : ['*']);
    if (f.role && f.roles) fail(p, 'give either "role" or "roles", not both');
    duplicateRoles(f.roles, [...p, 'roles'], fail);
    const minAllocatable: Record<string, string> = {};
    for (const [role, text] of Object.entries(f.minAllocatable ?? {})) {
      const r = parseMinAllocatable(text);
      if (typeof r === 'string') fail([...p, 'minAllocatable', role], r);
      minAllocatable[role] = text;
    }
    frameworks.push({
      id: f.id, roles, capabilities: f.capabilities ?? ['MULTI_ROLE'], active: f.active,
      atMs: f.at === 'manual' ? null : ms(f.at ?? 0, [...p, 'at']),
      offerLatencyMs: ms(f.offerLatency, [...p, 'offerLatency']),
      suppressedRoles: f.suppressedRoles ?? [], minAllocatable,
      ...(f.offerConstraints ? { offerConstraints: normalizeOfferConstraints(f.offerConstraints, [...p, 'offerConstraints'], fail) } : {}), // issue 3
      ...(f.principal !== undefined ? { principal: f.principal } : {}),
      ...normalizeFrameworkFailure(f, p, ms), // issue 5
      scheduler: normalizeScheduler(f.scheduler, [...p, 'scheduler'], ms, res, fail),
    });
    // Revocable resources reach only REVOCABLE_RESOURCES frameworks (§4, HA:3127-3130): a batch model
    // that runs on nothing else would wait the whole run without a word.
    const revocableOnly = (f.scheduler as { type?: string; revocable?: boolean }).revocable === true;
    const granted = (f.capabilities ?? ['MULTI_ROLE']).includes('REVOCABLE_RESOURCES') || (s.timeline ?? []).some((t) =>
      t.do === 'updateFramework' && (t as { framework?: string }).framework === f.id && ((t as { capabilities?: string[] }).capabilities ?? []).includes('REVOCABLE_RESOURCES'));
    if (revocableOnly && !granted) fail([...p, 'scheduler', 'revocable'], 'a scheduler with revocable: true runs only on revocable resources, which are offered only to frameworks with the capability REVOCABLE_RESOURCES: add it to `capabilities`');
    statefulRoleProblems(f.scheduler as { type?: string; role?: string; volumes?: boolean }, roles, [...p, 'scheduler'], fail);
    // GPUs reach only GPU_RESOURCES frameworks while the master filters them (§2.5, default on): tasks
    // asking for gpus would wait the whole run without a word (as a revocable-only batch model would).
    const gpuCapable = (f.capabilities ?? ['MULTI_ROLE']).includes('GPU_RESOURCES') || (s.timeline ?? []).some((t) =>
      t.do === 'updateFramework' && (t as { framework?: string }).framework === f.id && ((t as { capabilities?: string[] }).capabilities ?? []).includes('GPU_RESOURCES'));
    const gpuAt = s.master?.filterGpuResources === false || gpuCapable ? null : gpuRequestPath(f.scheduler, [...p, 'scheduler']);
    if (gpuAt !== null) fail(gpuAt, 'these tasks ask for gpus, which agents offer only to frameworks with the capability GPU_RESOURCES (master filterGpuResources, on by default): add it to `capabilities`');
  });

  const agents: AgentSpec[] = [];
  const agentIds = new Set<string>();
  const addAgentSpec = (a: ScenarioParsed['agents'][number], p: Path, atMs: number | null) => {
    const count = a.count ?? 1;
    const resources = res(a.resources, [...p, 'resources']);
    // An agent declares no revocable resources: they are the estimator's (§4, `oversubscription`).
    const declared = parseResources(resources);
    if (typeof declared !== 'string' && declared.some((r) => r.revocable)) fail([...p, 'resources'], 'an agent declares no revocable resources: they come from the resource estimator (see `oversubscription`)');
    const used = (a.used ?? []).map((u, j) => {
      if (!frameworkIds.has(u.framework)) {
        // Allowed on purpose: Mesos lets an agent report tasks of a framework the master does not know yet (H1b).
      }
      return {
        framework: u.framework, role: u.role ?? frameworks.find((f) => f.id === u.framework)?.roles[0] ?? '*',
        resources: res(u.resources, [...p, 'used', j, 'resources']), durationMs: u.duration === undefined ? null : ms(u.duration, [...p, 'used', j, 'duration']),
      };
    });
    // Numbers padded to at least 5 digits (racks 2), more when the count needs them: ids then sort
    // in numeric order (a-100000 after a-99999). The allocator keeps agents sorted by id, and an id
    // landing mid-list made adding 100,000 more agents quadratic (session 18: 200,000 took 25 s).
    const idWidth = Math.max(5, String(count).length);
    const rackWidth = a.perRack ? Math.max(2, String(Math.ceil(count / a.perRack)).length) : 2;
    for (let k = 0; k < count; k++) {
      const id = a.count === undefined ? a.id : `${a.id}-${String(k + 1).padStart(idWidth, '0')}`;
      if (agentIds.has(id)) fail([...p, 'id'], `duplicate agent id "${id}"`);
      agentIds.add(id);
      const rack = a.perRack ? `${a.rack ?? 'rack'}-${String(Math.floor(k / a.perRack) + 1).padStart(rackWidth, '0')}` : a.rack ?? null;
      agents.push({
        id, hostname: a.hostname && count === 1 ? a.hostname : id, resources, attributes: a.attributes ?? {},
        region: a.region ?? null, zone: a.zone ?? null, rack, switch: a.switch ?? rack, pdu: a.pdu ?? null,
        capabilities: a.capabilities ?? [...AGENT_CAPABILITIES], atMs, used,
      });
    }
  };
  s.agents.forEach((a, i) => addAgentSpec(a, ['agents', i], a.at === 'manual' ? null : ms(a.at ?? 0, ['agents', i, 'at'])));

  const timeline: TimelineAction[] = [];
  const timelineAgents: AgentSpec[] = [];
  // Failure actions may target agents added by the timeline (anywhere in it): resolved after the loop.
  const targetsToResolve: (() => void)[] = [];
  s.timeline.forEach((action, i) => {
    const p: Path = ['timeline', i];
    const atMs = ms(action.at, [...p, 'at']);
    if (isFailureAction(action)) { // issue 5
      const at = timeline.length;
      timeline.push(undefined as unknown as TimelineAction);
      targetsToResolve.push(() => { timeline[at] = normalizeFailureAction(action, atMs, p, ms, fail, [...agents, ...timelineAgents], frameworkIds); });
      return;
    }
    if (isAllocatorAction(action)) { // issue 3: quota, operator operations, framework updates (schema-allocator.ts)
      const n = normalizeAllocatorAction(action as { do: string } & Record<string, unknown>, p, fail, { agents: agentIds, frameworks: frameworkIds });
      if (n) timeline.push({ atMs, ...n });
      return;
    }
    if ('framework' in action && typeof action.framework === 'string' && !frameworkIds.has(action.framework)) {
      fail([...p, 'framework'], `unknown framework "${action.framework}" (declared: ${[...frameworkIds].join(', ') || 'none'})`);
    }
    switch (action.do) {
      case 'addAgent': {
        const before = agents.length;
        addAgentSpec({ ...action.agent }, [...p, 'agent'], null);
        const spec = agents.splice(before, 1)[0];
        timelineAgents.push(spec);
        timeline.push({ atMs, do: 'addAgent', agent: spec });
        return;
      }
      case 'removeAgent':
      case 'updateAgent':
        if (!agentIds.has(action.agent)) fail([...p, 'agent'], `unknown agent "${action.agent}"`);
        if (action.do === 'removeAgent') timeline.push({ atMs, do: 'removeAgent', agent: action.agent });
        else timeline.push({ atMs, do: 'updateAgent', agent: action.agent, resources: action.resources === undefined ? null : res(action.resources, [...p, 'resources']), attributes: action.attributes ?? null, ...(action.capabilities ? { capabilities: action.capabilities } : {}) });
        return;
      case 'decline': case 'return': case 'accept':
        if (action.agent !== undefined && !agentIds.has(action.agent)) fail([...p, 'agent'], `unknown agent "${action.agent}"`);
        if (action.do === 'decline') timeline.push({ atMs, do: 'decline', framework: action.framework, agent: action.agent ?? null, role: action.role ?? null, refuseSeconds: action.refuseSeconds ?? null });
        else if (action.do === 'return') timeline.push({ atMs, do: 'return', framework: action.framework, agent: action.agent ?? null, role: action.role ?? null, resources: action.resources === undefined ? null : res(action.resources, [...p, 'resources']), refuseSeconds: action.refuseSeconds ?? 0 });
        else timeline.push({
          atMs, do: 'accept', framework: action.framework, agent: action.agent ?? null, role: action.role ?? null, refuseSeconds: action.refuseSeconds ?? null,
          launch: action.launch.map((l, j) => ({ resources: res(l.resources, [...p, 'launch', j, 'resources']), durationMs: l.duration === undefined ? null : ms(l.duration, [...p, 'launch', j, 'duration']), count: l.count ?? 1 })),
          ...(action.operations ? { operations: action.operations.flatMap((o, j) => normalizeOperation(o as Record<string, string>, [...p, 'operations', j], fail) ?? []) } : {}),
        });
        return;
      case 'setWeight': timeline.push({ atMs, do: 'setWeight', role: action.role, weight: action.weight }); return;
      case 'suppress': case 'revive': timeline.push({ atMs, do: action.do, framework: action.framework, roles: action.roles ?? [] }); return;
      default: timeline.push({ atMs, do: action.do, framework: action.framework }); return;
    }
  });

  for (const resolve of targetsToResolve) resolve();
  markAgentGoneDiagnostics(s.timeline, [...agents, ...timelineAgents], fail, domainValue); // issue 5: MARK_AGENT_GONE before its agent exists (schema-agent-gone.ts)

  const expectOffers = (s.expect?.offers ?? []).map((o, i) => ({
    atMs: ms(o.at, ['expect', 'offers', i, 'at']), framework: o.framework, agent: o.agent ?? null, role: o.role ?? null,
    resources: o.resources === undefined ? null : res(o.resources, ['expect', 'offers', i, 'resources']),
  }));

  const expectInverseOffers = (s.expect?.inverseOffers ?? []).map((o, i) => ({
    atMs: ms(o.at, ['expect', 'inverseOffers', i, 'at']), framework: o.framework, agent: o.agent,
    startMs: o.start === undefined ? null : ms(o.start, ['expect', 'inverseOffers', i, 'start']),
  }));

  diagnostics.push(...assertionVariantDiagnostics(s.expect?.metrics, s.variants, source)); // issue 8: @variant names in expect.metrics (assertion-variants.ts)
  const offerPolicy = m.offerPolicy ? normalizeOfferPolicy(m.offerPolicy, fail) : undefined; // issue 8: plugins (schema-plugins.ts)
  const partitioning = normalizePartitioning(m.partitioning, agents.length + timeline.filter((a) => a.do === 'addAgent').length, frameworkIds, fail); // issue 8
  const usage = s.usage ? normalizeUsage(s.usage, frameworkIds, fail) : undefined; // issue 4
  const oversubscription = s.oversubscription ? normalizeOversubscription(s.oversubscription, fail) : undefined;
  const workload = s.workload ? normalizeWorkload(s.workload, { ms, res, fail, where: (q) => { const l = locate(source, q); return `${source.file}:${l.line}:${l.column}`; }, scenarioFile: source.file, replayFrameworks: new Set(frameworks.filter((f) => f.scheduler.type === 'trace-replay').map((f) => f.id)) }) : undefined; // issue 6
  const untilMs = ms(s.until, ['until']);
  const failures = normalizeFailures(s.failures, ms, fail); // issue 5
  // Domains and machines the failure models and the upgrade name must exist, unless a trace may add agents.
  if (s.failures && !(s.workload?.sources ?? []).some((src) => 'trace' in src)) checkFailureTargets(s.failures, [...agents, ...timelineAgents], fail);
  const allocationIntervalMs = ms(m.allocationInterval, ['master', 'allocationInterval']);
  const offerTimeoutMs = m.offerTimeout === null ? null : ms(m.offerTimeout, ['master', 'offerTimeout']);
  const quota = m.quota ? normalizeQuotaSection(m.quota, fail) : undefined; // issue 3
  const offerModel = normalizeOfferModel(m.offerModel, { ms, fail, frameworks: s.frameworks, workloadMap: s.workload?.map }); // story 14 + monolithic baseline: schema-offer-model.ts
  const registry = normalizeRegistry(m, ms, fail); // registry bounds (schema-registry.ts)
  if (diagnostics.length > 0) return { diagnostics };
  const spec: RunSpec = {
    name: s.name, description: s.description ?? '', seed: s.seed, untilMs,
    master: {
      allocationIntervalMs, offerTimeoutMs,
      minAllocatable: m.minAllocatable, filterGpuResources: m.filterGpuResources,
      fairnessExcludedResources: m.fairnessExcludedResources, roleSorter: m.roleSorter, frameworkSorter: m.frameworkSorter,
      region: m.region, whitelist: m.whitelist, weights: m.weights,
      ...(quota ? { quota } : {}), // issue 3
      ...(m.rateLimits ? { rateLimits: normalizeRateLimits(m.rateLimits, fail) } : {}),
      ...(partitioning ? { partitioning } : {}),
      ...(offerPolicy ? { offerPolicy } : {}), // issue 8: plugins
      ...offerModel, // story 14 + monolithic baseline
      ...registry, // registry bounds
    },
    ...(usage ? { usage } : {}), ...(workload ? { workload } : {}), ...(oversubscription ? { oversubscription } : {}),
    ...failures, agents, frameworks, timeline,
    expect: {
      offers: s.expect?.offers ? expectOffers : null, offersExact: s.expect?.offersExact ?? true,
      ...(s.expect?.inverseOffers ? { inverseOffers: expectInverseOffers } : {}),
    },
  };
  if (spec.master.allocationIntervalMs <= 0) return { diagnostics: [diagnosticAt(source, ['master', 'allocationInterval'], 'CS1004', 'the allocation interval must be positive')] };
  return { spec, diagnostics };
}

function normalizeScheduler(
  s: ScenarioParsed['frameworks'][number]['scheduler'], p: Path,
  ms: (v: string | number, p: Path) => number, res: (v: string | Record<string, unknown>, p: Path) => string,
  fail: (p: Path, message: string) => void = () => undefined,
): SchedulerSpec {
  if (s.type === 'replicated-service') return normalizeServiceScheduler(s, p, res); // issue 5
  if (s.type === 'plugin') return normalizePluginScheduler(s, p, fail); // issue 8: plugin framework models
  if (isModelScheduler(s)) return normalizeModelScheduler(s, p, { ms, res, fail }); // issue 6: framework models
  if (s.type === 'scripted') {
    return {
      type: 'scripted', onOffer: s.onOffer, refuseSeconds: s.refuseSeconds ?? null,
      task: s.task ? { resources: res(s.task.resources, [...p, 'task', 'resources']), durationMs: s.task.duration === undefined ? null : ms(s.task.duration, [...p, 'task', 'duration']) } : null,
      tasksPerOffer: s.tasksPerOffer ?? null, maxTasks: s.maxTasks ?? null,
    };
  }
  const d = s.jobs.duration;
  const duration = typeof d === 'string' || typeof d === 'number'
    ? { kind: 'fixed' as const, ms: ms(d, [...p, 'jobs', 'duration']) }
    : 'exponential' in d
      ? { kind: 'exponential' as const, meanMs: ms(d.exponential, [...p, 'jobs', 'duration', 'exponential']) }
      : { kind: 'lognormal' as const, medianMs: ms(d.lognormal.median, [...p, 'jobs', 'duration', 'lognormal', 'median']), sigma: d.lognormal.sigma };
  const tasks: [number, number] = Array.isArray(s.jobs.tasks) ? [s.jobs.tasks[0], s.jobs.tasks[1]] : [s.jobs.tasks, s.jobs.tasks];
  return {
    type: 'batch', refuseSeconds: s.refuseSeconds, suppressWhenIdle: s.suppressWhenIdle, ...(s.revocable ? { revocable: true } : {}),
    // Only when given, so the normalized scenarios (and run ids) of existing files do not change.
    ...(s.retryDelay !== undefined ? { retryDelayMs: ms(s.retryDelay, [...p, 'retryDelay']) } : {}),
    jobs: {
      count: s.jobs.count, meanInterarrivalMs: ms(s.jobs.interarrival, [...p, 'jobs', 'interarrival']),
      startMs: ms(s.jobs.start, [...p, 'jobs', 'start']), tasks, resources: res(s.jobs.resources, [...p, 'jobs', 'resources']), duration,
    },
  };
}

/** `{ cpus: 2, mem: 4GiB }` → `cpus:2;mem:4096`; a leading "!" marks an error message. */
function objectToResourceText(o: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (name === 'ports') { parts.push(`ports:${String(v)}`); continue; }
    if (name === 'mem' || name === 'disk') {
      const mib = parseMiB(v as string | number);
      if (typeof mib === 'string') return '!' + mib;
      parts.push(`${name}:${toMilli(mib) / 1000}`);
    } else parts.push(`${name}:${String(v)}`);
  }
  return parts.join(';');
}

/**
 * A stateful model reserves for its role and is offered only its framework's roles: a role the
 * framework does not subscribe to is never offered (it declined every offer of the run), and `*`
 * cannot hold dynamic reservations or volumes (§3.5: Mesos refuses RESERVE for `*`).
 */
function statefulRoleProblems(s: { type?: string; role?: string; volumes?: boolean }, roles: readonly string[], p: Path, fail: (p: Path, m: string) => void): void {
  if (s.type !== 'stateful') return;
  const role = s.role ?? roles[0];
  if (s.role !== undefined && !roles.includes(s.role)) fail([...p, 'role'], `role "${s.role}" is not one of the framework's roles (${roles.join(', ')}): it would never be offered anything`);
  else if (role === '*' && s.volumes !== false) fail([...p, 'role'], 'a stateful model with volumes reserves resources for its role, and role * cannot hold dynamic reservations (Mesos refuses them): give the framework a role, or set volumes: false');
}

/** Where a scheduler's task resources (any `resources` text in it) ask for gpus, or null. */
function gpuRequestPath(v: unknown, p: Path): Path | null {
  if (v === null || typeof v !== 'object') return null;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k === 'resources' && typeof x === 'string' && /(^|;)\s*gpus\s*(\(|\{|:)/.test(x)) return [...p, k];
    const below = gpuRequestPath(x, [...p, Array.isArray(v) ? Number(k) : k]);
    if (below !== null) return below;
  }
  return null;
}
