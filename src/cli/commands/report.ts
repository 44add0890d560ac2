/**
 * `clustersim report <runDir>`: regenerate report.html, charts/ and tables/ from a run directory.
 *
 * Source of truth: the run's metrics.json. A run directory without one (written before metrics.json
 * existed) is re-run in memory from the manifest's normalized scenario and seed, and the event-log
 * digest is checked against the manifest's before anything is written (a mismatch is exit 3).
 * Outputs are staged in a temporary directory and moved into place.
 */
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { canonicalJson } from '../../core/canonical-json.ts';
import { removeAbandonedStages, writeFileAtomic } from '../../core/atomic-write.ts';
import { makeDirectory } from '../../core/make-directory.ts';
import { runScenario } from '../../experiment/run.ts';
import type { MetricsResult } from '../../metrics/metrics-result.ts';
import { reportDataFromMetrics } from '../../report/from-metrics.ts';
import { readRunDir, RunDirError } from '../../report/run-dir.ts';
import type { RunSpec } from '../../scenario/run-spec.ts';
import { ExitCode } from '../exit-codes.ts';

/** Write the report files of `metrics` into `dir` (staged, then moved over any previous ones). */
export async function writeRunReport(dir: string, metrics: MetricsResult, opts: { subtitle?: string; png?: boolean } = {}): Promise<string[]> {
  const stage = join(dir, `.tmp-report-${process.pid}`);
  removeAbandonedStages(dir, '.tmp-report-'); // a report stopped by Ctrl-C left its stage behind
  rmSync(stage, { recursive: true, force: true });
  makeDirectory(stage);
  try {
    // Loaded when a report is written: the renderers (vega, vega-lite, arquero) are half a second of
    // start-up that every other command (check, plan, validate, sweep workers, --version) would pay.
    const { writeReport } = await import('../../report/write-report.ts');
    const files = await writeReport(stage, reportDataFromMetrics(metrics, { subtitle: opts.subtitle }), { png: opts.png ?? false });
    for (const top of [...new Set(files.map((f) => f.split('/')[0]))]) {
      rmSync(join(dir, top), { recursive: true, force: true });
      renameSync(join(stage, top), join(dir, top));
    }
    return files;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * The manifest lists every output (docs/outputs.md): add what `report` wrote to a run made without it,
 * and drop what it replaced (charts/*.png of an earlier `report --png`, now gone), `replaced` being the
 * top-level entries writeRunReport moved into place.
 */
function listInManifest(dir: string, manifest: Record<string, unknown> | null | undefined, files: readonly string[], replaced: ReadonlySet<string>): void {
  if (!manifest || !Array.isArray(manifest.outputs)) return;
  const before = manifest.outputs as string[];
  const kept = before.filter((f) => !replaced.has(f.split('/')[0]));
  const outputs = [...new Set([...kept, ...files])].sort();
  const was = [...before].sort();
  if (outputs.length === was.length && outputs.every((f, i) => f === was[i])) return; // unchanged: the manifest stays byte for byte
  writeFileAtomic(join(dir, 'manifest.json'), canonicalJson({ ...manifest, outputs }, 2) + '\n');
}

/**
 * What makes a manifest's normalized scenario unfit to re-run, checked before running it: the parts
 * every run reads first. A run time that is not a whole number of ms would never end the run.
 */
function recordedSpecProblem(spec: RunSpec): string | null {
  if (typeof spec.name !== 'string') return 'name is not a string';
  if (typeof spec.seed !== 'string' && typeof spec.seed !== 'number') return 'seed is not a string or number';
  if (!Number.isSafeInteger(spec.untilMs) || spec.untilMs < 0) return `untilMs ${JSON.stringify(spec.untilMs)} is not a whole number of ms`;
  if (typeof spec.master !== 'object' || spec.master === null || Array.isArray(spec.master)) return 'master is not an object';
  for (const k of ['agents', 'frameworks', 'timeline'] as const) if (!Array.isArray(spec[k])) return `${k} is not a list`;
  return null;
}

export function registerReportCommand(y: Argv, setExit: (code: number) => void): Argv {
  return y.command(
    'report <runDir>',
    'regenerate report.html, charts/ and tables/ of a run directory',
    (b) => b
      .positional('runDir', { type: 'string', demandOption: true, describe: 'a run directory written by `clustersim run`' })
      .option('png', { type: 'boolean', default: false, describe: 'also write charts/*.png' }),
    async (argv) => {
      const dir = argv.runDir!;
      let contents;
      try {
        contents = readRunDir(dir);
      } catch (e) {
        if (e instanceof RunDirError) { console.error(`error: ${e.message}`); setExit(ExitCode.invalidInput); return; }
        throw e;
      }
      let metrics = contents.metrics;
      const spec = contents.manifest?.scenario as RunSpec | undefined;
      if (metrics === null) {
        const expected = contents.manifest?.eventLog?.sha256;
        if (!spec || typeof spec !== 'object' || typeof expected !== 'string') {
          console.error(`error: ${dir}: no metrics.json and the manifest has no scenario/digest to re-run from`);
          setExit(ExitCode.invalidInput);
          return;
        }
        const problem = recordedSpecProblem(spec);
        if (problem !== null) {
          console.error(`error: ${join(dir, 'manifest.json')}: the scenario recorded there cannot be re-run: ${problem}`);
          setExit(ExitCode.invalidInput);
          return;
        }
        console.error(`${dir}: no metrics.json; re-running ${spec.name} (seed ${String(spec.seed)}) from the manifest`);
        let r;
        try {
          r = runScenario(spec, { outDir: null });
        } catch (e) {
          // The spec was written by a run, so a failure means the manifest was edited or damaged.
          console.error(`error: ${join(dir, 'manifest.json')}: the scenario recorded there cannot be re-run: ${(e as Error).message}`);
          setExit(ExitCode.invalidInput);
          return;
        }
        if (r.digest !== expected) {
          console.error(`error: re-run digest ${r.digest} differs from the manifest's ${expected} (different clustersim version?); nothing written`);
          setExit(ExitCode.simulationError);
          return;
        }
        metrics = r.metrics;
        writeFileAtomic(join(dir, 'metrics.json'), canonicalJson(metrics) + '\n');
      }
      const files = await writeRunReport(dir, metrics, { subtitle: spec?.description || undefined, png: argv.png });
      listInManifest(dir, contents.manifest, ['metrics.json', ...files], new Set(files.map((f) => f.split('/')[0])));
      console.log(`${files.length} files written`);
      console.log(join(dir, 'report.html'));
    },
  );
}
