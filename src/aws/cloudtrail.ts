// AWS's facts about the CloudTrail records of Organizations writes, as drift handling reads them.
//
// Organizations is a global service whose events are recorded in us-east-1 of the management account
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_cloudtrail-integration.html) and reach
// EventBridge there as "AWS API Call via CloudTrail" events
// (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-organizations.html). CloudTrail's event history
// keeps 90 days of management events and answers LookupEvents at two requests a second per account and region
// (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html).

import type { Rate } from './rate-limits.js';

export const ORGANIZATIONS_EVENT_SOURCE = 'organizations.amazonaws.com';
export const ORGANIZATIONS_EVENT_REGION = 'us-east-1';
export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** The Organizations writes that change what org.yaml owns: the policies, their attachments, the policy types. */
export const POLICY_WRITE_EVENTS = [
  'AttachPolicy',
  'DetachPolicy',
  'UpdatePolicy',
  'DeletePolicy',
  'CreatePolicy',
  'EnablePolicyType',
  'DisablePolicyType',
] as const;

export type PolicyWriteEvent = (typeof POLICY_WRITE_EVENTS)[number];

export function isPolicyWriteEvent(name: string): name is PolicyWriteEvent {
  return (POLICY_WRITE_EVENTS as readonly string[]).includes(name);
}

/** "The rate of lookup requests is limited to two per second, per account, per Region." (API_LookupEvents) */
export const LOOKUP_EVENTS_RATE: Rate = { perSecond: 2, burst: 2 };

/** LookupEvents answers at most 50 events a page. */
export const LOOKUP_EVENTS_PAGE = 50;

/** How far back event history goes. */
export const EVENT_HISTORY_DAYS = 90;

/**
 * How long after a call its record may still appear in event history: CloudTrail delivers "within an average of
 * about 5 minutes of an API call. This time is not guaranteed."
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-cloudtrail-works.html). A poller looks this far
 * behind its cursor so that a late record is not missed.
 */
export const EVENT_DELIVERY_LAG_MS = 20 * 60_000;

/**
 * The EventBridge pattern for the policy writes that succeeded: failed calls carry `errorCode`, and the pattern
 * leaves them out with an `exists: false` match
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pattern-operators.html#eb-filter-pattern-exists).
 */
export const POLICY_WRITE_EVENT_PATTERN = {
  source: ['aws.organizations'],
  'detail-type': [CLOUDTRAIL_DETAIL_TYPE],
  detail: {
    eventSource: [ORGANIZATIONS_EVENT_SOURCE],
    eventName: [...POLICY_WRITE_EVENTS],
    errorCode: [{ exists: false }],
  },
};
