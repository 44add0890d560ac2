/** `clustersim schema`: write the JSON Schema of scenario files (for editor completion). */
import type { Argv } from 'yargs';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { scenarioJsonSchema } from '../../scenario/json-schema.ts';
import { ExitCode } from '../exit-codes.ts';
import { unwritableFile } from '../writable-output.ts';

export function registerSchemaCommand(y: Argv, setExit: (code: number) => void): Argv {
  return y.command(
    'schema',
    'write scenarios/scenario.schema.json',
    (b) => b.option('out', { type: 'string', default: 'scenarios/scenario.schema.json' }),
    (argv) => {
      // Checked first: a directory there failed the rename with a raw EISDIR and left the staged file.
      const bad = unwritableFile(argv.out);
      if (bad !== undefined) { console.error(`error: ${bad}`); setExit(ExitCode.invalidInput); return; }
      writeFileAtomic(argv.out, scenarioJsonSchema());
      console.log(argv.out);
    },
  );
}
