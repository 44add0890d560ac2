/** `clustersim schema`: write the JSON Schema of scenario files (for editor completion). */
import type { Argv } from 'yargs';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { scenarioJsonSchema } from '../../scenario/json-schema.ts';

export function registerSchemaCommand(y: Argv): Argv {
  return y.command(
    'schema',
    'write scenarios/scenario.schema.json',
    (b) => b.option('out', { type: 'string', default: 'scenarios/scenario.schema.json' }),
    (argv) => {
      writeFileAtomic(argv.out, scenarioJsonSchema());
      console.log(argv.out);
    },
  );
}
