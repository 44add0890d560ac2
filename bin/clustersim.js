#!/usr/bin/env node
// Entry point for `npx clustersim`: runs the TypeScript sources through tsx's loader,
// so a fresh `npm ci` needs no separate build step.
import { register } from 'tsx/esm/api';

register();
const { tolerateClosedOutputs } = await import('../src/cli/closed-stdout.ts');
tolerateClosedOutputs(); // `clustersim run … | head`, `… 2>&1 | head -1`: no EPIPE stack trace, the command's own exit code
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
