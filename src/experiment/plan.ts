/**
 * `clustersim plan`: the smallest cluster that meets a set of SLOs, for each partitioning variant of
 * a scenario (e.g. static thirds vs one shared cluster), by a bracketing search over runs.
 *
 *   1. Start at the scenario's own size n0 (the value at the varied path, e.g. agents.0.count).
 *   2. Bracket: if n0 meets the SLOs, halve until a size fails; otherwise double until one meets
 *      them (up to `max`).
 *   3. Bisect the bracket (fail, pass] to the smallest passing size.
 * A size "meets the SLOs" when every assertion holds on every seed (conservative: a planner buys
 * for the bad day). The search assumes more machines never make an SLO worse; every evaluated size
 * is reported so a non-monotone case is visible.
 */
import type { Assertion } from '../scenario/metric-assertion.ts';
import { applyOverrides, type Override } from '../scenario/overrides.ts';
import { parseSource } from '../scenario/source-map.ts';
import { evaluateAssertion } from './assertions.ts';
import { lookupMetric } from './metric-path.ts';
import { scenarioNames } from './unknown-metric.ts';
import { runScenario } from './run.ts';
import { loadScenarioSet } from './scenario-set.ts';
import { MAX_COUNT } from '../core/limits.ts';
import { declaredAgentIds } from './partitioning.ts';

export interface PlanOptions {
  readonly slos: readonly Assertion[];
  /** path of the varied integer, e.g. ['agents', '0', 'count'] */
  readonly vary: readonly string[];
  readonly seeds: readonly number[];
  readonly overrides?: readonly Override[];
  readonly min?: number;
  readonly max?: number;
  /** variants to size; default: all (or the scenario itself when it has none) */
  readonly variants?: readonly string[];
  readonly onEvaluate?: (variant: string, size: number, ok: boolean, reason?: string) => void;
}

export interface SizeEvaluation {
  readonly size: number;
  readonly ok: boolean;
  /** why the scenario cannot run at this size (it does not meet the SLOs then); absent when it ran */
  readonly invalid?: string;
  /** per SLO: worst value over the seeds, and how many seeds failed */
  readonly slos: readonly { readonly text: string; readonly failedSeeds: number; readonly detail: string; readonly notForTeam?: true }[];
  /** mean over seeds of cluster.meanAllocated */
  readonly utilization: { readonly cpus: number; readonly mem: number };
}

export interface VariantPlan {
  readonly variant: string;
  /** smallest size meeting the SLOs, or null if none up to max */
  readonly size: number | null;
  readonly at: SizeEvaluation | null;
  readonly evaluated: readonly SizeEvaluation[];
  /** for a static variant sized team by team: each team's own search */
  readonly teams?: readonly VariantPlan[];
}

export interface PlanResult {
  readonly file: string;
  readonly start: number;
  readonly plans: readonly VariantPlan[];
  /** why a static variant got no per-team row */
  readonly notes: readonly string[];
}

export class PlanInputError extends Error {}

