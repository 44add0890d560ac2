/**
 * Allocator conformance for a plugin policy: the scenarios under scenarios/conformance/ (each a
 * Mesos HierarchicalAllocatorTest case, see test/conformance/) plus the DRF paper example
 * (scenarios/drf-paper.yaml, case P1b), run with the plugin's sorter as role and framework sorter.
 *
 * The reference offers are the scenario's own `expect.offers` when it has them, otherwise the offers
 * the built-in DRF allocator makes on it — the ones test/conformance pins to the Mesos tests' expected
 * offers. Same seed, same shuffle: a policy that orders like DRF reproduces them exactly, and any
 * departure is reported at its first differing offer.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../core/diagnostic.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import type { ExpectedOffer, RunSpec } from '../scenario/run-spec.ts';
import type { FileCheck } from './check.ts';
import { checkOffers, offerEvents } from './offers-expectation.ts';
import { runScenario } from './run.ts';
import { errorMessage } from '../core/error-message.ts';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export function conformanceFiles(): string[] {
  const dir = join(SCENARIOS, 'conformance');
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
  return [...files, join(SCENARIOS, 'drf-paper.yaml')];
}

export interface ConformanceCase {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly reference: 'expect.offers' | 'built-in drf';
  readonly pass: boolean;
  /** first departure, when failing */
  readonly problem: string | null;
}

export interface ConformanceReport {
  readonly sorter: string;
  readonly cases: readonly ConformanceCase[];
}

export function runConformance(sorter: string, files: readonly string[] = conformanceFiles()): ConformanceReport {
  const cases: ConformanceCase[] = [];
  for (const file of files) {
    const loaded = loadScenarioFile(file);
    if (!loaded.spec) {
      cases.push({ file, name: basename(file), description: '', reference: 'built-in drf', pass: false, problem: loaded.diagnostics.map(formatDiagnostic).join('\n') });
      continue;
    }
    const spec = loaded.spec;
    let expected: readonly ExpectedOffer[];
    let exact: boolean;
    let reference: ConformanceCase['reference'];
    if (spec.expect.offers !== null) {
      expected = spec.expect.offers; exact = spec.expect.offersExact; reference = 'expect.offers';
    } else {
      expected = offerEvents(runScenario(spec, { keepEvents: true }).events ?? [])
        .map((o) => ({ atMs: o.t, framework: o.framework, agent: o.agent, role: o.role, resources: o.resources }));
      exact = true; reference = 'built-in drf';
    }
    const candidate: RunSpec = { ...spec, master: { ...spec.master, roleSorter: sorter, frameworkSorter: sorter } };
    let problem: string | null;
    try {
      problem = checkOffers(expected, exact, offerEvents(runScenario(candidate, { keepEvents: true }).events ?? []));
    } catch (e) {
      problem = `the run failed: ${errorMessage(e)}`;
    }
    cases.push({ file, name: spec.name, description: spec.description, reference, pass: problem === null, problem });
  }
  return { sorter, cases };
}

export function formatConformance(r: ConformanceReport, plugin: string): string[] {
  const failed = r.cases.filter((c) => !c.pass).length;
  const lines = [`conformance of sorter "${r.sorter}" (${plugin}) against the Mesos allocator cases:`];
  for (const c of r.cases) {
    lines.push(`  ${c.pass ? 'PASS' : 'FAIL'} ${c.name}${c.description ? ` — ${c.description}` : ''}`);
    if (!c.pass && c.problem) for (const l of c.problem.split('\n')) lines.push(`       ${l}`);
  }
  lines.push(failed === 0
    ? `  "${r.sorter}" reproduces every reference offer sequence (${r.cases.length} cases).`
    : `  "${r.sorter}" departs from Mesos DRF allocation in ${failed} of ${r.cases.length} cases (reference: the case's expect.offers, else the built-in DRF run that test/conformance pins to the Mesos tests).`);
  return lines;
}

export function conformanceToFileCheck(r: ConformanceReport): FileCheck {
  return {
    file: `conformance[${r.sorter}]`,
    diagnostics: [],
    cases: r.cases.map((c) => ({
      run: `${c.name}[sorter=${r.sorter}]`, name: `offers vs ${c.reference}`, status: c.pass ? 'pass' : 'fail',
      message: c.pass ? 'same offers' : (c.problem ?? 'failed').split('\n')[0], details: c.pass ? [] : (c.problem ?? '').split('\n').slice(1),
    })),
  };
}
