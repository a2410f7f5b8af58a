// Request rates the twin holds callers to when it throttles. Organizations' own are the product's
// (../aws/rate-limits.ts: the client paces itself by them); the other services the twin serves have theirs here.

import { LOOKUP_EVENTS_RATE } from '../aws/cloudtrail.js';
import { awsRateOf, type Rate } from '../aws/rate-limits.js';

const OTHER_SERVICE_RATES: Record<string, Rate> = {
  // CloudTrail's, from the product's facts (../aws/cloudtrail.ts): reconcile paces its lookups by the same rate.
  LookupEvents: LOOKUP_EVENTS_RATE,
};

export function twinRateOf(operation: string): Rate {
  return OTHER_SERVICE_RATES[operation] ?? awsRateOf(operation);
}
