// Where the IAM reader reads from: each account's IAM, reached as the management account with the caller's own
// credentials and as a member account by assuming a role there. One implementation talks to AWS
// (live/iam-source.ts); tests and the reader see only this port.

import { ReconcileError } from '../diagnostics/diagnostic.js';

/** How one account's IAM is reached. */
export interface AccountAccess {
  accountId: string;
  /** The role assumed in a member account; undefined for the management account (the caller's own credentials). */
  memberRole?: string;
}

export interface IamRoleInfo {
  path: string;
}

export interface IamSource {
  /** Calls made, per service and operation (`iam:GetRole`, `sts:AssumeRole`), retries included. */
  readonly calls: Record<string, number>;
  /** The role's path; undefined when the account has no such role. */
  role(access: AccountAccess, name: string): Promise<IamRoleInfo | undefined>;
  /** The ARNs of the role's attached managed policies, every page; undefined when the account has no such role. */
  attachedPolicies(access: AccountAccess, roleName: string): Promise<string[] | undefined>;
  /** Whether the managed policy exists and can be seen from the account. */
  policyExists(access: AccountAccess, arn: string): Promise<boolean>;
}

/** The account's IAM cannot be reached: its member role could not be assumed. */
export class AccountUnreachable extends ReconcileError {
  constructor(
    readonly accountId: string,
    readonly roleArn: string,
    readonly error: string,
  ) {
    super(`account ${accountId} cannot be reached: ${roleArn} could not be assumed (${error})`);
  }
}
