// Bundle the CLI (bin/cli-bundle.js says why): src/cli/start.ts → dist/cli/start.js, with the
// manifest of its sources written last, so a half-built bundle is never taken for a fresh one.
//
//   node scripts/build-cli.js [outDir]     (default dist/cli; another outDir, for tests, must be
//                                           dist/<name> or .tmp-<name>/<name>: two levels below the
//                                           root, where the sources' relative paths hold, and in a
//                                           folder that holds nothing else, since it is emptied first)
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE, MANIFEST, ROOT } from '../bin/cli-bundle.js';

const outDir = process.argv[2] === undefined ? join(BUNDLE, '..') : resolve(ROOT, process.argv[2]);
const segments = relative(ROOT, outDir).split(/[\\/]/);
if (segments.length !== 2 || !(segments[0] === 'dist' || segments[0].startsWith('.tmp-'))) {
  console.error(`build-cli: ${outDir} is not dist/<name> or .tmp-<name>/<name> under ${ROOT}`);
  process.exit(2);
}
const manifest = join(outDir, relative(join(BUNDLE, '..'), MANIFEST));

rmSync(outDir, { recursive: true, force: true }); // the manifest first, and no chunks of an older build left behind
mkdirSync(outDir, { recursive: true });
const result = await build({
  entryPoints: [join(ROOT, 'src/cli/start.ts')],
  outdir: outDir,
  bundle: true,
  splitting: true, // dynamic imports stay lazy chunks (the report writer: src/cli/commands/report.ts)
  chunkNames: 'chunk-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external', // node_modules are imported as installed (vega, zod, …), not copied
  keepNames: true, // as under tsx: function and class names stay what the sources say
  metafile: true,
  logLevel: 'warning',
});
const sources = Object.keys(result.metafile.inputs).sort().map((input) => {
  const path = relative(ROOT, resolve(ROOT, input)).split('\\').join('/');
  const st = statSync(join(ROOT, path));
  return [path, st.size, st.mtimeMs];
});
writeFileSync(`${manifest}.tmp`, `${JSON.stringify({ sources })}\n`);
renameSync(`${manifest}.tmp`, manifest);
console.log(`clustersim: built ${relative(ROOT, join(outDir, 'start.js'))} from ${sources.length} sources`);
