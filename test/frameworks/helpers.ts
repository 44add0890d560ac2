import { buildSimulation, type BuiltSimulation } from '../../src/experiment/build-simulation.ts';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.ts';
import type { RunSpec } from '../../src/scenario/run-spec.ts';

export function specOf(file: string): RunSpec {
  const r = loadScenarioFile(file);
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
}

export function specFromText(yaml: string, file = 'scenarios/inline.yaml'): RunSpec {
  const r = loadScenarioText(file, yaml);
  if (!r.spec) throw new Error(JSON.stringify(r.diagnostics));
  return r.spec;
}

/** Build and run to `until`; the schedulers stay inspectable on `master.frameworks`. */
export function simulate(spec: RunSpec): BuiltSimulation {
  const b = buildSimulation(spec, []);
  b.sim.run(spec.untilMs);
  return b;
}

export function scheduler<T>(b: BuiltSimulation, id: string): T {
  return b.master.frameworks.get(id)!.scheduler as T;
}
