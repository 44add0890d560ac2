/**
 * Contract checks for plugin oversubscription policies (`clustersim check --plugin`), the estimator and
 * QoS-controller counterpart of the sorters' allocator conformance (conformance.ts).
 *
 * A seeded stream of agent snapshots (capacity, running regular and revocable tasks with requests
 * and usage, time moving forward) is fed to the policy, and the rules Mesos' agent-side interfaces
 * rely on are checked (mesos-semantics §4):
 *   estimator  1. the answer is null (no oversubscription) or whole, non-negative milli-amounts;
 *              2. same inputs, same answers (a fresh instance replays the stream identically);
 *              3. the inputs are left untouched (they are the agent's live state).
 *   QoS        1. corrections only name running revocable tasks — "my tasks will not be killed unless
 *                 I'm using revocable resources" (the runtime ignores any other id, so such a rule
 *                 silently does nothing);
 *              2. no task is named twice in one correction;
 *              3. same inputs, same corrections; 4. inputs left untouched.
 * Each policy is built with the options a checked scenario gives it (`oversubscription.estimator` /
 * `qos` of that type), else with `{}`.
 */
import { parseResources } from '../cluster/resource-text.ts';
import type { Resources } from '../cluster/resources.ts';
import { createRng, type Rng } from '../kernel/rng.ts';
import { estimatorFactory } from '../master/oversubscription/estimators/registry.ts';
import { qosFactory } from '../master/oversubscription/qos/registry.ts';
import type { EstimatorInput, QosInput } from '../master/oversubscription/types.ts';
import type { AgentUsage, Quantities, TaskUsage } from '../master/usage/usage-monitor.ts';
import type { FileCheck } from './check.ts';
import { loadScenarioSet } from './scenario-set.ts';
import { errorMessage } from '../core/error-message.ts';
import { handingOriginals } from './frozen-copy.ts';

export type ContractKind = 'estimator' | 'qos-controller' | 'sorter' | 'framework-model' | 'offer-policy' | 'allocator-invariants';

export interface ContractRule {
  readonly rule: string;
  readonly pass: boolean;
  /** first violation, when failing */
  readonly problem: string | null;
}

export interface ContractReport {
  readonly kind: ContractKind;
  readonly name: string;
  readonly rules: readonly ContractRule[];
}

/** Snapshots fed to a policy: a few agents, each polled over time. */
const AGENTS = 4;
const POLLS = 60;

export function runEstimatorContract(name: string, config: Readonly<Record<string, unknown>> = {}): ContractReport {
  const factory = estimatorFactory(name);
  if (!factory) return broken('estimator', name, `no estimator named "${name}" is registered`);
  const replay = (): { answers: string[]; mutated: string | null; bad: string | null } => {
    // One estimator per agent, polled in time order, as the runtime does.
    const estimators = new Map<string, ReturnType<typeof factory>>();
    const answers: string[] = [];
    let mutated: string | null = null, bad: string | null = null;
    for (const input of snapshots('estimator')) {
      let estimator = estimators.get(input.agentId);
      if (!estimator) estimators.set(input.agentId, (estimator = factory(config)));
      const before = fingerprint(input);
      estimator.sample?.(input);
      let q: Quantities | null;
      try {
        q = estimator.revocableCapacity(input);
      } catch (e) { // a plugin's answer of the wrong shape is rejected by its wrapper (plugins.ts)
        bad ??= `at ${describe(input)}: ${errorMessage(e).split('\n')[0]}`;
        answers.push('error');
        continue;
      }
      if (mutated === null && fingerprint(input) !== before) mutated = `at ${describe(input)}: the input changed during the call`;
      if (bad === null && q !== null) {
        for (const [n, v] of q) if (!Number.isInteger(v) || v < 0) { bad = `at ${describe(input)}: ${n} = ${v} (expected whole milli-units >= 0)`; break; }
      }
      answers.push(q === null ? 'null' : [...q].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, v]) => `${n}:${v}`).join(';'));
    }
    return { answers, mutated, bad };
  };
  return guarded('estimator', name, () => {
    const first = replay(), second = replay();
    return [
      rule('null or whole non-negative milli-amounts', first.bad),
      rule('deterministic (a fresh instance gives the same answers)', firstDifference(first.answers, second.answers)),
      rule('leaves its inputs untouched', first.mutated),
    ];
  });
}

