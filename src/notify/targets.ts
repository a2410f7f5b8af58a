// Where notifications may go, as given on the command line (--notify) or in the handler's environment:
// `sns:<topic ARN>`, or a webhook URL. Webhooks carry what drifted and who did it, so they go over https; plain
// http is accepted only on loopback, for a receiver on the same machine (tests, a local relay).

import { userError } from '../diagnostics/diagnostic.js';
import type { NotifyTarget } from './notification.js';

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The target `value` names; `what` says where it came from ("--notify", "RECONCILE_WEBHOOK_URL") for errors. */
export function parseNotifyTarget(value: string, what: string): NotifyTarget {
  if (value.startsWith('sns:')) {
    const topicArn = value.slice('sns:'.length);
    if (!TOPIC_ARN.test(topicArn)) throw userError(`${what} ${value}: not an SNS topic ARN (sns:arn:aws:sns:<region>:<account>:<topic>)`);
    if (topicArn.endsWith('.fifo')) throw userError(`${what} ${value}: a FIFO topic needs a message group; use a standard topic`);
    return { kind: 'sns', topicArn };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw userError(`${what} ${value}: give sns:<topic ARN> or an https:// webhook URL`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return { kind: 'webhook', url: url.href };
  if (url.protocol === 'http:') throw userError(`${what} ${value}: webhooks go over https (plain http only to 127.0.0.1, for a local receiver)`);
  throw userError(`${what} ${value}: ${url.protocol.replace(/:$/, '')} is not a way to notify; give sns:<topic ARN> or an https:// webhook URL`);
}

/** The topic's region, from its ARN: the SNS client must call that region. */
export function topicRegion(topicArn: string): string {
  return topicArn.split(':')[3];
}
