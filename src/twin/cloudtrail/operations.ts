// The CloudTrail operations the twin serves, over AWS JSON 1.1 like Organizations, told apart by the
// X-Amz-Target header. CloudTrail's API model names the target prefix `com.amazonaws.cloudtrail.v20131101.
// CloudTrail_20131101`; the JavaScript SDK v3 sends the bare service name `CloudTrail_20131101`. AWS accepts
// both, so the twin does.

import type { Input } from '../input.js';
import { lookupEvents } from './lookup-events.js';
import type { CloudTrailRecord } from './record.js';

const TARGET_PREFIX = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\./;

/** The CloudTrail operation an X-Amz-Target names; undefined for another service's target. */
export function cloudTrailOperationOf(target: string): string | undefined {
  const prefix = TARGET_PREFIX.exec(target)?.[0];
  return prefix === undefined ? undefined : target.slice(prefix.length);
}

/** One operation over the trail's records (oldest first): the response body, or an AwsError thrown. */
export type CloudTrailHandler = (records: readonly CloudTrailRecord[], input: Input) => Record<string, unknown>;

export const CLOUDTRAIL_OPERATIONS: Record<string, CloudTrailHandler> = {
  LookupEvents: lookupEvents,
};