export function runQosContract(name: string, config: Readonly<Record<string, unknown>> = {}): ContractReport {
  const factory = qosFactory(name);
  if (!factory) return broken('qos-controller', name, `no QoS controller named "${name}" is registered`);
  const replay = (): { answers: string[]; mutated: string | null; foreign: string | null; twice: string | null } => {
    // One controller per agent, polled in time order, as the runtime does.
    const controllers = new Map<string, ReturnType<typeof factory>>();
    const answers: string[] = [];
    let mutated: string | null = null, foreign: string | null = null, twice: string | null = null;
    for (const input of snapshots('qos') as QosInput[]) {
      let c = controllers.get(input.agentId);
      if (!c) controllers.set(input.agentId, (c = factory(config)));
      const before = fingerprint(input);
      c.sample?.(input);
      const correction = c.corrections(input);
      if (mutated === null && fingerprint(input) !== before) mutated = `at ${describe(input)}: the input changed during the call`;
      const kill = correction?.kill ?? [];
      const revocable = new Set(input.revocableTasks.map((t) => t.taskId));
      const other = kill.find((id) => !revocable.has(id));
      if (foreign === null && other !== undefined) {
        foreign = `at ${describe(input)}: kills ${other}, ${input.usage.tasks.has(other) ? 'a regular (non-revocable) task' : 'no running task'}`;
      }
      if (twice === null && new Set(kill).size !== kill.length) twice = `at ${describe(input)}: ${kill.join(', ')}`;
      answers.push(kill.join(','));
    }
    return { answers, mutated, foreign, twice };
  };
  return guarded('qos-controller', name, () => {
    const first = replay(), second = replay();
    return [
      rule('kills only running revocable tasks (§4)', first.foreign),
      rule('names each task at most once per correction', first.twice),
      rule('deterministic (fresh instances give the same corrections)', firstDifference(first.answers, second.answers)),
      rule('leaves its inputs untouched', first.mutated),
    ];
  });
}

/** Options the checked scenarios give plugin estimators, QoS controllers and offer policies, by name (the first one found). */
export async function pluginPolicyOptions(files: readonly string[]): Promise<{
  estimators: Map<string, Record<string, unknown>>; qos: Map<string, Record<string, unknown>>; offerPolicies: Map<string, Record<string, unknown>>;
}> {
  const estimators = new Map<string, Record<string, unknown>>(), qos = new Map<string, Record<string, unknown>>();
  const offerPolicies = new Map<string, Record<string, unknown>>();
  for (const file of files) {
    for (const { spec } of (await loadScenarioSet(file)).runs) {
      const o = spec.oversubscription;
      if (o?.estimator.type === 'plugin' && !estimators.has(o.estimator.name)) estimators.set(o.estimator.name, { ...o.estimator.options });
      if (o?.qos.type === 'plugin' && !qos.has(o.qos.name)) qos.set(o.qos.name, { ...o.qos.options });
      const p = spec.master.offerPolicy;
      if (p && !offerPolicies.has(p.type)) offerPolicies.set(p.type, { ...p.options });
    }
  }
  return { estimators, qos, offerPolicies };
}

export function formatContract(r: ContractReport, plugin: string): string[] {
  const failed = r.rules.filter((x) => !x.pass).length;
  const setting = r.kind === 'sorter' ? ''
    : r.kind === 'framework-model' ? ', 4 agents for 20 simulated minutes, twice'
      : r.kind === 'offer-policy' ? ', 6 agents x 4 frameworks x 3 roles, asked in two orders'
        : r.kind === 'allocator-invariants' ? ' as role and framework sorter, 200 seeded sequences of up to 40 operations'
        : `, ${AGENTS} agents x ${POLLS} polls`;
  const lines = [`contract of ${r.kind} "${r.name}" (${plugin})${setting}:`];
  for (const x of r.rules) lines.push(`  ${x.pass ? 'PASS' : 'FAIL'} ${x.rule}${x.problem ? `\n       ${x.problem}` : ''}`);
  lines.push(failed === 0 ? `  "${r.name}" keeps every rule.` : `  "${r.name}" breaks ${failed} of ${r.rules.length} rules.`);
  return lines;
}

export function contractToFileCheck(r: ContractReport): FileCheck {
  return {
    file: `contract[${r.kind}:${r.name}]`,
    diagnostics: [],
    cases: r.rules.map((x) => ({
      run: `${r.kind}=${r.name}`, name: x.rule, status: x.pass ? 'pass' : 'fail',
      message: x.pass ? 'kept' : (x.problem ?? 'broken'), details: [],
    })),
  };
}

// ---- inputs ---------------------------------------------------------------------------------

/**
 * The seeded snapshot stream: per agent, tasks start and end between polls, usage wanders below
 * and (sometimes) above the request, so estimators see slack and QoS controllers see contention.
 */
