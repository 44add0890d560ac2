/**
 * Scenario piece for the offer models: product story 14, pessimistic vs optimistic offers
 * (src/master/optimistic/), and the monolithic scheduler baseline (src/master/monolithic/):
 *
 *   master:
 *     offerModel: optimistic                                   # or pessimistic (the Mesos model), monolithic
 *     offerModel: { type: optimistic, transactions: all-or-nothing }
 *     offerModel: { type: monolithic, decision: { perJob: 100ms, perTask: 5ms, frameworks: { services: { perTask: 500ms } } } }
 *
 * Absent = pessimistic, and the RunSpec (so the run id) is exactly what it was before this option
 * existed. Written explicitly, summary.json gets an `offerModel` section (docs/outputs.md).
 * Referenced from schema.ts / normalize.ts / run-spec.ts by one line each.
 */
import { z } from 'zod';
import { isPluginModel, pluginModelTakesCentralScheduler } from '../frameworks/plugin-model.ts';
import { DurationText } from './schema-frameworks.ts';

const Mode = z.enum(['pessimistic', 'optimistic', 'monolithic']);

/** Omega's baseline decision time (§4): t_job = 0.1 s, t_task = 5 ms. */
const DEFAULT_PER_JOB = '100ms';
const DEFAULT_PER_TASK = '5ms';

const Decision = z.strictObject({
  perJob: DurationText.default(DEFAULT_PER_JOB).describe("t_job: the central scheduler's time per job decided (each attempt)"),
  perTask: DurationText.default(DEFAULT_PER_TASK).describe('t_task: its time per task still to place in that job'),
  frameworks: z.record(z.string(), z.strictObject({ perJob: DurationText.optional(), perTask: DurationText.optional() })).default({})
    .describe("per framework id: its jobs' decision time (Omega's multi-path scheduler); missing fields take the values above"),
});

export const OfferModelSection = z.union([
  Mode,
  z.strictObject({
    type: z.enum(['pessimistic', 'optimistic']),
    transactions: z.enum(['incremental', 'all-or-nothing']).default('incremental')
      .describe('optimistic only: a conflicting accept drops only its conflicting launches (incremental) or all of them (all-or-nothing, gang)'),
  }),
  z.strictObject({
    type: z.literal('monolithic'),
    decision: Decision.prefault({}),
  }),
]).describe('pessimistic: Mesos offers, each resource offered to one framework at a time (default); optimistic: Omega-style shared state, every framework sees all free resources and conflicts are resolved at commit; monolithic: no offers, one central scheduler places every framework\'s work, one job at a time');

export interface DecisionTimeSpec {
  readonly perJobMs: number;
  readonly perTaskMs: number;
}

export type OfferModelSpec =
  | { readonly type: 'pessimistic' | 'optimistic'; readonly transactions: 'incremental' | 'all-or-nothing' }
  | { readonly type: 'monolithic'; readonly decision: DecisionTimeSpec & { readonly frameworks: Readonly<Record<string, DecisionTimeSpec>> } };

/** The framework models that can hand their work to the central scheduler (src/master/monolithic/pending-work.ts). */
export const MONOLITHIC_MODELS = ['analytics', 'batch', 'cron', 'hoarder', 'replicated-service', 'scripted', 'service', 'stateful', 'trace-replay'] as const;

type Path = (string | number)[];

export interface OfferModelHelpers {
  readonly ms: (v: string | number, path: Path) => number;
  readonly fail: (path: Path, message: string) => void;
  readonly frameworks: readonly { readonly id: string; readonly scheduler: { readonly type: string; readonly onOffer?: string; readonly maxTasks?: number | null; readonly revocable?: boolean; readonly model?: string; readonly volumes?: boolean } }[];
  /** The workload's mapping rules (`workload.map`), when there is a workload. */
  readonly workloadMap?: readonly { readonly revocable?: boolean }[];
}

