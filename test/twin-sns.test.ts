// The twin's minimal SNS, through the real SDK client: Publish checks its input as SNS does and records the
// message for tests to inspect; and the loopback webhook receiver tests use for notifications over HTTP.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidParameterException, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { awsClientConfig, smallOrg, startTwin, startWebhookReceiver, type TwinHarness, type WebhookReceiver } from './helpers.js';

const TOPIC = 'arn:aws:sns:us-east-1:111111111111:reconcile-drift';

let h: TwinHarness | undefined;
let sns: SNSClient | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  sns?.destroy();
  await h?.close();
  await receiver?.close();
  h = sns = receiver = undefined;
});

async function start(): Promise<SNSClient> {
  h = await startTwin({ fixture: smallOrg() });
  sns = new SNSClient(awsClientConfig(h.endpoint));
  return sns;
}

describe('SNS Publish', () => {
  it('records each message with its subject and attributes and answers its MessageId', async () => {
    const client = await start();
    const out = await client.send(
      new PublishCommand({
        TopicArn: TOPIC,
        Subject: 'Drift in o-testorg0001',
        Message: JSON.stringify({ drift: ['DenyLeave'] }),
        MessageAttributes: { severity: { DataType: 'String', StringValue: 'high' }, count: { DataType: 'Number', StringValue: '1' } },
      }),
    );
    await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'second' }));
    assert.equal(h!.twin.snsMessages.length, 2);
    const [first, second] = h!.twin.snsMessages;
    assert.equal(first.messageId, out.MessageId);
    assert.deepEqual(
      { topicArn: first.topicArn, subject: first.subject, message: first.message, messageAttributes: first.messageAttributes, accessKeyId: first.accessKeyId },
      {
        topicArn: TOPIC,
        subject: 'Drift in o-testorg0001',
        message: '{"drift":["DenyLeave"]}',
        messageAttributes: { severity: { dataType: 'String', stringValue: 'high' }, count: { dataType: 'Number', stringValue: '1' } },
        accessKeyId: 'test',
      },
    );
    assert.deepEqual([second.message, second.subject, second.messageAttributes], ['second', undefined, {}]);
    assert.deepEqual(h!.twin.callCounts(), { Publish: 2 });
  });

  it('refuses what SNS refuses with InvalidParameter, and records nothing', async () => {
    const client = await start();
    const refused = [
      { TopicArn: 'arn:aws:sqs:us-east-1:111111111111:queue', Message: 'm' },
      { TopicArn: TOPIC, Message: '' },
      { TopicArn: TOPIC, Message: 'm', Subject: 'two\nlines' },
      { TopicArn: TOPIC, Message: 'x'.repeat(262_145) },
      { TopicArn: `${TOPIC}.fifo`, Message: 'm' },
    ];
    for (const input of refused) await assert.rejects(client.send(new PublishCommand(input)), InvalidParameterException);
    assert.deepEqual(h!.twin.snsMessages, []);
  });
});

describe('the webhook receiver', () => {
  it('keeps the headers and body of every request and answers 200', async () => {
    receiver = await startWebhookReceiver();
    assert.match(receiver.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(receiver.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Test': 'yes' }, body: '{"text":"drift"}' });
    assert.equal(response.status, 200);
    await fetch(`${receiver.url}hooks/2`, { method: 'POST', body: 'plain' });
    assert.equal(receiver.requests.length, 2);
    assert.deepEqual([receiver.requests[0].headers['content-type'], receiver.requests[0].headers['x-test'], receiver.requests[0].body], ['application/json', 'yes', '{"text":"drift"}']);
    assert.equal(receiver.requests[1].body, 'plain');
  });
});
