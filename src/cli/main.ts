/**
 * The clustersim command line (yargs). Each subcommand is a thin adapter over the library;
 * data goes to stdout, diagnostics and progress to stderr. Exit codes: 0 ok, 1 regression,
 * 2 usage or invalid input, 3 simulation error, 130 interrupted.
 */
import yargs from 'yargs';
import { ExitCode } from './exit-codes.ts';
import { OutputPathError } from '../core/atomic-write.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerSchemaCommand } from './commands/schema.ts';
import { registerValidateCommand } from './commands/validate.ts';
import { registerTraceCommand } from './commands/trace.ts';
import { registerCheckCommand } from './commands/check.ts';
import { registerPlanCommand } from './commands/plan.ts';
import { registerSweepCommand } from './commands/sweep.ts';
import { registerReportCommand } from './commands/report.ts';
import { registerCompareCommand } from './commands/compare.ts';
import { attachDashValues } from './duration-options.ts';

/** A command line yargs rejected (already reported); nothing runs. */
class UsageError extends Error {}

export async function main(args: readonly string[]): Promise<number> {
  let exit: number = ExitCode.ok;
  const setExit = (code: number) => { exit = Math.max(exit, code); };
  // No SIGINT handler: a JS handler only runs when the event loop is free, so during a simulation
  // (one synchronous loop) Ctrl-C was held until the run had finished and written its directory.
  // The default action stops the process at once; the shell reports 130 (128 + SIGINT) and no
  // output directory appears (outputs are staged and renamed into place when complete).
  let y = yargs(attachDashValues(args)) // `--until -5m` reaches the command's check, not yargs' flag parser
    .scriptName('clustersim')
    .usage('$0 <command> [options]\n\nDeterministic simulator of a Mesos-style offer-based cluster manager.')
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .recommendCommands()
    .epilogue('Exit codes: 0 ok, 1 regression/assertion failed, 2 usage or invalid input, 3 simulation error, 130 interrupted.')
    .fail((msg, err, yy) => {
      // yargs would exit 1, which means "regression" here: usage errors are 2.
      if (err) throw err;
      console.error(yy.help() && msg);
      console.error('Run with --help for usage.');
      // Stop here: a mistyped option (`--sed 7`) must not run the command with defaults.
      throw new UsageError(msg);
    })
    .exitProcess(false);
  y = registerRunCommand(y, setExit);
  y = registerValidateCommand(y, setExit);
  y = registerSchemaCommand(y, setExit);
  y = registerTraceCommand(y, setExit);
  y = registerCheckCommand(y, setExit);
  y = registerPlanCommand(y, setExit);
  y = registerSweepCommand(y, setExit);
  y = registerReportCommand(y, setExit);
  y = registerCompareCommand(y, setExit);
  try {
    await y.parseAsync();
  } catch (e) {
    if (e instanceof UsageError) return ExitCode.invalidInput;
    if (e instanceof OutputPathError) { console.error(`error: ${e.message}`); return ExitCode.invalidInput; } // e.g. --junit under a file
    console.error(`error: ${(e as Error).message}`);
    if (process.env.CLUSTERSIM_DEBUG) console.error((e as Error).stack);
    return ExitCode.simulationError;
  }
  return exit;
}