function snapshots(stream: string): (EstimatorInput & QosInput)[] {
  const rng = createRng(`policy-contract/${stream}`);
  const out: (EstimatorInput & QosInput)[] = [];
  const shapes: Resources[] = ['cpus:1;mem:1024', 'cpus:2;mem:4096', 'cpus:0.5;mem:512'].map((t) => parseResources(t) as Resources);
  const state = Array.from({ length: AGENTS }, (_, a) => ({ agentId: `agent-${a}`, tasks: [] as TaskUsage[], next: 0 }));
  for (let poll = 0; poll < POLLS; poll++) {
    const nowMs = (poll + 1) * 15_000; // the default --oversubscribed_resources_interval
    for (const s of state) {
      s.tasks = s.tasks.filter(() => rng.next() > 0.15);
      while (s.tasks.length < 10 && rng.next() < 0.5) s.tasks.push(task(s.agentId, s.next++, nowMs, shapes[rng.int(0, shapes.length - 1)], rng));
      for (const t of s.tasks) t.used = usageOf(t.resources, rng.next() < 0.1 ? 1.3 : rng.next());
      out.push(snapshot(s.agentId, nowMs, s.tasks));
    }
  }
  return out;
}

function task(agentId: string, n: number, nowMs: number, resources: Resources, rng: Rng): TaskUsage {
  const revocable = rng.next() < 0.5;
  return {
    taskId: `${agentId}-task-${n}`, agentId, frameworkId: revocable ? 'best-effort' : 'prod', role: revocable ? 'best-effort' : 'prod',
    resources, revocable, reserved: new Map(), launchedAtMs: nowMs, durationMs: null, profile: null, used: new Map(), rng: null,
  };
}

function usageOf(resources: Resources, fraction: number): Quantities {
  const q = new Map<string, number>();
  for (const r of resources) if (r.ranges === null) q.set(r.name, Math.round(r.amount * fraction));
  return q;
}

function snapshot(agentId: string, nowMs: number, tasks: readonly TaskUsage[]): EstimatorInput & QosInput {
  const sum = (pick: (t: TaskUsage) => Quantities, revocable: boolean) => {
    const q = new Map<string, number>();
    for (const t of tasks) if (t.revocable === revocable) for (const [n, v] of pick(t)) q.set(n, (q.get(n) ?? 0) + v);
    return q;
  };
  const requested = (t: TaskUsage) => usageOf(t.resources, 1);
  const usage: AgentUsage = {
    agentId,
    allocatedNonRevocable: sum(requested, false), allocatedRevocable: sum(requested, true), allocatedReserved: new Map(),
    revocableResourcesAllocated: sum((t) => usageOf(t.resources.filter((r) => r.revocable), 1), true),
    usedNonRevocable: sum((t) => t.used, false), usedRevocable: sum((t) => t.used, true),
    tasks: new Map(tasks.map((t) => [t.taskId, { ...t, used: new Map(t.used) }])),
  };
  // Newest first (launch time, then task id, descending), as QosInput promises.
  const revocableTasks = [...usage.tasks.values()].filter((t) => t.revocable)
    .sort((a, b) => b.launchedAtMs - a.launchedAtMs || (a.taskId < b.taskId ? 1 : -1));
  return { nowMs, agentId, capacity: new Map([['cpus', 16_000], ['mem', 65_536_000]]), usage, revocableTasks };
}

// ---- helpers --------------------------------------------------------------------------------

function fingerprint(input: EstimatorInput | QosInput): string {
  const q = (m: Quantities) => [...m].map(([n, v]) => `${n}:${v}`).join(',');
  const u = input.usage;
  const tasks = [...u.tasks.values()].map((t) => `${t.taskId}/${q(t.used)}`).join(' ');
  const revocable = 'revocableTasks' in input ? (input as QosInput).revocableTasks.map((t) => t.taskId).join(',') : '';
  return [input.nowMs, input.agentId, q(input.capacity), q(u.allocatedNonRevocable), q(u.allocatedRevocable), q(u.usedNonRevocable), q(u.usedRevocable), tasks, revocable].join('|');
}

const describe = (input: EstimatorInput) => `t=${input.nowMs}ms on ${input.agentId}`;

function firstDifference(a: readonly string[], b: readonly string[]): string | null {
  const i = a.findIndex((x, k) => x !== b[k]);
  return i < 0 ? null : `poll ${i + 1}: first run "${a[i]}", second run "${b[i]}"`;
}

export const rule = (name: string, problem: string | null): ContractRule => ({ rule: name, pass: problem === null, problem });

export function broken(kind: ContractKind, name: string, problem: string): ContractReport {
  return { kind, name, rules: [{ rule: 'can be built and called', pass: false, problem }] };
}

/** A policy that throws (bad options, a bug) fails the contract with its message rather than crashing `check`. */
export function guarded(kind: ContractKind, name: string, run: () => ContractRule[]): ContractReport {
  try {
    return { kind, name, rules: handingOriginals(run) }; // the inputs as they are, watched for writes (frozen-copy.ts)
  } catch (e) {
    return broken(kind, name, `threw: ${errorMessage(e).split('\n')[0]}`);
  }
}
