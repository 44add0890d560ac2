/**
 * The files of a directory trace source. A table linked into the directory (or a linked directory)
 * was skipped silently: the replay ran no task and exited 0, and inspect/convert listed the files in
 * another order than the replay.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listTraceFiles } from '../../src/workload/traces/open-trace.ts';
import { listTraceFilesSync } from '../../src/workload/traces/list-sync.ts';

const root = mkdtempSync(join(tmpdir(), 'cs-listing-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('trace files of a directory', () => {
  it('follows links to files and directories, walks a looping link once, skips a dangling one', async () => {
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(join(elsewhere, 'task_events'), { recursive: true });
    writeFileSync(join(elsewhere, 'jobs.csv'), 'x\n');
    writeFileSync(join(elsewhere, 'task_events', 'part-0.csv'), 'x\n');
    const dir = join(root, 'source');
    mkdirSync(dir);
    writeFileSync(join(dir, 'machine_events.csv'), 'x\n');
    symlinkSync(join(elsewhere, 'jobs.csv'), join(dir, 'jobs.csv'));
    symlinkSync(join(elsewhere, 'task_events'), join(dir, 'task_events'));
    symlinkSync(dir, join(dir, 'loop'));
    symlinkSync(join(root, 'nowhere.csv'), join(dir, 'dangling.csv'));
    const expected = [join(dir, 'machine_events.csv'), join(dir, 'task_events', 'part-0.csv'), join(dir, 'jobs.csv')];
    expect(listTraceFilesSync(dir)).toEqual(expected);
    expect(await listTraceFiles(dir)).toEqual(expected); // inspect and convert list as the replay does
  });
});
