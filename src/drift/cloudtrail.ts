// CloudTrail's event history, read as drift handling needs it: LookupEvents in us-east-1 (where Organizations'
// events are), newest first, one lookup attribute, following NextToken, paced at CloudTrail's documented 2 requests
// a second (aws/cloudtrail.ts) with a client-side token bucket, and retried when throttled all the same.

import { CloudTrailClient, LookupEventsCommand, type LookupAttributeKey, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { LOOKUP_EVENTS_PAGE, LOOKUP_EVENTS_RATE } from '../aws/cloudtrail.js';
import { TokenBucket } from '../aws/token-bucket.js';
import { parseRecord, type CloudTrailRecord } from './cloudtrail-record.js';

export interface LookupQuery {
  attribute: { key: LookupAttributeKey; value: string };
  /** Events at or after this time (CloudTrail compares whole seconds). */
  since: Date;
  /** Stop after this many pages (of 50 events); all of them by default. */
  maxPages?: number;
}

/** Errors CloudTrail says to retry, with backoff. */
const RETRYABLE = new Set(['ThrottlingException', 'ServiceUnavailableException', 'InternalServerError']);
const MAX_ATTEMPTS = 6;

export class EventHistory {
  /** LookupEvents calls made, retries included. */
  calls = 0;
  private readonly bucket: TokenBucket;

  constructor(
    private readonly client: CloudTrailClient,
    options: { rateShare?: number } = {},
  ) {
    // One short of a full burst, as for Organizations (live/api.ts): our clock and AWS's bucket may disagree.
    this.bucket = new TokenBucket({ perSecond: LOOKUP_EVENTS_RATE.perSecond * (options.rateShare ?? 0.95), burst: Math.max(1, LOOKUP_EVENTS_RATE.burst - 1) }, Date.now());
  }

  /** The records matching `query`, newest first, page by page as the caller asks for more. */
  async *records(query: LookupQuery): AsyncGenerator<CloudTrailRecord> {
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await this.page(query, nextToken);
      pages++;
      for (const event of page.Events ?? []) {
        const record = parseRecord(event.CloudTrailEvent);
        if (record) yield record;
      }
      nextToken = page.NextToken;
    } while (nextToken && pages < (query.maxPages ?? Infinity));
  }

  private async page(query: LookupQuery, nextToken: string | undefined): Promise<LookupEventsCommandOutput> {
    for (let attempt = 1; ; attempt++) {
      const wait = this.bucket.reserve(Date.now());
      if (wait > 0) await sleep(wait);
      this.calls++;
      try {
        return await this.client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: query.attribute.key, AttributeValue: query.attribute.value }],
            StartTime: query.since,
            MaxResults: LOOKUP_EVENTS_PAGE,
            NextToken: nextToken,
          }),
        );
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has((err as { name?: string }).name ?? '')) throw err;
        await sleep(Math.random() * Math.min(10_000, 250 * 2 ** attempt));
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
