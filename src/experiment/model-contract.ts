/**
 * Contract checks for plugin framework models (`clustersim check --plugin`), the scheduler-side
 * counterpart of the sorter and policy contracts (sorter-contract.ts, policy-contracts.ts).
 *
 * The model runs as one framework of a small cluster (contractScenario: 4 agents on 2 racks, a
 * competing batch framework, a 20 s offer timeout that rescinds offers it sits on, an agent removed
 * at 10 min so its tasks are lost), twice, with a watcher between it and the master that sees every
 * call either way. The rules are what the master expects of a scheduler (mesos-semantics §2, §6):
 *   1. it runs without throwing;
 *   2. it answers only offers it holds: each accept or decline names an offer it was given, once,
 *      and not after it was told of the offer's rescission (the master would answer TASK_LOST,
 *      "invalid offers");
 *   3. an accept's launches fit in the offer (the master would answer TASK_ERROR);
 *   4. it kills only its own tasks that are still running;
 *   5. it leaves the offers it is given untouched (they are the master's);
 *   6. same seed, same event log (all randomness from its context's seeded stream).
 * The model is built with the options a checked scenario gives it (its `scheduler.options`), else `{}`.
 */
import { contains, add, EMPTY, type Resources } from '../cluster/resources.ts';
import { formatResources } from '../cluster/resource-text.ts';
import { applyConversion, conversionOf, type Operation } from '../cluster/operations.ts';
import type { InverseOfferView, OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch, TaskState, TaskUpdate } from '../master/scheduler.ts';
import { loadScenarioText } from '../scenario/load.ts';
import type { ContractReport, ContractRule } from './policy-contracts.ts';
import { runScenario } from './run.ts';
import { loadScenarioSet } from './scenario-set.ts';
import { errorMessage } from '../core/error-message.ts';
import { handingOriginals } from './frozen-copy.ts';

const RULES = {
  runs: 'runs without throwing',
  holds: 'answers only offers it holds (each once, none after its rescission)',
  fits: 'launches fit in their offer',
  kills: 'kills only its own running tasks',
  untouched: 'leaves the offers it is given untouched',
  deterministic: 'same seed, same event log',
} as const;
type Rule = keyof typeof RULES;

const MODEL_FRAMEWORK = 'model';

/** The contract cluster, with the model as framework `model` (role `model`). */
export function contractScenario(model: string, options: Readonly<Record<string, unknown>>): string {
  return `
name: model-contract
seed: 8
until: 20m
master: { allocationInterval: 1s, offerTimeout: 20s }
agents:
  - { id: agent, count: 4, perRack: 2, resources: "cpus:8;mem:16GiB;disk:100GiB;ports:[31000-32000]" }
frameworks:
  - id: ${MODEL_FRAMEWORK}
    role: ${MODEL_FRAMEWORK}
    scheduler: { type: plugin, model: ${JSON.stringify(model)}, options: ${JSON.stringify(options)} }
  - id: rival
    role: rival
    scheduler: { type: batch, refuseSeconds: 2, jobs: { count: 40, interarrival: 30s, tasks: [1, 3], resources: "cpus:1;mem:1GiB", duration: { exponential: 2m } } }
timeline:
  - { at: 10m, do: removeAgent, agent: agent-00004 }
`;
}

export function runModelContract(name: string, options: Readonly<Record<string, unknown>> = {}): ContractReport {
  const { spec, diagnostics } = loadScenarioText(`model-contract[${name}].yaml`, contractScenario(name, options));
  if (!spec) {
    return { kind: 'framework-model', name, rules: [{ rule: RULES.runs, pass: false, problem: diagnostics.map((d) => d.message).join('; ') }] };
  }
  const problems = new Map<Rule, string>();
  const digests: string[] = [];
  for (let i = 0; i < 2; i++) {
    try {
      // The offers as they are, watched for writes (frozen-copy.ts: a run hands plugins frozen copies).
      const r = handingOriginals(() => runScenario(spec, {
        wrapScheduler: (id, s) => (id === MODEL_FRAMEWORK ? new WatchedScheduler(s, (rule, problem) => { if (!problems.has(rule)) problems.set(rule, problem); }) : s),
      }));
      digests.push(r.digest!); // computed: the run leaves RunOptions.digest at its default
    } catch (e) {
      if (!problems.has('runs')) problems.set('runs', `threw: ${errorMessage(e).split('\n')[0]}`);
      break;
    }
  }
  if (digests.length === 2 && digests[0] !== digests[1]) problems.set('deterministic', `two runs, two event logs (${digests[0].slice(0, 12)}… vs ${digests[1].slice(0, 12)}…)`);
  if (digests.length < 2 && !problems.has('deterministic')) problems.set('deterministic', 'not checked: the run threw');
  const rules: ContractRule[] = (Object.keys(RULES) as Rule[]).map((k) => ({ rule: RULES[k], pass: !problems.has(k), problem: problems.get(k) ?? null }));
  return { kind: 'framework-model', name, rules };
}

/** `scheduler.options` of the first framework using each plugin model in the checked scenarios. */
export async function pluginModelOptions(files: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const file of files) {
    for (const { spec } of (await loadScenarioSet(file)).runs) {
      for (const f of spec.frameworks) {
        const s = f.scheduler as { type: string; model?: string; options?: Record<string, unknown> };
        if (s.type === 'plugin' && s.model !== undefined && !out.has(s.model)) out.set(s.model, { ...s.options });
      }
    }
  }
  return out;
}

