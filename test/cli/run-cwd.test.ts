/**
 * Brief: "Same scenario and seed, same bytes out" — also from another working directory.
 * A trace replay named its trace files (workload.diagnostic `file` in events.jsonl, manifest.json
 * `inputs`, the trace path inside the normalized scenario hashed into the run id) relative to the
 * directory clustersim was started from: the same scenario gave other digests and run ids from
 * another directory. Now they are named as the scenario names them (docs/event-log.md), and only
 * stderr shows them from the user's shell, where file:line:column must still lead to the line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/clustersim.js');
const FIXTURE_DIR = join(ROOT, 'test/fixtures/trace-cwd');
const SCENARIO = join(FIXTURE_DIR, 'bad-trace-cwd.yaml');

function runFrom(cwd: string, scenarioArg: string, out: string) {
  const r = spawnSync(process.execPath, [BIN, 'run', scenarioArg, '--out', out, '--no-report'], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const read = (f: string) => readFileSync(join(out, f), 'utf8');
  return { r, events: read('events.jsonl'), summary: read('summary.json'), metrics: read('metrics.json'), manifest: JSON.parse(read('manifest.json')) };
}

describe('run from different working directories', () => {
  it('writes the same events, summary, metrics and run id; diagnostics name the trace as the scenario does', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'cs-cwd-'));
    const runs = [
      runFrom(ROOT, relative(ROOT, SCENARIO), join(tmp, 'root')),      // test/fixtures/trace-cwd/bad-trace-cwd.yaml
      runFrom(FIXTURE_DIR, 'bad-trace-cwd.yaml', join(tmp, 'fixture')),
      runFrom(tmp, SCENARIO, join(tmp, 'tmp')),                          // an absolute path, from elsewhere
    ];
    for (const { r } of runs) expect(r.status, r.stderr).toBe(2); // one invalid trace line (the run still completes)
    const [a, ...rest] = runs;
    const diags = a.events.split('\n').filter((l) => l.includes('"workload.diagnostic"')).map((l) => JSON.parse(l));
    expect(diags.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual(['traces/jobs.csv:3:23 CS6002']);
    expect(a.manifest.inputs.slice(1).map((i: { path: string }) => i.path)).toEqual(['traces/jobs.csv']);
    expect(a.manifest.scenario.workload.sources[0]).toEqual({ kind: 'trace', path: 'traces', format: null, table: null });
    for (const b of rest) {
      expect(b.events).toBe(a.events);
      expect(b.summary).toBe(a.summary);
      expect(b.metrics).toBe(a.metrics);
      expect(b.manifest.runId).toBe(a.manifest.runId);
      expect(b.manifest.eventLog).toEqual(a.manifest.eventLog);
      // the manifest differs only in the scenario path as given on the command line (the invocation's own)
      expect({ ...b.manifest, inputs: b.manifest.inputs.slice(1) }).toEqual({ ...a.manifest, inputs: a.manifest.inputs.slice(1) });
    }
    // stderr: a file:line:column the user can open from where they ran it
    const shown = ['test/fixtures/trace-cwd/traces/jobs.csv', 'traces/jobs.csv', join(FIXTURE_DIR, 'traces/jobs.csv')];
    const cwds = [ROOT, FIXTURE_DIR, tmp];
    runs.forEach(({ r }, i) => {
      expect(r.stderr.split('\n')[0]).toBe(`${shown[i]}:3:23: error CS6002 taskCount: "two" is not an integer`);
      expect(existsSync(resolve(cwds[i], shown[i]))).toBe(true);
    });
  }, 120_000);
});
