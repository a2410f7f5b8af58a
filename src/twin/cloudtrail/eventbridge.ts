// EventBridge delivery of the twin's CloudTrail records, as "AWS API Call via CloudTrail" events
// (https://docs.aws.amazon.com/eventbridge/latest/ref/events-structure.html,
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_cloudtrail-integration.html): to a callback, to a
// URL on loopback (a POST per event), or both. Delivery is best effort, as on AWS: a target that fails misses the
// event, which is why a drift handler still needs a scheduled full check. Events go out one at a time, in the
// order of the calls.

import { randomUUID } from 'node:crypto';
import type { CloudTrailRecord } from './record.js';

export interface EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': 'AWS API Call via CloudTrail';
  source: 'aws.organizations';
  /** The account the event arrives in: Organizations' go to the management account, in us-east-1. */
  account: string | undefined;
  time: string;
  region: 'us-east-1';
  resources: string[];
  detail: CloudTrailRecord;
}

export type EventListener = (event: EventBridgeEvent) => void | Promise<void>;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** How long a POST to the target may take before the event is given up. */
const POST_TIMEOUT_MS = 5_000;

export function eventOf(record: CloudTrailRecord): EventBridgeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.organizations',
    account: record.recipientAccountId,
    time: record.eventTime,
    region: 'us-east-1',
    resources: [],
    detail: record,
  };
}

export class EventDelivery {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly listener: EventListener | undefined,
    private readonly target: string | undefined,
  ) {
    if (target !== undefined) {
      const url = new URL(target);
      if (!/^https?:$/.test(url.protocol) || !LOOPBACK.has(url.hostname)) {
        throw new Error(`the twin delivers events only to an http URL on loopback, not ${target}`);
      }
    }
  }

  /** Queues the record's event behind those already queued. */
  deliver(record: CloudTrailRecord): void {
    if (!this.listener && this.target === undefined) return;
    const event = eventOf(record);
    this.queue = this.queue.then(() => this.send(event));
  }

  /** Settles once every event queued so far was delivered or given up. */
  drained(): Promise<void> {
    return this.queue;
  }

  private async send(event: EventBridgeEvent): Promise<void> {
    try {
      await this.listener?.(event);
    } catch {
      // best effort
    }
    if (this.target === undefined) return;
    try {
      const response = await fetch(this.target, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(POST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
    } catch {
      // best effort
    }
  }
}
