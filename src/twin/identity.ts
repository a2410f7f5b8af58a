// Who signed a request. The twin checks no signatures, but it knows which access keys it issued: AssumeRole hands
// out temporary keys bound to a role in one account, and calls signed with them act as that role in that account.
// Every other key belongs to a user of the management account (a CI user, or a person with long-term keys), so
// tests can sign with any key and act as the management account, as they always have.

import { randomString, type Random } from './random.js';
import { assumedRoleArn, newTemporaryAccessKeyId, userArn, userIdFor } from './iam/ids.js';

/** The caller as CloudTrail's userIdentity and STS GetCallerIdentity describe it. */
export interface CallerIdentity {
  type: 'IAMUser' | 'AssumedRole';
  arn: string;
  accountId: string;
  /** GetCallerIdentity's UserId and CloudTrail's principalId: AIDA… for a user, AROA…:session for a role session. */
  principalId: string;
  /** For a role session, the role's ARN (CloudTrail's sessionContext.sessionIssuer.arn). */
  sessionIssuerArn?: string;
}

/** Temporary credentials issued by AssumeRole, and what they stand for. */
export interface Session {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ms since epoch. */
  expiration: number;
  accountId: string;
  roleArn: string;
  roleName: string;
  roleId: string;
  sessionName: string;
}

/** The IAM user that keys not issued by the twin belong to, in the management account. */
export const MANAGEMENT_USER = 'operator';

/** The access key of a SigV4-signed request ("Credential=AKID/date/region/service/aws4_request"). */
export function accessKeyOf(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export class Identities {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly random: Random) {}

  issue(grant: Omit<Session, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'expiration'> & { durationSeconds: number; now: number }): Session {
    const { durationSeconds, now, ...who } = grant;
    let accessKeyId: string;
    do accessKeyId = newTemporaryAccessKeyId(this.random);
    while (this.sessions.has(accessKeyId));
    const session: Session = {
      ...who,
      accessKeyId,
      secretAccessKey: randomString(this.random, 40, SECRET_ALPHABET),
      sessionToken: randomString(this.random, 356, SECRET_ALPHABET),
      // STS reports expiry to the second.
      expiration: Math.floor((now + durationSeconds * 1000) / 1000) * 1000,
    };
    this.sessions.set(accessKeyId, session);
    return session;
  }

  session(accessKeyId: string | undefined): Session | undefined {
    return accessKeyId === undefined ? undefined : this.sessions.get(accessKeyId);
  }

  /**
   * The identity behind an access key: the role session it was issued for, else the management account's user.
   * Undefined for an unsigned request, and for other keys while there is no organization (no account to own them).
   */
  identityOf(accessKeyId: string | undefined, managementAccountId: string | undefined): CallerIdentity | undefined {
    if (accessKeyId === undefined) return undefined;
    const session = this.sessions.get(accessKeyId);
    if (session) {
      return {
        type: 'AssumedRole',
        arn: assumedRoleArn(session.accountId, session.roleName, session.sessionName),
        accountId: session.accountId,
        principalId: `${session.roleId}:${session.sessionName}`,
        sessionIssuerArn: session.roleArn,
      };
    }
    if (managementAccountId === undefined) return undefined;
    return {
      type: 'IAMUser',
      arn: userArn(managementAccountId, MANAGEMENT_USER),
      accountId: managementAccountId,
      principalId: userIdFor(managementAccountId, MANAGEMENT_USER),
    };
  }
}
