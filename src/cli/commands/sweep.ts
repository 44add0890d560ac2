/**
 * `clustersim sweep plan|run|merge` (docs/distributed-sweeps.md):
 *   sweep plan <sweep.yaml> [--out plan.jsonl [--force]]
 *   sweep run <plan.jsonl> --out runs/ [--shard i/n | --index K [--chunk C] | --index-from-env] [--workers N]
 *   sweep merge <plan.jsonl> --runs runs/ --out merged/ [--force] [--metric path ...]
 */
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { Argv } from 'yargs';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { formatDiagnostic } from '../../core/diagnostic.ts';
import { DEFAULT_SWEEP_METRICS, mergeSweep, writeMerge } from '../../experiment/sweep-merge.ts';
import { formatPlanLines, planSweep, readPlan } from '../../experiment/sweep-plan.ts';
import { refuseOutputFile, statOrNull } from '../output-file.ts';
import { indexFromEnv, isComplete, parseShard, runPlanLines, runWithWorkers, selectIndices, type Selection } from '../../experiment/sweep-run.ts';
import { ExitCode } from '../exit-codes.ts';
import { unwritableDirectory } from '../writable-output.ts';

export function registerSweepCommand(y: Argv, setExit: (code: number) => void): Argv {
  const fail = (msg: string) => { console.error(`error: ${msg}`); setExit(ExitCode.invalidInput); };
  return y.command('sweep', 'plan, run (sharded or as a job array) and merge parameter sweeps', (s) => s
    .command(
      'plan <sweep>',
      'expand a sweep file (axes × seeds) into content-addressed run specs, one JSON line each',
      (b) => b
        .positional('sweep', { type: 'string', demandOption: true })
        .option('out', { type: 'string', describe: 'write the plan here (default: stdout; refused if it exists, unless --force)' })
        .option('force', { type: 'boolean', default: false, describe: 'replace an existing --out file' }),
      async (argv) => {
        if (argv.out !== undefined) {
          // The base scenario is an input too: --force wrote the plan over it.
          const refused = refuseOutputFile(resolve(argv.out), argv.force, [argv.sweep!, ...sweepBase(argv.sweep!)]);
          if (refused) return fail(refused);
        }
        const r = await planSweep(argv.sweep!);
        if (!r.lines) { for (const d of r.diagnostics) console.error(formatDiagnostic(d)); setExit(ExitCode.invalidInput); return; }
        const text = formatPlanLines(r.lines);
        if (argv.out) {
          writeFileAtomic(resolve(argv.out), text);
          console.error(`${r.lines.length} runs planned`);
          console.log(argv.out);
        } else process.stdout.write(text);
      },
    )
    .command(
      'run <plan>',
      'run plan lines into <out>/<runId>/ (idempotent: finished runs are skipped)',
      (b) => b
        .positional('plan', { type: 'string', demandOption: true })
        .option('out', { type: 'string', demandOption: true, describe: 'directory of run directories' })
        .option('shard', { type: 'string', describe: 'run every n-th line: i/n, 1-based' })
        .option('index', { type: 'string', describe: 'run line K (or chunk K with --chunk)' })
        .option('chunk', { type: 'string', default: '1', describe: 'lines per index for --index / --index-from-env' })
        .option('index-from-env', { type: 'boolean', default: false, describe: 'index from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX or CLUSTERSIM_INDEX' })
        .option('indices', { type: 'string', hidden: true, describe: 'comma-separated line indices (used by --workers)' })
        .option('workers', { type: 'string', describe: `local worker processes (default ${availableParallelism()})` }),
      async (argv) => {
        const lines = readPlan(argv.plan!);
        if (typeof lines === 'string') return fail(lines);
        const unwritable = unwritableDirectory(argv.out); // a regular file there failed every line, exit 3
        if (unwritable !== undefined) return fail(`--out: ${unwritable}`);
        const chosen = [argv.shard !== undefined, argv.index !== undefined, argv['index-from-env'], argv.indices !== undefined].filter(Boolean).length;
        if (chosen > 1) return fail('give at most one of --shard, --index, --index-from-env');
        if (!/^\d+$/.test(argv.chunk) || Number(argv.chunk) < 1) return fail(`--chunk must be a positive integer, got "${argv.chunk}"`);
        const chunk = Number(argv.chunk);
        // --chunk only sizes what --index / --index-from-env pick: alone it was ignored without a word.
        if (chunk !== 1 && argv.index === undefined && !argv['index-from-env']) return fail('--chunk needs --index or --index-from-env (it sets how many lines one index runs)');
        let sel: Selection = { kind: 'all' };
        if (argv.shard !== undefined) {
          const s = parseShard(argv.shard);
          if (typeof s === 'string') return fail(s);
          sel = s;
        } else if (argv.index !== undefined) {
          if (!/^\d+$/.test(argv.index)) return fail(`--index must be a non-negative integer, got "${argv.index}"`);
          sel = { kind: 'index', k: Number(argv.index), chunk };
        } else if (argv['index-from-env']) {
          const e = indexFromEnv(process.env);
          if (typeof e === 'string') return fail(e);
          console.error(`index ${e.k} from ${e.from}`);
          sel = { kind: 'index', k: e.k, chunk };
        } else if (argv.indices !== undefined) {
          if (!/^\d+(,\d+)*$/.test(argv.indices)) return fail(`--indices expects a comma-separated list, got "${argv.indices}"`);
          sel = { kind: 'indices', list: argv.indices.split(',').map(Number) };
        }
        const indices = selectIndices(sel, lines.length);
        if (typeof indices === 'string') return fail(indices);
        const workers = argv.workers === undefined ? availableParallelism() : Number(argv.workers);
        if (!Number.isInteger(workers) || workers < 1) return fail(`--workers must be a positive integer, got "${argv.workers}"`);
        if (workers > 1 && indices.length > 1) {
          // Each worker prints its own summary; the total is what the selection's directories show.
          const chosenLines = indices.map((i) => lines[i]);
          const before = chosenLines.filter((l) => isComplete(argv.out, l)).length;
          const code = await runWithWorkers(resolve(argv.plan!), indices, resolve(argv.out), workers);
          const after = chosenLines.filter((l) => isComplete(argv.out, l)).length;
          console.error(`total: ${after - before} ran, ${before} already done, ${chosenLines.length - after} failed`);
          if (code !== 0) setExit(code);
          return;
        }
        const stats = await runPlanLines(indices.map((i) => lines[i]), argv.out, (m) => console.error(m));
        console.error(`${stats.ran} ran, ${stats.skipped} already done, ${stats.failed.length} failed`);
        if (stats.failed.length > 0) setExit(ExitCode.simulationError);
      },
    )
    .command(
      'merge <plan>',
      'one table of every run plus mean and 95% CI across seeds per point; exit 1 if runs are missing',
      (b) => b
        .positional('plan', { type: 'string', demandOption: true })
        .option('runs', { type: 'string', demandOption: true, describe: 'the directory given to sweep run --out' })
        .option('out', { type: 'string', demandOption: true, describe: 'directory for runs.csv, points.csv, report.md (refused if it exists, unless --force)' })
        .option('force', { type: 'boolean', default: false, describe: 'replace an existing --out directory (only an empty one or an earlier merge output)' })
        .option('metric', { type: 'string', array: true, describe: `summary paths to aggregate (default ${DEFAULT_SWEEP_METRICS.join(', ')})` }),
      (argv) => {
        const lines = readPlan(argv.plan!);
        if (typeof lines === 'string') return fail(lines);
        if (existsSync(argv.out) && !argv.force) return fail(`output directory ${argv.out} already exists (use --force to overwrite)`);
        if (!statOrNull(argv.runs)?.isDirectory()) return fail(`--runs ${argv.runs}: no such directory (where \`sweep run --out\` wrote the runs)`);
        const r = mergeSweep(lines, argv.runs, argv.metric);
        if (r.unreadable.length > 0) {
          return fail([`${r.unreadable.length} of ${lines.length} runs have an unreadable summary.json or are not the planned run (nothing merged; delete such a run's directory and \`sweep run\` runs it again):`,
            ...r.unreadable.map((u) => `  #${u.line.index} ${u.path}: ${u.error}`)].join('\n'));
        }
        if (r.unknownMetrics.length > 0) {
          return fail(r.unknownMetrics.map((u) => u.near.length > 0 && u.near.every((n) => n.startsWith(`${u.metric}.`))
            ? `--metric ${u.metric}: a group of metrics, not one number; name one of them: ${u.near.join(', ')}`
            : `--metric ${u.metric}: no run's summary.json has it${u.near.length > 0 ? ` (nearest: ${u.near.join(', ')})` : ''}`).join('\n'));
        }
        if (r.missing.length > 0) {
          console.error(`${r.missing.length} of ${lines.length} runs are missing (not merged):`);
          for (const l of r.missing) console.error(`  #${l.index} ${l.runId} ${JSON.stringify(l.point)} seed ${l.seed}`);
          setExit(ExitCode.regression);
          return;
        }
        let written: string[];
        try {
          written = writeMerge(argv.out, r, argv.force, [argv.runs, argv.plan!]);
        } catch (e) {
          return fail((e as Error).message);
        }
        for (const p of written) console.log(p);
      },
    )
    .demandCommand(1, 'name a sweep subcommand: plan, run or merge'));
}

/** The sweep file's base scenario (resolved as planning does), when the file names one. */
function sweepBase(sweepFile: string): string[] {
  try {
    const base = (parse(readFileSync(sweepFile, 'utf8')) as { base?: unknown } | null)?.base;
    return typeof base === 'string' ? [resolve(dirname(resolve(sweepFile)), base)] : [];
  } catch {
    return []; // planning reports an unreadable sweep file
  }
}