export async function planCluster(file: string, opts: PlanOptions): Promise<PlanResult> {
  const base = await loadScenarioSet(file, { overrides: opts.overrides, variants: opts.variants });
  const errors = base.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new PlanInputError(errors.map((d) => `${d.file ?? file}:${d.line ?? 1}:${d.column ?? 1}: ${d.message}`).join('\n'));
  if (opts.min !== undefined && opts.max !== undefined && opts.min > opts.max) throw new PlanInputError(`--min ${opts.min} is above --max ${opts.max}`);
  const declared = startValue(base.text, file, opts.vary, opts.overrides ?? []);
  const min = opts.min ?? 1;
  // Only sizes within [min, max] are evaluated: the search starts at the scenario's size clamped into it.
  const clamp = (n: number, hi: number) => Math.min(Math.max(n, min), hi);
  // The default bound stops at MAX_COUNT: every larger size would only be rejected by the schema.
  const max = opts.max ?? Math.min(Math.max(clamp(declared, Infinity) * 16, 64), Math.max(MAX_COUNT, min));
  const start = clamp(declared, max);
  const plans: VariantPlan[] = [];
  const notes: string[] = [];
  for (const { variant, spec } of base.runs) {
    plans.push(await searchSize(variant, start, min, max, (n, probe) => evaluateSize(file, variant, n, opts, [], probe), opts));
    // Static partitions share nothing, so a static cluster is the union of one cluster per team:
    // size each team alone (its framework only, on machines of its own) and add them up. A quantile
    // or mean SLO met by every team is met by their union, so the sum meets the SLOs too.
    if (spec.master.partitioning) {
      const raw = rawFrameworks(base.text, file);
      const why = perTeamRefusal(base.text, file, opts.vary);
      if (why !== null) { notes.push(`${variant}, right-sized per team: not sized: ${why}`); continue; }
      const teams: VariantPlan[] = [];
      for (const team of staticTeams(spec.master.partitioning.static, raw, declaredAgentIds(spec).length)) {
        const only = raw.filter((f) => team.frameworks.includes((f as { id?: unknown }).id as string));
        // The team's scenario: its frameworks alone, one variant; the file's `expect` is dropped (its
        // assertions may name the other variants, and plan checks only the --slo ones).
        const extra: Override[] = [
          { path: ['frameworks'], value: only }, { path: ['master', 'partitioning'], value: 'shared' },
          { path: ['variants'], value: { [variant]: {} } }, { path: ['expect'], value: {} },
        ];
        const label = `${variant}/${team.frameworks.join('+')}`;
        // Invalid at the scenario's own size: no size can work, so say so now rather than search.
        const own = await loadScenarioSet(file, { overrides: [...(opts.overrides ?? []), ...extra], variants: [variant] });
        const ownErrors = own.diagnostics.filter((d) => d.severity === 'error');
        if (own.runs.length === 0 || ownErrors.length > 0) {
          throw new PlanInputError(`${label}: the team's own scenario is invalid: ${ownErrors.map((d) => d.message).join('; ') || 'no run'}`);
        }
        teams.push(await searchSize(label, clamp(Math.max(1, team.agents), max), min, max, (n, probe) => evaluateSize(file, variant, n, opts, extra, probe), opts));
      }
      const ok = teams.every((t) => t.size !== null);
      plans.push({
        variant: `${variant}, right-sized per team`, size: ok ? teams.reduce((a, t) => a + t.size!, 0) : null,
        at: null, evaluated: [], teams,
      });
    }
  }
  return { file, start, plans, notes };
}

async function searchSize(
  variant: string, start: number, min: number, max: number, run: (n: number, probe: MetricProbe) => Promise<SizeEvaluation>, opts: PlanOptions,
): Promise<VariantPlan> {
  const cache = new Map<number, SizeEvaluation>();
  const probe: MetricProbe = { checked: false };
  const evaluate = async (n: number): Promise<SizeEvaluation> => {
    const hit = cache.get(n);
    if (hit) return hit;
    const e = await run(n, probe);
    cache.set(n, e);
    opts.onEvaluate?.(variant, n, e.ok, e.ok ? undefined : missReason(e));
    return e;
  };
  let lo: number, hi: number | null; // lo fails (or is below min), hi passes
  const first = await evaluate(start);
  if (first.ok) {
    hi = start; lo = min - 1;
    for (let n = Math.floor(start / 2); n >= min; n = Math.floor(n / 2)) {
      if ((await evaluate(n)).ok) hi = n;
      else { lo = n; break; }
      if (n === min) { lo = min - 1; break; }
    }
  } else {
    lo = start; hi = null;
    for (let n = Math.min(start * 2, max); ; n = Math.min(n * 2, max)) {
      if ((await evaluate(n)).ok) { hi = n; break; }
      lo = n;
      if (n >= max) break;
    }
  }
  if (hi !== null) {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if ((await evaluate(mid)).ok) hi = mid; else lo = mid;
    }
  }
  const evaluated = [...cache.values()].sort((a, b) => a.size - b.size);
  return { variant, size: hi, at: hi === null ? null : cache.get(hi)!, evaluated };
}

