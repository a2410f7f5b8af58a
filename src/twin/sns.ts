// A minimal SNS for tests of notifications: Publish checks its input as SNS does and records the message
// (OrganizationsTwin.snsMessages) instead of delivering it. Topics are not modelled: any well-formed topic ARN is
// accepted. https://docs.aws.amazon.com/sns/latest/api/API_Publish.html

import { randomUUID } from 'node:crypto';
import { QueryError } from './query/errors.js';
import type { FormInput, FormValue } from './query/form.js';
import type { QueryService } from './query/service.js';

export interface SnsMessageAttribute {
  dataType: string;
  stringValue?: string;
  binaryValue?: string;
}

export interface SnsMessage {
  messageId: string;
  topicArn: string;
  message: string;
  subject?: string;
  messageAttributes: Record<string, SnsMessageAttribute>;
  /** FIFO topics only. */
  messageGroupId?: string;
  time: number;
  accessKeyId: string | undefined;
}

const TOPIC_ARN = /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}(\.fifo)?$/;
/** 256 KiB, the whole payload. https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html */
const MAX_MESSAGE_BYTES = 262_144;
const MAX_ATTRIBUTES = 10;
const DATA_TYPES = /^(String|Number|Binary|String\.Array)(\..+)?$/;

const invalidParameter = (message: string) => new QueryError('InvalidParameter', `Invalid parameter: ${message}`);

const text = (value: FormValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

function attributesOf(input: FormInput): Record<string, SnsMessageAttribute> {
  const entries = input.MessageAttributes;
  if (entries === undefined || entries === '') return {};
  if (!Array.isArray(entries)) throw invalidParameter('MessageAttributes');
  if (entries.length > MAX_ATTRIBUTES) throw invalidParameter(`Too many message attributes (at most ${MAX_ATTRIBUTES})`);
  const attributes: Record<string, SnsMessageAttribute> = {};
  for (const entry of entries as Record<string, FormValue>[]) {
    const name = text(entry.Name);
    const value = entry.Value as Record<string, FormValue> | undefined;
    const dataType = text(value?.DataType);
    if (!name) throw invalidParameter('Message attribute name is missing');
    if (!dataType || !DATA_TYPES.test(dataType)) throw invalidParameter(`The message attribute '${name}' has an invalid message attribute type`);
    const stringValue = text(value?.StringValue);
    const binaryValue = text(value?.BinaryValue);
    if (stringValue === undefined && binaryValue === undefined) throw invalidParameter(`The message attribute '${name}' must contain non-empty message attribute value`);
    attributes[name] = { dataType, ...(stringValue !== undefined ? { stringValue } : {}), ...(binaryValue !== undefined ? { binaryValue } : {}) };
  }
  return attributes;
}

export function snsService(messages: SnsMessage[]): QueryService {
  return {
    name: 'sns',
    version: '2010-03-31',
    xmlns: 'http://sns.amazonaws.com/doc/2010-03-31/',
    internalError: { code: 'InternalError', message: 'Internal error.' },
    faults: false,
    operations: {
      Publish: (ctx, input) => {
        const topicArn = text(input.TopicArn) ?? text(input.TargetArn);
        if (!topicArn) throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
        if (!TOPIC_ARN.test(topicArn)) throw invalidParameter('TopicArn');
        const message = text(input.Message);
        if (!message) throw invalidParameter('Empty message');
        if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
        // Subjects are for email: printable ASCII on one line, at most 100 characters.
        const subject = text(input.Subject);
        if (subject !== undefined && (subject.length === 0 || subject.length > 100 || !/^[\x20-\x7e]+$/.test(subject))) throw invalidParameter('Subject');
        const messageGroupId = text(input.MessageGroupId);
        if (topicArn.endsWith('.fifo') && !messageGroupId) throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
        const record: SnsMessage = {
          messageId: randomUUID(),
          topicArn,
          message,
          ...(subject !== undefined ? { subject } : {}),
          messageAttributes: attributesOf(input),
          ...(messageGroupId ? { messageGroupId } : {}),
          time: ctx.now,
          accessKeyId: ctx.accessKeyId,
        };
        messages.push(record);
        ctx.committed();
        return { MessageId: record.messageId };
      },
    },
  };
}
