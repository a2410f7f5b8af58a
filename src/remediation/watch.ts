// The handler without Lambda: poll CloudTrail's event history for Organizations' events every interval, from a
// persisted cursor (cursor.ts), and feed each record, oldest first, to the same handler the Lambda function runs.
//
// Records reach the event history minutes after their call and not always in order, so each poll looks back
// EVENT_DELIVERY_LAG_MS before the newest event handled, and skips the ids it has handled. An event whose handling
// failed is not marked handled: the next poll tries it again. The cursor is saved after every event, so a restart
// repeats nothing that was done. The lookup is by event source (one query for all of Organizations' events); the
// handler skips reads and other writes without a call.

import { EVENT_DELIVERY_LAG_MS, ORGANIZATIONS_EVENT_SOURCE } from '../aws/cloudtrail.js';
import type { CloudTrailRecord } from '../drift/cloudtrail-record.js';
import type { EventHistory } from '../drift/cloudtrail.js';
import { loadCursor, saveCursor, type Cursor } from './cursor.js';
import type { RemediationHandler } from './handler.js';

export interface WatchOptions {
  history: EventHistory;
  handler: RemediationHandler;
  stateFile: string;
  intervalMs: number;
  /** Stops the watch: the event being handled finishes (no new step starts), and the cursor is saved. */
  signal: AbortSignal;
  log: (line: string) => void;
  now?: () => number;
}

export async function watch(options: WatchOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const cursor: Cursor = loadCursor(options.stateFile) ?? { time: new Date(now()).toISOString(), seen: {} };
  saveCursor(options.stateFile, cursor);
  note(options, { watching: { stateFile: options.stateFile, from: cursor.time, intervalSeconds: options.intervalMs / 1000 } });
  while (!options.signal.aborted) {
    try {
      await poll(options, cursor);
    } catch (err) {
      // CloudTrail unreachable or refusing: say so, and try again at the next interval.
      note(options, { pollFailed: `${(err as Error).name}: ${(err as Error).message}` });
    }
    await pause(options.intervalMs, options.signal);
  }
  note(options, { stopped: { stateFile: options.stateFile, at: cursor.time } });
}

async function poll(options: WatchOptions, cursor: Cursor): Promise<void> {
  const since = new Date(Date.parse(cursor.time) - EVENT_DELIVERY_LAG_MS);
  const records: CloudTrailRecord[] = [];
  for await (const record of options.history.records({ attribute: { key: 'EventSource', value: ORGANIZATIONS_EVENT_SOURCE }, since })) records.push(record);
  // Newest first from CloudTrail; handled oldest first, as they happened.
  for (const record of records.reverse()) {
    if (options.signal.aborted) return;
    if (cursor.seen[record.eventID]) continue;
    const summary = await options.handler.handle(record);
    if (summary.failed.length > 0) continue;
    cursor.seen[record.eventID] = record.eventTime;
    if (record.eventTime > cursor.time) cursor.time = record.eventTime;
    forgetOld(cursor);
    saveCursor(options.stateFile, cursor);
  }
}

/** Ids older than the look-back window can never be returned by a poll again. */
function forgetOld(cursor: Cursor): void {
  const horizon = new Date(Date.parse(cursor.time) - EVENT_DELIVERY_LAG_MS - 60_000).toISOString();
  for (const [id, time] of Object.entries(cursor.seen)) if (time < horizon) delete cursor.seen[id];
}

function note(options: WatchOptions, fields: object): void {
  options.log(JSON.stringify({ time: new Date().toISOString(), source: 'reconcile-watch', ...fields }));
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
