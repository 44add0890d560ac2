/**
 * `clustersim compare <runA> <runB> [...]`: a side-by-side report of several runs — compare.html,
 * compare.md (headline metrics with deltas against the first run), overlay charts and
 * tables/headline.{csv,arrow}. Reads each run's metrics.json; the output directory is staged and
 * renamed into place (never replaced without --force).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { stageDirectory } from '../../core/atomic-write.ts';
import { sha256 } from '../../core/hash.ts';
import { reportDataFromMetrics } from '../../report/from-metrics.ts';
import type { RunData } from '../../report/report-data.ts';
import { readRunDir, RunDirError } from '../../report/run-dir.ts';
import { comparedRunDifferences } from '../../report/compare.ts';
import { differencesLine, runOrigin } from '../../report/run-origin.ts';

/** summary.json of a run directory, or null (absent or unreadable: the origin then uses the manifest / metrics). */
function readSummary(dir: string): unknown {
  const p = join(dir, 'summary.json');
  if (!existsSync(p)) return null;
  try { return JSON.parse(readFileSync(p, 'utf8')); } catch { return null; }
}
import { ExitCode } from '../exit-codes.ts';

/** Legend labels: the scenario name, made unique with the seed and then the run directory name. */
export function runLabels(runs: { scenario: string; seed: string | number; dir: string }[]): string[] {
  const names = runs.map((r) => r.scenario);
  const dup = (xs: string[], i: number) => xs.filter((x) => x === xs[i]).length > 1;
  const withSeed = names.map((n, i) => (dup(names, i) ? `${n} (seed ${String(runs[i].seed)})` : n));
  return withSeed.map((n, i) => (dup(withSeed, i) ? `${n} ${basename(resolve(runs[i].dir))}` : n))
    .map((n, i, all) => (dup(all, i) ? `${n} #${i + 1}` : n));
}

export function registerCompareCommand(y: Argv, setExit: (code: number) => void): Argv {
  return y.command(
    'compare <runs..>',
    'compare two or more run directories side by side (the first is the baseline)',
    (b) => b
      .positional('runs', { type: 'string', array: true, demandOption: true, describe: 'run directories' })
      .option('out', { type: 'string', describe: 'output directory (default reports/compare/<hash of the run paths>)' })
      .option('label', { type: 'string', array: true, describe: 'legend label per run, in order' })
      .option('force', { type: 'boolean', default: false, describe: 'replace an existing output directory' })
      .option('png', { type: 'boolean', default: false, describe: 'also write charts/*.png' }),
    async (argv) => {
      const dirs = argv.runs ?? [];
      if (dirs.length < 2) { console.error('error: compare needs at least two run directories'); setExit(ExitCode.invalidInput); return; }
      const loaded = [];
      for (const dir of dirs) {
        try {
          const c = readRunDir(dir);
          if (!c.metrics) throw new RunDirError(`${dir}: no metrics.json (run \`clustersim report ${dir}\` to recreate it)`);
          loaded.push({ dir, metrics: c.metrics, origin: runOrigin(c.manifest, readSummary(dir), c.metrics) });
        } catch (e) {
          if (e instanceof RunDirError) { console.error(`error: ${e.message}`); setExit(ExitCode.invalidInput); return; }
          throw e;
        }
      }
      const labels = argv.label && argv.label.length > 0 ? argv.label : runLabels(loaded.map((l) => ({ scenario: l.metrics.scenario, seed: l.metrics.seed, dir: l.dir })));
      if (labels.length !== loaded.length) { console.error(`error: ${labels.length} --label values for ${loaded.length} runs`); setExit(ExitCode.invalidInput); return; }
      if (labels.some((l) => l.trim() === '')) { console.error('error: a --label is empty; labels name the runs in the tables and charts'); setExit(ExitCode.invalidInput); return; }
      // a line break or control character in a label broke the chart specs (U+2028: exit 3, "Unexpected token ILLEGAL")
      const unprintable = labels.find((l) => /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(l));
      if (unprintable !== undefined) { console.error(`error: --label ${JSON.stringify(unprintable).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)} holds a line break or control character; labels name the runs in the tables and charts`); setExit(ExitCode.invalidInput); return; }
      // the charts tell runs apart by label: two runs labelled alike were drawn as one series
      const twice = labels.find((l, i) => labels.indexOf(l) !== i);
      if (twice !== undefined) { console.error(`error: --label "${twice}" is given to more than one run; labels name the runs in the tables and charts, so they must differ`); setExit(ExitCode.invalidInput); return; }
      const runs: RunData[] = loaded.map((l, i) => ({ run: labels[i], data: reportDataFromMetrics(l.metrics), origin: l.origin }));
      const out = argv.out ?? join('reports', 'compare', sha256(dirs.map((d) => resolve(d)).join('\n')).slice(0, 12));
      let stage;
      try {
        stage = stageDirectory(out, argv.force, 'compare.md', dirs); // --force never deletes a compared run kept inside --out
      } catch (e) {
        console.error(`error: ${(e as Error).message}`); setExit(ExitCode.invalidInput); return;
      }
      // After the output is known to be writable: a refused comparison says only why it was refused.
      const diff = comparedRunDifferences(runs);
      const line = differencesLine(diff);
      if (line !== null) console.error(`${diff.caution ? 'warning' : 'note'}: ${line}${diff.caution ? ` ${diff.caution}` : ''}`);
      try {
        const { writeComparison } = await import('../../report/write-report.ts'); // the renderers load only when used (report.ts)
        await writeComparison(stage.dir, runs, { png: argv.png });
        stage.commit();
      } catch (e) {
        stage.abort();
        throw e;
      }
      console.log(join(out, 'compare.html'));
      console.log(join(out, 'compare.md'));
    },
  );
}
