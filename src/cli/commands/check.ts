/**
 * `clustersim check <scenarios..> [--golden DIR] [--update] [--junit FILE] [--tolerance T] [--tolerance-counts T]
 *  [--tolerance-path PATH=T] [--plugin M]`:
 * regression checks for CI (src/experiment/check.ts). Exit 0 when every check passes, 1 on any
 * failed assertion or golden difference, 2 on invalid input.
 * With `--plugin`, the plugin's sorters are also run through the allocator conformance cases
 * (src/experiment/conformance.ts), its estimators and QoS controllers through the agent-side
 * contract (src/experiment/policy-contracts.ts), its framework models through the scheduler
 * contract (src/experiment/model-contract.ts) and its offer policies through theirs
 * (src/experiment/offer-policy-contract.ts), so an author sees where a plugin departs from Mesos.
 */
import { dirname, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { formatDiagnostic } from '../../core/diagnostic.ts';
import { checkScenarioFile, formatCheck, toJUnit, unmatchedEverywhere, type FileCheck } from '../../experiment/check.ts';
import { formatConformance, runConformance, conformanceToFileCheck } from '../../experiment/conformance.ts';
import { goldenPath, parsePathTolerances, parseTolerance, type PathTolerance } from '../../experiment/golden.ts';
import { contractToFileCheck, formatContract, pluginPolicyOptions, runEstimatorContract, runQosContract } from '../../experiment/policy-contracts.ts';
import { runSorterContract } from '../../experiment/sorter-contract.ts';
import { pluginModelOptions, runModelContract } from '../../experiment/model-contract.ts';
import { runOfferPolicyContract } from '../../experiment/offer-policy-contract.ts';
import { runAllocatorInvariants } from '../../experiment/allocator-invariants.ts';
import { checkInWorkers } from '../../experiment/check-workers.ts';
import { junitXml } from '../../experiment/junit.ts';
import { loadPlugins } from '../../experiment/plugins.ts';
import { loadScenarioSet } from '../../experiment/scenario-set.ts';
import { parseOverride, type Override } from '../../scenario/overrides.ts';
import { ExitCode } from '../exit-codes.ts';
import { refuseOutputFile, statOrNull } from '../output-file.ts';
import { unwritableDirectory, unwritableFile } from '../writable-output.ts';

export function registerCheckCommand(y: Argv, setExit: (code: number) => void): Argv {
  return y.command(
    'check [scenarios..]',
    'run scenarios and check their expect: assertions and golden summaries (exit 1 on regression)',
    (b) => b
      .positional('scenarios', { type: 'string', array: true, describe: 'scenario files' })
      .option('golden', { type: 'string', describe: 'directory of golden summaries (<name>.summary.json)' })
      .option('update', { type: 'boolean', default: false, describe: 'write the golden summaries instead of comparing' })
      .option('junit', { type: 'string', describe: 'write JUnit XML here' })
      .option('tolerance', { type: 'string', describe: 'golden band for fractional numbers and durations (ms): relative number, or rel=1e-6,abs=1e-9 (abs may be a duration, abs=30s); counts stay exact' })
      .option('tolerance-counts', { type: 'string', describe: 'golden band for counts (tasks, offers, events), exact without it: relative number, or rel=0.01,abs=2' })
      .option('tolerance-path', { type: 'string', array: true, describe: 'golden band for chosen metrics, whatever their kind: PATH=T, e.g. waitMs.p95=rel=0.2 or offers.**=abs=5 (* within a key, ** across; repeatable, first match wins)' })
      .option('set', { type: 'string', array: true, describe: 'override a scenario field: path=value (repeatable)' })
      .option('plugin', { type: 'string', array: true, describe: 'policy plugin module(s); their sorters are run through the conformance cases, estimators, QoS controllers, framework models and offer policies through their contracts' })
      .option('workers', { type: 'number', default: 1, describe: 'check the scenario files in this many processes (same report, JUnit and exit code)' })
      .option('results-json', { type: 'string', hidden: true, describe: 'internal (--workers): write the scenario checks here as JSON and print nothing' }),
    async (argv) => {
      const fail = (msg: string) => { console.error(`error: ${msg}`); setExit(ExitCode.invalidInput); };
      const scenarios = argv.scenarios ?? [];
      const plugins = argv.plugin ?? [];
      if (scenarios.length === 0 && plugins.length === 0) return fail('name at least one scenario file, or a --plugin to check');
      // a single-valued option given twice: yargs makes it a list, and the band it meant is a guess
      const twice = repeatedOption(argv as unknown as Record<string, unknown>, ['golden', 'junit', 'tolerance', 'tolerance-counts', 'workers']);
      if (twice !== undefined) return fail(twice);
      if (argv.update && !argv.golden) return fail('--update needs --golden DIR');
      // Output and golden locations are checked before anything runs (src/cli/writable-output.ts).
      if (argv.golden !== undefined && !argv.update) {
        const g = statOrNull(argv.golden);
        if (g === null) return fail(`--golden ${argv.golden}: no such directory (record the goldens with --update)`);
        if (!g.isDirectory()) return fail(`--golden ${argv.golden}: not a directory`);
      }
      if (argv.golden !== undefined && argv.update) {
        const bad = unwritableDirectory(argv.golden);
        if (bad !== undefined) return fail(`--golden: ${bad}`);
      }
      if (argv.junit !== undefined) {
        // A report from the last CI run is replaced as a matter of course; a scenario or a golden file is not.
        const bad = unwritableFile(argv.junit) ?? refuseOutputFile(argv.junit, true, scenarios, '--junit') ?? goldenFileRefusal(argv.junit, argv.golden);
        if (bad !== undefined) return fail(bad);
      }
      const tolerance = argv.tolerance === undefined ? undefined : parseTolerance(argv.tolerance);
      if (typeof tolerance === 'string') return fail(tolerance);
      const toleranceCounts = argv.toleranceCounts === undefined ? undefined : parseTolerance(argv.toleranceCounts, '--tolerance-counts');
      if (typeof toleranceCounts === 'string') return fail(toleranceCounts);
      const tolerancePaths: PathTolerance[] | string = parsePathTolerances(argv.tolerancePath ?? []);
      if (typeof tolerancePaths === 'string') return fail(tolerancePaths);
      if (!argv.golden && (tolerance || toleranceCounts || tolerancePaths.length > 0)) {
        return fail('--tolerance, --tolerance-counts and --tolerance-path set the bands of the golden comparison: give --golden DIR (expect.metrics assertions carry their own ± band)');
      }
      const overrides: Override[] = [];
      for (const text of argv.set ?? []) {
        const o = parseOverride(text);
        if (typeof o === 'string') return fail(o);
        overrides.push(o);
      }
      const loaded = await loadPlugins(plugins);
      if (typeof loaded === 'string') return fail(loaded);
      if (argv.golden !== undefined && argv.resultsJson === undefined) {
        const shared = await sharedGoldenFile(scenarios, argv.golden, overrides);
        if (shared !== undefined) return fail(shared);
      }

      const workers = argv.workers;
      if (!Number.isInteger(workers) || workers < 1) return fail(`--workers must be a positive integer${Number.isNaN(workers) ? '' : `, got ${workers}`}`);
      const files: FileCheck[] = [];
      if (workers > 1 && scenarios.length > 1 && argv.resultsJson === undefined) {
        files.push(...await checkInWorkers(scenarios, passThroughOptions(argv), workers));
        for (const f of files) for (const d of f.diagnostics) console.error(formatDiagnostic(d));
      } else {
        for (const file of scenarios) {
          const checked = await checkScenarioFile(file, { goldenDir: argv.golden ?? null, update: argv.update, tolerance, toleranceCounts, tolerancePaths, overrides });
          if (argv.resultsJson === undefined) for (const d of checked.diagnostics) console.error(formatDiagnostic(d));
          files.push(checked);
        }
      }
      if (argv.resultsJson !== undefined) { // a --workers child: the parent reports
        writeFileAtomic(resolve(argv.resultsJson), JSON.stringify(files));
        return;
      }
      const policyOptions = loaded.length > 0 ? await pluginPolicyOptions(scenarios) : null;
      const modelOptions = loaded.length > 0 ? await pluginModelOptions(scenarios) : null;
      for (const p of loaded) {
        if (p.sorters.length + p.estimators.length + p.qosControllers.length + p.frameworks.length + p.offerPolicies.length === 0) {
          console.error(`note: plugin ${p.path} registered nothing to check`);
        }
        for (const sorter of p.sorters) {
          const report = runConformance(sorter);
          for (const line of formatConformance(report, p.path)) console.log(line);
          files.push(conformanceToFileCheck(report));
        }
        // The Sorter contract (sorter-contract.ts); estimators and QoS controllers: the agent side (§4).
        const contracts = [
          ...p.sorters.flatMap((name) => [runSorterContract(name), runAllocatorInvariants(name)]),
          ...p.estimators.map((name) => runEstimatorContract(name, policyOptions?.estimators.get(name))),
          ...p.qosControllers.map((name) => runQosContract(name, policyOptions?.qos.get(name))),
          ...p.frameworks.map((name) => runModelContract(name, modelOptions?.get(name))), // model-contract.ts
          ...p.offerPolicies.map((name) => runOfferPolicyContract(name, policyOptions?.offerPolicies.get(name))), // offer-policy-contract.ts
        ];
        for (const report of contracts) {
          for (const line of formatContract(report, p.path)) console.log(line);
          files.push(contractToFileCheck(report));
        }
      }
      for (const line of formatCheck(files, (f) => !f.file.startsWith('conformance[') && !f.file.startsWith('contract['))) console.log(line);
      for (const w of unmatchedEverywhere(files, tolerancePaths)) console.error(`warning: ${w}`);
      if (argv.junit) {
        writeFileAtomic(resolve(argv.junit), junitXml('clustersim check', toJUnit(files)));
        console.error(`JUnit XML: ${argv.junit}`);
      }
      const all = files.flatMap((f) => f.cases);
      if (all.some((c) => c.status === 'error' && c.name === 'simulate')) setExit(ExitCode.simulationError);
      if (all.some((c) => c.status === 'error')) setExit(ExitCode.invalidInput);
      else if (all.some((c) => c.status === 'fail')) setExit(ExitCode.regression);
    },
  );
}

/** "--tolerance given twice (rel=0.1, rel=0.2): give it once" for the first of `names` yargs collected into a list. */
/** A --junit path that is a golden summary (`<golden dir>/<run>.summary.json`) would replace a baseline. */
function goldenFileRefusal(junit: string, golden: string | undefined): string | undefined {
  if (golden === undefined || !junit.endsWith('.summary.json')) return undefined;
  if (relative(resolve(golden), dirname(resolve(junit))) !== '') return undefined;
  return `--junit ${junit} is a golden summary in ${golden}; write the report elsewhere`;
}

function repeatedOption(argv: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = argv[name];
    if (Array.isArray(v)) return `--${name} given ${v.length === 2 ? 'twice' : `${v.length} times`} (${v.map(String).join(', ')}): give it once${name.startsWith('tolerance') ? ' (one band: rel=<x>,abs=<y>)' : ''}`;
  }
  return undefined;
}

