// Request rates the twin holds callers to when it throttles. Organizations' own are the product's
// (../aws/rate-limits.ts: the client paces itself by them); the other services the twin serves have theirs here.

import { awsRateOf, type Rate } from '../aws/rate-limits.js';

const OTHER_SERVICE_RATES: Record<string, Rate> = {
  // "The rate of lookup requests is limited to two per second, per account, per Region."
  // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
  LookupEvents: { perSecond: 2, burst: 2 },
};

export function twinRateOf(operation: string): Rate {
  return OTHER_SERVICE_RATES[operation] ?? awsRateOf(operation);
}
