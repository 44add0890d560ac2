/** Run a YAML scenario given as text, in memory; parsed event records. */
import { runScenario, type RunResult } from '../../src/experiment/run.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

export interface Ev { t: number; type: string; [k: string]: unknown }

export function runYaml(text: string): { result: RunResult; events: Ev[] } {
  const { spec, diagnostics } = loadScenarioText('inline.yaml', text);
  if (!spec) throw new Error(JSON.stringify(diagnostics));
  const result = runScenario(spec, { keepEvents: true });
  return { result, events: result.events!.map((l) => JSON.parse(l) as Ev) };
}

export const of = (events: Ev[], type: string, pred: (e: Ev) => boolean = () => true) => events.filter((e) => e.type === type && pred(e));
