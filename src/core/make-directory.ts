/**
 * `mkdir -p` that always ends. Node 20's `mkdirSync(p, { recursive: true })` spins forever when a
 * parent exists but cannot hold children (`--out /proc/self/x`: mkdir of the child says ENOENT, of
 * the parent EEXIST, and it retries the child; the same loop bun fixed in oven-sh/bun#40600). Here
 * each missing directory is made once, outermost first; an error is the system's, thrown as is.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeDirectory(path: string): void {
  const missing: string[] = [];
  for (let p = resolve(path); !isDirectory(p); p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break; // the root itself: let mkdir say why
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i]);
    } catch (e) {
      // Made meanwhile by another process (two runs sharing a parent): fine if it is a directory.
      if ((e as { code?: unknown }).code !== 'EEXIST' || !isDirectory(missing[i])) throw e;
    }
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
