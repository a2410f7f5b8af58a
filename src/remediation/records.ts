// What the handler may be given, and the CloudTrail records in it: an EventBridge event ("AWS API Call via
// CloudTrail", the record in `detail`), a batch of them (an array), LookupEvents' events (the record as JSON text
// in `CloudTrailEvent`) or its whole answer (`Events`), a record, or a record's JSON. Anything else is counted as
// unreadable, never guessed at.

import { parseRecord, type CloudTrailRecord } from '../drift/cloudtrail-record.js';

export type Received = { ok: true; record: CloudTrailRecord } | { ok: false; id: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function recordsIn(input: unknown): Received[] {
  if (Array.isArray(input)) return input.flatMap(recordsIn);
  if (isObject(input)) {
    if (Array.isArray(input.Events)) return recordsIn(input.Events);
    if ('detail' in input && 'detail-type' in input) return [received(input.detail, input.id)];
    if ('CloudTrailEvent' in input) return [received(input.CloudTrailEvent, input.EventId)];
  }
  return [received(input, undefined)];
}

function received(value: unknown, id: unknown): Received {
  const record = parseRecord(value);
  return record ? { ok: true, record } : { ok: false, id: typeof id === 'string' ? id : '(none)' };
}
