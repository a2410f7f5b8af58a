// Posting a notification to a webhook as Slack-compatible JSON: `{text, blocks}`. Slack's incoming webhooks take
// at most 50 blocks and about 40,000 characters of text (https://api.slack.com/reference/messaging/payload); a
// receiver that answers anything but 2xx is a failure to report, and a receiver that hangs is given up.

import type { Notification } from './notification.js';
import { truncate } from './truncate.js';

const MAX_BLOCKS = 50;
const MAX_TEXT_BYTES = 39_000;
const TIMEOUT_MS = 10_000;

export async function postToWebhook(url: string, notification: Notification): Promise<void> {
  const body = {
    text: truncate(notification.text, MAX_TEXT_BYTES),
    ...(notification.blocks ? { blocks: notification.blocks.slice(0, MAX_BLOCKS) } : {}),
  };
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const answer = await response.text();
  if (!response.ok) throw new Error(`the webhook answered ${response.status}${answer ? `: ${answer.slice(0, 200)}` : ''}`);
}
