// Who made a call, as CloudTrail's `userIdentity` says
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html), from
// the caller's identity (identity.ts: a role session AssumeRole issued, a key a test configured, or the management
// account's user).

import type { CallerIdentity } from '../identity.js';

export interface UserIdentity {
  type: CallerIdentity['type'];
  principalId: string;
  arn: string;
  accountId: string | undefined;
  accessKeyId: string | undefined;
  /** IAM users only. */
  userName?: string;
  /** Assumed roles only: who issued the session. Recognise a tool's own changes by `sessionIssuer.arn`. */
  sessionContext?: { sessionIssuer: { type: 'Role'; principalId: string; arn: string; accountId: string; userName: string } };
}

const tail = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** The record's userIdentity; `identity` is undefined only for a call made before the organization exists. */
export function userIdentityOf(identity: CallerIdentity | undefined, accessKeyId: string | undefined): UserIdentity {
  if (!identity) return { type: 'IAMUser', principalId: '', arn: '', accountId: undefined, accessKeyId };
  const { type, principalId, arn, accountId } = identity;
  if (type === 'Root') return { type, principalId, arn, accountId, accessKeyId };
  if (type === 'IAMUser') return { type, principalId, arn, accountId, accessKeyId, userName: tail(arn) };
  const issuer = identity.sessionIssuerArn!;
  return {
    type,
    principalId,
    arn,
    accountId,
    accessKeyId,
    sessionContext: { sessionIssuer: { type: 'Role', principalId: principalId.split(':')[0], arn: issuer, accountId, userName: tail(issuer) } },
  };
}

/** LookupEvents' Username: an IAM user's name, an assumed role's session name, or "root". */
export function usernameOf(identity: UserIdentity): string {
  if (identity.type === 'Root') return 'root';
  return identity.userName ?? tail(identity.arn);
}
