import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/**
 * Atomic output: write to a sibling temporary path, then rename into place, so a reader never
 * sees a half-written file and a crash never leaves a truncated result behind.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-${basename(path)}-${process.pid}`);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Create a fresh temporary directory next to `finalDir`; `commit()` renames it into place.
 * Refuses to replace an existing directory unless `force` (then the old one is removed first), and
 * even then only an empty one or one holding `marker` (the file our own output directories always
 * have; a run directory's manifest.json by default): `--out ~/experiments --force` must not delete a
 * directory of someone else's files.
 */
export function stageDirectory(finalDir: string, force: boolean, marker = 'manifest.json'): { dir: string; commit(): void; abort(): void } {
  if (existsSync(finalDir) && !force) {
    throw new Error(`output directory ${finalDir} already exists (use --force to overwrite)`);
  }
  if (existsSync(finalDir) && !isReplaceable(finalDir, marker)) {
    throw new Error(`output directory ${finalDir} already exists and has no ${marker}: not replaced, even with --force (it is not an output of ours)`);
  }
  const dir = join(dirname(finalDir), `.tmp-${basename(finalDir)}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    commit() {
      if (existsSync(finalDir)) rmSync(finalDir, { recursive: true, force: true });
      renameSync(dir, finalDir);
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
