// Request rates of the query-protocol services, for TwinOptions.throttle: the twin's table, apart from the
// product's Organizations rates (src/aws/rate-limits.ts), which its client also paces itself by.
//
// IAM and STS throttle with token buckets per API and per calling account, refilled every second, and answer
// "Throttling: Rate exceeded" (400) past them; AWS does not publish the numbers per API
// (https://aws.amazon.com/blogs/security/how-to-monitor-and-query-iam-resources-at-scale-part-2/,
// https://repost.aws/knowledge-center/iam-sts-throttling-error). The values below are the twin's assumptions:
// IAM writes tight enough that a reconciler attaching policies across many roles at once meets throttling, reads
// looser, STS looser still. Override them per operation with TwinOptions.iam.rates. SNS is not throttled.

import type { Rate } from '../../aws/rate-limits.js';
import { QueryError } from './errors.js';

const IAM_READ: Rate = { perSecond: 20, burst: 40 };
const IAM_WRITE: Rate = { perSecond: 10, burst: 15 };
const STS_CALL: Rate = { perSecond: 100, burst: 200 };

/** The rate of one operation of a service, or undefined for a service the twin does not throttle. */
export function queryRateOf(service: string, operation: string): Rate | undefined {
  if (service === 'iam') return /^(Get|List)/.test(operation) ? IAM_READ : IAM_WRITE;
  if (service === 'sts') return STS_CALL;
  return undefined;
}

/** IAM's and STS's answer past a rate. */
export const throttling = () => new QueryError('Throttling', 'Rate exceeded');
