/**
 * `clustersim plan <scenario> --slo 'wait.p95<=60s' [--slo ...] --vary agents [--seeds N]`:
 * the smallest cluster meeting the SLOs for each variant of the scenario (e.g. static vs shared),
 * and the saving (src/experiment/plan.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { refuseOutputFile } from '../output-file.ts';
import { unwritableFile } from '../writable-output.ts';
import { canonicalJson } from '../../core/canonical-json.ts';
import { formatEvaluation, formatPlan, planCluster, PlanInputError } from '../../experiment/plan.ts';
import { loadPlugins } from '../../experiment/plugins.ts';
import { parseAssertion, type Assertion } from '../../scenario/metric-assertion.ts';
import { parseOverride, type Override } from '../../scenario/overrides.ts';
import { ExitCode } from '../exit-codes.ts';
import { MAX_COUNT } from '../../core/limits.ts';

export function registerPlanCommand(y: Argv, setExit: (code: number) => void): Argv {
  return y.command(
    'plan <scenario>',
    'find the smallest cluster meeting SLOs, for each partitioning variant of the scenario',
    (b) => b
      .positional('scenario', { type: 'string', demandOption: true })
      .option('slo', { type: 'string', array: true, demandOption: true, describe: "SLO on summary metrics, e.g. 'wait.p95<=60s' (repeatable)" })
      .option('vary', { type: 'string', default: 'agents', describe: 'what to size: "agents" (= agents.0.count) or a path to an integer' })
      .option('seeds', { type: 'string', default: '3', describe: 'number of seeds per size (1..N), all must meet the SLOs' })
      .option('min', { type: 'string', describe: 'smallest size to consider (default 1)' })
      .option('max', { type: 'string', describe: 'largest size to consider (default max(16 × start, 64))' })
      .option('variant', { type: 'string', array: true, describe: 'size only these variants' })
      .option('set', { type: 'string', array: true, describe: 'override a scenario field: path=value (repeatable)' })
      .option('plugin', { type: 'string', array: true, describe: 'policy plugin module(s) to load first' })
      .option('out', { type: 'string', describe: 'also write the full result as JSON here (refused if it exists, unless --force)' })
      .option('force', { type: 'boolean', default: false, describe: 'replace an existing --out file' })
      .option('progress', { type: 'boolean', default: true, describe: 'one line per evaluated size on stderr' }),
    async (argv) => {
      const fail = (msg: string) => { console.error(`error: ${msg}`); setExit(ExitCode.invalidInput); };
      const slos: Assertion[] = [];
      for (const text of argv.slo ?? []) {
        const a = parseAssertion(text);
        if (typeof a === 'string') return fail(`--slo: ${a}`);
        for (const o of [a.left, a.right]) if (o.kind === 'metric' && o.variant !== null) return fail(`--slo "${text}": SLOs apply to each variant; drop the @${o.variant}`);
        slos.push(a);
      }
      const int = (name: string, v: string | undefined, dflt: number | undefined): number | undefined | string => {
        if (v === undefined) return dflt;
        if (!/^\d+$/.test(v) || Number(v) === 0) return `--${name} must be a positive integer, got "${v}"`;
        // A size is a count a scenario holds (agents by default), and counts stop at MAX_COUNT.
        return name === 'seeds' || Number(v) <= MAX_COUNT ? Number(v) : `--${name} must be at most ${MAX_COUNT} (the largest count a scenario may hold), got ${v}`;
      };
      const seeds = int('seeds', argv.seeds, 3), min = int('min', argv.min, undefined), max = int('max', argv.max, undefined);
      for (const x of [seeds, min, max]) if (typeof x === 'string') return fail(x);
      const overrides: Override[] = [];
      for (const text of argv.set ?? []) {
        const o = parseOverride(text);
        if (typeof o === 'string') return fail(o);
        overrides.push(o);
      }
      // Before any simulation: hours of runs must not end in a refusal to write.
      const out = argv.out === undefined ? undefined : resolve(argv.out);
      if (out !== undefined) {
        // ... nor in a path that cannot be written (under a file, /proc): found only after the search before.
        const refused = refuseOutputFile(out, argv.force, [argv.scenario!]) ?? unwritableFile(out);
        if (refused) return fail(refused);
      }
      const existedAtStart = out !== undefined && existsSync(out);
      const loaded = await loadPlugins(argv.plugin ?? []);
      if (typeof loaded === 'string') return fail(loaded);
      const vary = argv.vary === 'agents' ? ['agents', '0', 'count'] : argv.vary.split('.');
      // Every evaluation runs each of the --seeds seeds, which would override a varied seed.
      if (vary[0] === 'seed') return fail(`--vary ${argv.vary}: the seed is not a size; plan runs every size with the seeds of --seeds`);
      try {
        const result = await planCluster(argv.scenario!, {
          slos, vary, seeds: Array.from({ length: seeds as number }, (_, i) => i + 1), overrides,
          min: min as number | undefined, max: max as number | undefined, variants: argv.variant,
          onEvaluate: argv.progress ? (v, n, ok, why) => console.error(formatEvaluation(v, n, ok, why, argv.vary)) : undefined,
        });
        for (const line of formatPlan(result, argv.vary)) console.log(line);
        if (out !== undefined) {
          const text = canonicalJson({ slos: slos.map((s) => s.text), vary: vary.join('.'), ...result }, 2) + '\n';
          // Another plan wrote the same --out while this one searched: neither result silently replaces the other.
          if (!existedAtStart && !argv.force && existsSync(out)) {
            const kept = `${out}.${process.pid}`;
            writeFileAtomic(kept, text);
            return fail(`${argv.out} was written by another process while this plan ran; not replaced: this plan's result is in ${kept}`);
          }
          writeFileAtomic(out, text);
        }
        if (result.plans.some((p) => p.size === null)) setExit(ExitCode.regression);
      } catch (e) {
        if (e instanceof PlanInputError) return fail(e.message);
        throw e;
      }
    },
  );
}
