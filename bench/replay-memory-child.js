// Child process of bench/replay-memory.ts: runs one scenario through runScenario (no files) and
// prints its peak RSS (a process's high-water mark) and counts as one JSON line.
import { register } from 'tsx/esm/api';

register();
const { loadScenarioFile } = await import('../src/scenario/load.ts');
const { runScenario } = await import('../src/experiment/run.ts');
const loaded = loadScenarioFile(process.argv[2]);
if (!loaded.spec) {
  console.error(JSON.stringify(loaded.diagnostics));
  process.exit(2);
}
const t = performance.now();
const r = runScenario(loaded.spec, { outDir: null });
const wallMs = performance.now() - t;
console.log(JSON.stringify({ wallMs, eventsDispatched: r.eventsDispatched, digest: r.digest, maxRssKiB: process.resourceUsage().maxRSS }));
