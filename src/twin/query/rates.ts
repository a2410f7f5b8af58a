// Request rates of the query-protocol services, for TwinOptions.throttle: the twin's table, apart from the
// product's Organizations rates (src/aws/rate-limits.ts), which its client also paces itself by.
//
// IAM and STS throttle with token buckets per API and per calling account, refilled every second, and answer
// "Throttling: Rate exceeded" (400) past them; AWS does not publish the numbers per API
// (https://aws.amazon.com/blogs/security/how-to-monitor-and-query-iam-resources-at-scale-part-2/,
// https://repost.aws/knowledge-center/iam-sts-throttling-error). The twin throttles at the rates the product
// assumes (aws/rate-limits.ts): IAM writes tight enough that a reconciler attaching policies across many roles at
// once meets throttling, reads looser, STS looser still. Override them per operation with TwinOptions.iam.rates.
// SNS is not throttled.

import { STS_RATE, iamRateOf, type Rate } from '../../aws/rate-limits.js';
import { QueryError } from './errors.js';

/** The rate of one operation of a service, or undefined for a service the twin does not throttle. */
export function queryRateOf(service: string, operation: string): Rate | undefined {
  if (service === 'iam') return iamRateOf(operation);
  if (service === 'sts') return STS_RATE;
  return undefined;
}

/** IAM's and STS's answer past a rate. */
export const throttling = () => new QueryError('Throttling', 'Rate exceeded');
