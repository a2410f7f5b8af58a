// CloudTrail's LookupEvents over the twin's records
// (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html): at most one lookup
// attribute, an optional time range in whole seconds, newest events first, MaxResults 1–50 (default 50), and a
// NextToken that only continues the same query.
//
// Pages are counted from the oldest matching event, so that events recorded while a caller pages through do not
// shift the pages it has yet to read: they are newer than its first page and belong to the next query.

import { ACCOUNT_ID, ORGANIZATION_ID, OU_ID, POLICY_ID, ROOT_ID } from '../../aws/ids.js';
import { AwsError } from '../errors.js';
import type { Input } from '../input.js';
import { decodeCursor, encodeCursor } from '../pagination.js';
import { usernameOf } from './identity.js';
import type { CloudTrailRecord } from './record.js';

const MAX_RESULTS = 50;

const ATTRIBUTE_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;
type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

interface Resource {
  ResourceType: string;
  ResourceName: string;
}

/** The type CloudTrail gives an Organizations resource, told by its id. */
const RESOURCE_TYPES: [RegExp, string][] = [
  [POLICY_ID, 'AWS::Organizations::Policy'],
  [ACCOUNT_ID, 'AWS::Organizations::Account'],
  [OU_ID, 'AWS::Organizations::OrganizationalUnit'],
  [ROOT_ID, 'AWS::Organizations::Root'],
  [ORGANIZATION_ID, 'AWS::Organizations::Organization'],
];

/** The ids a record names: members called `…Id` or `id` in the request, then in the response (a created policy). */
export function resourcesOf(record: CloudTrailRecord): Resource[] {
  const found = new Map<string, string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' && (key === 'id' || key.endsWith('Id'))) {
        const type = RESOURCE_TYPES.find(([pattern]) => pattern.test(v))?.[1];
        if (type && !found.has(v)) found.set(v, type);
      } else {
        visit(v);
      }
    }
  };
  visit(record.requestParameters);
  visit(record.responseElements);
  return [...found].map(([ResourceName, ResourceType]) => ({ ResourceType, ResourceName }));
}

function attributeOf(record: CloudTrailRecord, key: AttributeKey): string[] {
  switch (key) {
    case 'EventId':
      return [record.eventID];
    case 'EventName':
      return [record.eventName];
    case 'ReadOnly':
      return [String(record.readOnly)];
    case 'Username':
      return [usernameOf(record.userIdentity)];
    case 'ResourceType':
      return resourcesOf(record).map((r) => r.ResourceType);
    case 'ResourceName':
      return resourcesOf(record).map((r) => r.ResourceName);
    case 'EventSource':
      return [record.eventSource];
    case 'AccessKeyId':
      return record.userIdentity.accessKeyId === undefined ? [] : [record.userIdentity.accessKeyId];
  }
}

const invalidAttributes = (message: string) => new AwsError('InvalidLookupAttributesException', message);

function lookupAttributeOf(input: Input): { key: AttributeKey; value: string } | undefined {
  const list = input.LookupAttributes;
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw invalidAttributes('LookupAttributes must be a list.');
  if (list.length === 0) return undefined;
  if (list.length > 1) throw invalidAttributes('You can specify only one lookup attribute.');
  const { AttributeKey: key, AttributeValue: value } = (list[0] ?? {}) as Record<string, unknown>;
  if (typeof key !== 'string' || !(ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
    throw invalidAttributes(`Invalid AttributeKey: ${String(key)}.`);
  }
  if (typeof value !== 'string' || value.length < 1 || value.length > 2000) {
    throw invalidAttributes('AttributeValue must be 1 to 2000 characters.');
  }
  return { key: key as AttributeKey, value };
}

/** A timestamp member: epoch seconds, as the JSON protocol sends it. */
function secondsOf(input: Input, field: string): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new AwsError('SerializationException', `${field} must be a timestamp.`);
  return value;
}

function maxResultsOf(input: Input): number {
  const value = input.MaxResults;
  if (value === undefined || value === null) return MAX_RESULTS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_RESULTS) {
    throw new AwsError('InvalidMaxResultsException', `MaxResults must be an integer from 1 to ${MAX_RESULTS}.`);
  }
  return value;
}

const seconds = (record: CloudTrailRecord) => Date.parse(record.eventTime) / 1000;

/** `records` oldest first, as the trail holds them. */
export function lookupEvents(records: readonly CloudTrailRecord[], input: Input): Record<string, unknown> {
  const attribute = lookupAttributeOf(input);
  const start = secondsOf(input, 'StartTime');
  const end = secondsOf(input, 'EndTime');
  if (start !== undefined && end !== undefined && start > end) {
    throw new AwsError('InvalidTimeRangeException', 'The start time must not be after the end time.');
  }
  const size = maxResultsOf(input);
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
    throw new AwsError('InvalidEventCategoryException', `Invalid EventCategory: ${String(input.EventCategory)}.`);
  }
  const scope = `LookupEvents:${JSON.stringify([attribute, start, end, input.EventCategory])}`;
  const upTo =
    typeof input.NextToken === 'string'
      ? decodeCursor(input.NextToken, scope, () => new AwsError('InvalidNextTokenException', 'The NextToken is not valid for this query.')).offset
      : undefined;

  // The twin records API calls only: an Insights query finds nothing.
  const matching =
    input.EventCategory === 'insight'
      ? []
      : records.filter(
          (r) =>
            (start === undefined || seconds(r) >= start) &&
            (end === undefined || seconds(r) <= end) &&
            (!attribute || attributeOf(r, attribute.key).includes(attribute.value)),
        );
  const until = Math.min(upTo ?? matching.length, matching.length);
  const from = Math.max(0, until - size);
  const events = matching
    .slice(from, until)
    .reverse()
    .map((r) => ({
      EventId: r.eventID,
      EventName: r.eventName,
      ReadOnly: String(r.readOnly),
      AccessKeyId: r.userIdentity.accessKeyId,
      EventTime: seconds(r),
      EventSource: r.eventSource,
      Username: usernameOf(r.userIdentity),
      Resources: resourcesOf(r),
      CloudTrailEvent: JSON.stringify(r),
    }));
  return { Events: events, ...(from > 0 ? { NextToken: encodeCursor({ scope, offset: from, emptyServed: false }) } : {}) };
}
