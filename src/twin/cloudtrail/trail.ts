// The twin's CloudTrail: the record of every Organizations write with who made it, the CloudTrail
// operations over the records, and their delivery to EventBridge targets.

import { randomUUID } from 'node:crypto';
import { AwsError } from '../errors.js';
import type { Input } from '../input.js';
import { EventDelivery, type EventListener } from './eventbridge.js';
import type { CallerIdentity } from '../identity.js';
import { userIdentityOf } from './identity.js';
import { CLOUDTRAIL_OPERATIONS } from './operations.js';
import { cloudTrailRecord, type CloudTrailRecord, type WriteCall } from './record.js';

export interface TrailOptions {
  onEvent?: EventListener;
  eventTarget?: string;
}

/** A write as the server saw it; the trail adds who made it and where the record goes. */
export type ServedWrite = Omit<WriteCall, 'identity' | 'eventId' | 'recipientAccountId'> & {
  accessKeyId: string | undefined;
  /** Who made the call (undefined before the organization exists). */
  identity: CallerIdentity | undefined;
  /** Undefined before the organization exists. */
  managementAccountId: string | undefined;
};

export class Trail {
  /** Oldest first. */
  readonly records: CloudTrailRecord[] = [];
  private readonly delivery: EventDelivery;

  constructor(options: TrailOptions) {
    this.delivery = new EventDelivery(options.onEvent, options.eventTarget);
  }

  record(write: ServedWrite): CloudTrailRecord {
    const { accessKeyId, identity, managementAccountId, ...call } = write;
    const record = cloudTrailRecord({
      ...call,
      eventId: randomUUID(),
      identity: userIdentityOf(identity, accessKeyId),
      // Organizations' events are delivered to the management account.
      recipientAccountId: managementAccountId,
    });
    this.records.push(record);
    return record;
  }

  /** Sends the record to the EventBridge targets, after the queued ones. */
  deliver(record: CloudTrailRecord): void {
    this.delivery.deliver(record);
  }

  drained(): Promise<void> {
    return this.delivery.drained();
  }

  /** Whether `operation` is a CloudTrail operation the twin serves. */
  serves(operation: string): boolean {
    return Object.hasOwn(CLOUDTRAIL_OPERATIONS, operation);
  }

  execute(operation: string, input: Input): Record<string, unknown> {
    if (!this.serves(operation)) throw new AwsError('UnknownOperationException', `The operation ${operation} is not supported by the twin.`);
    return CLOUDTRAIL_OPERATIONS[operation](this.records, input);
  }
}
