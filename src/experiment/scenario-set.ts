/**
 * One scenario file → the runs it asks for: the scenario itself, or one run per entry of
 * `variants:` (each a set of path=value overrides applied before the CLI's `--set`, and named
 * `<name>.<variant>`). Scenario `plugins:` are loaded first (paths relative to the file) so the
 * names they register validate. Also returns the file's `expect.metrics` assertions.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { closestNames } from '../core/closest-names.ts';
import { sortDiagnostics, type Diagnostic } from '../core/diagnostic.ts';
import { parseAssertion, type Assertion } from '../scenario/metric-assertion.ts';
import { loadScenarioText } from '../scenario/load.ts';
import { applyOverrides, type Override } from '../scenario/overrides.ts';
import type { RunSpec } from '../scenario/run-spec.ts';
import { diagnosticAt, parseSource } from '../scenario/source-map.ts';
import { loadPlugins } from './plugins.ts';

export interface ScenarioRun {
  /** '' when the scenario has no variants */
  readonly variant: string;
  readonly spec: RunSpec;
}

export interface ScenarioSet {
  readonly file: string;
  readonly text: string;
  readonly runs: readonly ScenarioRun[];
  readonly assertions: readonly Assertion[];
  readonly plugins: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface ScenarioSetOptions {
  readonly overrides?: readonly Override[];
  /** run only these variants (all when empty or absent) */
  readonly variants?: readonly string[];
}

export async function loadScenarioSet(file: string, opts: ScenarioSetOptions = {}): Promise<ScenarioSet> {
  const empty = { file, text: '', runs: [], assertions: [], plugins: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ...empty, diagnostics: [{ code: 'CS1000', severity: 'error', message: `cannot read scenario file: ${(e as Error).message}`, file }] };
  }
  const { source, value, diagnostics } = parseSource(file, text);
  if (diagnostics.length > 0) return { ...empty, text, diagnostics };
  const overridden = applyOverrides(value ?? {}, opts.overrides ?? []);
  if (typeof overridden === 'string') return { ...empty, text, diagnostics: [{ code: 'CS1005', severity: 'error', message: overridden, file }] };
  const raw = overridden as Record<string, unknown>;
  const plugins = Array.isArray(raw.plugins) ? raw.plugins.filter((p): p is string => typeof p === 'string') : [];
  if (plugins.length > 0) {
    const r = await loadPlugins(plugins, dirname(file));
    if (typeof r === 'string') return { ...empty, text, diagnostics: [diagnosticAt(source, ['plugins'], 'CS8001', r)] };
  }
  const variants = raw.variants && typeof raw.variants === 'object' && !Array.isArray(raw.variants) ? raw.variants as Record<string, unknown> : null;
  const wanted = opts.variants ?? [];
  const out: ScenarioRun[] = [];
  const all: Diagnostic[] = [];
  const cli = opts.overrides ?? [];
  if (variants === null || Object.keys(variants).length === 0) {
    if (wanted.length > 0) all.push({ code: 'CS8002', severity: 'error', message: `--variant ${wanted.join(', ')}: the scenario has no variants`, file });
    const r = loadScenarioText(file, text, cli);
    all.push(...r.diagnostics);
    if (r.spec) out.push({ variant: '', spec: r.spec });
  } else {
    for (const w of wanted) if (!(w in variants)) all.push({ code: 'CS8002', severity: 'error', message: unknownVariant(w, Object.keys(variants)), file });
    for (const [name, sets] of Object.entries(variants)) {
      if (wanted.length > 0 && !wanted.includes(name)) continue;
      const overrides: Override[] = [];
      if (sets && typeof sets === 'object' && !Array.isArray(sets)) {
        for (const [path, v] of Object.entries(sets)) overrides.push({ path: path.split('.').filter((s) => s !== ''), value: v, at: ['variants', name, path] });
      }
      if (typeof raw.name === 'string') overrides.push({ path: ['name'], value: `${raw.name}.${name}` });
      const r = loadScenarioText(file, text, [...overrides, ...cli]);
      // an unknown @variant in expect.metrics (CS8003) is the file's, not this variant's
      for (const d of r.diagnostics) all.push(d.code === 'CS8003' ? d : { ...d, message: `variant "${name}": ${d.message}` });
      if (r.spec) out.push({ variant: name, spec: r.spec });
    }
  }
  const assertions: Assertion[] = [];
  const metrics = (raw.expect as { metrics?: unknown } | undefined)?.metrics;
  if (Array.isArray(metrics)) {
    metrics.forEach((m) => {
      if (typeof m !== 'string') return;
      const a = parseAssertion(m);
      if (typeof a !== 'string') assertions.push(a); // syntax errors are already diagnostics from the schema
    });
  }
  const diags = uniqueDiagnostics(all);
  return { file, text, runs: diags.some((d) => d.severity === 'error') ? [] : out, assertions, plugins, diagnostics: diags };
}

/**
 * Diagnostics in file order (line, column; stable, so variants keep their order at one place),
 * unlocated ones last, without the repeats every variant makes (same place, same message body).
 */
export function uniqueDiagnostics(all: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return sortDiagnostics(all).filter((d) => {
    const key = `${d.line}:${d.column}:${d.code}:${d.message.replace(/^variant "[^"]+": /, '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `unknown variant "wieghted" (known: fair, weighted, quota); did you mean weighted?` */
function unknownVariant(name: string, known: readonly string[]): string {
  const close = closestNames(name, known).slice(0, 3);
  return `unknown variant "${name}" (known: ${known.join(', ')})${close.length > 0 ? `; did you mean ${close.join(' or ')}?` : ''}`;
}
