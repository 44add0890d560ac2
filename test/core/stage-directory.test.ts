/**
 * Output directories are staged and renamed into place (src/core/atomic-write.ts stageDirectory). Found
 * by fuzzing (session 18): two runs started into the same --out both passed the check made at
 * staging, and the one committing last deleted the other's directory; an --out through a folder
 * that does not exist (`x/../out`) ran the whole simulation and then failed the rename (exit 3).
 * Session 19: `--out /proc/self/x` hung in Node's recursive mkdir (make-directory.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputPathError, stageDirectory, writeFileAtomic } from '../../src/core/atomic-write.ts';
import { makeDirectory } from '../../src/core/make-directory.ts';

const base = () => mkdtempSync(join(tmpdir(), 'cs-stage-'));

describe('stageDirectory', () => {
  it('never deletes a directory another process made while this one ran; keeps this run beside it', () => {
    const root = base();
    const out = join(root, 'run');
    const stage = stageDirectory(out, false);
    writeFileSync(join(stage.dir, 'manifest.json'), 'mine\n');
    mkdirSync(out); // the other run committed first
    writeFileSync(join(out, 'manifest.json'), 'theirs\n');
    let error: unknown;
    try { stage.commit(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(OutputPathError);
    expect((error as Error).message).toMatch(/was created by another process while this one ran; not replaced \(use --force to overwrite\): this run's outputs are in .*run-\d+$/);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe('theirs\n');
    const kept = readdirSync(root).filter((n) => /^run-\d+$/.test(n));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(root, kept[0], 'manifest.json'), 'utf8')).toBe('mine\n');
    stage.abort(); // what a caller does after a failed commit: nothing left to remove, the kept outputs stay
    expect(existsSync(join(root, kept[0], 'manifest.json'))).toBe(true);
  });

  it('with --force replaces a run directory made meanwhile, but never a directory that is not ours', () => {
    const root = base();
    const ours = join(root, 'ours');
    const stage = stageDirectory(ours, true);
    writeFileSync(join(stage.dir, 'manifest.json'), 'new\n');
    mkdirSync(ours);
    writeFileSync(join(ours, 'manifest.json'), 'old\n');
    stage.commit();
    expect(readFileSync(join(ours, 'manifest.json'), 'utf8')).toBe('new\n');
    const foreign = join(root, 'foreign');
    const s2 = stageDirectory(foreign, true);
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'keep\n');
    expect(() => s2.commit()).toThrow(/not replaced \(it is not an output of ours\)/);
    expect(readFileSync(join(foreign, 'notes.txt'), 'utf8')).toBe('keep\n');
  });

  it('an --out through a folder that does not exist (x/../out) names the same place for staging and rename', () => {
    const root = base();
    const stage = stageDirectory(join(root, 'missing', '..', 'out'), false);
    writeFileSync(join(stage.dir, 'manifest.json'), '{}\n');
    stage.commit();
    expect(existsSync(join(root, 'out', 'manifest.json'))).toBe(true);
  });

  it('ends with an error under a parent that cannot hold directories (Node\'s recursive mkdir spun forever on /proc)', () => {
    expect(() => stageDirectory('/proc/self/cs-out', false)).toThrow(/cannot write output directory \/proc\/self\/cs-out: ENOENT/);
    expect(() => writeFileAtomic('/proc/self/cs-out/a/file.json', '{}')).toThrow(OutputPathError);
  });

  it('makes every missing parent, and accepts one made meanwhile', () => {
    const root = base();
    const deep = join(root, 'a', 'b', 'c');
    makeDirectory(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeDirectory(deep); // already there: nothing to do
    writeFileSync(join(root, 'file'), 'x');
    expect(() => makeDirectory(join(root, 'file', 'sub'))).toThrow(/ENOTDIR|EEXIST/);
  });

  it('removes the stages of stopped runs (Ctrl-C leaves .tmp-<out>-<pid>), never a live process\'s', () => {
    const root = base();
    const out = join(root, 'run');
    const dead = join(root, '.tmp-run-999999999'); // above any pid_max
    const live = join(root, `.tmp-run-${process.ppid}`);
    const other = join(root, '.tmp-other-999999999');
    for (const d of [dead, live, other]) { mkdirSync(d); writeFileSync(join(d, 'events.jsonl'), ''); }
    const stage = stageDirectory(out, false);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    stage.abort();
  });

  it('says so when the parent is a symbolic link to nothing (mkdir said EEXIST of a path that does not exist)', () => {
    const root = base();
    symlinkSync(join(root, 'missing'), join(root, 'dangling'));
    expect(() => stageDirectory(join(root, 'dangling', 'out'), false)).toThrow(/dangling is a symbolic link to .*missing, which does not exist$/);
  });
});


describe('--force never deletes an input of the run', () => {
  // Found by fuzzing traces (session 20): a trace kept in an earlier run directory, replayed with
  // `--out <that directory> --force`, was deleted; the run exited 0 and the next one found no trace.
  it('refuses to replace a directory holding an input (directly, deeper, or through a link)', () => {
    const root = base();
    const out = join(root, 'run');
    mkdirSync(join(out, 'deep'), { recursive: true });
    writeFileSync(join(out, 'manifest.json'), '{}');
    writeFileSync(join(out, 'deep', 'trace.csv'), 'x');
    symlinkSync(join(out, 'deep', 'trace.csv'), join(root, 'link.csv'));
    for (const input of [join(out, 'deep', 'trace.csv'), join(root, 'link.csv')]) {
      expect(() => stageDirectory(out, true, undefined, [input])).toThrow(/holds .*, an input of this command: --force would delete it/);
    }
    expect(readFileSync(join(out, 'deep', 'trace.csv'), 'utf8')).toBe('x');
    const other = join(root, 'elsewhere.csv');
    writeFileSync(other, 'y');
    const stage = stageDirectory(out, true, undefined, [other, join(root, 'run-2', 'missing.csv')]);
    stage.commit();
    expect(existsSync(join(out, 'deep'))).toBe(false);
  });
});
