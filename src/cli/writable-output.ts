/**
 * Checked before a command does any work: can an output file (`check --junit`) or directory
 * (`check --golden DIR --update`) be written where the user asked? Missing directories are fine
 * when they can be created (writeFileAtomic creates them), so the check goes to the nearest
 * existing ancestor and tries to create (and remove) a probe file in it: as root, permission bits
 * say nothing (`/proc`, read-only mounts), only trying does.
 */
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { statOrNull } from './output-file.ts';

/** Why a file cannot be written at `path`, or undefined when it can (as far as a probe tells). */
export function unwritableFile(path: string): string | undefined {
  const s = statOrNull(path);
  if (s !== null && !s.isFile()) return `cannot write ${path}: it exists and is not a file`;
  return unwritableUnder(path, dirname(resolve(path)));
}

/** Why files cannot be written into the directory `dir` (created if missing), or undefined. */
export function unwritableDirectory(dir: string): string | undefined {
  return unwritableUnder(dir, resolve(dir));
}

function unwritableUnder(what: string, dir: string): string | undefined {
  let d = dir;
  while (statOrNull(d) === null && dirname(d) !== d) d = dirname(d);
  if (!statSync(d).isDirectory()) return `cannot write ${what}: ${d} is not a directory`;
  const probe = join(d, `.clustersim-probe-${process.pid}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
  } catch (e) {
    const code = (e as { code?: string }).code ?? (e as Error).message;
    return `cannot write ${what}: cannot create files in ${d} (${code})`;
  }
  rmSync(probe, { force: true });
  return undefined;
}