/**
 * The teams of a static variant: each partition's framework on its own machines, and the frameworks
 * without a partition together on the machines no partition owns (they share those, experiments.md),
 * which a static cluster must buy as well. `agents` is each team's machine count at the scenario's size.
 */
function staticTeams(parts: readonly { framework: string; agents: number }[], raw: readonly unknown[], declared: number): { frameworks: string[]; agents: number }[] {
  const teams = parts.map((p) => ({ frameworks: [p.framework], agents: p.agents }));
  const owned = new Set(parts.map((p) => p.framework));
  const rest = raw.map((f) => (f as { id?: unknown }).id).filter((id): id is string => typeof id === 'string' && !owned.has(id));
  if (rest.length > 0) teams.push({ frameworks: rest, agents: declared - parts.reduce((n, p) => n + p.agents, 0) });
  return teams;
}

/**
 * Teams are sized by the varied count alone, so it must be the count of the scenario's only agent
 * group: with other groups, each team alone would also keep all of theirs, and the sum of the varied
 * counts would not be the machines bought.
 */
function perTeamRefusal(text: string, file: string, vary: readonly string[]): string | null {
  const { value } = parseSource(file, text);
  const groups = (value as { agents?: unknown } | null)?.agents;
  const n = Array.isArray(groups) ? groups.length : 0;
  if (vary.length === 3 && vary[0] === 'agents' && vary[2] === 'count' && n === 1) return null;
  return n === 1
    ? `--vary ${vary.join('.')} is not a machine count; a team is sized by the count of its machines (--vary agents)`
    : `the scenario has ${n} agent groups; a team alone would keep every group but the varied one, so the sum of the teams' sizes would not be the machines bought (size with one agent group)`;
}

function rawFrameworks(text: string, file: string): unknown[] {
  const { value } = parseSource(file, text);
  const fws = (value as { frameworks?: unknown } | null)?.frameworks;
  return Array.isArray(fws) ? fws : [];
}

async function evaluateSize(file: string, variant: string, n: number, opts: PlanOptions, extra: readonly Override[], probe: MetricProbe): Promise<SizeEvaluation> {
  const failed = opts.slos.map(() => 0);
  const details = opts.slos.map(() => '');
  const notApplicable = opts.slos.map(() => false);
  const worst = opts.slos.map(() => -1);
  let cpus = 0, mem = 0;
  for (const seed of opts.seeds) {
    const set = await loadScenarioSet(file, {
      overrides: [...(opts.overrides ?? []), ...extra, { path: opts.vary, value: n }, { path: ['seed'], value: seed }],
      variants: variant === '' ? undefined : [variant],
    });
    const run = set.runs[0];
    if (!run) {
      // The scenario is valid at its own size (checked when loading) but not at this one, e.g. a
      // timeline that fails a rack the shrunken cluster no longer has: this size cannot work.
      const why = `scenario invalid at size ${n} (seed ${seed}): ${set.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('; ') || 'no run'}`;
      return { size: n, ok: false, invalid: why, slos: opts.slos.map((a) => ({ text: a.text, failedSeeds: 0, detail: why })), utilization: { cpus: 0, mem: 0 } };
    }
    const summary = runScenario(run.spec, { digest: false }).summary; // judged on the summary alone
    // A team's own search (extra overrides): its metrics were checked on the whole cluster already.
    const team = extra.length > 0;
    if (!probe.checked) { if (!team) checkMetricsExist(opts.slos, summary, variant, n, scenarioNames([run.spec], [summary])); probe.checked = true; }
    const runs = new Map<string, unknown>([[variant, summary]]);
    opts.slos.forEach((a, i) => {
      const skip = team ? notForTeam(a, summary) : null;
      if (skip !== null) { notApplicable[i] = true; details[i] = `does not apply to this team (${skip})`; return; }
      const o = evaluateAssertion(a, runs, variant);
      // Like `check`: a missing metric or a null one (nothing was measured — a service that never
      // ran, an upgrade that never finished) does not meet the SLO.
      // The worst failing seed is reported: the one furthest from the SLO (a missing value is worst).
      if (!o.pass) {
        const shortfall = o.shortfall ?? Infinity;
        if (failed[i]++ === 0 || shortfall > worst[i]) { worst[i] = shortfall; details[i] = `seed ${seed}: ${o.detail}`; }
      }
      else if (details[i] === '') details[i] = o.detail;
    });
    const c = lookupMetric(summary, ['cluster', 'meanAllocated', 'cpus']);
    const m = lookupMetric(summary, ['cluster', 'meanAllocated', 'mem']);
    cpus += c.ok && c.value !== null ? c.value : 0;
    mem += m.ok && m.value !== null ? m.value : 0;
  }
  const k = Math.max(1, opts.seeds.length);
  return {
    size: n, ok: failed.every((f) => f === 0),
    slos: opts.slos.map((a, i) => ({ text: a.text, failedSeeds: failed[i], detail: details[i], ...(notApplicable[i] ? { notForTeam: true as const } : {}) })),
    utilization: { cpus: cpus / k, mem: mem / k },
  };
}

