// The CloudTrail record of one Organizations write
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html,
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_cloudtrail-integration.html).
// Every write is recorded, refused ones too: a failed call carries `errorCode` and `errorMessage`, a successful one
// never does, including a write that committed but whose answer was lost on the way back (it succeeded on AWS's
// side). That is what automations acting on these records must tell apart.

import type { UserIdentity } from './identity.js';

export interface CloudTrailRecord {
  eventVersion: '1.08';
  userIdentity: UserIdentity;
  /** ISO 8601 in whole seconds, as CloudTrail writes it. */
  eventTime: string;
  eventSource: 'organizations.amazonaws.com';
  eventName: string;
  awsRegion: 'us-east-1';
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  /** The request's members in camelCase (AttachPolicy: `{policyId, targetId}`); null for a call without any. */
  requestParameters: Record<string, unknown> | null;
  /** The response's members in camelCase (CreatePolicy: `{policy: {policySummary, content}}`); null when none. */
  responseElements: Record<string, unknown> | null;
  requestID: string;
  eventID: string;
  readOnly: false;
  eventType: 'AwsApiCall';
  managementEvent: true;
  /** The account whose trail holds the record: Organizations' events go to the management account. */
  recipientAccountId: string | undefined;
  eventCategory: 'Management';
}

export interface WriteCall {
  operation: string;
  input: Record<string, unknown>;
  /** When the call was answered (ms since epoch). */
  time: number;
  requestId: string;
  eventId: string;
  identity: UserIdentity;
  recipientAccountId: string | undefined;
  sourceIPAddress: string;
  userAgent: string;
  /** The answer of a committed write, even one that was lost on the way back. */
  response?: unknown;
  /** Why the write was refused; absent when it committed. */
  error?: { code: string; message: string };
}

/** CloudTrail writes API members in lower camelCase, nested ones too. */
function camelCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCase);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key.charAt(0).toLowerCase() + key.slice(1), camelCase(v)]));
}

function members(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0 ? (camelCase(value) as Record<string, unknown>) : null;
}

export function cloudTrailRecord(call: WriteCall): CloudTrailRecord {
  return {
    eventVersion: '1.08',
    userIdentity: call.identity,
    eventTime: new Date(call.time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'organizations.amazonaws.com',
    eventName: call.operation,
    awsRegion: 'us-east-1',
    sourceIPAddress: call.sourceIPAddress,
    userAgent: call.userAgent,
    ...(call.error ? { errorCode: call.error.code, errorMessage: call.error.message } : {}),
    requestParameters: members(call.input),
    responseElements: call.error ? null : members(call.response),
    requestID: call.requestId,
    eventID: call.eventId,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: call.recipientAccountId,
    eventCategory: 'Management',
  };
}
