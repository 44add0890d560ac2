/**
 * `clustersim check`: regression checks for CI. For each scenario file, every run it asks for
 * (scenario-set.ts) is simulated in memory, then:
 *   1. `expect.offers` is compared with the offers made (offers-expectation.ts);
 *   2. each `expect.metrics` assertion is evaluated on the run's summary — assertions naming
 *      runs by `@variant` once per file, after all its runs (assertions.ts);
 *   3. with a golden directory, the summary is compared with `<dir>/<name>.summary.json` under the
 *      tolerances (golden.ts), or written there with `update`.
 * Each of these is one case; a scenario that fails to load is an error case. The result carries
 * everything the CLI prints and the JUnit writer needs.
 */
import type { Diagnostic } from '../core/diagnostic.ts';
import { formatDiagnostic } from '../core/diagnostic.ts';
import type { Override } from '../scenario/overrides.ts';
import { evaluateAssertion, isCrossRun, readsVariant } from './assertions.ts';
import { compareWithGolden, formatGoldenDiff, goldenPath, goldenTolerances, readGolden, unmatchedPaths, unmatchedPathText, writeGolden, type GoldenDifference, type GoldenTolerances, type PathTolerance, type Tolerance, type UnmatchedPath } from './golden.ts';
import type { JUnitSuite } from './junit.ts';
import { checkInverseOffers, inverseOfferEvents } from './inverse-offers-expectation.ts';
import { checkOffers, offerEvents } from './offers-expectation.ts';
import { runScenario } from './run.ts';
import { loadScenarioSet } from './scenario-set.ts';
import { isPluginError } from './plugins.ts';
import { invalidTraceMessage, traceDiagnosticLines } from './trace-diagnostics.ts';
import { judgeUnknownMetric, scenarioNames } from './unknown-metric.ts';
import type { Assertion } from '../scenario/metric-assertion.ts';
import type { AssertionOutcome } from './assertions.ts';
import { errorMessage as thrownMessage } from '../core/error-message.ts';

export interface CheckCase {
  /** the run's scenario name (with `.variant`), or the file's name for cross-run assertions */
  readonly run: string;
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'error' | 'updated';
  readonly message: string;
  readonly details: readonly string[];
  /** something a passing case still reports (new metrics not in the golden file): printed and put in the JUnit system-out */
  readonly note?: string;
  /** a golden comparison: the --tolerance-path patterns that covered no metric of it (typos; see unmatchedEverywhere) */
  readonly unmatchedPaths?: readonly UnmatchedPath[];
}

