/**
 * `clustersim … | head`: when the reader of stdout goes away, further writes fail with EPIPE, which
 * Node raises as an unhandled 'error' event (a stack trace, exit 1 — read as "regression" here).
 * Output nobody reads is not a failure: from the first EPIPE on, stdout writes are dropped and the
 * command finishes its work (run directories, --junit files) with the exit code of its outcome.
 * Installed once by the process entry point (bin/clustersim.js).
 */
export function tolerateClosedStdout(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e; // anything else is still a real error
    stream.write = (() => true) as typeof stream.write; // the reader is gone: drop the rest
  });
}
