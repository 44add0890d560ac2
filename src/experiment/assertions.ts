/**
 * Evaluating metric assertions (src/scenario/metric-assertion.ts) against the summaries of one
 * scenario's runs. `runs` maps variant name → summary; a scenario without variants has one run
 * under the name "". An operand without `@variant` reads the run being checked (`current`).
 */
import type { Assertion, Operand } from '../scenario/metric-assertion.ts';
import { formatPath } from '../scenario/metric-assertion.ts';
import { lookupMetric, type MetricMiss } from './metric-path.ts';
import { durationUnit } from '../core/units.ts';
import { isDurationPath } from './metric-kind.ts';

export interface AssertionOutcome {
  readonly text: string;
  readonly pass: boolean;
  /** What was compared, e.g. "tasks.finished = 7, expected >= 10" */
  readonly detail: string;
  /** How far the compared values are from holding (|left − right| when it fails); absent when a value is missing. Plan reports the worst seed by it. */
  readonly shortfall?: number;
  /** the metric exists but is null (nothing to measure, e.g. service availability without services) */
  readonly nullValue?: true;
  /**
   * A metric operand whose path is not a number in this run's summary (absent, or a section): a typo
   * (bad input) or a key this run legitimately lacks — the caller decides (unknown-metric.ts).
   */
  readonly unknownMetric?: { readonly variant: string | null; readonly path: readonly string[]; readonly miss: MetricMiss };
}

/** `variants`: every variant of the scenario, so one whose run failed is told apart from a misspelt one. */
export function evaluateAssertion(a: Assertion, runs: ReadonlyMap<string, unknown>, current: string, variants?: readonly string[]): AssertionOutcome {
  const l = operandValue(a.left, runs, current, variants);
  const r = operandValue(a.right, runs, current, variants);
  if (!l.ok) return failedLookup(a, l);
  if (!r.ok) return failedLookup(a, r);
  // durations are compared in ms (`wait.p95<=5m` is 300000); the detail also says them in a human unit
  const ms = [a.left, a.right].some((o) => o.kind === 'metric' && isDurationPath(o.path));
  const fmt = (v: number | null) => (ms && v !== null ? `${fmtNumber(v)} (${humanMs(v)})` : fmtNumber(v));
  const shown = `${l.label} = ${fmt(l.value)}` + (a.right.kind === 'metric' ? `, ${r.label} = ${fmt(r.value)}` : '');
  if (l.value === null || r.value === null) return { text: a.text, pass: false, detail: `${shown} (no value: nothing was measured)`, nullValue: true };
  const x = l.value, y = r.value;
  let pass: boolean;
  switch (a.op) {
    case '>=': pass = x >= y; break;
    case '<=': pass = x <= y; break;
    case '>': pass = x > y; break;
    case '<': pass = x < y; break;
    case '==': pass = x === y; break;
    case '!=': pass = x !== y; break;
    case '~=': {
      const tol = a.relative ? a.tolerance! * Math.abs(y) : a.tolerance!;
      pass = Math.abs(x - y) <= tol + 1e-12;
      break;
    }
  }
  const want = a.op === '~=' ? `within ${a.relative ? `${a.tolerance! * 100}%` : `±${a.tolerance}`} of ${fmt(y)}` : `${a.op} ${fmt(y)}`;
  return { text: a.text, pass, detail: `${shown}; expected ${l.label} ${want}`, shortfall: pass ? 0 : Math.abs(x - y) };
}

function failedLookup(a: Assertion, v: Extract<Value, { ok: false }>): AssertionOutcome {
  return { text: a.text, pass: false, detail: v.error, ...(v.unknown ? { unknownMetric: v.unknown } : {}) };
}

type Value = { ok: true; value: number | null; label: string } | { ok: false; error: string; unknown?: AssertionOutcome['unknownMetric'] };

function operandValue(o: Operand, runs: ReadonlyMap<string, unknown>, current: string, variants?: readonly string[]): Value {
  if (o.kind === 'number') return { ok: true, value: o.value, label: String(o.value) };
  const variant = o.variant ?? current;
  const summary = runs.get(variant);
  if (summary === undefined && variants?.includes(variant)) return { ok: false, error: `@${variant} has no results: its run did not complete` };
  if (summary === undefined) {
    const known = [...runs.keys()].filter((k) => k !== '');
    return { ok: false, error: `unknown variant "@${variant}" (this scenario has ${known.length > 0 ? known.map((k) => `@${k}`).join(', ') : 'no variants'})` };
  }
  const label = (o.variant ? `@${o.variant}.` : '') + formatPath(o.path);
  const v = lookupMetric(summary, o.path);
  return v.ok ? { ok: true, value: v.value, label } : { ok: false, error: v.error, unknown: { variant: o.variant, path: o.path, miss: v.miss } };
}

function fmtNumber(v: number | null): string {
  if (v === null) return 'null';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** 317396 → "5.29 min" (3 significant digits in the unit it reads best in). */
function humanMs(v: number): string {
  const [size, unit] = durationUnit(v);
  return `${Number((v / size).toPrecision(3))} ${unit}`;
}

/** Assertions that only mention runs by `@variant` are evaluated once per scenario, the others per run. */
/** Some operand reads another variant's run (`@name.…`). */
export function readsVariant(a: Assertion): boolean {
  return [a.left, a.right].some((o) => o.kind === 'metric' && o.variant !== null);
}

export function isCrossRun(a: Assertion): boolean {
  const ops = [a.left, a.right].filter((o) => o.kind === 'metric');
  return ops.length > 0 && ops.every((o) => o.kind === 'metric' && o.variant !== null);
}
