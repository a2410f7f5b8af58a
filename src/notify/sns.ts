// Publishing a notification to an SNS topic (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). SNS
// takes a subject of at most 100 printable ASCII characters on one line (email uses it) and a message of at most
// 256 KB.

import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notification } from './notification.js';
import { truncate } from './truncate.js';

const MAX_SUBJECT = 100;
const MAX_MESSAGE_BYTES = 256 * 1024;

export async function publishToSns(client: SNSClient, topicArn: string, notification: Notification): Promise<void> {
  await client.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: subjectOf(notification.subject),
      Message: truncate(notification.text, MAX_MESSAGE_BYTES),
    }),
  );
}

/** One line of printable ASCII, at most 100 characters. */
function subjectOf(subject: string): string {
  const ascii = subject.replace(/[\r\n]+/g, ' ').replace(/→/g, '->').replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= MAX_SUBJECT ? ascii : ascii.slice(0, MAX_SUBJECT - 1) + '~';
}
