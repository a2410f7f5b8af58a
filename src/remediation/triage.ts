// Which records the handler must not act on, and why, before it reads anything:
// - not an Organizations event, or not one of the policy writes (a read, CreateAccount, …);
// - a failed call (`errorCode`): nothing changed;
// - reconcile's own change: the caller's session was issued by one of the own roles. Recognised by the session
//   issuer's role ARN (userIdentity.sessionContext.sessionIssuer.arn), which only those who may assume the role
//   can present; never by the session name, which whoever assumes any role chooses.
// Events already seen are the handler's to tell (seen-events.ts), and whether the rest touch what org.yaml owns
// needs a read (scope.ts).

import { isPolicyWriteEvent, ORGANIZATIONS_EVENT_SOURCE } from '../aws/cloudtrail.js';
import type { CloudTrailRecord } from '../drift/cloudtrail-record.js';

export type IgnoreReason = 'unreadable' | 'not-organizations' | 'not-a-policy-write' | 'failed-call' | 'own-change' | 'already-seen' | 'not-owned';

export function triage(record: CloudTrailRecord, ownRoleArns: ReadonlySet<string>): IgnoreReason | undefined {
  if (record.eventSource !== ORGANIZATIONS_EVENT_SOURCE) return 'not-organizations';
  if (!isPolicyWriteEvent(record.eventName) || record.readOnly === true) return 'not-a-policy-write';
  if (record.errorCode) return 'failed-call';
  const issuer = record.userIdentity.sessionContext?.sessionIssuer?.arn;
  if (record.userIdentity.type === 'AssumedRole' && issuer !== undefined && ownRoleArns.has(issuer)) return 'own-change';
  return undefined;
}