/**
 * For a team sized on its own: an SLO about something its workload does not have applies to the
 * other teams only — a metric of another framework (absent from the team's summary, e.g.
 * `waitMs.byFramework.rails.p95` for hadoop) or service availability when the team runs no
 * services (`availability` null). Before, such an SLO failed every size, so a static variant mixing
 * services and batch (static-vs-dynamic with its own `availability.mean` SLO) got no per-team size.
 * A null because nothing was measured at this size (no task launched: no wait) still misses.
 */
function notForTeam(a: Assertion, summary: unknown): string | null {
  const noServices = (summary as { availability?: unknown } | null)?.availability === null;
  for (const o of [a.left, a.right]) {
    if (o.kind !== 'metric') continue;
    const v = lookupMetric(summary, o.path);
    if (!v.ok) return 'not in its summary';
    const availability = o.path[0] === 'availability' || (o.path[0] === 'failures' && o.path[1] === 'availability');
    if (v.value === null && availability && noServices) return 'no services';
  }
  return null;
}

/** Whether the SLOs' metrics were looked for yet in this search (in the first run that ran). */
interface MetricProbe { checked: boolean }

/** Why a size does not meet the SLOs: the scenario cannot run at it, or the SLOs it misses. */
export function missReason(e: SizeEvaluation): string {
  return e.invalid ?? e.slos.filter((s) => s.failedSeeds > 0).map((s) => `${s.text}: ${s.detail}`).join('; ');
}

/**
 * A metric an SLO names that is absent at the first evaluated size is a typo, not an unmet SLO —
 * unless the missing key is a framework or role of the scenario, which the per-framework and
 * per-role maps list only once it did something (unknown-metric.ts, as in `check`): then that size
 * does not meet the SLO (nothing was measured).
 */
function checkMetricsExist(slos: readonly Assertion[], summary: unknown, variant: string, n: number, names: ReadonlySet<string>): void {
  for (const a of slos) {
    for (const o of [a.left, a.right]) {
      if (o.kind !== 'metric') continue;
      const v = lookupMetric(summary, o.path);
      if (!v.ok && !(v.miss.key !== null && names.has(v.miss.key))) throw new PlanInputError(`--slo "${a.text}": ${v.error} (${variant ? `variant ${variant}, ` : ''}size ${n})`);
    }
  }
}

