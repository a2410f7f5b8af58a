// Where a watcher is in CloudTrail's event history, kept in a file (--state-file) so that a restart neither misses
// nor repeats an event: the newest event time handled, and the ids of the events handled in the window a poll
// looks back over (records can reach the history late, so polls overlap; the ids tell what was done). Written
// atomically (a new file renamed over the old one): a crash leaves the old cursor or the new one, never half.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { userError } from '../diagnostics/diagnostic.js';

export interface Cursor {
  /** The newest event time handled (ISO 8601), or when watching started. */
  time: string;
  /** Event id → event time, for the events handled within the look-back window. */
  seen: Record<string, string>;
}

const FORMAT = 'reconcile/watch-cursor';

export function loadCursor(path: string): Cursor | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw userError(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code})`);
  }
  let data: { format?: unknown; version?: unknown; time?: unknown; seen?: unknown };
  try {
    data = JSON.parse(text);
  } catch {
    throw userError(`${path}: not a watch cursor (not JSON); move it away to start watching afresh`);
  }
  const seen = data?.seen;
  if (data?.format !== FORMAT || data.version !== 1 || typeof data.time !== 'string' || Number.isNaN(Date.parse(data.time)) || typeof seen !== 'object' || seen === null) {
    throw userError(`${path}: not a ${FORMAT} version 1 file; move it away to start watching afresh`);
  }
  return { time: data.time, seen: seen as Record<string, string> };
}

export function saveCursor(path: string, cursor: Cursor): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ format: FORMAT, version: 1, ...cursor }, null, 2) + '\n');
  renameSync(temporary, path);
}
