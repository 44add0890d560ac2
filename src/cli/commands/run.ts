/** `clustersim run <scenario>`: load, validate, run, write the run directory. */
import type { Argv } from 'yargs';
import { formatDiagnostic } from '../../core/diagnostic.ts';
import { defaultOutDir, ReportFailedError, runScenario, runScenarioWithOutputs } from '../../experiment/run.ts';
import { writeRunReport } from './report.ts';
import { isPluginError, loadScenarioPlugins } from '../../experiment/plugins.ts';
import { loadScenarioSet } from '../../experiment/scenario-set.ts';
import type { Diagnostic } from '../../core/diagnostic.ts';
import type { RunSpec } from '../../scenario/run-spec.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { parseSource } from '../../scenario/source-map.ts';
import { parseOverride, type Override } from '../../scenario/overrides.ts';
import { ExitCode } from '../exit-codes.ts';
import { OutputPathError } from '../../core/atomic-write.ts';
import { invalidTraceMessage, traceDiagnosticLines, traceWarningMessage } from '../../experiment/trace-diagnostics.ts';
import { createProgress } from '../progress.ts';
import { checkDurationOption } from '../duration-options.ts';
import { errorMessage } from '../../core/error-message.ts';

export function registerRunCommand(y: Argv, setExit: (code: number) => void): Argv {
  return y.command(
    'run <scenario>',
    'run a scenario and write its run directory',
    (b) => b
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
      .option('seed', { type: 'string', describe: 'root seed (integer); overrides the scenario' })
      .option('until', { type: 'string', describe: 'simulated end time, e.g. 6h; overrides the scenario' })
      .option('out', { type: 'string', describe: 'run directory (default reports/<scenario>/<runId>)' })
      .option('set', { type: 'string', array: true, describe: 'override a scenario field: path=value (repeatable)' })
      .option('variant', { type: 'string', describe: 'run this one of the scenario\'s `variants` (named <scenario>.<variant>); --set applies on top' })
      .option('force', { type: 'boolean', default: false, describe: 'replace an existing run directory' })
      .option('report', { type: 'boolean', default: true, describe: 'also write report.html, charts/ and tables/ (--no-report: only metrics.json; `clustersim report` renders later)' })
      .option('png', { type: 'boolean', default: false, describe: 'with the report, also write charts/*.png' })
      .option('progress', { type: 'boolean', default: true, describe: 'progress bar on stderr (off when not a TTY or CI is set)' })
      .option('plugin', { type: 'string', array: true, describe: 'policy plugin module(s) to load first (docs/experiments.md "Plugins"); the scenario\'s own `plugins:` are loaded too' }),
    async (argv) => {
      // --png is part of the report: with --no-report it was dropped without a word
      if (argv.png && !argv.report) { console.error('error: --png needs the report; drop --no-report, or render later with clustersim report <runDir> --png'); setExit(ExitCode.invalidInput); return; }
      const overrides: Override[] = [];
      for (const text of argv.set ?? []) {
        const o = parseOverride(text);
        if (typeof o === 'string') { console.error(`error: ${o}`); setExit(ExitCode.invalidInput); return; }
        overrides.push(o);
      }
      if (argv.seed !== undefined) {
        if (!/^-?\d+$/.test(argv.seed)) { console.error(`error: --seed must be an integer, got "${argv.seed}"`); setExit(ExitCode.invalidInput); return; }
        overrides.push({ path: ['seed'], value: Number(argv.seed), source: `--seed ${argv.seed}` });
      }
      // An empty --out would mean "no run directory" further down: a run whose outputs go nowhere.
      if (argv.out !== undefined && argv.out.trim() === '') { console.error('error: --out needs a directory, got ""'); setExit(ExitCode.invalidInput); return; }
      if (argv.until !== undefined) {
        const bad = checkDurationOption('until', argv.until);
        if (bad !== undefined) { console.error(`error: ${bad}`); setExit(ExitCode.invalidInput); return; }
        overrides.push({ path: ['until'], value: argv.until, source: `--until ${argv.until}` });
      }
      const pluginDiags = await loadScenarioPlugins(argv.scenario!, argv.plugin ?? [], overrides); // issue 8
      if (pluginDiags.length > 0) { for (const d of pluginDiags) console.error(formatDiagnostic(d)); setExit(ExitCode.invalidInput); return; }
      const loaded = argv.variant === undefined ? loadScenarioFile(argv.scenario!, overrides) : await loadVariant(argv.scenario!, argv.variant, overrides);
      if (!loaded.spec) {
        for (const d of loaded.diagnostics) console.error(formatDiagnostic(d));
        setExit(ExitCode.invalidInput);
        return;
      }
      const spec = loaded.spec;
      if (argv.variant === undefined) noteVariants(argv.scenario!, loaded.sourceText ?? '');
      const outDir = argv.out ?? defaultOutDir(spec);
      const progress = createProgress(argv.progress);
      let result;
      try {
        const runOpts = {
          outDir, force: argv.force, inputs: [{ path: argv.scenario!, text: loaded.sourceText ?? '' }],
          onProgress: progress?.update,
        };
        result = argv.report
          ? await runScenarioWithOutputs(spec, runOpts, (dir, metrics) => {
            progress?.phase('writing report');
            return writeRunReport(dir, metrics, { subtitle: spec.description || undefined, png: argv.png });
          })
          : runScenario(spec, runOpts);
      } catch (e) {
        progress?.stop();
        if (e instanceof ReportFailedError) {
          // The run directory holds the events, summary and metrics: only the report is missing.
          console.error(`error: ${e.message}`);
          if (process.env.CLUSTERSIM_DEBUG) console.error((e.cause as Error)?.stack);
          console.error(`the run itself is in ${outDir}; write its report again with: clustersim report ${outDir}`);
          setExit(ExitCode.simulationError);
          return;
        }
        const msg = errorMessage(e);
        if (/already exists/.test(msg) || e instanceof OutputPathError || isPluginError(e)) { console.error(`error: ${msg}`); setExit(ExitCode.invalidInput); return; }
        console.error(`simulation error: ${msg}`);
        if (process.env.CLUSTERSIM_DEBUG) console.error((e as Error).stack);
        setExit(ExitCode.simulationError);
        return;
      }
      progress?.stop();
      const s = result.summary as { tasks: { launched: number }; offers: { made: number }; cluster: { meanAllocated: { cpus: number; mem: number } } };
      console.log(`${spec.name}: ${result.eventsDispatched} kernel events, ${s.offers.made} offers, ${s.tasks.launched} tasks launched; ` +
        `mean allocation cpus ${(s.cluster.meanAllocated.cpus * 100).toFixed(1)}%, mem ${(s.cluster.meanAllocated.mem * 100).toFixed(1)}%`);
      console.log(`event digest ${result.digest}`);
      console.log(outDir);
      // issue 6: bad trace rows were skipped; the run directory is written, and the exit code says so
      if (result.traceDiagnostics !== null) for (const line of traceDiagnosticLines(result.traceDiagnostics, undefined, argv.scenario!)) console.error(line);
      const suspect = traceWarningMessage(result.traceDiagnostics); // CS6015: Google times not in µs
      if (suspect !== undefined) console.error(`warning: ${suspect}`);
      const invalid = invalidTraceMessage(result.traceDiagnostics);
      if (invalid !== undefined) { console.error(`error: ${invalid}; the run directory was written: ${outDir}`); setExit(ExitCode.invalidInput); }
    },
  );
}

/** One named variant of a scenario file (the same overrides `clustersim check` applies to it). */
async function loadVariant(file: string, variant: string, overrides: readonly Override[]): Promise<{ spec: RunSpec | null; diagnostics: readonly Diagnostic[]; sourceText: string }> {
  const set = await loadScenarioSet(file, { overrides, variants: [variant] });
  return { spec: set.runs[0]?.spec ?? null, diagnostics: set.diagnostics, sourceText: set.text };
}

/** A file with `variants:` run as written runs its base only: say so, and how to run one variant. */
function noteVariants(file: string, text: string): void {
  const value = parseSource(file, text).value as { variants?: unknown } | null;
  const v = value?.variants;
  if (!v || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length === 0) return;
  console.error(`note: ${file} has variants ${Object.keys(v).join(', ')}; this runs the file as written (--variant <name> runs one; check runs all)`);
}
