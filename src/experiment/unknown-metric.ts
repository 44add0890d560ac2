/**
 * An `expect.metrics` assertion whose metric is not a number in a run's summary.json: a typo
 * (`waitMs.p59`, `tasks.lanched`) is bad input — a diagnostic at the assertion's file:line:column
 * with the keys that exist there and the close ones, an error case, exit 2 — not a failed check
 * (exit 1), which CI reads as a regression of the policy. `plan --slo` treats it the same way.
 *
 * summary.json has no fixed catalogue (sections appear with the features a run uses: `quota` with
 * quotas, `calls` with rate limits, `stateful`, `failures.upgrade`, …; per-role and per-framework
 * maps hold the names that did something), so the rule is decided at run time, per file. A path
 * missing from one run is *legitimately absent* — the assertion fails as "nothing was measured",
 * like a null metric — when
 *   1. another run of the same file has it (a section only some variants produce: `calls.throttled`
 *      in the rate-limited variant, not in `unlimited`), or
 *   2. the key that is missing is a framework id or role of the scenario (a framework that launched
 *      nothing and had nothing waiting has no `waitMs.byFramework.<id>`; one that never registered
 *      before the end has no `frameworks.<id>`).
 * Anything else is invalid: a path no run of the file has, whose missing key names nothing the
 * scenario declares, or a path to a section rather than a number (`waitMs.byFramework.web`).
 * Not checked statically by `validate` for that reason: only a run says which sections exist.
 */
import { closestNames } from '../core/closest-names.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { columnOf } from '../scenario/assertion-variants.ts';
import { formatPath, parseAssertion, type Assertion } from '../scenario/metric-assertion.ts';
import type { RunSpec } from '../scenario/run-spec.ts';
import { diagnosticAt, parseSource } from '../scenario/source-map.ts';
import type { AssertionOutcome } from './assertions.ts';
import { lookupMetric } from './metric-path.ts';

export interface MetricContext {
  /** the scenario file as given, and its text (for file:line:column) */
  readonly file: string;
  readonly text: string;
  /** the summary of every run of the file that simulated, by variant */
  readonly summaries: ReadonlyMap<string, unknown>;
  /** framework ids and roles the scenario declares or its runs reported */
  readonly names: ReadonlySet<string>;
}

export type UnknownMetricVerdict =
  | { readonly kind: 'absent'; readonly detail: string }
  | { readonly kind: 'invalid'; readonly diagnostic: Diagnostic };

export const UNKNOWN_METRIC_CODE = 'CS8004';

/** Framework ids and roles: from the runs' specs and the `frameworks` / `roles` maps of their summaries. */
export function scenarioNames(specs: readonly RunSpec[], summaries: Iterable<unknown>): Set<string> {
  const names = new Set<string>();
  for (const spec of specs) for (const f of spec.frameworks) { names.add(f.id); for (const r of f.roles) names.add(r); }
  for (const s of summaries) {
    for (const section of ['frameworks', 'roles'] as const) {
      const m = (s as Record<string, unknown> | null)?.[section];
      if (m && typeof m === 'object') for (const k of Object.keys(m)) names.add(k);
    }
  }
  return names;
}

export function judgeUnknownMetric(a: Assertion, outcome: AssertionOutcome, ctx: MetricContext): UnknownMetricVerdict | null {
  const u = outcome.unknownMetric;
  if (!u) return null;
  const label = (u.variant !== null ? `@${u.variant}.` : '') + formatPath(u.path);
  const others = [...ctx.summaries].filter(([, s]) => { const v = lookupMetric(s, u.path); return v.ok; }).map(([v]) => v);
  if (others.length > 0) {
    const runs = others.map((v) => (v === '' ? 'the scenario' : `@${v}`)).join(', ');
    return { kind: 'absent', detail: `${label}: no value, not in this run's summary (${runs} ${others.length === 1 ? 'has' : 'have'} it): nothing was measured` };
  }
  if (u.miss.key !== null && ctx.names.has(u.miss.key)) {
    const where = formatPath(u.miss.prefix) || 'summary.json';
    return { kind: 'absent', detail: `${label}: no value, ${where} has nothing for "${u.miss.key}" in this run (a framework or role of this scenario): nothing was measured` };
  }
  const message = `unknown metric in "${a.text}": ${outcome.detail}${nameHint(u.miss.key, u.miss.known, ctx.names)}`;
  return { kind: 'invalid', diagnostic: locate(a, label, message, ctx) };
}

/**
 * A misspelt framework or role that is not in the map (`waitMs.byFramework.hadop.p95` when hadoop
 * launched nothing): the maps only list the ones that did something, so the lookup's own
 * suggestions (the keys there) cannot name it.
 */
function nameHint(key: string | null, there: readonly string[], names: ReadonlySet<string>): string {
  if (key === null) return '';
  const close = closestNames(key, [...names].filter((n) => !there.includes(n)).sort()).slice(0, 3);
  return close.length > 0 ? ` (a framework or role of this scenario with nothing measured in this run: did you mean ${close.map((n) => `"${n}"`).join(' or ')}?)` : '';
}

/** At the assertion in the file's `expect.metrics` (at the metric inside the string when it can); from `--set`: no position. */
function locate(a: Assertion, label: string, message: string, ctx: MetricContext): Diagnostic {
  const { source, value } = parseSource(ctx.file, ctx.text);
  const metrics = (value as { expect?: { metrics?: unknown } } | null)?.expect?.metrics;
  const i = Array.isArray(metrics) ? metrics.findIndex((m) => typeof m === 'string' && (parseAssertion(m) as Assertion).text === a.text) : -1;
  if (i < 0) return { code: UNKNOWN_METRIC_CODE, severity: 'error', message: `${ctx.file}: expect.metrics (--set): ${message}` };
  const path = ['expect', 'metrics', i];
  return { ...diagnosticAt(source, path, UNKNOWN_METRIC_CODE, message), ...columnOf(source, path, label) };
}
