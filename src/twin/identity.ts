// Who signed a request. The twin checks no signatures, but it knows which access keys it issued: AssumeRole hands
// out temporary keys bound to a role in one account, and calls signed with them act as that role in that account.
// A test may also say whose a key is (TwinOptions.identities: "this key is the CI pipeline's role session").
// Every other key belongs to a user of the management account (a CI user, or a person with long-term keys), so
// tests can sign with any key and act as the management account, as they always have.

import { randomString, type Random } from './random.js';
import { assumedRoleArn, newTemporaryAccessKeyId, stableIdFor, userArn, userIdFor } from './iam/ids.js';

export type IdentityType = 'IAMUser' | 'AssumedRole' | 'Root';

/** The caller as CloudTrail's userIdentity and STS GetCallerIdentity describe it. */
export interface CallerIdentity {
  type: IdentityType;
  arn: string;
  accountId: string;
  /** GetCallerIdentity's UserId and CloudTrail's principalId: AIDA… for a user, AROA…:session for a role session. */
  principalId: string;
  /** For a role session, the role's ARN (CloudTrail's sessionContext.sessionIssuer.arn). */
  sessionIssuerArn?: string;
}

/** Whose an access key is, as a test configures it (TwinOptions.identities). */
export interface ConfiguredIdentity {
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`, `arn:aws:iam::<account>:user/<name>` or `…:root`. */
  arn: string;
  /** The role an assumed-role session was issued by; by default the role named in `arn` (without a path). */
  sessionIssuerArn?: string;
  accountId: string;
  /** By default, read from `arn`. */
  type?: IdentityType;
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

  constructor(
    private readonly random: Random,
    private readonly configured: Record<string, ConfiguredIdentity> = {},
  ) {}

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
   * The identity behind an access key: the role session it was issued for, else whose a test said it is, else the
   * management account's user. Undefined for an unsigned request, and for other keys while there is no
   * organization (no account to own them).
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
    const configured = Object.hasOwn(this.configured, accessKeyId) ? this.configured[accessKeyId] : undefined;
    if (configured) return identityOfConfigured(configured);
    if (managementAccountId === undefined) return undefined;
    return {
      type: 'IAMUser',
      arn: userArn(managementAccountId, MANAGEMENT_USER),
      accountId: managementAccountId,
      principalId: userIdFor(managementAccountId, MANAGEMENT_USER),
    };
  }
}

const tail = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

function identityOfConfigured({ arn, accountId, ...rest }: ConfiguredIdentity): CallerIdentity {
  const type = rest.type ?? (arn.includes(':assumed-role/') ? 'AssumedRole' : arn.endsWith(':root') ? 'Root' : 'IAMUser');
  if (type === 'Root') return { type, arn, accountId, principalId: accountId };
  if (type === 'IAMUser') return { type, arn, accountId, principalId: stableIdFor('AIDA', arn) };
  const role = /:assumed-role\/([^/]+)\//.exec(arn)?.[1] ?? 'unknown';
  const sessionIssuerArn = rest.sessionIssuerArn ?? `arn:aws:iam::${accountId}:role/${role}`;
  return { type, arn, accountId, principalId: `${stableIdFor('AROA', sessionIssuerArn)}:${tail(arn)}`, sessionIssuerArn };
}
