import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, realpathSync, renameSync, statSync, writeFileSync, writeSync, existsSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { makeDirectory } from './make-directory.ts';

/**
 * An output path that cannot be used (already exists, not replaceable, or the file system refuses:
 * a parent that is a file, no permission, read-only): a usage problem the CLI reports with exit 2,
 * never a simulation error.
 */
export class OutputPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputPathError';
  }
}

/** Run `f`; a file-system error becomes an OutputPathError saying what could not be written, and why. */
function asOutputError<T>(what: string, path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof OutputPathError || typeof (e as { code?: unknown }).code !== 'string') throw e;
    const blocker = blockingAncestor(path);
    throw new OutputPathError(`cannot write ${what}: ${blocker ?? (e as Error).message}`);
  }
}

/**
 * Why nothing can be created under `path`, when its nearest existing ancestor says so: a file, or a
 * symbolic link to nothing (mkdir then says EEXIST of a path that "does not exist").
 */
function blockingAncestor(path: string): string | null {
  for (let p = dirname(path); ; p = dirname(p)) {
    const link = danglingLinkTarget(p);
    if (link !== null) return `${p} is a symbolic link to ${link}, which does not exist`;
    if (existsSync(p)) return statSync(p).isDirectory() ? null : `${p} is not a directory`;
    if (dirname(p) === p) return null;
  }
}

function danglingLinkTarget(p: string): string | null {
  try {
    return lstatSync(p).isSymbolicLink() && !existsSync(p) ? readlinkSync(p) : null;
  } catch {
    return null;
  }
}

/**
 * Atomic output: write to a sibling temporary path, then rename into place, so a reader never
 * sees a half-written file and a crash never leaves a truncated result behind.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  asOutputError(path, path, () => {
    makeDirectory(dirname(path));
    const tmp = join(dirname(path), `.tmp-${basename(path)}-${process.pid}`);
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  });
}

/**
 * writeFileAtomic for text given in pieces (e.g. canonical-json-stream.ts), encoded through a 1 MiB
 * buffer: the whole text is never one string.
 */
export function writeChunksAtomic(path: string, chunks: Iterable<string>): void {
  asOutputError(path, path, () => {
    makeDirectory(dirname(path));
    const tmp = join(dirname(path), `.tmp-${basename(path)}-${process.pid}`);
    const fd = openSync(tmp, 'w');
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      let used = 0;
      const out = (b: Uint8Array) => { for (let off = 0; off < b.length;) off += writeSync(fd, b, off, b.length - off); };
      for (const piece of chunks) {
        // a UTF-16 code unit is at most 3 UTF-8 bytes
        if (used + 3 * piece.length > buf.length) {
          out(buf.subarray(0, used));
          used = 0;
          if (3 * piece.length > buf.length) { out(Buffer.from(piece, 'utf8')); continue; }
        }
        used += buf.write(piece, used, 'utf8');
      }
      out(buf.subarray(0, used));
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  });
}

/**
 * Create a fresh temporary directory next to `finalDir`; `commit()` renames it into place.
 * Refuses to replace an existing directory unless `force` (then the old one is removed first), and
 * even then only an empty one or one holding `marker` (the file our own output directories always
 * have; a run directory's manifest.json by default): `--out ~/experiments --force` must not delete a
 * directory of someone else's files.
 */
export function stageDirectory(finalDir: string, force: boolean, marker = 'manifest.json', inputs: readonly string[] = []): { dir: string; commit(): void; abort(): void } {
  // File operations on the resolved path: `a/missing/../b` names a/b, and the rename must agree.
  const target = resolve(finalDir);
  if (existsSync(finalDir) && !force) {
    throw new OutputPathError(`output directory ${finalDir} already exists (use --force to overwrite)`);
  }
  // Replacing the directory deletes what is in it: never an input of this very run (a trace kept in
  // an earlier run directory was deleted by --force, and the next run failed "trace not found").
  if (existsSync(finalDir)) {
    const real = realOrResolved(target);
    for (const input of inputs) {
      const p = realOrResolved(input);
      if (p === real || p.startsWith(real + sep)) throw new OutputPathError(`output directory ${finalDir} holds ${input}, an input of this command: --force would delete it; write elsewhere or move the input out`);
    }
  }
  if (existsSync(finalDir) && !asOutputError(`output directory ${finalDir}`, finalDir, () => isReplaceable(finalDir, marker))) {
    throw new OutputPathError(`output directory ${finalDir} already exists and has no ${marker}: not replaced, even with --force (it is not an output of ours)`);
  }
  const dir = join(dirname(target), `.tmp-${basename(target)}-${process.pid}`);
  asOutputError(`output directory ${finalDir}`, finalDir, () => {
    removeAbandonedStages(dirname(target), `.tmp-${basename(target)}-`);
    rmSync(dir, { recursive: true, force: true });
    makeDirectory(dir);
  });
  return {
    dir,
    commit() {
      asOutputError(`output directory ${finalDir}`, finalDir, () => {
        // Checked again: another process may have made it while this one ran (two runs started into
        // one --out at once). Its outputs are not deleted, and this run's are kept beside them.
        if (existsSync(target) && (!force || !isReplaceable(target, marker))) {
          const kept = `${target}-${process.pid}`;
          renameSync(dir, kept);
          throw new OutputPathError(`output directory ${finalDir} was created by another process while this one ran; not replaced${force ? ' (it is not an output of ours)' : ' (use --force to overwrite)'}: this run's outputs are in ${kept}`);
        }
        if (existsSync(target)) rmSync(target, { recursive: true, force: true });
        renameSync(dir, target);
      });
    },
    abort() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An empty directory, or one of ours (it holds `marker`); a plain file never is. */
function isReplaceable(dir: string, marker: string): boolean {
  if (!statSync(dir).isDirectory()) return false;
  const entries = readdirSync(dir);
  return entries.length === 0 || entries.includes(marker);
}

/**
 * Staging directories named `<prefix><pid>` in `parent`, left by runs that were stopped (Ctrl-C stops a
 * run at once, with no handler to clean up: see cli/main.ts) and whose process is gone. A live
 * process's stage is never touched, so two runs into one --out still meet only at commit.
 */
export function removeAbandonedStages(parent: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return; // no parent yet: nothing was staged there
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = name.slice(prefix.length);
    if (!/^[1-9]\d*$/.test(pid) || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: unknown }).code === 'EPERM'; // alive, another user's
  }
}

/** The path with its links resolved (so a link into the directory counts), or just resolved when it does not exist. */
function realOrResolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}
