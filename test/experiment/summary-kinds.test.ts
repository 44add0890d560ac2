/**
 * Metric kinds are declared (src/metrics/summary-kinds.ts), not guessed from names (session 11).
 * Every number in a built-in scenario's summary.json must have exactly one declared kind, so a new
 * metric without one fails here — in the committed goldens (71 runs, read only) and in a few small
 * scenarios run now (the summary as the code produces it today, which a golden may not have yet).
 * And the guess's mistakes the table corrects, judged by check --golden.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioSet } from '../../src/experiment/scenario-set.ts';
import { runScenario } from '../../src/experiment/run.ts';
import { compareWithGolden, formatGoldenDiff, goldenTolerances } from '../../src/experiment/golden.ts';
import { metricKind } from '../../src/experiment/metric-kind.ts';
import { declaringPatterns, SUMMARY_METRIC_KINDS } from '../../src/metrics/summary-kinds.ts';
import { ROOT } from './helpers.ts';

/** Numeric leaves (arrays by index) as key lists. */
function numericLeaves(v: unknown, keys: string[] = [], out: string[][] = []): string[][] {
  if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) numericLeaves(x, [...keys, k], out);
  else if (typeof v === 'number') out.push(keys);
  return out;
}

/** "path: no declared kind" / "path: declared twice (a | b)" for every leaf not declared exactly once. */
function undeclared(summary: unknown): string[] {
  const out = new Set<string>();
  for (const keys of numericLeaves(summary)) {
    const p = declaringPatterns(keys);
    if (p.length === 0) out.add(`${keys.join('.')}: no declared kind (add it to SUMMARY_METRIC_KINDS, src/metrics/summary-kinds.ts)`);
    if (p.length > 1) out.add(`${keys.join('.')}: declared ${p.length} times (${p.map(([x]) => x).join(' | ')})`);
  }
  return [...out];
}

describe('declared metric kinds', () => {
  it('the table is well formed: dotted keys or *, no pattern twice', () => {
    const patterns = SUMMARY_METRIC_KINDS.map(([p]) => p);
    expect(patterns.filter((p, i) => patterns.indexOf(p) !== i)).toEqual([]);
    expect(patterns.filter((p) => !p.split('.').every((s) => s === '*' || /^[A-Za-z0-9_]+$/.test(s)))).toEqual([]);
  });

  it('every number of every committed golden summary has exactly one declared kind', () => {
    const dir = join(ROOT, 'goldens');
    const files = readdirSync(dir).filter((f) => f.endsWith('.summary.json'));
    expect(files.length).toBeGreaterThan(20);
    const problems = files.flatMap((f) => undeclared(JSON.parse(readFileSync(join(dir, f), 'utf8'))).map((p) => `${f}: ${p}`));
    expect(problems).toEqual([]);
  });

  // small scenarios whose summaries together reach most sections: offer models (optimistic and
  // monolithic), rate limits (calls), stateful services and volumes, failures and maintenance, analytics
  it.each([
    ['scenarios/drf-paper.yaml', []],
    ['scenarios/optimistic-vs-pessimistic.yaml', ['optimistic']],
    ['scenarios/stateful-volumes.yaml', ['volumes', 'monolithic']],
    ['scenarios/rate-limiting.yaml', ['capacity']],
    ['scenarios/agent-upgrade.yaml', ['drain_restart']],
    ['scenarios/two-analytics-jobs.yaml', ['reserved']],
  ] as const)('every number of %s %j (run now) has exactly one declared kind', async (file, variants) => {
    const set = await loadScenarioSet(join(ROOT, file), { variants: [...variants] });
    expect(set.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(set.runs.length).toBe(Math.max(1, variants.length));
    for (const { spec } of set.runs) {
      const { summary } = runScenario(spec);
      expect(numericLeaves(summary).length).toBeGreaterThan(30);
      expect(undeclared(summary), spec.name).toEqual([]);
    }
  });

  it('a number no pattern declares is caught', () => {
    expect(undeclared({ tasks: { launched: 3, relaunched: 1 }, roles: { a: { mean: { cpus: 1 } } } })).toEqual([
      'tasks.relaunched: no declared kind (add it to SUMMARY_METRIC_KINDS, src/metrics/summary-kinds.ts)',
    ]);
  });
});

describe('the declared kinds correct the guess from names', () => {
  it.each([
    ['replay.feed.startAfter.heldMsMax', 'duration'], // the guess: a count (last key not …Ms)
    ['replay.feed.startAfter.heldMsTotal', 'duration'],
    ['failures.agentStateMs.registered', 'duration'],
    ['roles.a.end.dominantShare', 'quantity'], // a share of 0 or 1: the guess made it a count
    ['utilizationStates.cpus.idle', 'quantity'],
    ['offerModel.frameworks.batch.conflictRate', 'quantity'],
    ['offerModel.launchesPerHour', 'quantity'],
    ['seed', 'setting'],
    ['failures.availability.web.slo', 'setting'],
    ['quota.k8s.guarantee.mem', 'setting'],
    ['offerModel.central.decision.perJobMs', 'setting'],
    // unchanged
    ['waitMs.p95', 'duration'], ['waitMs.byFramework.web.p99', 'duration'], ['tasks.launched', 'count'], ['waitMs.count', 'count'],
    ['cluster.meanAllocated.cpus', 'quantity'], ['fairness.jainMean', 'quantity'],
  ])('%s is a %s (whole numbers on both sides)', (path, kind) => {
    expect(metricKind(path.split('.'), 1, 0)).toBe(kind);
  });

  it('under --tolerance a held-back wait moves within the band; a setting stays exact', () => {
    const golden = { seed: 1, replay: { feed: { startAfter: { heldMsMax: 100_000 } } }, roles: { a: { end: { dominantShare: 1 } } } };
    const actual = { seed: 2, replay: { feed: { startAfter: { heldMsMax: 105_000 } } }, roles: { a: { end: { dominantShare: 0.95 } } } };
    const d = compareWithGolden(golden, actual, goldenTolerances({ tolerance: { rel: 0.1, abs: 0 }, counts: { rel: 1, abs: 0 } }));
    expect(formatGoldenDiff(d)).toEqual([
      '  ≈ replay.feed.startAfter.heldMsMax: 100000 → 105000 (+5000, +5.00%; within ±10000 ms (--tolerance))',
      '  ≈ roles.a.end.dominantShare: 1 → 0.95 (-0.05, -5.00%; within ±0.1 (--tolerance))',
      '  ~ seed: 1 → 2 (+1, +100.00%; a setting of the scenario: exact)',
    ]);
    expect(d.filter((x) => x.regression).map((x) => x.path)).toEqual(['seed']);
  });
});
