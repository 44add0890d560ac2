import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { registerTraceCommand, runTraceInspect } from '../../src/cli/commands/trace.ts';
import { NATIVE_HEADER } from '../../src/workload/traces/native-csv-format.ts';
import { convertTrace } from '../../src/workload/convert.ts';
import { DiagnosticSink } from '../../src/workload/diagnostics.ts';
import { fixture } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'clustersim-cli-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let out: string[] = [];
let err: string[] = [];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(a.join(' ')); });
});
afterEach(() => vi.restoreAllMocks());

/** Run `clustersim <args>` with only the trace command registered; returns the exit code. */
async function cli(args: string[]): Promise<number> {
  let exit = 0;
  const y = yargs(args).strict().exitProcess(false).fail((msg) => { console.error(msg); exit = 2; });
  await registerTraceCommand(y, (c) => { exit = Math.max(exit, c); }).parseAsync();
  return exit;
}

describe('clustersim trace inspect', () => {
  it('prints statistics and exits 0 on a clean file', async () => {
    expect(await cli(['trace', 'inspect', fixture('swf/tiny.swf'), '--format', 'auto'])).toBe(2); // tiny.swf has bad rows
    expect(await cli(['trace', 'inspect', fixture('google-2011/task_events/ok.csv')])).toBe(0);
    expect(out.join('\n')).toContain('task.event submit');
  });

  it('prints file:line:column diagnostics, stops printing after --max-errors, exits 2', async () => {
    expect(await cli(['trace', 'inspect', fixture('google-2011/task_events/malformed.csv'), '--max-errors', '2'])).toBe(2);
    expect(err[0]).toMatch(/malformed\.csv:2:32: error CS6001 expected 13 fields, found 12$/);
    expect(err[1]).toMatch(/malformed\.csv:3:35: error CS6001/);
    expect(err[2]).toMatch(/CS6012 8 more diagnostic\(s\) not shown \(10 error\(s\), 0 warning\(s\) in total/);
    expect(err).toHaveLength(3);
  });

  it('--json puts statistics and diagnostics on stdout', async () => {
    expect(await cli(['trace', 'inspect', fixture('google-2011/task_events/unsorted.csv'), '--json'])).toBe(2);
    const j = JSON.parse(out.join('\n'));
    expect(j.result.stats.records).toBe(4);
    expect(j.diagnostics.map((d: { line: number }) => d.line)).toEqual([3, 5]);
    expect(err).toEqual([]);
  });

  it('rejects bad flags and unknown formats with exit 2, never a stack trace', async () => {
    expect(await cli(['trace', 'inspect', 'x', '--max-errors', 'abc'])).toBe(2);
    expect(err.join('\n')).toContain('--max-errors must be a non-negative integer');
    expect(await cli(['trace', 'inspect', 'x', '--format', 'parquet'])).toBe(2);
    expect(await runTraceInspect({ inputs: [fixture('native')], format: 'google-2011' })).toBe(2); // wrong forced format
    expect(await cli(['trace'])).toBe(2);
  });
});

describe('clustersim trace convert', () => {
  it('writes the native CSV atomically and reports the record count', async () => {
    const dest = join(tmp, 'out', 'jobs.csv');
    expect(await cli(['trace', 'convert', fixture('google-2011/job_events/ok.csv'), '--to', 'csv', '--out', dest])).toBe(0);
    const text = readFileSync(dest, 'utf8').split('\n');
    expect(text[0]).toBe(NATIVE_HEADER);
    expect(text).toHaveLength(6); // header + 4 records + final newline
    expect(out[0]).toMatch(/jobs\.csv: 4 records from 1 file\(s\) \(input already sorted\)$/);
  });

  it('requires --out', async () => {
    expect(await cli(['trace', 'convert', fixture('google-2011/job_events/ok.csv')])).toBe(2);
  });

  // brief: "Outputs are written atomically; a run never silently overwrites another run's results."
  it('refuses an existing --out without --force (exit 2, file untouched) and replaces it with --force', async () => {
    const dest = join(tmp, 'exists', 'jobs.csv');
    mkdirSync(join(tmp, 'exists'), { recursive: true });
    writeFileSync(dest, 'precious\n');
    expect(await cli(['trace', 'convert', fixture('google-2011/job_events/ok.csv'), '--out', dest])).toBe(2);
    expect(err).toEqual([`error: output file ${dest} already exists (use --force to overwrite)`]);
    expect(readFileSync(dest, 'utf8')).toBe('precious\n');
    expect(out).toEqual([]);
    expect(await cli(['trace', 'convert', fixture('google-2011/job_events/ok.csv'), '--out', dest, '--force'])).toBe(0);
    expect(readFileSync(dest, 'utf8').split('\n')[0]).toBe(NATIVE_HEADER);
    expect(readdirSync(join(tmp, 'exists'))).toEqual(['jobs.csv']); // no temporary left behind
  });

  it('never writes over its own input, even with --force (same path, another spelling, a symlink, a file of an input directory)', async () => {
    const dir = join(tmp, 'self');
    mkdirSync(join(dir, 'traces'), { recursive: true });
    const input = join(dir, 'jobs.csv');
    copyFileSync(fixture('native/example.csv'), input);
    copyFileSync(fixture('native/example.csv'), join(dir, 'traces', 'example.csv'));
    symlinkSync(input, join(dir, 'link.csv'));
    const before = readFileSync(input, 'utf8');
    for (const [from, to] of [[input, input], [input, join(dir, 'nowhere', '..', 'jobs.csv')], [join(dir, 'link.csv'), input], [join(dir, 'traces'), join(dir, 'traces', 'example.csv')]]) {
      err = [];
      expect(await cli(['trace', 'convert', from, '--out', to, '--force'])).toBe(2);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(/^error: --out .* is (the input file|one of the input trace files under .*); write the converted trace elsewhere$/);
    }
    expect(readFileSync(input, 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'traces', 'example.csv'), 'utf8')).toBe(before);
  });

  it('with overwrite: false the library never replaces a file that appeared meanwhile (EEXIST), and leaves no temporary', async () => {
    const dir = join(tmp, 'race');
    mkdirSync(dir, { recursive: true });
    const dest = join(dir, 'out.csv');
    writeFileSync(dest, 'someone else\n'); // as if created while the conversion ran
    await expect(convertTrace(fixture('native/example.csv'), { sink: new DiagnosticSink(), out: dest, overwrite: false })).rejects.toThrow(/EEXIST/);
    expect(readFileSync(dest, 'utf8')).toBe('someone else\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });
});
