// The prebuilt CLI: src/cli/start.ts bundled by esbuild into dist/cli/start.js (`npm run build`,
// run by `npm ci` as the `prepare` script). Node then loads one file instead of ~280 TypeScript
// modules through tsx's loader thread: about 0.7 s less CPU for every command, check worker and
// sweep job. The bundle is used only while every source it was built from is unchanged (size and
// mtime, as recorded next to it); after an edit the CLI runs the sources through tsx again.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** dist/cli/, two levels down like src/cli/: the sources' `new URL('../../…', import.meta.url)` paths hold in the bundle too. */
export const BUNDLE = fileURLToPath(new URL('../dist/cli/start.js', import.meta.url));
export const MANIFEST = fileURLToPath(new URL('../dist/cli/sources.json', import.meta.url));

/** Marks a process running the bundle: a TypeScript plugin then needs tsx registered (src/experiment/typescript-loader.ts). */
export const BUNDLED = Symbol.for('clustersim.bundled');

/**
 * Whether the bundle exists and every source recorded in its manifest (paths relative to `root`)
 * is as it was when it was built.
 */
export function bundleIsFresh(root = ROOT, bundle = BUNDLE, manifestFile = MANIFEST) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    statSync(bundle);
  } catch {
    return false;
  }
  if (!Array.isArray(manifest?.sources) || manifest.sources.length === 0) return false;
  for (const [path, size, mtimeMs] of manifest.sources) {
    const st = statSync(join(root, path), { throwIfNoEntry: false });
    if (st === undefined || st.size !== size || st.mtimeMs !== mtimeMs) return false;
  }
  return true;
}
