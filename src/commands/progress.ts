// A one-line progress note on stderr while AWS is being read or written, only when stderr is a terminal and the
// work takes more than a moment; it erases itself when done.

import type { OrgSource } from '../read/source.js';

export function showProgress(
  calls: () => number,
  what: string,
  stream: NodeJS.WriteStream = process.stderr,
  /** What is being retried and why, while it is: retries are visible, not silent. */
  retrying: () => string | undefined = () => undefined,
): () => void {
  if (!stream.isTTY) return () => {};
  const started = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    if (Date.now() - started < 1000) return;
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const retry = retrying();
    stream.write(`\r\x1b[K${what}… ${calls()} API calls, ${seconds}s${retry ? ` (retrying ${retry})` : ''}`);
    shown = true;
  }, 250);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (shown) stream.write('\r\x1b[K');
  };
}

/** How many calls a source has made so far, for the progress line. */
export function totalCalls(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** A progress line for reading from a source. */
export function showReading(source: OrgSource): () => void {
  return showProgress(() => totalCalls(source.calls), 'Reading the organization', process.stderr, () => source.retrying);
}
