/**
 * Brief: "Bad input gets a clear error, and nothing is lost. Every invalid scenario or trace line
 * yields a diagnostic with file:line:column and exit code 2, never a stack trace."
 * A run whose trace has invalid lines still completes and writes its run directory (nothing lost),
 * prints every trace diagnostic to stderr (capped), counts them in summary.json and exits 2;
 * `check` reports such a scenario as an error (exit 2), as it does an invalid scenario.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

const HEADER = 'atMs,kind,jobId,taskCount,cpus,memMiB,durationMs';

function scenario(dir: string, rows: readonly string[], extra = ''): string {
  writeFileSync(join(dir, 'jobs.csv'), [HEADER, ...rows].join('\n') + '\n');
  const file = join(dir, 'bad-trace.yaml');
  writeFileSync(file, [
    'name: bad-trace', 'seed: 1', 'until: 10m',
    'agents: [{ id: node, count: 2, resources: "cpus:4;mem:16GiB" }]',
    'frameworks:', '  - { id: batch, role: batch, scheduler: { type: trace-replay } }',
    'workload:', '  sources: [{ trace: jobs.csv }]', '  window: { start: 0s }', '  map: [{ framework: batch }]', extra,
  ].join('\n') + '\n');
  return file;
}

const BAD = [
  '0,job.submitted,a1,2,1,1024,60000',
  '1000,job.submitted,a2,two,1,1024,60000',
  '2000,job.submitted,a3,2,1,5,1024,60000', // an unquoted 1,5: 8 fields
  '3000,job.submitted,a4,2,1,1024',         // 6 fields
  '4000,job.submitted,a5,2,1,1024,60000',
];

describe('clustersim run with invalid trace lines', () => {
  it('writes the run directory, prints each diagnostic with file:line:column, counts them in summary.json, exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-badtrace-'));
    const file = scenario(dir, BAD);
    const out = join(dir, 'run');
    const r = cli('run', file, '--out', out, '--no-report');
    expect(r.status, r.stderr).toBe(2);
    const err = r.stderr.trim().split('\n');
    expect(err).toHaveLength(4);
    expect(err[0]).toMatch(/jobs\.csv:3:23: error CS6002 taskCount: "two" is not an integer$/);
    expect(err[1]).toMatch(/jobs\.csv:4:34: error CS6001 expected 7 fields as in the header, found 8$/);
    expect(err[2]).toMatch(/jobs\.csv:5:31: error CS6001 expected 7 fields as in the header, found 6$/);
    expect(err[3]).toBe(`error: 3 invalid trace line(s) skipped (summary.json replay.feed.invalidLines); the run directory was written: ${out}`);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(r.stdout).toMatch(/^bad-trace: .* 4 tasks launched/); // the good rows ran
    // nothing lost: the run directory is complete
    for (const f of ['manifest.json', 'summary.json', 'events.jsonl', 'metrics.json', 'timing.json']) expect(existsSync(join(out, f))).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.replay.feed).toMatchObject({ records: 2, invalidLines: 3, traceWarnings: 0 });
    const diags = readFileSync(join(out, 'events.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"workload.diagnostic"')).map((l) => JSON.parse(l));
    expect(diags.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['3:23 CS6002', '4:34 CS6001', '5:31 CS6001']);
  }, 60_000);

  it('prints at most 20 diagnostics and how many more there are; same inputs give the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-badtrace-'));
    const rows = Array.from({ length: 25 }, (_, i) => `${i * 1000},job.submitted,j${i},x,1,1024,60000`);
    const file = scenario(dir, rows, '  maxErrors: 22');
    const [a, b] = ['a', 'b'].map((n) => cli('run', file, '--out', join(dir, n), '--no-report'));
    expect(a.status).toBe(2);
    const err = a.stderr.trim().split('\n');
    expect(err).toHaveLength(22);
    expect(err[0]).toMatch(/jobs\.csv:2:\d+: error CS6002 taskCount: "x" is not an integer$/);
    expect(err[19]).toMatch(/jobs\.csv:21:\d+: error CS6002/);
    expect(err[20]).toBe('… and 5 more trace diagnostic(s) (25 error(s), 0 warning(s) in total; the first 22 are in events.jsonl as workload.diagnostic, raise workload.maxErrors to keep more)');
    expect(err[21]).toMatch(/^error: 25 invalid trace line\(s\) skipped/);
    const events = (n: string) => readFileSync(join(dir, n, 'events.jsonl'), 'utf8');
    expect(events('a').split('\n').filter((l) => l.includes('"workload.diagnostic"'))).toHaveLength(22);
    expect(JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8')).replay.feed.invalidLines).toBe(25);
    expect(events('b')).toBe(events('a'));
    expect(readFileSync(join(dir, 'b', 'summary.json'), 'utf8')).toBe(readFileSync(join(dir, 'a', 'summary.json'), 'utf8'));
    expect(b.stderr.replace(join(dir, 'b'), '')).toBe(a.stderr.replace(join(dir, 'a'), ''));
  }, 60_000);

  it('check reports a scenario whose trace has invalid lines as an error (exit 2), and passes it once the trace is clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-badtrace-'));
    const file = scenario(dir, BAD);
    const junit = join(dir, 'junit.xml');
    const r = cli('check', file, '--junit', junit);
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toContain('ERROR   bad-trace — trace');
    expect(r.stdout).toContain('3 invalid trace line(s) skipped (summary.json replay.feed.invalidLines)');
    expect(r.stdout).toMatch(/jobs\.csv:4:34: error CS6001 expected 7 fields as in the header, found 8/);
    expect(r.stdout).toMatch(/1 check: 0 passed, 0 failed, 1 error\n/);
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase classname="bad-trace" name="trace"[^>]*>\s*<error message="3 invalid trace line\(s\) skipped/);
    scenario(dir, BAD.filter((_, i) => i === 0 || i === 4), 'expect:\n  metrics: ["tasks.launched == 4"]');
    const clean = cli('check', file);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).not.toContain('— trace');
  }, 60_000);
});