/** The options a --workers child needs to check its files exactly as this process would. */
function passThroughOptions(argv: { golden?: string; update?: boolean; tolerance?: string; toleranceCounts?: string; tolerancePath?: string[]; set?: string[]; plugin?: string[] }): string[] {
  const out: string[] = [];
  if (argv.golden !== undefined) out.push('--golden', argv.golden);
  if (argv.update) out.push('--update');
  if (argv.tolerance !== undefined) out.push('--tolerance', argv.tolerance);
  if (argv.toleranceCounts !== undefined) out.push('--tolerance-counts', argv.toleranceCounts);
  for (const t of argv.tolerancePath ?? []) out.push('--tolerance-path', t);
  for (const s of argv.set ?? []) out.push('--set', s);
  for (const p of argv.plugin ?? []) out.push('--plugin', p);
  return out;
}

/**
 * Two runs whose summaries would go to one golden file (two scenarios with one `name:`, or a scenario
 * named `a.b` beside scenario `a`'s variant `b`): `--update` wrote the second over the first and
 * the next check failed the first; without it both were compared with one file. Refused before
 * anything runs. Files that do not load are left to the check itself, which reports them.
 */
async function sharedGoldenFile(scenarios: readonly string[], dir: string, overrides: readonly Override[]): Promise<string | undefined> {
  const owner = new Map<string, string>();
  for (const file of scenarios) {
    const set = await loadScenarioSet(file, { overrides });
    for (const { variant, spec } of set.runs) {
      const path = goldenPath(dir, spec.name);
      const who = `${file}${variant === '' ? '' : ` (variant ${variant})`}`;
      const first = owner.get(path);
      if (first !== undefined) return `${first} and ${who} are both named "${spec.name}": their golden summaries would be one file, ${path}; give them different names`;
      owner.set(path, who);
    }
  }
  return undefined;
}
