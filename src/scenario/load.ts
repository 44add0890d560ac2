/**
 * Load a scenario: read the file, parse YAML/JSON keeping positions, apply CLI overrides
 * (`--set path=value`, `--seed`, `--until`) to the parsed value, validate with zod, normalize.
 * Every problem is returned as a diagnostic with file:line:column — all of them, not just the first:
 * a file the schema rejects is also normalized without the rejected parts (partial-validate.ts) —
 * sorted by line and column (not by the stage that found them), unlocated ones last.
 */
import { readFileSync } from 'node:fs';
import { sortDiagnostics, type Diagnostic } from '../core/diagnostic.ts';
import { ScenarioSchema } from './schema.ts';
import { diagnosticAt, locate, parseSource, type SourceDoc } from './source-map.ts';
import { normalizeScenario, type RunSpec } from './normalize.ts';
import { applyOverrides, attributeToOverrides, type Override } from './overrides.ts';
import { laterStageDiagnostics, type Issue } from './partial-validate.ts';
import { expandUnionIssues } from './union-issues.ts';

export interface LoadResult {
  readonly spec?: RunSpec;
  readonly diagnostics: readonly Diagnostic[];
  readonly sourceText?: string;
}

export function loadScenarioFile(file: string, overrides: readonly Override[] = []): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { diagnostics: [{ code: 'CS1000', severity: 'error', message: `cannot read scenario file: ${(e as Error).message}`, file }] };
  }
  return { ...loadScenarioText(file, text, overrides), sourceText: text };
}

/** Diagnostics in file order (line, column; unlocated last), whatever stage found them. */
export function loadScenarioText(file: string, text: string, overrides: readonly Override[] = []): LoadResult {
  const result = loadInProcessingOrder(file, text, overrides);
  return { ...result, diagnostics: sortDiagnostics(result.diagnostics) };
}

function loadInProcessingOrder(file: string, text: string, overrides: readonly Override[]): LoadResult {
  const { source, value, diagnostics } = parseSource(file, text);
  if (diagnostics.length > 0) return { diagnostics };
  const overridden = applyOverrides(value, overrides);
  if (typeof overridden === 'string') return { diagnostics: [{ code: 'CS1005', severity: 'error', message: overridden }] };
  const parsed = ScenarioSchema.safeParse(overridden);
  if (!parsed.success) {
    const issues = parsed.error.issues as unknown as Issue[];
    const toDiagnostic = (i: Issue) => issueToDiagnostic(source, i);
    // Every problem in one pass: also the units and references of the parts the schema accepts (partial-validate.ts).
    const diagnostics = [...expandUnionIssues(issues).map(toDiagnostic), ...laterStageDiagnostics(overridden, issues, source, toDiagnostic)];
    return { diagnostics: attributeToOverrides(diagnostics, overrides, value, locateIn(source)) };
  }
  const result = normalizeScenario(parsed.data, source);
  return overrides.length === 0 ? result : { ...result, diagnostics: attributeToOverrides(result.diagnostics, overrides, value, locateIn(source)) };
}

/** Where an override's entry is written in the file (`at`: the path of its map, then its key). */
const locateIn = (source: SourceDoc) => (at: readonly string[]) => locate(source, at.slice(0, -1), at[at.length - 1]);

type ZodIssue = { code: string; path: PropertyKey[]; message: string; keys?: string[]; options?: unknown[]; expected?: string };

function issueToDiagnostic(source: SourceDoc, issue: ZodIssue): Diagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys' && issue.keys && issue.keys.length > 0) {
    // `clustersim run sweeps/x.yaml`: a sweep file (docs/distributed-sweeps.md) is not a scenario
    const sweep = path.length === 0 && issue.keys.includes('base') && issue.keys.includes('axes')
      ? '; this looks like a sweep file (base, axes): plan it with `clustersim sweep plan <file> --out plan.jsonl`' : '';
    return diagnosticAt(source, path, 'CS1003', `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling; see scenarios/scenario.schema.json${sweep})`, issue.keys[0]);
  }
  let message = issue.message;
  if (issue.code === 'invalid_union' && path[path.length - 1] === 'do') message = 'unknown timeline action';
  // A field of one type, or of a union of types (union-issues.ts says which), that is not there at all.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && /received undefined$/.test(message)) message = `missing required field "${String(path[path.length - 1])}"`;
  return diagnosticAt(source, path, 'CS1002', message);
}
