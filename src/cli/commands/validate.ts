/**
 * `clustersim validate <files..>`: every diagnostic of every file, exit 2 if any. Grouped by file in argument
 * order, each file's in file order (line, column; unlocated last), in the text and the --json output alike.
 */
import type { Argv } from 'yargs';
import { formatDiagnostic, sortDiagnostics } from '../../core/diagnostic.ts';
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
      for (const file of argv.files ?? []) {
        const pluginDiags = await loadScenarioPlugins(file, argv.plugin ?? []); // issue 8: names registered by plugins validate
        if (pluginDiags.length > 0) { all.push(...sortDiagnostics(pluginDiags.map((d) => ({ ...d, file: d.file ?? file })))); continue; }
        const r = loadScenarioFile(file);
        all.push(...sortDiagnostics(r.diagnostics)); // loadScenarioFile sorts too; this keeps the promise here
        if (!argv.json && r.spec) console.log(`${file}: ok`);
      }
      if (argv.json) console.log(JSON.stringify(all, null, 2));
      else for (const d of all) console.error(formatDiagnostic(d));
      if (all.some((d) => d.severity === 'error')) setExit(ExitCode.invalidInput);
    },
  );
}
