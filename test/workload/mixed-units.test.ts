/**
 * Mixed units in one scenario (docs/workloads.md §9 "Units and scale of several sources"): `units:
 * absolute` is per trace source, but `workload.scale` applied to every source, so a normalized Google
 * table beside an absolute one (machines in cores) had one of them scaled wrongly, silently: with
 * `scale: { cpus: 1 }` a 0.5 request became half a core instead of 16. Now such a scale is a CS1004 at
 * workload.scale naming both sources and their line:column (exit 2), and a source takes its own `scale`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
const dir = mkdtempSync(join(tmpdir(), 'cs-mixed-units-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Google 2011 layout: machine_events from another cluster in cores and GiB, task_events genuine (normalized). */
function scenario(name: string, sources: string[], scale?: string): string {
  const d = join(dir, name);
  mkdirSync(join(d, 'machine_events'), { recursive: true });
  mkdirSync(join(d, 'task_events'), { recursive: true });
  writeFileSync(join(d, 'machine_events', 'part-00000-of-00001.csv'), '0,1,0,p,32,128\n0,2,0,p,16,64\n');
  writeFileSync(join(d, 'task_events', 'part-00000-of-00001.csv'), '600000000,,7,0,,0,u1,0,2,0.5,0.25,0,0\n601000000,,7,1,,0,u1,0,2,0.5,0.25,0,0\n');
  const file = join(d, 's.yaml');
  writeFileSync(file, [
    `name: ${name}`, 'seed: 1', 'until: 10m',
    'frameworks:', '  - { id: batch, role: batch, scheduler: { type: trace-replay } }',
    'workload:', '  sources:', ...sources.map((s) => `    - ${s}`), '  window: { start: 600s }', ...(scale ? [`  scale: ${scale}`] : []),
    '  map: [{ framework: batch }]',
  ].join('\n') + '\n');
  return file;
}

describe('one workload.scale over sources of different units', () => {
  it('is a CS1004 at workload.scale naming both sources with their line:column (exit 2, no stack trace)', () => {
    const file = scenario('global', ['{ trace: machine_events, units: absolute }', '{ trace: task_events }'], '{ cpus: 1, memMiB: 1024 }');
    const r = cli('validate', file);
    expect(r.status, r.stderr).toBe(2);
    const out = r.stderr + r.stdout;
    expect(out).toMatch(/s\.yaml:11:18: error CS1004 workload\.scale\.cpus, workload\.scale\.memMiB apply to every trace source without a scale of its own, and these hold different units: /);
    expect(out).toMatch(/workload\.sources\.0 \(machine_events, units: absolute\) at \S*s\.yaml:8:7 and workload\.sources\.1 \(task_events, normalized google-2011 \(detected\)\) at \S*s\.yaml:9:7/);
    expect(out).toContain('workload.sources.N.scale');
    expect(out).not.toMatch(/\bat .*\.ts:\d+/);
    expect(cli('run', file, '--out', join(dir, 'out-global'), '--no-report').status).toBe(2);
  }, 30_000);

  it('a scale on the absolute source replays each source in its own units', () => {
    const file = scenario('own', ['{ trace: machine_events, units: absolute, scale: { cpus: 1, memMiB: 1024 } }', '{ trace: task_events }']);
    const out = join(dir, 'out-own');
    const r = cli('run', file, '--out', out, '--no-report');
    expect(r.status, r.stderr).toBe(0);
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // machines: 32 and 16 cores as written (scale 1); tasks: 0.5 of the largest machine × the Google default 32 cores
    expect(events.filter((e) => e.type === 'agent.added').map((e) => e.resources)).toEqual(['cpus:32;mem:131072', 'cpus:16;mem:65536']);
    expect(events.filter((e) => e.type === 'task.launched').map((e) => e.resources)).toEqual(['cpus:16;mem:32768', 'cpus:16;mem:32768']);
  }, 60_000);

  it('the source scale counts for units: absolute; a global key the absolute source overrides does not conflict', () => {
    const ok = scenario('override', ['{ trace: machine_events, units: absolute, scale: { cpus: 1, memMiB: 1024 } }', '{ trace: task_events }'], '{ cpus: 64, memMiB: 262144 }');
    expect(cli('validate', ok).status).toBe(0);
    const missing = scenario('half', ['{ trace: machine_events, units: absolute, scale: { cpus: 1 } }', '{ trace: task_events }']);
    const r = cli('validate', missing);
    expect(r.status).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/s\.yaml:8:\d+: error CS1004 units: absolute needs workload\.scale\.memMiB \(or the source's own scale\.memMiB\)/);
  }, 30_000);

  it('normalized formats with different units under one scale are a conflict too; the same format is not', () => {
    const mixed = scenario('formats', ['{ trace: machine_events, format: google-2011 }', '{ trace: task_events, format: alibaba-2018 }'], '{ cpus: 32 }');
    const r = cli('validate', mixed);
    expect(r.status).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/error CS1004 workload\.scale\.cpus applies to every trace source .*workload\.sources\.0 \(machine_events, normalized google-2011\) at \S+ and workload\.sources\.1 \(task_events, normalized alibaba-2018\)/);
    // formats left to detection are compared too: an Alibaba 2018 machine table beside Google task_events
    const detected = scenario('detected', ['{ trace: task_events }', '{ trace: machine_meta.csv }'], '{ cpus: 32 }');
    writeFileSync(join(dir, 'detected', 'machine_meta.csv'), 'm_1,0,1,a,96,100,USING\n');
    const d = cli('validate', detected);
    expect(d.status, d.stderr + d.stdout).toBe(2);
    expect(d.stderr + d.stdout).toMatch(/workload\.sources\.0 \(task_events, normalized google-2011 \(detected\)\) at \S+ and workload\.sources\.1 \(machine_meta\.csv, normalized alibaba-2018 \(detected\)\)/);
    const same = scenario('same', ['{ trace: machine_events, format: google-2011 }', '{ trace: task_events, format: google-2011 }'], '{ cpus: 32 }');
    expect(cli('validate', same).status).toBe(0);
  }, 30_000);
});
