/** JSON Schema (draft 2020-12) of scenario files, generated from the zod schema (input shape). */
import { z } from 'zod';
import { ScenarioSchema } from './schema.ts';

export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' });
  return JSON.stringify({ ...schema, title: 'clustersim scenario' }, null, 2) + '\n';
}
