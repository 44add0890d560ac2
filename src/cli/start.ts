/**
 * What `bin/clustersim.js` runs, from the sources through tsx or from the prebuilt bundle
 * (dist/cli/start.js, bin/cli-bundle.js): the command line's exit code becomes the process's.
 */
import { tolerateClosedOutputs } from './closed-stdout.ts';
import { main } from './main.ts';

export async function start(argv: readonly string[]): Promise<void> {
  tolerateClosedOutputs(); // `clustersim run … | head`, `… 2>&1 | head -1`: no EPIPE stack trace, the command's own exit code
  process.exitCode = await main(argv);
}
