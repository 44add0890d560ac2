#!/usr/bin/env node
// Entry point for `npx clustersim`: the prebuilt bundle when it matches the sources
// (bin/cli-bundle.js), otherwise the TypeScript sources through tsx's loader, so a checkout
// needs no build step and an edited source is never shadowed by an old bundle.
// CLUSTERSIM_FROM_SOURCES=1 runs the sources even when the bundle is fresh.
import { pathToFileURL } from 'node:url';
import { BUNDLE, BUNDLED, bundleIsFresh } from './cli-bundle.js';

let start;
if (process.env.CLUSTERSIM_FROM_SOURCES !== '1' && bundleIsFresh()) {
  globalThis[BUNDLED] = true;
  ({ start } = await import(pathToFileURL(BUNDLE).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ start } = await import('../src/cli/start.ts'));
}
await start(process.argv.slice(2));
