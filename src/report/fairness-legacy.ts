/**
 * Re-rendering a metrics.json recorded before fairness needed two roles with demand (commit 44ded62,
 * session 10). Such a run computed Jain's index and the max–min gap over one role alone as 1 and 0
 * ("perfectly fair" with itself) and counted that time in the means, so `clustersim report` on it
 * drew Jain = 1 where a run today draws nothing (oversubscription.on: 3.94 h of a flat 1 next to
 * shares of 37% and 60%). It is recognised by its summary: `fairness` without `definedMs`.
 *
 * The rule is applied as far as the recorded data decides it:
 * - no two roles ever had demand (summary `sharingIncentive.byRole.<r>.demandMs`): fairness was never
 *   defined — exactly what a run today records: no series, the `n/a` card, the chart's sentence;
 * - otherwise a stretch is dropped when it reads Jain 1 and gap 0 exactly, which is what one role alone
 *   read but also what two roles with equal weighted shares read: the data cannot tell them apart, so
 *   the means are recomputed from the series without those stretches and the chart and the card say
 *   so (re-running the scenario gives the exact figures). A stretch below 1 had two roles for sure.
 */
import { roundSig } from '../core/canonical-json.ts';
import { fairnessCards, type Headline, type MetricsResult } from '../metrics/metrics-result.ts';
import { formatDuration } from './format.ts';
import type { ReportData } from './report-data.ts';

export interface FairnessUnderRule {
  /** the series without the stretches the rule makes undefined */
  readonly fairness: MetricsResult['fairness'];
  readonly headline: Headline[];
  readonly context?: ReportData['fairnessContext'];
  readonly legacy?: ReportData['fairnessLegacy'];
}

/** metrics.json before the two-roles rule: its summary's fairness has no `definedMs`. */
export function predatesTwoRoleRule(m: Pick<MetricsResult, 'summary'>): boolean {
  const f = m.summary.fairness as { definedMs?: unknown } | null | undefined;
  return typeof f?.definedMs !== 'number';
}

/** The roles with demand at some point (summary sharingIncentive.byRole), or null when the summary does not say. */
function rolesWithDemand(summary: Record<string, unknown>): { roles: string[]; demandMs: Map<string, number> } | null {
  const byRole = (summary.sharingIncentive as { byRole?: Record<string, { demandMs?: unknown }> } | undefined)?.byRole;
  if (byRole === undefined || byRole === null || typeof byRole !== 'object') return null;
  const demandMs = new Map<string, number>();
  for (const [r, v] of Object.entries(byRole)) if (typeof v?.demandMs === 'number' && v.demandMs > 0) demandMs.set(r, v.demandMs);
  return { roles: [...demandMs.keys()].sort(), demandMs };
}

const FAIRNESS_CARDS = new Set(['fairness.jain.mean', 'fairness.maxMinGap.mean']);

/** The recorded headline with its fairness cards replaced by `cards` (where the Jain card was, else at the end). */
function withCards(headline: readonly Headline[], cards: Headline[]): Headline[] {
  const at = headline.findIndex((h) => FAIRNESS_CARDS.has(h.key));
  const rest = headline.filter((h) => !FAIRNESS_CARDS.has(h.key));
  const i = at < 0 ? rest.length : headline.slice(0, at).filter((h) => !FAIRNESS_CARDS.has(h.key)).length;
  return [...rest.slice(0, i), ...cards, ...rest.slice(i)];
}

const PREDATES = 'the run predates the rule that fairness needs two roles with demand';

/** The fairness of an old run under today's rule; undefined for a run recorded under it (nothing to do). */
export function fairnessUnderRule(m: MetricsResult): FairnessUnderRule | undefined {
  if (!predatesTwoRoleRule(m)) return undefined;
  const demand = rolesWithDemand(m.summary);
  if (demand !== null && demand.roles.length <= 1) {
    // never two roles with demand: never defined, exactly as a run today
    const soleMs = demand.roles.length === 1 ? demand.demandMs.get(demand.roles[0])! : 0;
    const cards = fairnessCards(null, null, 0, soleMs, m.endMs, demand.roles.length)
      .map((c) => ({ ...c, note: `${c.note}; re-rendered: ${PREDATES} and recorded Jain 1` }));
    return {
      fairness: [], headline: withCards(m.headline, cards),
      context: { definedMs: 0, singleRoleMs: soleMs, rolesWithDemand: demand.roles },
      legacy: { exact: true, ambiguousMs: 0 },
    };
  }
  // jain and gap share their segments: a stretch is dropped when both read "equal" exactly
  const gapAt = new Map<string, number>();
  for (const [measure, t0, t1, v] of m.fairness) if (measure !== 'jain') gapAt.set(`${t0}:${t1}`, v);
  const ambiguous = new Set<string>();
  let keptMs = 0, ambiguousMs = 0, jainMs = 0, gapMs = 0;
  for (const [measure, t0, t1, v] of m.fairness) {
    if (measure !== 'jain') continue;
    const key = `${t0}:${t1}`;
    const gap = gapAt.get(key) ?? 0;
    if (v === 1 && gap === 0) { ambiguous.add(key); ambiguousMs += t1 - t0; continue; }
    keptMs += t1 - t0; jainMs += v * (t1 - t0); gapMs += gap * (t1 - t0);
  }
  if (ambiguousMs === 0) return undefined; // nothing the old rule drew differently
  const fairness = m.fairness.filter(([, t0, t1]) => !ambiguous.has(`${t0}:${t1}`));
  const n = demand?.roles.length ?? 2;
  // binned cells (gridMs) mix one-role time with the rest: those cannot be taken apart at all (the chart's caption says more)
  const binned = m.gridMs.fairness > 0 ? `, approximate (${formatDuration(m.gridMs.fairness)} cells)` : '';
  const why = `re-rendered: the run predates the two-roles rule, so the ${formatDuration(ambiguousMs)} at Jain 1, gap 0 (one role alone, or equal shares) are left out${binned}; re-run for the exact figure`;
  const cards = keptMs > 0
    ? fairnessCards(roundSig(jainMs / keptMs), roundSig(gapMs / keptMs), keptMs, 0, m.endMs, n).map((c, i) => ({ ...c, note: i === 0 ? `${c.note}; ${why}` : c.note }))
    : [{ key: 'fairness.jain.mean', label: "Jain's index over roles (mean)", value: 'n/a', note: `not measured: the run recorded Jain 1 and gap 0 exactly for the whole ${formatDuration(ambiguousMs)} with demand — one role alone, or equal shares — and ${PREDATES}; re-run the scenario for the exact figures` }];
  return {
    fairness, headline: withCards(m.headline, cards),
    ...(demand !== null && keptMs > 0 ? { context: { definedMs: keptMs, singleRoleMs: 0, rolesWithDemand: demand.roles } } : {}),
    legacy: { exact: false, ambiguousMs },
  };
}
