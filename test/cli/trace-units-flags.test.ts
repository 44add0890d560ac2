/**
 * `trace inspect|convert --units absolute` without the size of a unit (session 10 tour). A scenario's
 * `units: absolute` requires workload.scale.cpus and .memMiB; the CLI flag took none, switched the
 * CS6014 range check off and multiplied the values by the format's normalized scale: a Google 2011
 * table in cores read "cpus 192 total, 96 mean" for two tasks of 4 and 2 cores, exit 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTraceArgs } from '../../src/cli/commands/trace.ts';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

describe('--units absolute needs --scale-cpus and --scale-mem-mib', () => {
  it('names what is missing', () => {
    expect(checkTraceArgs({ units: 'absolute' })).toMatch(/^--units absolute needs --scale-cpus and --scale-mem-mib: what one unit of the trace is/);
    expect(checkTraceArgs({ units: 'absolute', scaleCpus: 1 })).toMatch(/^--units absolute needs --scale-mem-mib:/);
    expect(checkTraceArgs({ units: 'absolute', scaleCpus: 1, scaleMemMib: 1024 })).toBeUndefined();
    expect(checkTraceArgs({ units: 'normalized' })).toBeUndefined();
  });

  it('inspect and convert: exit 2, one line, nothing read or written', () => {
    const d = mkdtempSync(join(tmpdir(), 'cs-units-'));
    mkdirSync(join(d, 'task_events'));
    writeFileSync(join(d, 'task_events', 'part-00000-of-00001.csv'), '600000000,,10,0,,0,u1,0,9,4,8,0,0\n600000000,,10,1,,0,u1,0,9,2,4,0,0\n');
    const r = cli('trace', 'inspect', join(d, 'task_events'), '--units', 'absolute');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^error: --units absolute needs --scale-cpus and --scale-mem-mib/);
    const c = cli('trace', 'convert', join(d, 'task_events'), '--to', 'csv', '--out', join(d, 'out.csv'), '--units', 'absolute', '--scale-cpus', '1');
    expect(c.status).toBe(2);
    expect(c.stderr.trim()).toMatch(/^error: --units absolute needs --scale-mem-mib/);
    const ok = cli('trace', 'inspect', join(d, 'task_events'), '--units', 'absolute', '--scale-cpus', '1', '--scale-mem-mib', '1024');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('cpus 6 total, 3 mean; mem 12288 MiB total, 6144 MiB mean');
  }, 60_000);
});