/** The varied value as the scenario (plus --set) states it. */
function startValue(text: string, file: string, path: readonly string[], overrides: readonly Override[]): number {
  const { value } = parseSource(file, text);
  const v = applyOverrides(value, overrides);
  let node: unknown = v;
  for (const seg of path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
  if (typeof node !== 'number' || !Number.isInteger(node) || node < 1) {
    throw new PlanInputError(`--vary ${path.join('.')}: the scenario has no positive integer there (found ${node === undefined ? 'nothing' : JSON.stringify(node)}); give an agent group a count`);
  }
  return node;
}

/** Mean allocation of a plan; for a team-by-team plan, the machine-weighted mean of the teams (same machine shape). */
export function planUtilization(p: VariantPlan): { cpus: number; mem: number } | null {
  if (p.at) return p.at.utilization;
  if (!p.teams || p.size === null || p.size === 0) return null;
  let cpus = 0, mem = 0;
  for (const t of p.teams) { cpus += t.at!.utilization.cpus * t.size!; mem += t.at!.utilization.mem * t.size!; }
  return { cpus: cpus / p.size, mem: mem / p.size };
}

/** The progress line of one evaluated size (stderr): `static: 1 machine meets the SLOs`, `shared: instances = 4 misses the SLOs (…)`. */
export function formatEvaluation(variant: string, n: number, ok: boolean, why: string | undefined, vary: string): string {
  const what = vary === 'agents' ? `${n} machine${n === 1 ? '' : 's'}` : `${vary} = ${n}`;
  const plural = vary === 'agents' && n !== 1;
  const verdict = ok ? (plural ? 'meet the SLOs' : 'meets the SLOs') : `${plural ? 'miss' : 'misses'} the SLOs (${why})`;
  return `  ${variant || '(scenario)'}: ${what} ${verdict}`;
}

/**
 * Markdown table and the saving of the smallest variant against each other one. `vary` is the
 * `--vary` value: `agents` (sizes are machines) or the path of the value searched.
 */
export function formatPlan(r: PlanResult, vary: string): string[] {
  const agents = vary === 'agents';
  const lines = [`${r.file}: smallest ${agents ? 'number of agents' : vary} meeting the SLOs (searched from ${r.start})`, ''];
  lines.push(`| variant | ${agents ? 'machines' : vary} | mean cpu allocated | mean mem allocated | evaluated sizes |`);
  lines.push('|---|---:|---:|---:|---|');
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const row = (p: VariantPlan, label: string, machines: string) => {
    const u = planUtilization(p);
    lines.push(`| ${label} | ${machines} | ${u ? pct(u.cpus) : '–'} | ${u ? pct(u.mem) : '–'} | ${p.evaluated.map((e) => `${e.size}${e.ok ? '✓' : '✗'}`).join(' ')} |`);
  };
  for (const p of r.plans) {
    if (p.teams) {
      row(p, p.variant, p.size === null ? 'not met' : `${p.size} (${p.teams.map((t) => t.size ?? '?').join(' + ')})`);
      for (const t of p.teams) row(t, `· ${t.variant}`, String(t.size ?? 'not met'));
    } else row(p, p.variant || '(scenario)', String(p.size ?? 'not met'));
  }
  const sized = r.plans.filter((p) => p.size !== null);
  if (sized.length >= 2) {
    const best = sized.reduce((a, b) => (b.size! < a.size! ? b : a));
    lines.push('');
    for (const p of sized) {
      if (p === best) continue;
      const extra = p.size! - best.size!;
      if (!agents) { lines.push(`${p.variant} needs ${vary} = ${p.size}, ${best.variant} ${best.size}.`); continue; }
      lines.push(`${p.variant} needs ${extra} more machines than ${best.variant} (+${((extra / best.size!) * 100).toFixed(1)}%); ${best.variant} saves ${((extra / p.size!) * 100).toFixed(1)}% of them.`);
    }
  }
  if (r.notes.length > 0) lines.push('', ...r.notes);
  // Why the size below the answer misses (or, when nothing was met, the largest size tried).
  const whys: string[] = [];
  for (const p of r.plans.flatMap((x) => (x.teams ? x.teams : [x]))) {
    const name = p.variant || '(scenario)';
    const below = p.evaluated.filter((e) => !e.ok && (p.size === null || e.size < p.size)).at(-1);
    if (p.size === null) whys.push(`${name}: no size up to the maximum meets the SLOs; at ${below?.size ?? '?'}: ${below ? missReason(below) : ''}`);
    else if (below) whys.push(`${name}: ${below.size} misses: ${missReason(below)}`);
  }
  if (whys.length > 0) lines.push('', ...whys);
  const skipped = r.plans.flatMap((x) => x.teams ?? []).flatMap((t) => {
    const e = t.at ?? t.evaluated.at(-1);
    return (e?.slos ?? []).filter((s) => s.notForTeam).map((s) => `${t.variant}: ${s.text} ${s.detail}`);
  });
  if (skipped.length > 0) lines.push('', ...skipped);
  return lines;
}
