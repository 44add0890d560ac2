/**
 * `clustersim … | head`, `clustersim … 2>&1 | head -1`, `2> >(head -1)`: when the reader of stdout or
 * stderr goes away, further writes fail with EPIPE, which Node raises as an unhandled 'error' event
 * (a stack trace nobody sees, exit 1 — read as "regression" here). Output nobody reads is not a
 * failure: from the first EPIPE on, that stream's writes are dropped and the command finishes its work
 * (run directories, --junit files) with the exit code of its outcome. `console.error` on a closed
 * stderr is the same case as `console.log` on a closed stdout: before, only stdout was covered and
 * `check … 2>&1 | head -1` or an invalid scenario with stderr piped into `head` exited 1 instead of
 * 2. Installed once, for both streams, by the process entry point (bin/clustersim.js).
 */
export function tolerateClosedStdout(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e; // anything else is still a real error
    stream.write = (() => true) as typeof stream.write; // the reader is gone: drop the rest
  });
}

/** Both standard outputs (bin/clustersim.js). */
export function tolerateClosedOutputs(): void {
  tolerateClosedStdout(process.stdout);
  tolerateClosedStdout(process.stderr);
}
