// Finding an account's IAM namespace. Seeding creates every account's; one that has none yet (an account made by
// CreateAccount, or copied from a snapshot) gets it on first use, as AWS made it: a member account comes with
// OrganizationAccountAccessRole, the management account with no role.

import type { Random } from '../random.js';
import type { OrgData } from '../state.js';
import { newAccessRole } from './access-role.js';
import { emptyNamespace, putRole, type IamAccount } from './state.js';

/** The namespace of an account of the organization; undefined for an account outside it. */
export function namespaceOf(data: OrgData, accountId: string, random: Random, now: number): IamAccount | undefined {
  const existing = data.iam.get(accountId);
  if (existing || !data.accounts.has(accountId)) return existing;
  const ns = emptyNamespace();
  if (accountId !== data.organization.managementAccountId) putRole(ns, newAccessRole(random, data, accountId, now));
  data.iam.set(accountId, ns);
  return ns;
}
