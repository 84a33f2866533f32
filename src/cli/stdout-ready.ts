/**
 * Output backpressure for the commands that stream rows: Node buffers every write to a pipe
 * without limit, so when the reader of stdout is slower than nad (`nad scan … | jq`), reading
 * must wait, or memory grows with the input. Called between input chunks (ReadHooks.outputReady).
 */

/**
 * undefined when stdout can take more now; otherwise a promise settled when it has drained
 * (or closed, failed, or `signal` aborted — so waiting never outlives the output or a Ctrl-C).
 */
export function stdoutReady(signal?: AbortSignal): Promise<void> | undefined {
  const out = process.stdout;
  if (!out.writableNeedDrain || signal?.aborted === true) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
    signal?.addEventListener('abort', done);
  });
}