export function normalizeOfferModel(m: z.output<typeof OfferModelSection> | undefined, h?: OfferModelHelpers): { offerModel?: OfferModelSpec } {
  if (m === undefined) return {};
  if (m === 'monolithic' || (typeof m !== 'string' && m.type === 'monolithic')) return { offerModel: normalizeMonolithic(typeof m === 'string' ? Decision.parse({}) : m.decision, h) };
  const type = typeof m === 'string' ? m : m.type;
  // Offer operations are refused under optimistic offers (docs/offer-models.md): the stateful model's
  // RESERVE + CREATE always failed, and it waited for ever on volumes it counted as created.
  if (type === 'optimistic') {
    h?.frameworks.forEach((f, i) => {
      if (f.scheduler.type === 'stateful' && f.scheduler.volumes !== false) h.fail(['frameworks', i, 'scheduler', 'type'], `offerModel optimistic: the stateful framework "${f.id}" keeps its data on persistent volumes, made by offer operations (RESERVE, CREATE), which optimistic offers refuse; set volumes: false, or use pessimistic offers`);
    });
  }
  return { offerModel: typeof m === 'string' ? { type: m, transactions: 'incremental' } : { type: m.type, transactions: m.transactions } };
}

function normalizeMonolithic(d: z.output<typeof Decision>, h: OfferModelHelpers | undefined): OfferModelSpec {
  const p: Path = ['master', 'offerModel', 'decision'];
  const ms = (v: string | number, path: Path) => (h ? h.ms(v, path) : 0);
  const perJobMs = ms(d.perJob, [...p, 'perJob']);
  const perTaskMs = ms(d.perTask, [...p, 'perTask']);
  const frameworks: Record<string, DecisionTimeSpec> = {};
  const ids = new Set(h?.frameworks.map((f) => f.id) ?? []);
  for (const [id, t] of Object.entries(d.frameworks).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (h && !ids.has(id)) h.fail([...p, 'frameworks', id], `unknown framework "${id}" (known: ${[...ids].sort().join(', ')})`);
    frameworks[id] = {
      perJobMs: t.perJob === undefined ? perJobMs : ms(t.perJob, [...p, 'frameworks', id, 'perJob']),
      perTaskMs: t.perTask === undefined ? perTaskMs : ms(t.perTask, [...p, 'frameworks', id, 'perTask']),
    };
  }
  h?.frameworks.forEach((f, i) => {
    const type = f.scheduler.type;
    if (type === 'plugin') {
      // A plugin model opts in (api.registerFramework(name, factory, { centralScheduler: true })); an
      // unknown model is diagnosed by the plugin schema already.
      const model = f.scheduler.model ?? '';
      if (isPluginModel(model) && !pluginModelTakesCentralScheduler(model)) {
        h.fail(['frameworks', i, 'scheduler', 'model'], `offerModel monolithic: plugin model "${model}" (framework "${f.id}") does not hand its work to a central scheduler: its plugin must register it with api.registerFramework(name, factory, { centralScheduler: true }) and its Scheduler implement useCentralScheduler(central) (docs/offer-models.md)`);
      }
    } else if (!(MONOLITHIC_MODELS as readonly string[]).includes(type)) {
      h.fail(['frameworks', i, 'scheduler', 'type'], `offerModel monolithic: framework "${f.id}" (${type}) cannot hand its work to the central scheduler; supported models: ${MONOLITHIC_MODELS.join(', ')}`);
    } else if (type === 'scripted' && f.scheduler.onOffer === 'launch' && (f.scheduler.maxTasks ?? null) === null) {
      h.fail(['frameworks', i, 'scheduler'], `offerModel monolithic: the scripted framework "${f.id}" needs maxTasks (the tasks it hands to the central scheduler)`);
    } else if (type === 'batch' && f.scheduler.revocable === true) {
      h.fail(['frameworks', i, 'scheduler', 'revocable'], `offerModel monolithic: the central scheduler places no revocable work (framework "${f.id}")`);
    }
  });
  // The same for replayed work mapped to revocable resources (it launched as regular work, silently).
  h?.workloadMap?.forEach((rule, j) => {
    if (rule.revocable === true) h.fail(['workload', 'map', j, 'revocable'], 'offerModel monolithic: the central scheduler places no revocable work (this rule maps replayed tasks to revocable resources)');
  });
  return { type: 'monolithic', decision: { perJobMs, perTaskMs, frameworks } };
}