/** Watches a model: offers it holds, what it answers, what it kills; reports the first breach of each rule. */
class WatchedScheduler implements Scheduler {
  private readonly inner: Scheduler;
  private readonly breach: (rule: Rule, problem: string) => void;
  /** Offers given and not yet answered or rescinded → their resources. */
  private readonly held = new Map<string, Resources>();
  private readonly rescinded = new Set<string>();
  private readonly drivers = new WeakMap<SchedulerDriver, SchedulerDriver>();

  constructor(inner: Scheduler, breach: (rule: Rule, problem: string) => void) {
    this.inner = inner;
    this.breach = breach;
  }

  start(driver: SchedulerDriver): void {
    this.inner.start?.(this.watch(driver));
  }

  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): OfferReply | void {
    for (const o of offers) this.held.set(o.id, o.resources);
    const before = offers.map(fingerprint).join('\n');
    const reply = this.inner.onOffers(offers, this.watch(driver));
    const after = offers.map(fingerprint).join('\n');
    if (after !== before) this.breach('untouched', `an offer changed while the model held it (at ${driver.now} ms)`);
    if (reply) {
      for (const a of reply.accept ?? []) this.answer(a.offerId, driver.now, a.launch, a.operations);
      for (const d of reply.decline ?? []) this.answer(d.offerId, driver.now);
    }
    return reply;
  }

  onRescind(offerId: string, driver: SchedulerDriver): void {
    this.held.delete(offerId);
    this.rescinded.add(offerId);
    this.inner.onRescind?.(offerId, this.watch(driver));
  }

  onTaskUpdate(u: TaskUpdate, driver: SchedulerDriver): void {
    this.inner.onTaskUpdate?.(u, this.watch(driver));
  }

  onTimer(token: unknown, driver: SchedulerDriver): void {
    this.inner.onTimer?.(token, this.watch(driver));
  }

  onInverseOffers(offers: readonly InverseOfferView[], driver: SchedulerDriver): void {
    this.inner.onInverseOffers?.(offers, this.watch(driver));
  }

  onInverseOfferRescinded(id: string, driver: SchedulerDriver): void {
    this.inner.onInverseOfferRescinded?.(id, this.watch(driver));
  }

  onAgentLost(agentId: string, driver: SchedulerDriver): void {
    this.inner.onAgentLost?.(agentId, this.watch(driver));
  }

  pendingWork(): number {
    return this.inner.pendingWork?.() ?? 0;
  }

  private answer(offerId: string, now: number, launch?: readonly TaskLaunch[], operations: readonly Operation[] = []): void {
    const offered = this.held.get(offerId);
    if (offered === undefined) {
      const why = this.rescinded.has(offerId) ? 'after it was rescinded' : 'which it does not hold (never given, or answered already)';
      this.breach('holds', `answered offer ${offerId} ${why} (at ${now} ms)`);
      return;
    }
    this.held.delete(offerId);
    if (!launch) return;
    // RESERVE / CREATE / … apply first (§3.5); one the master would reject is not this rule's business.
    let converted = offered;
    for (const op of operations) {
      const c = conversionOf(op);
      const next = typeof c === 'string' ? null : applyConversion(converted, c);
      if (next === null) return;
      converted = next;
    }
    const inOffer = converted;
    let asked: Resources = EMPTY;
    for (const l of launch) asked = add(asked, l.resources);
    if (!contains(inOffer, asked)) this.breach('fits', `offer ${offerId} has ${formatResources(inOffer)}; its launches ask for ${formatResources(asked)} (at ${now} ms)`);
  }

  /** The driver the model sees: the same calls, watched. */
  private watch(driver: SchedulerDriver): SchedulerDriver {
    const known = this.drivers.get(driver);
    if (known) return known;
    const self = this;
    const watched: SchedulerDriver = {
      get now() { return driver.now; },
      frameworkId: driver.frameworkId,
      rng: driver.rng,
      suppress: (roles) => driver.suppress(roles),
      revive: (roles) => driver.revive(roles),
      killTask: (taskId) => {
        if (!driver.runningTasks().some((t) => t.taskId === taskId)) self.breach('kills', `killed ${taskId}, not one of its running tasks (at ${driver.now} ms)`);
        driver.killTask(taskId);
      },
      decline: (offerId, refuse) => { self.answer(offerId, driver.now); driver.decline(offerId, refuse); },
      accept: (offerId, launch, refuse) => { self.answer(offerId, driver.now, launch); driver.accept(offerId, launch, refuse); },
      heldOffers: () => driver.heldOffers(),
      setTimer: (delayMs, token) => driver.setTimer(delayMs, token),
      ...(driver.sendStatusUpdate ? { sendStatusUpdate: (taskId: string, state: TaskState, reason?: string) => driver.sendStatusUpdate!(taskId, state, reason) } : {}),
      acceptInverseOffers: (ids, refuse) => driver.acceptInverseOffers(ids, refuse),
      declineInverseOffers: (ids, refuse) => driver.declineInverseOffers(ids, refuse),
      runningTasks: (agentId) => driver.runningTasks(agentId),
    };
    this.drivers.set(driver, watched);
    return watched;
  }
}

function fingerprint(o: OfferView): string {
  return JSON.stringify(o);
}
