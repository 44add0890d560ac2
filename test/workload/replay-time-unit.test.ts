/**
 * CS6015 (src/workload/traces/google-time-unit.ts): Google times are µs on a clock whose window opens
 * at 600 s. A table converted to seconds was replayed without a word (only `trace inspect` noted it):
 * every record fell before the window, what had ended by 600 s was not run at all. Now the first such
 * time of each file is a warning at file:line:column (stderr, events.jsonl), `run` closes with a
 * warning line, and summary.json counts the files in replay.feed.timesNotMicroseconds.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, hasShared, readTrace, shared } from './helpers.ts';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
const dir = mkdtempSync(join(tmpdir(), 'cs-time-unit-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// rows of the real task_events shard at 1400.59 s … 1426.23 s with the times written in seconds
const SECONDS = ['1400,,7,0,,0,u1,0,2,0.0125,0.0159,0,0', '1401,,7,0,,1,u1,0,2,0.0125,0.0159,0,0', '1426,,7,0,,4,u1,0,2,0.0125,0.0159,0,0'];
const MICROS = SECONDS.map((l) => l.replace(/^(\d+),/, '$1000000,'));

function scenario(name: string, tasks: string[]): string {
  const d = join(dir, name);
  mkdirSync(join(d, 'machine_events'), { recursive: true });
  mkdirSync(join(d, 'task_events'), { recursive: true });
  writeFileSync(join(d, 'machine_events', 'part-00000-of-00001.csv'), '0,1,0,p,0.5,0.5\n');
  writeFileSync(join(d, 'task_events', 'part-00000-of-00001.csv'), tasks.join('\n') + '\n');
  const file = join(d, 's.yaml');
  writeFileSync(file, [
    `name: ${name}`, 'seed: 1', 'until: 30m',
    'frameworks:', '  - { id: batch, role: batch, scheduler: { type: trace-replay } }',
    'workload:', '  sources: [{ trace: machine_events }, { trace: task_events }]', '  window: { start: 600s }', '  map: [{ framework: batch }]',
  ].join('\n') + '\n');
  return file;
}

describe('a Google replay whose times are in seconds', () => {
  it('warns at file:line:column, closes with a warning line and counts the file in summary.json', () => {
    const out = join(dir, 'out-s');
    const r = cli('run', scenario('sec', SECONDS), '--out', out, '--no-report');
    expect(r.status, r.stderr).toBe(0); // a warning: the run is written and its exit code unchanged
    const err = r.stderr.trim().split('\n');
    expect(err[0]).toMatch(/sec\/task_events\/part-00000-of-00001\.csv:1:1: warning CS6015 time 1400 is 1 ms after the Google 2011 trace origin \(its times are microseconds.*are this file's times in seconds or milliseconds\?/);
    expect(err[1]).toMatch(/^warning: 1 Google trace file\(s\) with times below 600 s, i\.e\. in seconds or milliseconds rather than microseconds \(CS6015, summary\.json replay\.feed\.timesNotMicroseconds\)/);
    expect(err).toHaveLength(2); // one per file, not one per row
    const feed = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).replay.feed;
    expect(feed).toMatchObject({ timesNotMicroseconds: 1, traceWarnings: 1, invalidLines: 0, endedBeforeWindow: 1 }); // the task was not run at all
    expect(readFileSync(join(out, 'events.jsonl'), 'utf8')).toMatch(/"type":"workload\.diagnostic".*CS6015/);
    // the report's headline says it first (a warning leaves the exit code 0, so the page must)
    const card = (JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).headline as { key: string; value: unknown; note?: string }[])
      .find((h) => h.key === 'replay.timesNotMicroseconds');
    expect(card).toMatchObject({ value: 1, better: 'lower' });
    expect(card?.note).toContain('CS6015 at file:line:column on stderr');
  }, 60_000);

  it('says nothing for the same rows in microseconds (the key is 0)', () => {
    const out = join(dir, 'out-us');
    const r = cli('run', scenario('us', MICROS), '--out', out, '--no-report');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('CS6015');
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).replay.feed).toMatchObject({ timesNotMicroseconds: 0, traceWarnings: 0, tasksSubmitted: 1, endedBeforeWindow: 0 });
    expect((JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).headline as { key: string }[]).some((h) => h.key === 'replay.timesNotMicroseconds')).toBe(false);
  }, 60_000);

  it('Google 2019: at the value of "time" (or "start_time" of instance_usage)', async () => {
    const f = join(dir, 'instance_events-000000000000.json');
    writeFileSync(f, '{"time": "0", "type": "SUBMIT", "collection_id": "7", "priority": 200}\n{"time": "1400", "type": "SUBMIT", "collection_id": "8", "priority": 200}\n{"time": "1500", "type": "SUBMIT", "collection_id": "9", "priority": 200}\n');
    const { diagnostics, records } = await readTrace(f, { timeUnitCheck: true });
    expect((await readTrace(f)).diagnostics).toEqual([]); // trace inspect and convert: only inspect's note
    expect(records).toHaveLength(3);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual(['2:10 warning CS6015']);
    const u = join(dir, 'instance_usage-000000000000.json');
    writeFileSync(u, '{"start_time": "300000000", "end_time": "600000000", "collection_id": "7", "instance_index": 0}\n');
    expect((await readTrace(u, { timeUnitCheck: true })).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message.slice(0, 43)}`)).toEqual(['1:16 CS6015 start_time 300000000 is 300000 ms after the']);
  });

  it('a replay whose window opens before 600 s reads the Google clock as its own: no warning (hand-written tables in µs)', () => {
    const file = scenario('own-clock', SECONDS);
    writeFileSync(file, readFileSync(file, 'utf8').replace('window: { start: 600s }', 'window: { start: 0 }'));
    const r = cli('run', file, '--out', join(dir, 'out-own'), '--no-report');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('CS6015');
  }, 60_000);

  it('the Google 2011 fixture in microseconds gives none', async () => {
    expect((await readTrace(fixture('google-2011/task_events/ok.csv'), { timeUnitCheck: true })).diagnostics.filter((d) => d.code === 'CS6015')).toEqual([]);
  });
});

describe.skipIf(!hasShared)('the genuine Google samples are in microseconds', () => {
  it.each(['google-2011/task_events', 'google-2011/machine_events', 'google-2011/job_events', 'google-2019/machine_events-000000000000.json.gz'])('%s', async (p) => {
    const { readdirSync, statSync } = await import('node:fs');
    const path = shared(p);
    const files = statSync(path).isDirectory() ? readdirSync(path).map((f) => join(path, f)) : [path];
    for (const f of files) expect((await readTrace(f, { timeUnitCheck: true })).diagnostics.filter((d) => d.code === 'CS6015'), f).toEqual([]);
  }, 120_000);
});
