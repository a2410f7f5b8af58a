// What reconcile tells people when something drifted or was put back: one message, drawn once for every channel.
// SNS subscribers (email, SMS, queues) get the subject and the text; chat webhooks get a Slack-compatible body
// (https://api.slack.com/messaging/webhooks: `text`, and `blocks` where the receiver renders them; Teams and
// generic webhooks accept the same JSON and read `text`).

export interface Notification {
  /** One line; SNS keeps at most 100 characters of it. */
  subject: string;
  /** Plain text, several lines: the whole message for SNS, the fallback for chat. */
  text: string;
  /** Slack Block Kit blocks, when the message has more structure than text. */
  blocks?: object[];
}

/** A channel a notification can go to: an SNS topic, or a webhook URL. */
export type NotifyTarget = { kind: 'sns'; topicArn: string } | { kind: 'webhook'; url: string };

export function describeTarget(target: NotifyTarget): string {
  return target.kind === 'sns' ? `sns:${target.topicArn}` : new URL(target.url).origin;
}
