// The handler's configuration, from its environment (a Lambda function's variables, documented in the README):
//   RECONCILE_CONFIG_DIR      the directory holding org.yaml and policies/ (default: the function's own directory)
//   RECONCILE_MODE            remediate (default) or alert
//   RECONCILE_OWN_ROLE_ARNS   comma-separated role ARNs whose changes are reconcile's own
//   RECONCILE_SNS_TOPIC_ARN   a topic to alert
//   RECONCILE_WEBHOOK_URL     a webhook to alert (https, Slack-compatible)
// Everything is checked before the first event is handled, and a bad value is an error naming the variable.

import { join } from 'node:path';
import { userError } from '../diagnostics/diagnostic.js';
import type { NotifyTarget } from '../notify/notification.js';
import { parseNotifyTarget } from '../notify/targets.js';
import type { Mode } from './handler.js';

export interface HandlerSettings {
  configFile: string;
  mode: Mode;
  ownRoleArns: string[];
  notify: NotifyTarget[];
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export function parseMode(value: string, what: string): Mode {
  if (value === 'remediate' || value === 'alert') return value;
  throw userError(`${what} is ${JSON.stringify(value)}: give remediate (put owned policies back) or alert (only say what drifted)`);
}

/** Role ARNs, each checked: a session ARN (assumed-role/…) is the usual mistake, and would match nothing. */
export function parseRoleArns(values: string[], what: string): string[] {
  const arns = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const arn of arns) {
    if (ROLE_ARN.test(arn)) continue;
    if (/:assumed-role\//.test(arn)) throw userError(`${what}: ${arn} is a role session; give the role's ARN (arn:aws:iam::<account>:role/<name>)`);
    throw userError(`${what}: ${arn} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
  }
  return arns;
}

export function settingsFromEnvironment(env: NodeJS.ProcessEnv, defaultDir: string): HandlerSettings {
  const notify: NotifyTarget[] = [];
  if (env.RECONCILE_SNS_TOPIC_ARN) notify.push(parseNotifyTarget(`sns:${env.RECONCILE_SNS_TOPIC_ARN}`, 'RECONCILE_SNS_TOPIC_ARN'));
  if (env.RECONCILE_WEBHOOK_URL) notify.push(parseNotifyTarget(env.RECONCILE_WEBHOOK_URL, 'RECONCILE_WEBHOOK_URL'));
  return {
    configFile: join(env.RECONCILE_CONFIG_DIR || defaultDir, 'org.yaml'),
    mode: parseMode(env.RECONCILE_MODE || 'remediate', 'RECONCILE_MODE'),
    ownRoleArns: parseRoleArns([env.RECONCILE_OWN_ROLE_ARNS ?? ''], 'RECONCILE_OWN_ROLE_ARNS'),
    notify,
  };
}
