/**
 * `clustersim validate <files..>`: every diagnostic of every file, exit 2 if any. Grouped by file in argument
 * order, each file's in file order (line, column; unlocated last), in the text and the --json output alike.
 */
import type { Argv } from 'yargs';
import { formatDiagnostic, sortDiagnostics } from '../../core/diagnostic.ts';
import { loadScenarioSet, uniqueDiagnostics } from '../../experiment/scenario-set.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { loadScenarioPlugins } from '../../experiment/plugins.ts';
import { ExitCode } from '../exit-codes.ts';

export function registerValidateCommand(y: Argv, setExit: (code: number) => void): Argv {
  return y.command(
    'validate <files..>',
    'check scenario files and print every problem with file:line:column',
    (b) => b
      .positional('files', { type: 'string', array: true, demandOption: true })
      .option('json', { type: 'boolean', default: false, describe: 'diagnostics as JSON on stdout' })
      .option('plugin', { type: 'string', array: true, describe: 'policy plugin module(s) whose names the scenarios use' }),
    async (argv) => {
      const all = [];
      // `validate -` reached here with no file at all and said nothing, exit 0: nothing was checked.
      const files = (argv.files ?? []).map(String);
      if (files.length === 0 || files.includes('-')) {
        console.error('error: name the scenario files to check (standard input, "-", is not read)');
        setExit(ExitCode.invalidInput);
        return;
      }
      for (const file of files) {
        const pluginDiags = await loadScenarioPlugins(file, argv.plugin ?? []); // issue 8: names registered by plugins validate
        if (pluginDiags.length > 0) { all.push(...sortDiagnostics(pluginDiags.map((d) => ({ ...d, file: d.file ?? file })))); continue; }
        // The scenario as `run` reads it, and each of its variants as `check` and `run --variant` do.
        const r = loadScenarioFile(file);
        const set = r.spec ? await loadScenarioSet(file) : null;
        all.push(...uniqueDiagnostics([...r.diagnostics, ...(set?.diagnostics ?? [])]));
        if (!argv.json && r.spec && set && set.diagnostics.length === 0) console.log(`${file}: ok`);
      }
      if (argv.json) console.log(JSON.stringify(all, null, 2));
      else for (const d of all) console.error(formatDiagnostic(d));
      if (all.some((d) => d.severity === 'error')) setExit(ExitCode.invalidInput);
    },
  );
}
