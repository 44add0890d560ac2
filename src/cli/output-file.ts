/**
 * The no-clobber rule for single-file outputs (`plan --out`, `sweep plan --out`, `trace convert --out`), as `run` has it for
 * its directory: an existing file is replaced only with `--force`, and never when it is one of the
 * command's inputs (compared by device and inode, so links count) or not a plain file.
 */
import { statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';

/** Why `out` must not be written, or undefined when it may be. */
export function refuseOutputFile(out: string, force: boolean, inputs: readonly string[] = [], flag = '--out'): string | undefined {
  const o = statOrNull(out);
  for (const input of inputs) {
    const i = statOrNull(input);
    const same = o !== null && i !== null ? o.dev === i.dev && o.ino === i.ino : resolve(out) === resolve(input);
    if (same) return `${flag} ${out} is the input ${input}; write the result elsewhere`;
  }
  if (o === null) return undefined;
  if (!o.isFile()) return `--out ${out} exists and is not a file`;
  if (!force) return `output file ${out} already exists (use --force to overwrite)`;
  return undefined;
}

export function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}
