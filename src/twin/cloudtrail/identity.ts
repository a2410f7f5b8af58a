// Who made a call, as CloudTrail's `userIdentity` says, derived from the access key the request was signed with
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
// The twin accepts any key; TwinOptions.identities says whose each key is. A key it does not know is an IAM user
// of the management account, the caller a twin usually stands in for.

import { createHash } from 'node:crypto';

export type IdentityType = 'AssumedRole' | 'IAMUser' | 'Root';

/** Whose an access key is, as a test configures it. */
export interface CallerIdentity {
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`, `arn:aws:iam::<account>:user/<name>` or `…:root`. */
  arn: string;
  /** The role an assumed-role session was issued by; by default the role named in `arn` (without a path). */
  sessionIssuerArn?: string;
  accountId: string;
  /** By default, read from `arn`. */
  type?: IdentityType;
}

export interface UserIdentity {
  type: IdentityType;
  principalId: string;
  arn: string;
  accountId: string | undefined;
  accessKeyId: string | undefined;
  /** IAM users only. */
  userName?: string;
  /** Assumed roles only: who issued the session. Recognise a tool's own changes by `sessionIssuer.arn`. */
  sessionContext?: { sessionIssuer: { type: 'Role'; principalId: string; arn: string; accountId: string; userName: string } };
}

/** The name of the IAM user an unknown key stands for. */
const DEFAULT_USER = 'twin-user';

/**
 * Unique ids as IAM writes them (AIDA… for users, AROA… for roles: a prefix and 17 characters), derived from the
 * ARN so that one principal always has the same id.
 */
function uniqueId(prefix: string, arn: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(arn).digest();
  let id = prefix;
  for (let i = 0; i < 17; i++) id += alphabet[digest[i] % alphabet.length];
  return id;
}

const typeOfArn = (arn: string): IdentityType => (arn.includes(':assumed-role/') ? 'AssumedRole' : arn.endsWith(':root') ? 'Root' : 'IAMUser');

/** `role/<name>` from `assumed-role/<name>/<session>`. */
function issuerOf(arn: string, accountId: string): string {
  const role = /:assumed-role\/([^/]+)\//.exec(arn)?.[1] ?? 'unknown';
  return `arn:aws:iam::${accountId}:role/${role}`;
}

const tail = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** The identity behind `accessKeyId`; `managementAccountId` is undefined before the organization exists. */
export function userIdentityOf(
  identities: Record<string, CallerIdentity> | undefined,
  accessKeyId: string | undefined,
  managementAccountId: string | undefined,
): UserIdentity {
  const configured = accessKeyId === undefined ? undefined : identities?.[accessKeyId];
  if (!configured) {
    const arn = `arn:aws:iam::${managementAccountId ?? ''}:user/${DEFAULT_USER}`;
    return { type: 'IAMUser', principalId: uniqueId('AIDA', arn), arn, accountId: managementAccountId, accessKeyId, userName: DEFAULT_USER };
  }
  const { arn, accountId } = configured;
  const type = configured.type ?? typeOfArn(arn);
  if (type === 'Root') return { type, principalId: accountId, arn, accountId, accessKeyId };
  if (type === 'IAMUser') return { type, principalId: uniqueId('AIDA', arn), arn, accountId, accessKeyId, userName: tail(arn) };
  const issuer = configured.sessionIssuerArn ?? issuerOf(arn, accountId);
  const roleId = uniqueId('AROA', issuer);
  return {
    type,
    principalId: `${roleId}:${tail(arn)}`,
    arn,
    accountId,
    accessKeyId,
    sessionContext: { sessionIssuer: { type: 'Role', principalId: roleId, arn: issuer, accountId, userName: tail(issuer) } },
  };
}

/** LookupEvents' Username: an IAM user's name, an assumed role's session name, or "root". */
export function usernameOf(identity: UserIdentity): string {
  if (identity.type === 'Root') return 'root';
  return identity.userName ?? tail(identity.arn);
}
