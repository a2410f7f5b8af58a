// The IAM reader's source for a snapshot taken with --iam-roles: answers from the roles it holds, with no call. What
// it does not hold is said, not guessed: a role it was not taken with, and whether a customer-managed policy that
// no role of the account carries exists (the snapshot lists policies only as attachments).

import { ReconcileError } from '../diagnostics/diagnostic.js';
import { roleArnOf, PARTITION } from '../aws/iam.js';
import type { IamSnapshot } from '../model/snapshot.js';
import { AccountUnreachable, type AccountAccess, type IamRoleInfo, type IamSource } from './iam-source.js';

export class StateIamSource implements IamSource {
  /** No call leaves the process. */
  readonly calls: Record<string, number> = {};

  constructor(
    private readonly iam: IamSnapshot,
    /** The snapshot's file, for messages. */
    private readonly file: string,
  ) {}

  async role(access: AccountAccess, name: string): Promise<IamRoleInfo | undefined> {
    const role = this.roleOf(access, name);
    return role ? { path: role.path ?? '/' } : undefined;
  }

  async attachedPolicies(access: AccountAccess, roleName: string): Promise<string[] | undefined> {
    return this.roleOf(access, roleName)?.attachedPolicyArns.slice();
  }

  async policyExists(access: AccountAccess, arn: string): Promise<boolean> {
    const roles = this.iam.accounts[access.accountId] ?? {};
    if (Object.values(roles).some((role) => role?.attachedPolicyArns.includes(arn))) return true;
    throw new ReconcileError(
      `the snapshot ${this.file} cannot tell whether ${arn} exists in account ${access.accountId}: no role it holds there carries it`,
      [],
      'Plan against AWS (or a twin) to check it.',
    );
  }

  private roleOf(access: AccountAccess, name: string) {
    if (!this.iam.roles.includes(name)) {
      throw new ReconcileError(
        `the snapshot ${this.file} holds the IAM roles ${this.iam.roles.join(', ') || 'none'}, not ${name}`,
        [],
        `Take it again with: reconcile snapshot --iam-roles ${[...this.iam.roles, name].join(',')}`,
      );
    }
    const why = this.iam.unreachable[access.accountId];
    if (why) throw new AccountUnreachable(access.accountId, why.roleArn, why.error);
    const roles = this.iam.accounts[access.accountId];
    if (!roles) {
      // An account the snapshot did not reach with its role: as unreachable as it was then.
      throw new AccountUnreachable(access.accountId, roleArnOf(PARTITION, access.accountId, access.memberRole ?? ''), 'not in the snapshot');
    }
    return roles[name] ?? undefined;
  }
}