export interface FileCheck {
  readonly file: string;
  readonly cases: readonly CheckCase[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface CheckOptions {
  readonly goldenDir?: string | null;
  readonly update?: boolean;
  /** golden band for quantities and durations (--tolerance); default: rounding only, durations exact */
  readonly tolerance?: Tolerance;
  /** golden band for counts (--tolerance-counts); default exact */
  readonly toleranceCounts?: Tolerance;
  /** golden bands for chosen metrics (--tolerance-path), first match wins */
  readonly tolerancePaths?: readonly PathTolerance[];
  readonly overrides?: readonly Override[];
}

export async function checkScenarioFile(file: string, opts: CheckOptions = {}): Promise<FileCheck> {
  const set = await loadScenarioSet(file, { overrides: opts.overrides });
  if (set.diagnostics.some((d) => d.severity === 'error')) {
    return {
      file, diagnostics: set.diagnostics,
      cases: [{ run: file, name: 'load', status: 'error', message: 'invalid scenario', details: set.diagnostics.map(formatDiagnostic) }],
    };
  }
  const cases: CheckCase[] = [];
  const summaries = new Map<string, unknown>();
  // assertions whose metric a run's summary lacks: judged once every run is in (unknown-metric.ts)
  const unknown: { at: number; a: Assertion; o: AssertionOutcome }[] = [];
  // per-run assertions that read another variant too: judged once every run is in
  const deferred: { at: number; a: Assertion; variant: string }[] = [];
  for (const { variant, spec } of set.runs) {
    const run = spec.name;
    let result;
    try {
      result = runScenario(spec, { keepEvents: spec.expect.offers !== null || (spec.expect.inverseOffers ?? null) !== null, digest: false }); // judged on the summary (and kept events)
    } catch (e) {
      // A plugin's fault is invalid input (exit 2), as `run` says; anything else is the simulator's (exit 3).
      const plugin = isPluginError(e);
      cases.push({ run, name: plugin ? 'plugin' : 'simulate', status: 'error', message: `${plugin ? 'plugin error' : 'simulation error'}: ${thrownMessage(e)}`, details: [] });
      continue;
    }
    summaries.set(variant, result.summary);
    // issue 6: a trace with invalid lines is invalid input (exit 2), as an invalid scenario is
    const invalidTrace = invalidTraceMessage(result.traceDiagnostics);
    if (invalidTrace !== undefined) cases.push({ run, name: 'trace', status: 'error', message: invalidTrace, details: traceDiagnosticLines(result.traceDiagnostics!, undefined, file) });
    if (spec.expect.offers !== null) {
      const problem = checkOffers(spec.expect.offers, spec.expect.offersExact, offerEvents(result.events ?? []));
      cases.push({
        run, name: `offers (${spec.expect.offers.length} expected${spec.expect.offersExact ? ', exact' : ''})`,
        status: problem ? 'fail' : 'pass', message: problem ? problem.split('\n')[0] : 'offers as expected', details: problem ? problem.split('\n').slice(1) : [],
      });
    }
    const inverse = spec.expect.inverseOffers ?? null;
    if (inverse !== null) {
      const problem = checkInverseOffers(inverse, inverseOfferEvents(result.events ?? []));
      cases.push({ run, name: `inverse offers (${inverse.length} expected, exact)`, status: problem ? 'fail' : 'pass', message: problem ?? 'inverse offers as expected', details: [] });
    }
    for (const a of set.assertions) {
      if (isCrossRun(a)) continue;
      // One that also reads another variant's run waits for every run (the other may come later).
      if (readsVariant(a)) { deferred.push({ at: cases.length, a, variant }); cases.push({ run, name: `expect: ${a.text}`, status: 'pass', message: '', details: [] }); continue; }
      const o = evaluateAssertion(a, summaries, variant);
      if (o.unknownMetric) unknown.push({ at: cases.length, a, o });
      cases.push({ run, name: `expect: ${a.text}`, status: o.pass ? 'pass' : 'fail', message: o.detail, details: [] });
    }
    // A baseline is not recorded from a run that skipped invalid trace lines (as none is from an invalid scenario).
    if (opts.goldenDir && opts.update && invalidTrace !== undefined) {
      cases.push({ run, name: 'golden', status: 'error', message: `not recorded: ${invalidTrace}; fix the trace, then --update`, details: [] });
    } else if (opts.goldenDir) cases.push(goldenCase(opts.goldenDir, run, result.summary, opts));
  }
  const variants = set.runs.map((r) => r.variant);
  for (const { at, a, variant } of deferred) {
    const o = evaluateAssertion(a, summaries, variant, variants);
    if (o.unknownMetric) unknown.push({ at, a, o });
    cases[at] = { ...cases[at], status: o.pass ? 'pass' : 'fail', message: o.detail };
  }
  const fileName = set.runs[0]?.spec.name.replace(/\.[^.]*$/, '') ?? file;
  for (const a of set.assertions) {
    if (!isCrossRun(a)) continue;
    const o = evaluateAssertion(a, summaries, '', variants);
    if (o.unknownMetric) unknown.push({ at: cases.length, a, o });
    cases.push({ run: set.runs.length > 1 ? fileName : set.runs[0]?.spec.name ?? file, name: `expect: ${a.text}`, status: o.pass ? 'pass' : 'fail', message: o.detail, details: [] });
  }
  return { file, cases, diagnostics: [...set.diagnostics, ...judgeUnknownMetrics(unknown, cases, { file, text: set.text, summaries, names: scenarioNames(set.runs.map((r) => r.spec), summaries.values()) })] };
}

/**
 * A metric path that is a typo becomes an error case (exit 2) with a diagnostic at the assertion;
 * one the run legitimately lacks stays a failed check that says nothing was measured. Returns the
 * diagnostics, once each (every run of a file reports the same typo).
 */
function judgeUnknownMetrics(unknown: readonly { at: number; a: Assertion; o: AssertionOutcome }[], cases: CheckCase[], ctx: Parameters<typeof judgeUnknownMetric>[2]): Diagnostic[] {
  const out = new Map<string, Diagnostic>();
  for (const { at, a, o } of unknown) {
    const v = judgeUnknownMetric(a, o, ctx);
    if (v === null) continue;
    if (v.kind === 'absent') { cases[at] = { ...cases[at], message: v.detail }; continue; }
    const text = formatDiagnostic(v.diagnostic);
    out.set(text, v.diagnostic);
    cases[at] = { ...cases[at], status: 'error', message: 'unknown metric', details: [text] };
  }
  return [...out.values()];
}

function goldenCase(dir: string, run: string, summary: unknown, opts: CheckOptions): CheckCase {
  if (opts.update) {
    const p = writeGolden(dir, run, summary);
    return { run, name: 'golden', status: 'updated', message: `wrote ${p}`, details: [] };
  }
  let golden: unknown;
  try {
    golden = readGolden(dir, run);
  } catch (e) {
    return { run, name: 'golden', status: 'error', message: `cannot read ${goldenPath(dir, run)}: ${thrownMessage(e)}`, details: [] };
  }
  if (golden === undefined) {
    return { run, name: 'golden', status: 'fail', message: `no golden file ${goldenPath(dir, run)} (record one with --update)`, details: [] };
  }
  const bands = goldenTolerances({ tolerance: opts.tolerance, counts: opts.toleranceCounts, paths: opts.tolerancePaths });
  const diffs = compareWithGolden(golden, summary, bands);
  const regressions = diffs.filter((d) => d.regression);
  const added = diffs.filter((d) => d.kind === 'added').map((d) => d.path);
  const within = diffs.filter((d) => d.kind === 'within');
  const notes = [
    ...(within.length === 0 ? [] : [`${within.length} metric${within.length > 1 ? 's' : ''} moved within the tolerance: ${listed(within.map((d) => `${d.path} ${moved(d)}`))}`]),
    ...(added.length === 0 ? [] : [`${added.length} new metric${added.length > 1 ? 's' : ''} not in the golden file: ${listed(added)}`]),
  ];
  const note = notes.length === 0 ? undefined : notes.join('; ');
  const unmatched = unmatchedPaths(golden, summary, bands.paths);
  return {
    run, name: 'golden', status: regressions.length > 0 ? 'fail' : 'pass',
    message: regressions.length > 0
      ? `${regressions.length} metric${regressions.length > 1 ? 's differ' : ' differs'} from ${goldenPath(dir, run)}${within.length > 0 ? ` (${within.length} more moved within the tolerance: the ≈ lines)` : ''}`
      : `matches ${goldenPath(dir, run)}${note ? ` (${note})` : ''}`,
    // a failure a mistyped --tolerance-path may explain says so (the band it meant was not applied)
    details: [...formatGoldenDiff(diffs), ...exactCountsHint(regressions, bands), ...(regressions.length > 0 ? unmatched.map((u) => `  (${unmatchedPathText(u, 'of this run')})`) : [])],
    ...(regressions.length === 0 && note ? { note } : {}),
    ...(unmatched.length > 0 ? { unmatchedPaths: unmatched } : {}),
  };
}

/**
 * The --tolerance-path patterns that covered no metric in any golden comparison of the check (each
 * golden case lists its own): a typo, reported once on stderr. A pattern that matched in one file
 * (`replay.**` in the trace scenarios only) is not.
 */
export function unmatchedEverywhere(files: readonly FileCheck[], patterns: readonly PathTolerance[]): string[] {
  const compared = files.flatMap((f) => f.cases).filter((c) => c.name === 'golden' && (c.status === 'pass' || c.status === 'fail') && !c.message.startsWith('no golden file'));
  if (compared.length === 0 || patterns.length === 0) return [];
  const out: string[] = [];
  for (const { pattern } of patterns) {
    const misses = compared.map((c) => c.unmatchedPaths?.find((u) => u.pattern === pattern));
    if (misses.some((u) => u === undefined)) continue;
    const suggestions = [...new Set(misses.flatMap((u) => u!.suggestions))].slice(0, 3);
    out.push(unmatchedPathText({ pattern, suggestions }, `in ${compared.length === 1 ? 'the golden comparison' : `any of the ${compared.length} golden comparisons`}`));
  }
  return out;
}

function listed(items: readonly string[]): string {
  return `${items.slice(0, 3).join(', ')}${items.length > 3 ? `, … (${items.length - 3} more)` : ''}`;
}

/** "+12.5%" (or "+3" from 0) */
function moved(d: GoldenDifference): string {
  const g = d.golden as number, a = d.actual as number;
  if (g === 0) return `${a >= 0 ? '+' : ''}${Number(a.toPrecision(6))}`;
  const p = ((a - g) / Math.abs(g)) * 100;
  return `${p >= 0 ? '+' : ''}${Number(p.toPrecision(3))}%`;
}

/**
 * With a loosened band, say why counts still fail: they compare exactly unless --tolerance-counts (or
 * a --tolerance-path covering them) says otherwise (golden.ts, metric-kind.ts). Before session 10
 * whole-ms durations were exact too and `--tolerance rel=0.5` did not let a +18% wait p95 pass.
 */
function exactCountsHint(regressions: readonly GoldenDifference[], bands: GoldenTolerances): string[] {
  if (bands.durations === null && bands.paths.length === 0) return []; // nothing loosened: counts are exact like everything else
  if (bands.counts !== null) return [];
  const exact = regressions.filter((d) => d.kind === 'changed' && d.metric === 'count' && d.band?.from === 'count');
  if (exact.length === 0) return [];
  return [`  (${exact.length} of these ${exact.length === 1 ? 'is a count' : 'are counts'}: counts (tasks, offers, events) must match exactly under --tolerance; loosen them with --tolerance-counts T, or one metric with --tolerance-path PATH=T)`];
}

export function toJUnit(files: readonly FileCheck[]): JUnitSuite[] {
  return files.map((f) => ({
    name: f.file,
    cases: f.cases.map((c) => ({
      classname: c.run,
      name: c.name,
      ...(c.status === 'fail' ? { failure: { message: c.message, details: [c.message, ...c.details].join('\n') } } : {}),
      // CI dashboards often show only the message attribute: an error carries its first detail there (the diagnostic's file:line:column)
      ...(c.status === 'error' ? { error: { message: errorMessage(c), details: [c.message, ...c.details].join('\n') } } : {}),
      ...(c.status === 'pass' && c.note ? { output: [c.note, ...c.details].join('\n') } : {}),
    })),
  }));
}

function errorMessage(c: CheckCase): string {
  if (c.details.length === 0) return c.message;
  return `${c.message}: ${c.details[0].trim()}${c.details.length > 1 ? ` (and ${c.details.length - 1} more)` : ''}`;
}

/** Readable report; `listed` picks the files whose cases are printed (all by default), the totals count every file. */
export function formatCheck(files: readonly FileCheck[], listed: (f: FileCheck) => boolean = () => true): string[] {
  const lines: string[] = [];
  const mark = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', updated: 'UPDATED' } as const;
  for (const f of files) {
    if (!listed(f)) continue;
    lines.push(f.file);
    for (const c of f.cases) {
      lines.push(`  ${mark[c.status].padEnd(7)} ${c.run} — ${c.name}${c.status === 'pass' && c.note ? ` (${c.note})` : ''}`);
      if (c.status === 'pass' && c.note) for (const d of c.details) lines.push(`        ${d}`);
      if (c.status !== 'pass') {
        lines.push(`          ${c.message}`);
        for (const d of c.details) lines.push(`        ${d}`);
      }
    }
  }
  const all = files.flatMap((f) => f.cases);
  const n = (s: CheckCase['status']) => all.filter((c) => c.status === s).length;
  lines.push(`${count(all.length, 'check')}: ${n('pass')} passed, ${n('fail')} failed, ${count(n('error'), 'error')}${n('updated') > 0 ? `, ${count(n('updated'), 'golden')} updated` : ''}`);
  return lines;
}

/** "1 check", "0 checks", "2 errors": the totals line reads as English for any count. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
