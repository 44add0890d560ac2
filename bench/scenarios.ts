/**
 * End-to-end simulation speed: built-in scenarios run in process through the whole pipeline
 * (scenario → kernel → master/allocator → frameworks → metrics → event log and its digest; no files,
 * no report). Each is run twice and the faster run reported; the digest is there to show the run
 * is the same one every time.
 */
import { performance } from 'node:perf_hooks';
import { runScenario } from '../src/experiment/run.ts';
import { loadScenarioFile } from '../src/scenario/load.ts';

const SCENARIOS = ['demo', 'twitter-2010', 'quota-kubernetes'];

export function benchScenarios(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of SCENARIOS) {
    const loaded = loadScenarioFile(`scenarios/${name}.yaml`);
    if (!loaded.spec) throw new Error(`bench: cannot load scenarios/${name}.yaml`);
    const runs = [0, 1].map(() => {
      const t = performance.now();
      const r = runScenario(loaded.spec!, { outDir: null });
      return { ms: performance.now() - t, events: r.eventsDispatched, digest: r.digest };
    });
    const best = runs[0].ms <= runs[1].ms ? runs[0] : runs[1];
    out[name] = { wallMs: Math.round(best.ms), eventsDispatched: best.events, eventsPerSecond: Math.round(best.events / (best.ms / 1000)), digest: best.digest, runsMs: runs.map((r) => Math.round(r.ms)) };
  }
  return out;
}
