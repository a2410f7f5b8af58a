// `reconcile import --iam-roles A,B`: the iamRoles section for the roles named, from their attachments in every
// account, so that `reconcile plan` right after shows no changes. Accounts whose role carries the same policies
// (with the account's own id written ${AccountId}) share an entry; the largest group is written as `accounts: all`
// with the other accounts excepted when that is shorter. Accounts without the role, service-linked roles and
// accounts that cannot be reached are left out, each with a note.

import { SERVICE_LINKED_ROLE_PATH, parseManagedPolicyArn } from '../aws/iam.js';
import type { OrgState } from '../model/org-state.js';
import type { IamSource } from '../read/iam-source.js';
import { readRolesInEveryAccount } from '../read/read-iam.js';
import type { LazyTree } from '../read/tree.js';

export interface IamRolesImport {
  /** The iamRoles section, as org.yaml writes it. */
  entries: Record<string, unknown>[];
  notes: string[];
}

export async function importIamRoles(
  iam: IamSource,
  tree: LazyTree,
  live: OrgState,
  roleNames: string[],
  options: { parallelAccounts: number },
): Promise<IamRolesImport> {
  const read = await readRolesInEveryAccount(iam, tree, live, roleNames, options);
  const allAccounts = [...read.selected.keys()].sort();
  const notes: string[] = [];
  for (const [accountId, why] of read.unreachable) notes.push(`account ${accountId} was not read (${why.roleArn} could not be assumed): its roles are not imported`);
  const entries: Record<string, unknown>[] = [];
  for (const role of roleNames) {
    const groups = new Map<string, { arns: string[]; accounts: string[] }>();
    const missing: string[] = [];
    for (const accountId of allAccounts) {
      const state = read.accounts.get(accountId)?.roles.get(role);
      if (!state) continue; // unreachable, noted above
      if (!state.exists) {
        missing.push(accountId);
        continue;
      }
      if (state.path?.startsWith(SERVICE_LINKED_ROLE_PATH)) {
        notes.push(`${role} in account ${accountId} is a service-linked role, which only its service may change: not imported there`);
        continue;
      }
      const arns = state.attachedPolicyArns.map((arn) => templated(arn, accountId));
      const key = JSON.stringify(arns);
      const group = groups.get(key) ?? { arns, accounts: [] };
      group.accounts.push(accountId);
      groups.set(key, group);
    }
    if (missing.length) notes.push(`${role} does not exist in ${missing.length} account${missing.length === 1 ? '' : 's'} (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}): not listed there`);
    const ordered = [...groups.values()].sort((a, b) => b.accounts.length - a.accounts.length);
    ordered.forEach((group, i) => {
      const others = allAccounts.filter((id) => !group.accounts.includes(id));
      const asAll = i === 0 && others.length < group.accounts.length;
      entries.push({
        ...(asAll ? { accounts: 'all' } : { accounts: group.accounts }),
        ...(asAll && others.length ? { exceptAccounts: others } : {}),
        roles: { [role]: group.arns },
      });
    });
  }
  return { entries, notes };
}

/** A customer-managed policy of the account itself, written for any account: ${Partition} and ${AccountId}. */
function templated(arn: string, accountId: string): string {
  const parsed = parseManagedPolicyArn(arn);
  if (!parsed || parsed.account !== accountId) return arn;
  return `arn:\${Partition}:iam::\${AccountId}:policy${parsed.path}${parsed.name}`;
}
