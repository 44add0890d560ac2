#!/usr/bin/env node
// `npm run bench`: runs the benchmark suite (never part of `npm test`) and writes bench/results/*.json.
import { register } from 'tsx/esm/api';

register();
const { runBenchmarks } = await import('../bench/run.ts');
process.exitCode = await runBenchmarks(process.argv.slice(2));
